/** Helpers shared by the Vertex AI adapter's packages. Internal: not API, may change without notice. */
package dev.cloudai.gcp.internal;

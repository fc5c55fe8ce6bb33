/**
 * The Google Vertex AI adapter: {@link dev.cloudai.gcp.GcpProviderFactory} (provider id {@code gcp}) is all a user
 * needs, through configuration. Everything else in {@code dev.cloudai.gcp.*} is internal.
 */
package dev.cloudai.gcp;

/**
 * Implementation details: the call pipeline, discovery and helpers. Not API: anything here may change without notice.
 */
package dev.cloudai.internal;

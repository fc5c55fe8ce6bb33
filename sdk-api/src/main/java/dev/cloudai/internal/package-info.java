/**
 * Implementation details: discovery, endpoint references and helpers; the call pipeline is in
 * {@code dev.cloudai.internal.pipeline}, fallback in {@code dev.cloudai.internal.fallback}. Not API: anything here may
 * change without notice.
 */
package dev.cloudai.internal;

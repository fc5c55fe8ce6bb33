/**
 * The errors a cloud call can end in: one sealed, unchecked root, {@link dev.cloudai.errors.CloudAiException},
 * with a subtype per kind of failure, each carrying the provider id, the operation, the provider's error code and
 * request id, and whether a retry may help.
 */
package dev.cloudai.errors;

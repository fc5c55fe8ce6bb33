/**
 * Cross-provider fallback: {@link dev.cloudai.internal.fallback.FallbackChain} moves a call, or a stream before its
 * first item, to the next provider, and the chat and embedding models that use it. Each route is a provider's model
 * behind its own {@code dev.cloudai.internal.pipeline.CallPipeline}. Not API: anything here may change without notice.
 */
package dev.cloudai.internal.fallback;

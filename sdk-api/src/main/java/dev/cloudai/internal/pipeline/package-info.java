/**
 * The call pipeline every provider call takes: {@link dev.cloudai.internal.pipeline.CallPipeline} (the facade) and
 * one class per job behind it, the blocking retry loop, the async call, the retrying stream, attempt guarding
 * (rate limiter, bulkhead, circuit breaker), error translation, listener events, and the one resubscribing publisher
 * that both the retrying and the fallback stream use. Not API: anything here may change without notice.
 */
package dev.cloudai.internal.pipeline;

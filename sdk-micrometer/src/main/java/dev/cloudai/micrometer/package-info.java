/**
 * Micrometer meters for the Cloud AI SDK: {@link dev.cloudai.micrometer.MicrometerListener} is a
 * {@link dev.cloudai.resilience.CallListener} that times calls and counts attempts, retries, fallbacks, tokens and
 * cost in any {@code MeterRegistry}, with a gauge of each circuit breaker's state.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(CloudAiConfig.load(), MicrometerListener.create(meterRegistry));
 * }</pre>
 */
package dev.cloudai.micrometer;

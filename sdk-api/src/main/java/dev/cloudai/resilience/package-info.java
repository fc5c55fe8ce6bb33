/**
 * What the call pipeline does beyond returning answers: {@link dev.cloudai.resilience.CallListener} hears attempts,
 * retries, fallbacks, circuit changes and finished calls. The policies themselves are configured with
 * {@code cloudai.retry.*}, {@code cloudai.timeout}, {@code cloudai.circuit-breaker.*}, {@code cloudai.rate-limit.*},
 * {@code cloudai.bulkhead.*} and {@code cloudai.fallback}; Resilience4j implements them inside the SDK.
 */
package dev.cloudai.resilience;

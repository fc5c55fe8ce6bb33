package dev.cloudai.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How the call pipeline protects callers and providers beyond retries: a deadline per logical call, a circuit
 * breaker per provider and operation, and an optional client-side rate limit and bulkhead.
 *
 * <pre>{@code
 * ResilienceSettings r = CloudAi.fromConfig().config().resilience();
 * System.out.println("calls give up after " + r.timeout());
 * }</pre>
 *
 * @param timeout the deadline of one logical call, retries included; for a stream, until its first chunk
 * @param circuitBreakerEnabled whether circuit breakers are on
 * @param failureRateThreshold the failure rate, in percent, that opens a circuit
 * @param slidingWindowSize how many recent calls the failure rate is measured over
 * @param minimumCalls how many calls a window needs before the rate counts
 * @param waitInOpen how long an open circuit fails fast before letting probe calls through
 * @param requestsPerSecond a client-side rate limit per provider and operation, when set
 * @param maxConcurrentCalls a bulkhead per provider and operation, when set
 */
public record ResilienceSettings(Duration timeout, boolean circuitBreakerEnabled, int failureRateThreshold,
                                 int slidingWindowSize, int minimumCalls, Duration waitInOpen,
                                 OptionalDouble requestsPerSecond, OptionalInt maxConcurrentCalls) {

    /** 120 s deadline; circuits open at 50% failures over 20 calls (10 at least) for 30 s; no rate limit or bulkhead. */
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(Duration.ofSeconds(120), true, 50, 20, 10,
            Duration.ofSeconds(30), OptionalDouble.empty(), OptionalInt.empty());

    public ResilienceSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
        if (failureRateThreshold < 1 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("failureRateThreshold: must be from 1 to 100, was " + failureRateThreshold);
        }
        if (slidingWindowSize < 1) throw new IllegalArgumentException("slidingWindowSize: must be at least 1, was " + slidingWindowSize);
        if (minimumCalls < 1) throw new IllegalArgumentException("minimumCalls: must be at least 1, was " + minimumCalls);
        Objects.requireNonNull(waitInOpen, "waitInOpen");
        Objects.requireNonNull(requestsPerSecond, "requestsPerSecond");
        Objects.requireNonNull(maxConcurrentCalls, "maxConcurrentCalls");
    }
}

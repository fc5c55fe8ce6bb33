package dev.cloudai.config;

import dev.cloudai.internal.util.Durations;

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
 * <p>Each value must lie in the range of its configuration key (the README's configuration table); a value outside
 * it fails here, naming the field, as a bad key fails at start-up.
 *
 * @param timeout the deadline of one logical call, retries included; for a stream, until its first chunk
 * @param circuitBreakerEnabled whether circuit breakers are on
 * @param failureRateThreshold the failure rate, in percent, that opens a circuit
 * @param slidingWindowSize how many recent calls the failure rate is measured over
 * @param minimumCalls how many calls a window needs before the rate counts; at most {@code slidingWindowSize}
 * @param waitInOpen how long an open circuit fails fast before letting probe calls through
 * @param requestsPerSecond a client-side rate limit per provider and operation, when set
 * @param maxConcurrentCalls a bulkhead per provider and operation, when set
 */
public record ResilienceSettings(Duration timeout, boolean circuitBreakerEnabled, int failureRateThreshold,
                                 int slidingWindowSize, int minimumCalls, Duration waitInOpen,
                                 OptionalDouble requestsPerSecond, OptionalInt maxConcurrentCalls) {

    /** 120 s deadline; circuits open at 50% failures over 20 calls (10 at least) for 30 s; no rate limit or bulkhead. */
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(
            ConfigKeys.defaultOf(ConfigKeys.TIMEOUT, ResilienceSettings::duration),
            ConfigKeys.defaultOf(ConfigKeys.CIRCUIT_ENABLED, Boolean::parseBoolean),
            ConfigKeys.defaultOf(ConfigKeys.CIRCUIT_FAILURE_RATE, Integer::parseInt),
            ConfigKeys.defaultOf(ConfigKeys.CIRCUIT_WINDOW, Integer::parseInt),
            ConfigKeys.defaultOf(ConfigKeys.CIRCUIT_MINIMUM_CALLS, Integer::parseInt),
            ConfigKeys.defaultOf(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, ResilienceSettings::duration),
            OptionalDouble.empty(), OptionalInt.empty());

    /** Checks every value against the range of its configuration key (see {@link ConfigKeys}). */
    public ResilienceSettings {
        ConfigKeys.requireInRange("timeout", ConfigKeys.TIMEOUT, timeout);
        ConfigKeys.requireInRange("failureRateThreshold", ConfigKeys.CIRCUIT_FAILURE_RATE, failureRateThreshold);
        ConfigKeys.requireInRange("slidingWindowSize", ConfigKeys.CIRCUIT_WINDOW, slidingWindowSize);
        ConfigKeys.requireInRange("minimumCalls", ConfigKeys.CIRCUIT_MINIMUM_CALLS, minimumCalls);
        if (minimumCalls > slidingWindowSize) {
            // A window of slidingWindowSize calls can never hold more; the circuit would never open.
            throw new IllegalArgumentException("minimumCalls: must be at most slidingWindowSize (" + slidingWindowSize
                    + "), was " + minimumCalls);
        }
        ConfigKeys.requireInRange("waitInOpen", ConfigKeys.CIRCUIT_WAIT_IN_OPEN, waitInOpen);
        Objects.requireNonNull(requestsPerSecond, "requestsPerSecond");
        if (requestsPerSecond.isPresent()) {
            ConfigKeys.requireInRange("requestsPerSecond", ConfigKeys.RATE_LIMIT, requestsPerSecond.getAsDouble());
        }
        Objects.requireNonNull(maxConcurrentCalls, "maxConcurrentCalls");
        if (maxConcurrentCalls.isPresent()) {
            ConfigKeys.requireInRange("maxConcurrentCalls", ConfigKeys.BULKHEAD, maxConcurrentCalls.getAsInt());
        }
    }

    private static Duration duration(String text) {
        return Durations.parse(text).orElseThrow();
    }
}

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
 * ResilienceSettings mine = ResilienceSettings.builder().timeout(Duration.ofSeconds(30)).circuitBreaker(false).build();
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

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ResilienceSettings}; every value not set keeps its default, and an unset {@code minimumCalls}
     * is lowered to a smaller {@code slidingWindowSize}, as configuration does. Each setter checks its value against
     * the range of its configuration key, naming the field; {@link #build()} checks that {@code minimumCalls} fits
     * the window.
     *
     * <pre>{@code
     * ResilienceSettings s = ResilienceSettings.builder().slidingWindowSize(4).maxConcurrentCalls(16).build();
     * }</pre>
     */
    public static final class Builder {
        private Duration timeout = DEFAULTS.timeout();
        private boolean circuitBreakerEnabled = DEFAULTS.circuitBreakerEnabled();
        private int failureRateThreshold = DEFAULTS.failureRateThreshold();
        private int slidingWindowSize = DEFAULTS.slidingWindowSize();
        private Integer minimumCalls;
        private Duration waitInOpen = DEFAULTS.waitInOpen();
        private OptionalDouble requestsPerSecond = OptionalDouble.empty();
        private OptionalInt maxConcurrentCalls = OptionalInt.empty();

        private Builder() {
        }

        /** The deadline of one logical call, retries included: 1 ms to 24 h. */
        public Builder timeout(Duration value) {
            ConfigKeys.requireInRange("timeout", ConfigKeys.TIMEOUT, value);
            this.timeout = value;
            return this;
        }

        /** Whether each provider and operation has a circuit breaker; on by default. */
        public Builder circuitBreaker(boolean enabled) {
            this.circuitBreakerEnabled = enabled;
            return this;
        }

        /** The failure rate, in percent, that opens a circuit: 1 to 100. */
        public Builder failureRateThreshold(int value) {
            ConfigKeys.requireInRange("failureRateThreshold", ConfigKeys.CIRCUIT_FAILURE_RATE, value);
            this.failureRateThreshold = value;
            return this;
        }

        /** How many recent calls the failure rate is measured over: 1 to 10,000. */
        public Builder slidingWindowSize(int value) {
            ConfigKeys.requireInRange("slidingWindowSize", ConfigKeys.CIRCUIT_WINDOW, value);
            this.slidingWindowSize = value;
            return this;
        }

        /** How many calls a window needs before the rate counts: 1 to 10,000, and at most the window when built. */
        public Builder minimumCalls(int value) {
            ConfigKeys.requireInRange("minimumCalls", ConfigKeys.CIRCUIT_MINIMUM_CALLS, value);
            this.minimumCalls = value;
            return this;
        }

        /** How long an open circuit fails fast: 1 ms to 24 h. */
        public Builder waitInOpen(Duration value) {
            ConfigKeys.requireInRange("waitInOpen", ConfigKeys.CIRCUIT_WAIT_IN_OPEN, value);
            this.waitInOpen = value;
            return this;
        }

        /** A client-side rate limit per provider and operation: 0.001 to 1,000,000 requests per second. */
        public Builder requestsPerSecond(double value) {
            ConfigKeys.requireInRange("requestsPerSecond", ConfigKeys.RATE_LIMIT, value);
            this.requestsPerSecond = OptionalDouble.of(value);
            return this;
        }

        /** A bulkhead per provider and operation: 1 to 100,000 calls in flight. */
        public Builder maxConcurrentCalls(int value) {
            ConfigKeys.requireInRange("maxConcurrentCalls", ConfigKeys.BULKHEAD, value);
            this.maxConcurrentCalls = OptionalInt.of(value);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when {@code minimumCalls} is above {@code slidingWindowSize}
         */
        public ResilienceSettings build() {
            int minimum = minimumCalls != null ? minimumCalls : Math.min(DEFAULTS.minimumCalls(), slidingWindowSize);
            return new ResilienceSettings(timeout, circuitBreakerEnabled, failureRateThreshold, slidingWindowSize,
                    minimum, waitInOpen, requestsPerSecond, maxConcurrentCalls);
        }
    }

    private static Duration duration(String text) {
        return Durations.parse(text).orElseThrow();
    }
}

package dev.cloudai.config;

import dev.cloudai.internal.util.Durations;

import java.time.Duration;

/**
 * How the call pipeline retries: at most {@code maxAttempts} requests per logical call (the first included),
 * waiting an exponentially growing, jittered backoff from {@code initialBackoff} up to {@code maxBackoff}, or
 * longer when the provider sends {@code Retry-After}.
 *
 * <pre>{@code
 * RetrySettings r = RetrySettings.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(200)).build();
 * }</pre>
 *
 * @param maxAttempts requests per logical call, 1 to 100; 1 means no retry
 * @param initialBackoff the wait before the second attempt, before jitter; 0 to 24 h
 * @param maxBackoff the longest computed wait, from {@code initialBackoff} to 24 h; a provider's {@code Retry-After}
 *                   may ask for longer
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Three attempts, 500 ms initial backoff, 20 s maximum. */
    public static final RetrySettings DEFAULTS = new RetrySettings(
            ConfigKeys.defaultOf(ConfigKeys.RETRY_MAX_ATTEMPTS, Integer::parseInt),
            ConfigKeys.defaultOf(ConfigKeys.RETRY_INITIAL_BACKOFF, t -> Durations.parse(t).orElseThrow()),
            ConfigKeys.defaultOf(ConfigKeys.RETRY_MAX_BACKOFF, t -> Durations.parse(t).orElseThrow()));

    /** Checks every value against the range of its configuration key (see {@link ConfigKeys}). */
    public RetrySettings {
        ConfigKeys.requireInRange("maxAttempts", ConfigKeys.RETRY_MAX_ATTEMPTS, maxAttempts);
        ConfigKeys.requireInRange("initialBackoff", ConfigKeys.RETRY_INITIAL_BACKOFF, initialBackoff);
        ConfigKeys.requireInRange("maxBackoff", ConfigKeys.RETRY_MAX_BACKOFF, maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link RetrySettings}; every value not set keeps its default. Each setter checks its value against the
     * range of its configuration key, naming the field; {@link #build()} checks that the maximum backoff is not
     * below the initial one.
     *
     * <pre>{@code
     * RetrySettings none = RetrySettings.builder().maxAttempts(1).build();
     * }</pre>
     */
    public static final class Builder {
        private int maxAttempts = DEFAULTS.maxAttempts();
        private Duration initialBackoff = DEFAULTS.initialBackoff();
        private Duration maxBackoff = DEFAULTS.maxBackoff();

        private Builder() {
        }

        /** Requests per logical call, the first included: 1 to 100. */
        public Builder maxAttempts(int value) {
            ConfigKeys.requireInRange("maxAttempts", ConfigKeys.RETRY_MAX_ATTEMPTS, value);
            this.maxAttempts = value;
            return this;
        }

        /** The wait before the second attempt, before jitter: 0 to 24 h. */
        public Builder initialBackoff(Duration value) {
            ConfigKeys.requireInRange("initialBackoff", ConfigKeys.RETRY_INITIAL_BACKOFF, value);
            this.initialBackoff = value;
            return this;
        }

        /** The longest computed wait: 0 to 24 h, and at least the initial backoff when built. */
        public Builder maxBackoff(Duration value) {
            ConfigKeys.requireInRange("maxBackoff", ConfigKeys.RETRY_MAX_BACKOFF, value);
            this.maxBackoff = value;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when the maximum backoff is below the initial one
         */
        public RetrySettings build() {
            return new RetrySettings(maxAttempts, initialBackoff, maxBackoff);
        }
    }
}

package dev.cloudai.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the call pipeline retries: at most {@code maxAttempts} requests per logical call (the first included),
 * waiting an exponentially growing, jittered backoff from {@code initialBackoff} up to {@code maxBackoff}, or
 * longer when the provider sends {@code Retry-After}.
 *
 * <pre>{@code
 * RetrySettings r = new RetrySettings(3, Duration.ofMillis(500), Duration.ofSeconds(20));
 * }</pre>
 *
 * @param maxAttempts requests per logical call, 1 to 100; 1 means no retry
 * @param initialBackoff the wait before the second attempt, before jitter
 * @param maxBackoff the longest computed wait; a provider's {@code Retry-After} may ask for longer
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Three attempts, 500 ms initial backoff, 20 s maximum. */
    public static final RetrySettings DEFAULTS = new RetrySettings(3, Duration.ofMillis(500), Duration.ofSeconds(20));

    public RetrySettings {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts: must be from 1 to 100, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) throw new IllegalArgumentException("initialBackoff: must not be negative, was " + initialBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
    }
}

package dev.cloudai.azure.pricing;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RetailPriceSource} rides out a throttled or failing request: a bounded number of attempts, waiting what
 * the API's {@code Retry-After} asks (or a doubling backoff when it names none), never longer than {@code maxWait}.
 * A refresh is a batch job outside the call pipeline, so it retries on its own; azure-core's retry policy is off.
 *
 * <pre>{@code
 * List<Duration> waited = new ArrayList<>();
 * Throttling instant = Throttling.DEFAULT.withPause(waited::add);   // tests: record the waits, sleep never
 * }</pre>
 *
 * @param maxAttempts  attempts per request, the first included (1: no retry)
 * @param firstBackoff the wait before the second attempt when the answer asks for none; doubled for each further one
 * @param maxWait      the longest wait: an answer asking for longer ends the request's attempts at once
 * @param pause        how to wait; {@link Pause#SLEEP} outside tests
 */
public record Throttling(int maxAttempts, Duration firstBackoff, Duration maxWait, Pause pause) {
    /** 4 attempts, 1 s then 2 s then 4 s unless the API says otherwise, at most 30 s a wait, sleeping the thread. */
    public static final Throttling DEFAULT = new Throttling(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Pause.SLEEP);

    public Throttling {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts: must be from 1 to 10, was " + maxAttempts);
        }
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxWait, "maxWait");
        if (firstBackoff.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("firstBackoff, maxWait: must not be negative, were " + firstBackoff + ", " + maxWait);
        }
        Objects.requireNonNull(pause, "pause");
    }

    /** These bounds, waiting with {@code pause}. */
    public Throttling withPause(Pause pause) {
        return new Throttling(maxAttempts, firstBackoff, maxWait, pause);
    }

    /** The wait after failed attempt {@code attempt} (1 for the first) when the answer asks for none. */
    Duration backoff(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /** Waits; the one seam tests replace, so that no test sleeps. */
    @FunctionalInterface
    public interface Pause {
        /** {@link Thread#sleep}. */
        Pause SLEEP = wait -> Thread.sleep(wait.toMillis());

        void pause(Duration wait) throws InterruptedException;
    }
}

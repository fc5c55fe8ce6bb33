package dev.cloudai.aws.pricing;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.spi.ErrorMapper;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The price source's own small retry: a throttled request (Price List and Savings Plans {@code ThrottlingException},
 * a 429, EC2's {@code RequestLimitExceeded}) is sent again after an exponential backoff, a few times at most; any
 * other failure, and a throttle past the last attempt, ends the part with {@link GaveUp}. A refresh is a batch job
 * outside the call pipeline (which owns retries for users' calls), and the SDK's own retries are off, so this is the
 * only retry a price request gets.
 *
 * <pre>{@code
 * ThrottleRetry retry = new ThrottleRetry(4, Duration.ofSeconds(1), Duration.ofSeconds(20), Sleeper.THREAD, mapper);
 * GetProductsResponse page = retry.call(() -> pricing.getProducts(request));   // throttled 3 times: 1 s, 2 s, 4 s
 * }</pre>
 *
 * <p>No jitter: one refresh sends its requests one after another, so there is no crowd of clients to spread out. A
 * {@code Retry-After} the service sent is waited for when it is longer than the backoff, up to the longest backoff.
 */
final class ThrottleRetry {
    /** Waits between attempts; tests pass one that records the waits and returns at once. */
    @FunctionalInterface
    interface Sleeper {
        /** {@link Thread#sleep}. */
        Sleeper THREAD = delay -> Thread.sleep(delay.toMillis());

        void sleep(Duration delay) throws InterruptedException;
    }

    /** The operation name the error mapper gets, as it appears in {@code CloudAiException.operation()}. */
    static final String OPERATION = "prices";

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final ErrorMapper mapper;

    ThrottleRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper, ErrorMapper mapper) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        this.maxAttempts = maxAttempts;
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff: need 0 <= initialBackoff <= maxBackoff, was " + initialBackoff
                    + " and " + maxBackoff);
        }
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * {@code request}'s answer, sending it again while it is throttled.
     *
     * @throws GaveUp with the mapped failure when it failed otherwise, or was still throttled at the last attempt
     */
    <T> T call(Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                CloudAiException mapped = e instanceof CloudAiException c ? c : mapper.map(OPERATION, e);
                if (!(mapped instanceof ThrottledException throttled) || attempt >= maxAttempts) {
                    throw new GaveUp(mapped, mapped instanceof ThrottledException ? attempt : 0, false);
                }
                try {
                    sleeper.sleep(backoff(attempt, throttled));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new GaveUp(mapped, attempt, true);
                }
            }
        }
    }

    /** Ends a part with {@code error}, mapped as a failed request is. */
    GaveUp gaveUp(RuntimeException error) {
        return new GaveUp(mapper.map(OPERATION, error), 0, false);
    }

    /** {@code initialBackoff} doubled per attempt already made, at most {@code maxBackoff}; a longer Retry-After wins, capped the same. */
    Duration backoff(int attemptsMade, ThrottledException throttled) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attemptsMade && wait.compareTo(maxBackoff) < 0; i++) wait = wait.multipliedBy(2);
        Duration asked = throttled.retryAfter().orElse(Duration.ZERO);
        if (asked.compareTo(wait) > 0) wait = asked;
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * A part of the fetch failed: the neutral exception, and how often it was throttled (0 when it failed otherwise).
     * Carries no stack trace of its own: the mapped exception has the SDK's.
     */
    static final class GaveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient CloudAiException mapped;
        private final int throttledAttempts;
        private final boolean interrupted;

        GaveUp(CloudAiException mapped, int throttledAttempts, boolean interrupted) {
            super(mapped.getMessage(), mapped, false, false);
            this.mapped = mapped;
            this.throttledAttempts = throttledAttempts;
            this.interrupted = interrupted;
        }

        CloudAiException mapped() {
            return mapped;
        }

        /** Whether waiting to retry was interrupted: the fetch stops. */
        boolean interrupted() {
            return interrupted;
        }

        /** The end of a problem sentence: "throttled 4 times, gave up (ThrottlingException: Rate exceeded)". */
        String describe() {
            String code = mapped.providerCode().map(c -> c + ": ").orElse("");
            String why = code + mapped.detail();
            if (interrupted) return "interrupted while waiting to retry (" + why + ")";
            if (throttledAttempts > 0) return "throttled " + throttledAttempts + (throttledAttempts == 1 ? " time" : " times")
                    + ", gave up (" + why + ")";
            return why;
        }
    }
}

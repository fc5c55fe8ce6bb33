package dev.cloudai.internal.pipeline;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.internal.util.Durations;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.util.concurrent.TimeUnit;

/**
 * Whether a failed attempt is retried and after how long: exponential backoff with jitter, {@code Retry-After}
 * honoured, at most {@code maxAttempts} requests, none that could not start before the deadline. Resilience4j
 * decides; the callers (blocking loop, async call, retrying stream) do the waiting on their own terms. Not API.
 *
 * <pre>{@code
 * Retry.AsyncContext<Object> ctx = policy.newContext();          // one per logical call, at its first failure
 * long wait = RetryPolicy.nextWait(ctx, failure, deadlineNanos);   // -1: give up
 * }</pre>
 */
final class RetryPolicy {
    private final Retry retry;

    RetryPolicy(String providerId, RetrySettings settings) {
        this.retry = Retry.of(providerId, retryConfig(settings));
    }

    static RetryConfig retryConfig(RetrySettings s) {
        IntervalFunction backoff = s.initialBackoff().toMillis() < 1
                ? attempt -> 0L
                : IntervalFunction.ofExponentialRandomBackoff(s.initialBackoff(), 2.0, 0.5, s.maxBackoff());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            // Retry-After is the provider telling us when it will serve again: waiting less only burns an attempt.
            if (outcome.isLeft() && outcome.getLeft() instanceof ThrottledException t && t.retryAfter().isPresent()) {
                wait = Math.max(wait, Durations.toMillisSaturated(t.retryAfter().get()));
            }
            return wait;
        };
        return RetryConfig.custom()
                .maxAttempts(s.maxAttempts())
                // An open circuit is retryable in general (fallback moves on) but not on the provider whose circuit it is.
                .retryOnException(e -> e instanceof CloudAiException c && c.isRetryable() && !Guards.isCircuitOpen(c))
                .intervalBiFunction(interval)
                .build();
    }

    /** The retry state of one logical call; made at its first failure, as most calls succeed at once. */
    Retry.AsyncContext<Object> newContext() {
        return retry.asyncContext();
    }

    /**
     * The wait in milliseconds before the next attempt, or -1 when there is none: not retryable, attempts used up,
     * or no retry could start before the deadline. In that last case the caller gets the failure itself at once,
     * not a deadline error after a wait that could not help.
     */
    static long nextWait(Retry.AsyncContext<Object> ctx, Throwable failure, long deadlineNanos) {
        if (!(failure instanceof CloudAiException)) return -1;
        long wait = ctx.onError(failure);
        if (wait < 0) return -1;
        // Compared in milliseconds, without multiplying: a Retry-After of years must not overflow into "no wait".
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return wait >= leftMillis ? -1 : wait;
    }
}

package dev.cloudai.errors;

import dev.cloudai.internal.util.Durations;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider throttled the call (HTTP 429, {@code ThrottlingException}, {@code RESOURCE_EXHAUSTED}). Retryable;
 * when the provider said how long to wait ({@code Retry-After}), {@link #retryAfter()} has it and the retry
 * pipeline waits at least that long.
 *
 * <pre>{@code
 * catch (ThrottledException e) { e.retryAfter().ifPresent(d -> log.info("provider asks to wait {}", d)); }
 * }</pre>
 */
public final class ThrottledException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** Creates the exception; {@code retryAfter} may be {@code null} when the provider did not say. */
    public ThrottledException(ErrorInfo info, String detail, Duration retryAfter, Throwable cause) {
        super(info, detail, hint(retryAfter), cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter: must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked callers to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Always {@code true}: throttling passes. */
    @Override
    public boolean isRetryable() {
        return true;
    }

    private static String hint(Duration retryAfter) {
        String wait = retryAfter == null ? "" : " The provider asked to wait " + Durations.toMillisSaturated(retryAfter) + " ms.";
        return "Slow down: the SDK retries with backoff; raise cloudai.retry.max-attempts or the provider's rate limit"
                + " if this persists." + wait;
    }
}

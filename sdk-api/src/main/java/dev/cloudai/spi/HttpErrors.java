package dev.cloudai.spi;

import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The shared fallback every adapter's {@link ErrorMapper} builds on: the neutral exception for an HTTP status,
 * for a transport failure, and the parsing of {@code Retry-After}.
 *
 * <pre>{@code
 * CloudAiException e = HttpErrors.fromStatus(ErrorInfo.builder("azure", "chat").httpStatus(429).build(),
 *         "Rate limit reached", HttpErrors.parseRetryAfter("2").orElse(null), cause);
 * }</pre>
 */
public final class HttpErrors {
    private static final int MAX_RETRY_AFTER_SECONDS = 24 * 3600;

    private HttpErrors() {
    }

    /**
     * The neutral exception for {@code info}'s HTTP status: 408 and 504 deadline exceeded; 429 throttled; 400, 405,
     * 413, 415 and 422 invalid request; 401 and 403 authentication; 404 and 410 not found; 409 and 412 conflict;
     * other 5xx unavailable; anything else (or no status) unclassified and not retryable.
     *
     * @param retryAfter the delay the provider asked for; only a 429 or 503 carries it, may be {@code null}
     */
    public static CloudAiException fromStatus(ErrorInfo info, String detail, Duration retryAfter, Throwable cause) {
        int status = info.httpStatus().orElse(0);
        return switch (status) {
            case 408, 504 -> new DeadlineExceededException(info, detail, cause);
            case 429 -> new ThrottledException(info, detail, retryAfter, cause);
            case 400, 405, 413, 415, 422 -> new InvalidRequestException(info, detail, cause);
            case 401, 403 -> new AuthenticationException(info, detail, cause);
            case 404, 410 -> new NotFoundException(info, detail, cause);
            case 409, 412 -> new ConflictException(info, detail, cause);
            default -> status >= 500 && status <= 599
                    ? new UnavailableException(info, detail, cause)
                    : new UnclassifiedException(info, detail, false, cause);
        };
    }

    /**
     * The neutral exception for a failure below HTTP: a timeout becomes deadline exceeded, any other I/O failure
     * (connection refused or reset, a broken stream) unavailable, anything else unclassified and not retryable.
     * Looks through the cause chain, so a wrapped {@code SocketTimeoutException} still counts as a timeout.
     */
    public static CloudAiException fromTransport(ErrorInfo info, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // SocketTimeoutException is an InterruptedIOException, as is an I/O wait cut short.
            if (t instanceof InterruptedIOException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return new DeadlineExceededException(info, describe(t), error);
            }
            if (t instanceof IOException) {
                return new UnavailableException(info, describe(t), error);
            }
        }
        return new UnclassifiedException(info, describe(error), false, error);
    }

    /**
     * Parses a {@code Retry-After} value: delta seconds ({@code 2}) or an HTTP date. Empty for a missing,
     * malformed, negative or absurd (over a day) value: a bad header must not stall a caller.
     */
    public static Optional<Duration> parseRetryAfter(String value) {
        return parseRetryAfter(value, Clock.systemUTC());
    }

    /** {@link #parseRetryAfter(String)} against the given clock, for HTTP-date values. */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) return Optional.empty();
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || seconds > MAX_RETRY_AFTER_SECONDS || Double.isNaN(seconds)) return Optional.empty();
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                if (d.isNegative()) return Optional.of(Duration.ZERO);
                return d.getSeconds() > MAX_RETRY_AFTER_SECONDS ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Parses a {@code retry-after-ms} value (Azure's millisecond form); empty when missing or malformed. */
    public static Optional<Duration> parseRetryAfterMillis(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            long ms = Long.parseLong(value.strip());
            return ms < 0 || ms > MAX_RETRY_AFTER_SECONDS * 1000L ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }
}

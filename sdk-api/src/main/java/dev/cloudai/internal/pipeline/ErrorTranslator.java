package dev.cloudai.internal.pipeline;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.internal.util.Durations;
import dev.cloudai.spi.ErrorMapper;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the caller sees when a call fails: a provider's failure mapped through its {@link ErrorMapper}, and the
 * pipeline's own failures (closed client, deadline, client-side rate limit and bulkhead). Kept in one place so
 * that the blocking, async and streaming paths word and classify every failure the same way. Not API.
 *
 * <pre>{@code
 * RuntimeException seen = errors.closedOr("chat", errors.map("chat", thrown));
 * }</pre>
 */
final class ErrorTranslator {
    private final String providerId;
    private final ErrorMapper mapper;
    private final OpenCalls calls;
    private final Duration timeout;

    ErrorTranslator(String providerId, ErrorMapper mapper, OpenCalls calls, Duration timeout) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Turns whatever a provider threw into what the caller sees: wrappers are unwrapped; our own exceptions and
     * the JDK exceptions that report the caller's mistakes pass unchanged; everything else goes through the
     * provider's error mapper.
     */
    RuntimeException map(String operation, Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CloudAiException c) return c;
        if (t instanceof IllegalArgumentException || t instanceof NullPointerException
                || t instanceof UnsupportedOperationException || t instanceof CancellationException
                || t instanceof IllegalStateException && calls.isClosed()) {
            return (RuntimeException) t;
        }
        if (t instanceof Error err) throw err;
        try {
            CloudAiException mapped = mapper.map(operation, t);
            if (mapped != null) return mapped;
        } catch (RuntimeException mapperBug) {
            t.addSuppressed(mapperBug);
        }
        return new UnclassifiedException(ErrorInfo.builder(providerId, operation).build(),
                t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), false, t);
    }

    /**
     * A failure while reading a stream that was opened already (a batch job's results): mapped as a call's failure
     * is, except that nothing read from the cloud at that point is the caller's mistake, so a JDK exception the
     * provider threw (a line it could not parse) becomes an {@link UnclassifiedException} too. Once the client is
     * closed, the closing says so.
     */
    RuntimeException mapReading(String operation, Throwable error) {
        RuntimeException mapped = closedOr(operation, map(operation, error));
        if (mapped instanceof CloudAiException || calls.isClosed()) return mapped;
        return new UnclassifiedException(ErrorInfo.builder(providerId, operation).build(), "reading failed: "
                + mapped.getClass().getName() + (mapped.getMessage() == null ? "" : ": " + mapped.getMessage()), false, mapped);
    }

    /** A failure as the caller sees it: once the client is closed, whatever the closing caused says so. */
    RuntimeException closedOr(String operation, RuntimeException failure) {
        return calls.isClosed() ? closedWhileOpen(operation, failure) : failure;
    }

    /** For a call made after close. */
    IllegalStateException closedException() {
        return new IllegalStateException("This CloudAi (provider " + providerId + ") is closed;"
                + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
    }

    /**
     * For a call that was open when its {@code CloudAi} was closed: it ends here, whatever its request would have
     * answered. {@code cause} is what the closing made of the request in flight, when anything.
     */
    IllegalStateException closedWhileOpen(String operation, Throwable cause) {
        return new IllegalStateException("This CloudAi (provider " + providerId + ") was closed while this " + operation
                + " call was open; the call did not complete: create a new CloudAi to call again", cause);
    }

    DeadlineExceededException deadlineExceeded(String operation, int attempts) {
        return new DeadlineExceededException(ErrorInfo.builder(providerId, operation).providerCode("Timeout").build(),
                "no answer within cloudai.timeout=" + Durations.format(timeout) + " (" + attempts
                        + " attempt(s)); the request in flight was cancelled", null);
    }

    ThrottledException rateLimited(String operation) {
        return new ThrottledException(ErrorInfo.builder(providerId, operation).providerCode("ClientRateLimit").build(),
                "the client-side rate limit (cloudai.rate-limit.requests-per-second) has no permit free within the"
                        + " deadline", null, null);
    }

    DeadlineExceededException bulkheadFull(String operation) {
        return new DeadlineExceededException(ErrorInfo.builder(providerId, operation).providerCode("BulkheadFull").build(),
                "every slot of the bulkhead (cloudai.bulkhead.max-concurrent-calls) stayed busy until the deadline", null);
    }
}

package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells one provider's {@link CallListener} what its calls do: attempts, retries, outcomes. With no listener
 * ({@link Listeners#NONE}) it builds nothing, no event, latency or usage, so a call allocates nothing for listeners.
 * Not API.
 *
 * <pre>{@code
 * CallEvents events = new CallEvents("aws", listener);
 * events.attempted("chat", 1);
 * }</pre>
 */
final class CallEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CallPipeline.class);

    private final String providerId;
    private final CallListener listener;
    /** False with no listener: then no event is built. */
    private final boolean listening;

    CallEvents(String providerId, CallListener listener) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listening = listener != Listeners.NONE;
    }

    /** Tells the listener an attempt starts; with no listener, builds nothing. */
    void attempted(String operation, int attempt) {
        if (listening) listener.onAttempt(new CallListener.Attempt(providerId, operation, attempt));
    }

    void retried(String operation, int attempt, long waitMillis, Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: retrying in {} ms after {}", providerId, operation, waitMillis, failure.getMessage());
        }
        if (!listening) return;
        listener.onRetry(new CallListener.Retry(providerId, operation, attempt, Duration.ofMillis(waitMillis),
                Listeners.describe(failure)));
    }

    /** Tells the listener a call ended; with no listener, builds nothing (no event, latency or usage). */
    void finished(String operation, long startNanos, Object result, Throwable failure) {
        if (!listening) return;
        listener.onCallFinished(new CallListener.CallFinished(providerId, operation,
                Duration.ofNanos(System.nanoTime() - startNanos), usageOf(result),
                Optional.ofNullable(failure).map(Listeners::describe)));
    }

    static Optional<TokenUsage> usageOf(Object result) {
        if (result instanceof ChatResponse r) return Optional.of(r.usage());
        if (result instanceof EmbeddingResponse r) return r.usage();
        if (result instanceof ChatChunk.Finished f) return f.usage();
        return Optional.empty();
    }
}

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

    /** Whether anyone listens: without, calls need no id and no event is built. */
    boolean listening() {
        return listening;
    }

    /** Tells the listener a call starts, before anything else of it. */
    void started(CallInfo call) {
        if (listening) {
            listener.onCallStarted(new CallListener.CallStarted(call.id(), providerId, call.operation(), call.model(),
                    call.chatRequest(), call.embeddingRequest()));
        }
    }

    /** Tells the listener an attempt starts; with no listener, builds nothing. */
    void attempted(CallInfo call, int attempt) {
        if (listening) listener.onAttempt(new CallListener.Attempt(call.id(), providerId, call.operation(), attempt));
    }

    void retried(CallInfo call, int attempt, long waitMillis, Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: retrying in {} ms after {}", providerId, call.operation(), waitMillis, failure.getMessage());
        }
        if (!listening) return;
        listener.onRetry(new CallListener.Retry(call.id(), providerId, call.operation(), attempt,
                Duration.ofMillis(waitMillis), Listeners.describe(failure)));
    }

    /**
     * Tells the listener a call ended, with what its result says (usage, response model, finish reason, cost, the
     * chat answer) or the failure; with no listener, builds nothing (no event, latency or usage).
     */
    void finished(CallInfo call, long startNanos, Object result, Throwable failure) {
        if (!listening) return;
        CallListener.CallFinished.Builder e = CallListener.CallFinished.builder(call.id(), providerId, call.operation(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        call.model().ifPresent(e::model);
        if (failure != null) {
            e.error(failure, Listeners.describe(failure));
        } else if (result instanceof ChatResponse r) {
            e.chatResponse(r);
        } else if (result instanceof EmbeddingResponse r) {
            r.usage().ifPresent(e::usage);
            e.responseModel(r.model());
        } else if (result instanceof ChatChunk.Finished f) {
            f.usage().ifPresent(e::usage);
            e.finishReason(f.finishReason());
        }
        listener.onCallFinished(e.build());
    }

    static Optional<TokenUsage> usageOf(Object result) {
        if (result instanceof ChatResponse r) return Optional.of(r.usage());
        if (result instanceof EmbeddingResponse r) return r.usage();
        if (result instanceof ChatChunk.Finished f) return f.usage();
        return Optional.empty();
    }
}

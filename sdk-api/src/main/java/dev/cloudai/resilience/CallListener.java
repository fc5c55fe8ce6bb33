package dev.cloudai.resilience;

import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Hears what the call pipeline does, to log or meter it; no metrics library is forced on anyone. Every method has
 * a do-nothing default, so a listener implements only what it needs.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(config, new CallListener() {
 *     public void onCallFinished(CallFinished e) {
 *         meter.record(e.provider() + "." + e.operation(), e.latency(), e.failure().isEmpty());
 *     }
 * });
 * }</pre>
 *
 * <h2>The events of a call</h2>
 * A call on one provider (a chat, an async chat, a stream, an embedding, an endpoint operation) reports, in order:
 * <ol>
 *   <li>{@link #onAttempt} before each request it sends, numbered from 1, and between two attempts one
 *       {@link #onRetry} with the failure of the attempt before and the wait until the next. A call refused before
 *       any request (its circuit open, no rate-limit permit, a full bulkhead) reports no attempt; neither does
 *       {@code deploy}, which is never retried.</li>
 *   <li>Exactly one {@link #onCallFinished}: the answer with its token usage, or the failure the caller gets. A
 *       blocking call reports it before it returns or throws, an async call before the caller's future completes, a
 *       stream before the subscriber's {@code onComplete} or {@code onError}. A stream whose subscriber cancels
 *       reports it at the cancel, an async call the caller cancels through its future just after; both with the
 *       failure {@code CancellationException}.</li>
 * </ol>
 * A stream is one call, not one per chunk: it is attempted and retried only before its first chunk (a failure after
 * it reaches the subscriber as it is), and its {@code CallFinished} carries the usage of its {@code Finished} chunk.
 *
 * <p>With {@code cloudai.fallback}, each provider a call goes to is a call of its own: the failing provider's
 * attempts, retries and {@code CallFinished} come first, then {@link #onFallback}, then the next provider's events;
 * a call that falls back once reports two {@code CallFinished}, the last one being the outcome the caller got.
 * {@link #onCircuitStateChange} belongs to no call's sequence: a circuit reports its change when a call's outcome or
 * request for permission moves it.
 *
 * <p>A deadline, a cancel or {@code close()} can end a call on another thread while the call's own thread is about
 * to report an attempt or a retry; that one event may then arrive after the {@code CallFinished}. Nothing is
 * reported as a second outcome.
 *
 * <h2>Closing</h2>
 * {@code CloudAi.close()} ends every call still open with an {@link IllegalStateException} that says the client was
 * closed while the call was open, and that is the call's one {@code CallFinished}: an async call or a stream reports
 * it on the thread that called {@code close()}; a blocking call, whose thread {@code close()} interrupts out of a
 * backoff or a deployment's status polling, reports its outcome on its own thread when it ends. A call made on a
 * client already closed throws {@link IllegalStateException} and reports nothing (one that races with
 * {@code close()} may report that failure as its outcome).
 *
 * <h2>Threads</h2>
 * Listeners are called synchronously on the thread that observed the event, never on a thread of their own: the
 * caller's for a blocking call and for the first attempt of an async call (the subscribing thread's for a stream);
 * otherwise a cloud SDK's I/O thread that
 * completed a request, the pipeline's timer thread (a retry after its wait, a deadline), a stream subscriber's thread
 * (its {@code request} or {@code cancel}) or the thread that called {@code close()}. Keep listeners fast and never
 * block in them. Several listeners hear each event in the order they were given to {@code CloudAi.create}; one that
 * throws is logged and skipped, the others still hear the event, and the call goes on.
 */
public interface CallListener {

    /** A request is about to be sent: {@code attempt} counts from 1 within one logical call on one provider. */
    default void onAttempt(Attempt event) {
    }

    /** An attempt failed retryably and the next one will start after {@code delay}. */
    default void onRetry(Retry event) {
    }

    /** A provider failed retryably (or its circuit is open) and the call moves to the next provider. */
    default void onFallback(Fallback event) {
    }

    /** A circuit breaker changed state, for example from {@code CLOSED} to {@code OPEN}. */
    default void onCircuitStateChange(CircuitStateChange event) {
    }

    /** A logical call ended, successfully or not. */
    default void onCallFinished(CallFinished event) {
    }

    /** @param provider the provider called @param operation for example {@code chat} @param attempt from 1 */
    record Attempt(String provider, String operation, int attempt) {
        public Attempt {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * @param provider the provider called
     * @param operation for example {@code chat}
     * @param attempt the attempt that failed, from 1
     * @param delay how long until the next attempt
     * @param failure the neutral exception's class and message
     */
    record Retry(String provider, String operation, int attempt, Duration delay, String failure) {
        public Retry {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * @param operation for example {@code chat}
     * @param from the provider that failed
     * @param to the provider tried next
     * @param failure the neutral exception's class and message
     */
    record Fallback(String operation, String from, String to, String failure) {
        public Fallback {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * @param provider the provider whose circuit it is
     * @param operation the operation whose circuit it is
     * @param from the state before, for example {@code CLOSED}
     * @param to the state after, for example {@code OPEN}
     */
    record CircuitStateChange(String provider, String operation, String from, String to) {
        public CircuitStateChange {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * @param provider the provider that answered, or the last one tried when the call failed
     * @param operation for example {@code chat}
     * @param latency from the call to its outcome, waits and retries included (for a stream: to its end)
     * @param usage the tokens consumed, when the answer reported them
     * @param failure the neutral exception's class and message, when the call failed; for a stream its subscriber
     *                cancelled, {@code CancellationException: the subscriber cancelled the stream}, reported at the cancel
     */
    record CallFinished(String provider, String operation, Duration latency, Optional<TokenUsage> usage,
                        Optional<String> failure) {
        public CallFinished {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(failure, "failure");
        }
    }
}

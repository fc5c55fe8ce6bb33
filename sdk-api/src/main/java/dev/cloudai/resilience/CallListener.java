package dev.cloudai.resilience;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 *   <li>One {@link #onCallStarted}, on the caller's thread (the subscribing thread's for a stream), before anything
 *       else of the call, also when it is then refused without a request. A tracer starts its span here: the caller's
 *       context is current.</li>
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
 * <p>Every event of a call carries its {@code callId}, unique within a {@code CloudAi}, so a listener can match
 * events that arrive on different threads. With {@code cloudai.fallback}, each provider a call goes to is a call of
 * its own under the same {@code callId}: the failing provider's {@code CallStarted}, attempts, retries and
 * {@code CallFinished} come first, then {@link #onFallback}, then the next provider's events; a call that falls back
 * once reports two {@code CallStarted} and two {@code CallFinished}, the last one being the outcome the caller got.
 * {@link #onCircuitStateChange} belongs to no call's sequence: a circuit reports its change when a call's outcome or
 * request for permission moves it, naming that call when there is one.
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

    /** A logical call on one provider starts; it comes before every other event of the call. */
    default void onCallStarted(CallStarted event) {
    }

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

    /**
     * @param callId identifies the call in all its events; the providers of one fallback chain share it
     * @param provider the provider called
     * @param operation {@code chat}, {@code stream}, {@code embed}, or an endpoint operation ({@code deploy},
     *                  {@code invoke}, ...)
     * @param model the model or deployment the call goes to, for chat, stream and embed
     * @param chatRequest the request of a chat or a stream; prompts are the user's data, so a listener must not
     *                    record their text unless the user asked it to
     * @param embeddingRequest the request of an embedding call
     */
    record CallStarted(long callId, String provider, String operation, Optional<String> model,
                       Optional<ChatRequest> chatRequest, Optional<EmbeddingRequest> embeddingRequest) {
        public CallStarted {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(chatRequest, "chatRequest");
            Objects.requireNonNull(embeddingRequest, "embeddingRequest");
        }
    }

    /**
     * @param callId the call the attempt belongs to
     * @param provider the provider called
     * @param operation for example {@code chat}
     * @param attempt from 1
     */
    record Attempt(long callId, String provider, String operation, int attempt) {
        public Attempt {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
        }

        /** An attempt of a call with no id (0), as events were before ids. */
        public Attempt(String provider, String operation, int attempt) {
            this(0, provider, operation, attempt);
        }
    }

    /**
     * @param callId the call the retry belongs to
     * @param provider the provider called
     * @param operation for example {@code chat}
     * @param attempt the attempt that failed, from 1
     * @param delay how long until the next attempt
     * @param failure the neutral exception's class and message
     */
    record Retry(long callId, String provider, String operation, int attempt, Duration delay, String failure) {
        public Retry {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(failure, "failure");
        }

        /** A retry of a call with no id (0), as events were before ids. */
        public Retry(String provider, String operation, int attempt, Duration delay, String failure) {
            this(0, provider, operation, attempt, delay, failure);
        }
    }

    /**
     * @param callId the call that moves on; the next provider's events carry the same id
     * @param operation for example {@code chat}
     * @param from the provider that failed
     * @param to the provider tried next
     * @param failure the neutral exception's class and message
     */
    record Fallback(long callId, String operation, String from, String to, String failure) {
        public Fallback {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(failure, "failure");
        }

        /** A fallback of a call with no id (0), as events were before ids. */
        public Fallback(String operation, String from, String to, String failure) {
            this(0, operation, from, to, failure);
        }
    }

    /**
     * @param callId the call whose outcome or request for permission moved the circuit, when a call did
     * @param provider the provider whose circuit it is
     * @param operation the operation whose circuit it is
     * @param from the state before, for example {@code CLOSED}
     * @param to the state after, for example {@code OPEN}
     */
    record CircuitStateChange(OptionalLong callId, String provider, String operation, String from, String to) {
        public CircuitStateChange {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /** A change no call is named for, as events were before ids. */
        public CircuitStateChange(String provider, String operation, String from, String to) {
            this(OptionalLong.empty(), provider, operation, from, to);
        }
    }

    /**
     * The outcome of a call on one provider. Build one with {@link #builder}; the SDK does, tests of listeners may.
     *
     * @param callId the call that finished
     * @param provider the provider that answered, or the last one tried when the call failed
     * @param operation for example {@code chat}
     * @param model the model or deployment called, as in {@link CallStarted#model()}
     * @param latency from the call to its outcome, waits and retries included (for a stream: to its end)
     * @param usage the tokens consumed, when the answer reported them
     * @param failure the neutral exception's class and message, when the call failed; for a stream its subscriber
     *                cancelled, {@code CancellationException: the subscriber cancelled the stream}, reported at the cancel
     * @param error the exception the caller got, when the call failed (present exactly when {@code failure} is)
     * @param responseModel the model that answered, as the provider named it, when it did
     * @param finishReason why the answer ended, for chat and stream
     * @param cost what the call cost, when the model's price is known (see {@link CallCost})
     * @param chatResponse the whole answer of a chat (not of a stream); answers are the user's data, so a listener
     *                     must not record their text unless the user asked it to
     */
    record CallFinished(long callId, String provider, String operation, Optional<String> model, Duration latency,
                        Optional<TokenUsage> usage, Optional<String> failure, Optional<Throwable> error,
                        Optional<String> responseModel, Optional<FinishReason> finishReason, Optional<CallCost> cost,
                        Optional<ChatResponse> chatResponse) {
        public CallFinished {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(responseModel, "responseModel");
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(chatResponse, "chatResponse");
            if (error.isPresent() && failure.isEmpty()) {
                throw new IllegalArgumentException("failure: must be present when error is (" + error.get() + ")");
            }
        }

        /** The outcome as events were before ids and details: no id (0), model, error, response or cost. */
        public CallFinished(String provider, String operation, Duration latency, Optional<TokenUsage> usage,
                            Optional<String> failure) {
            this(0, provider, operation, Optional.empty(), latency, usage, failure, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * A builder for the outcome of call {@code callId}.
         *
         * <pre>{@code
         * CallFinished e = CallFinished.builder(7, "aws", "chat", Duration.ofMillis(420))
         *         .model("anthropic.claude-3-haiku-20240307-v1:0").usage(new TokenUsage(12, 40)).build();
         * }</pre>
         */
        public static Builder builder(long callId, String provider, String operation, Duration latency) {
            return new Builder(callId, provider, operation, latency);
        }

        /** Whether the call failed. */
        public boolean failed() {
            return failure.isPresent();
        }

        /** Builds a {@link CallFinished}; every part but the four of {@link #builder} is optional. */
        public static final class Builder {
            private final long callId;
            private final String provider;
            private final String operation;
            private final Duration latency;
            private String model;
            private TokenUsage usage;
            private String failure;
            private Throwable error;
            private String responseModel;
            private FinishReason finishReason;
            private CallCost cost;
            private ChatResponse chatResponse;

            private Builder(long callId, String provider, String operation, Duration latency) {
                this.callId = callId;
                this.provider = Objects.requireNonNull(provider, "provider");
                this.operation = Objects.requireNonNull(operation, "operation");
                this.latency = Objects.requireNonNull(latency, "latency");
            }

            /** The model or deployment called. */
            public Builder model(String value) { this.model = Objects.requireNonNull(value, "model"); return this; }

            /** The tokens the answer reported. */
            public Builder usage(TokenUsage value) { this.usage = Objects.requireNonNull(value, "usage"); return this; }

            /** The failure the caller got, described as {@code Class: message}. */
            public Builder error(Throwable value, String description) {
                this.error = Objects.requireNonNull(value, "error");
                this.failure = Objects.requireNonNull(description, "description");
                return this;
            }

            /** The failure, when only its description is known. */
            public Builder failure(String description) { this.failure = Objects.requireNonNull(description, "description"); return this; }

            /** The model that answered, as the provider named it. */
            public Builder responseModel(String value) { this.responseModel = Objects.requireNonNull(value, "responseModel"); return this; }

            /** Why the answer ended. */
            public Builder finishReason(FinishReason value) { this.finishReason = Objects.requireNonNull(value, "finishReason"); return this; }

            /** What the call cost. */
            public Builder cost(CallCost value) { this.cost = Objects.requireNonNull(value, "cost"); return this; }

            /** The whole answer of a chat; also sets the usage, response model and finish reason from it. */
            public Builder chatResponse(ChatResponse value) {
                this.chatResponse = Objects.requireNonNull(value, "chatResponse");
                this.usage = value.usage();
                this.responseModel = value.model();
                this.finishReason = value.finishReason();
                return this;
            }

            public CallFinished build() {
                return new CallFinished(callId, provider, operation, Optional.ofNullable(model), latency,
                        Optional.ofNullable(usage), Optional.ofNullable(failure), Optional.ofNullable(error),
                        Optional.ofNullable(responseModel), Optional.ofNullable(finishReason), Optional.ofNullable(cost),
                        Optional.ofNullable(chatResponse));
            }
        }
    }
}

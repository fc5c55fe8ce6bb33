package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.TokenUsage;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

import java.io.EOFException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ConverseStream call per subscription, its events turned into {@link ChatChunk}s: each text delta of a
 * {@code contentBlockDelta} event becomes a {@link ChatChunk.TextDelta}; the {@code messageStop} event's stop reason
 * and the {@code metadata} event's usage become the one {@link ChatChunk.Finished}, sent when the event stream ends.
 * Follows https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html.
 *
 * <p>Demand: the SDK's event publisher is asked for one event at a time, and only while the subscriber has
 * demand left; events that carry no text (message start, block start and stop, the metadata) are answered by
 * asking for the next one, so the subscriber's demand is never used up by them. A cancel cancels the event
 * subscription and the HTTP call. A failure, before or after the first chunk, is delivered once as the SDK's own
 * exception (the call pipeline maps it); a stream that ends without {@code messageStop} fails as a cut connection.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> chunks = new ConverseStreamPublisher(bedrockAsync, request);   // nothing sent yet
 * chunks.subscribe(subscriber);                                                            // now the call starts
 * }</pre>
 */
final class ConverseStreamPublisher implements Flow.Publisher<ChatChunk> {
    private final BedrockRuntimeAsyncClient client;
    private final ConverseStreamRequest request;

    ConverseStreamPublisher(BedrockRuntimeAsyncClient client, ConverseStreamRequest request) {
        this.client = client;
        this.request = request;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber);
        subscriber.onSubscribe(relay);
        relay.start();
    }

    /** The subscriber's subscription, the SDK's response handler and the subscriber of the SDK's events, in one. */
    private final class Relay implements Flow.Subscription, ConverseStreamResponseHandler, Subscriber<ConverseStreamOutput> {
        private final Flow.Subscriber<? super ChatChunk> downstream;
        private final AtomicBoolean done = new AtomicBoolean();   // a terminal signal went out, or the subscriber cancelled
        private final Object lock = new Object();
        private long demand;                    // guarded by lock: asked for by the subscriber, not yet delivered
        private boolean eventRequested;         // guarded by lock: one event asked of the SDK and not yet arrived
        private Subscription events;            // guarded by lock
        private ChatChunk.Finished pendingFinish;   // guarded by lock: the stream ended while the subscriber had no demand
        private volatile CompletableFuture<Void> call;
        // read and written on the SDK's event thread only (its signals are serial)
        private String stopReason;
        private TokenUsage usage;

        Relay(Flow.Subscriber<? super ChatChunk> downstream) {
            this.downstream = downstream;
        }

        void start() {
            if (done.get()) return;
            CompletableFuture<Void> f;
            try {
                f = client.converseStream(request, this);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            call = f;
            if (done.get()) f.cancel(true);
            f.whenComplete((ignored, error) -> {
                if (error != null) fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            });
        }

        // ---- the subscriber's subscription ----

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                failNow(new IllegalArgumentException("request: demand must be positive, was " + n + " (Reactive Streams rule 3.9)"));
                return;
            }
            ChatChunk.Finished finish;
            synchronized (lock) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                finish = pendingFinish;
                pendingFinish = null;
                if (finish != null) demand--;
            }
            if (finish != null) {
                finish(finish);
            } else {
                askForNextEvent();
            }
        }

        @Override
        public void cancel() {
            done.set(true);
            Subscription s;
            synchronized (lock) {
                s = events;
                pendingFinish = null;
            }
            if (s != null) s.cancel();
            CompletableFuture<Void> f = call;
            if (f != null) f.cancel(true);
        }

        /** Asks the SDK for one more event when the subscriber wants more and none is on its way. */
        private void askForNextEvent() {
            Subscription s = null;
            synchronized (lock) {
                if (!done.get() && events != null && demand > 0 && !eventRequested) {
                    eventRequested = true;
                    s = events;
                }
            }
            if (s != null) s.request(1);   // outside the lock: the SDK may deliver the event on this very thread
        }

        // ---- the SDK's response handler ----

        @Override
        public void responseReceived(ConverseStreamResponse response) {
        }

        @Override
        public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
            publisher.subscribe(this);
        }

        @Override
        public void exceptionOccurred(Throwable error) {
            fail(error);
        }

        @Override
        public void complete() {
        }

        // ---- the subscriber of the SDK's events ----

        @Override
        public void onSubscribe(Subscription subscription) {
            synchronized (lock) {
                events = subscription;
            }
            if (done.get()) {
                subscription.cancel();
                return;
            }
            askForNextEvent();
        }

        @Override
        public void onNext(ConverseStreamOutput event) {
            synchronized (lock) {
                eventRequested = false;
            }
            if (done.get()) return;
            String text = null;
            if (event instanceof ContentBlockDeltaEvent delta && delta.delta() != null) {
                text = delta.delta().text();   // null for tool-use and reasoning deltas: no chunk
            } else if (event instanceof MessageStopEvent stop) {
                stopReason = stop.stopReasonAsString();
            } else if (event instanceof ConverseStreamMetadataEvent metadata && metadata.usage() != null) {
                usage = ConverseMapping.usage(metadata.usage());
            }
            if (text != null) {
                synchronized (lock) {
                    if (demand != Long.MAX_VALUE) demand--;
                }
                downstream.onNext(new ChatChunk.TextDelta(text));
            }
            askForNextEvent();
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onComplete() {
            if (done.get()) return;
            if (stopReason == null) {
                // the connection ended mid-answer: a transport failure, so retryable while nothing was delivered
                fail(SdkClientException.builder().message("Bedrock's ConverseStream ended before its messageStop event")
                        .cause(new EOFException("event stream ended early")).build());
                return;
            }
            ChatChunk.Finished finish = new ChatChunk.Finished(ConverseMapping.finishReason(stopReason),
                    Optional.of(stopReason), Optional.ofNullable(usage));
            boolean now;
            synchronized (lock) {
                now = demand > 0;
                if (now) {
                    if (demand != Long.MAX_VALUE) demand--;
                } else {
                    pendingFinish = finish;   // sent by the subscriber's next request(n)
                }
            }
            if (now) finish(finish);
        }

        private void finish(ChatChunk.Finished finish) {
            if (done.compareAndSet(false, true)) {
                downstream.onNext(finish);
                downstream.onComplete();
            }
        }

        private void fail(Throwable error) {
            if (done.compareAndSet(false, true)) {
                Subscription s;
                synchronized (lock) {
                    s = events;
                }
                if (s != null) s.cancel();
                downstream.onError(error);
            }
        }

        private void failNow(Throwable error) {
            // after cancel(): done is set already, but rule 3.9 still wants the subscriber told
            downstream.onError(error);
        }
    }
}

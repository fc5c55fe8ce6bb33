package dev.cloudai.gcp.invocation;

import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.ServerStreamingCallable;
import com.google.api.gax.rpc.StreamController;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;

import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A {@code StreamGenerateContent} call as a {@link Flow.Publisher}: one gRPC call per subscription, started when
 * the subscriber subscribes. Inbound flow control is manual: a message is asked of gRPC only when the subscriber has
 * demand and no chunk is waiting, so nothing is read far ahead of the subscriber; a cancel cancels the call. Each
 * message's parts become chunks in order: thought summaries {@link ChatChunk.ReasoningDelta}s, text
 * {@link ChatChunk.TextDelta}s, and each function call one {@link ChatChunk.ToolUse} (Vertex sends a call whole, in
 * one part, unless {@code streamFunctionCallArguments} asks otherwise, which this adapter never does). The first
 * thought signature seen rides on a ReasoningDelta, so {@code StreamedAnswer} keeps it for the next turn. The end
 * of the call adds one {@link ChatChunk.Finished} with the last finish reason and usage seen, {@code TOOL_USE}
 * when calls were delivered. A gRPC error is delivered once, raw, after the chunks received before it; every chunk
 * delivered before it is whole.
 */
final class VertexChatStream implements Flow.Publisher<ChatChunk> {
    private final Supplier<ServerStreamingCallable<GenerateContentRequest, GenerateContentResponse>> callable;
    private final GenerateContentRequest request;
    private final int turn;

    /** @param turn the number of assistant messages in the request, which numbers the answer's call ids */
    VertexChatStream(Supplier<ServerStreamingCallable<GenerateContentRequest, GenerateContentResponse>> callable,
                     GenerateContentRequest request, int turn) {
        this.callable = callable;
        this.request = request;
        this.turn = turn;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber);
        subscriber.onSubscribe(relay);
        relay.start();
    }

    /** The subscriber's subscription and, at the same time, gax's observer of the call. */
    private final class Relay implements Flow.Subscription, ResponseObserver<GenerateContentResponse> {
        private final Flow.Subscriber<? super ChatChunk> downstream;
        private final Queue<ChatChunk> ready = new ConcurrentLinkedQueue<>();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile StreamController controller;
        private volatile boolean cancelled;
        private volatile boolean upstreamDone;
        private volatile boolean awaitingMessage;
        private boolean terminated;                   // only touched inside drain()
        // written by gax's callbacks, which come one at a time
        private ChatConversion.Finish finish;
        private TokenUsage usage;
        private int calls;
        private boolean signed;

        Relay(Flow.Subscriber<? super ChatChunk> downstream) {
            this.downstream = downstream;
        }

        void start() {
            if (cancelled || upstreamDone) return;
            try {
                callable.get().call(request, this);
            } catch (RuntimeException e) {
                onError(e);
            }
        }

        @Override
        public void onStart(StreamController c) {
            c.disableAutoInboundFlowControl();
            controller = c;
            if (cancelled) c.cancel();
            drain();
        }

        @Override
        public void onResponse(GenerateContentResponse response) {
            if (response.getCandidatesCount() > 0) {
                for (Part part : response.getCandidates(0).getContent().getPartsList()) read(part);
            }
            ChatConversion.usage(response).ifPresent(u -> usage = u);
            ChatConversion.finish(response).ifPresent(f -> finish = f);
            awaitingMessage = false;
            drain();
        }

        private void read(Part part) {
            Optional<String> signature = Optional.empty();
            if (!signed && !part.getThoughtSignature().isEmpty()) {
                signed = true;
                signature = Optional.of(ChatConversion.signatureText(part));
            }
            if (part.getThought()) {
                if (!part.getText().isEmpty() || signature.isPresent()) {
                    ready.add(new ChatChunk.ReasoningDelta(part.getText(), signature));
                }
                return;
            }
            // a signature on a call or text part: its own delta, before the part it came with
            signature.ifPresent(s -> ready.add(new ChatChunk.ReasoningDelta("", Optional.of(s))));
            if (part.hasFunctionCall()) {
                ready.add(new ChatChunk.ToolUse(ChatConversion.toolCall(part.getFunctionCall(), turn, calls++)));
            } else if (!part.getText().isEmpty()) {
                ready.add(new ChatChunk.TextDelta(part.getText()));
            }
        }

        @Override
        public void onError(Throwable t) {
            if (upstreamDone) return;
            error.compareAndSet(null, t);
            upstreamDone = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (upstreamDone) return;
            // Vertex says STOP beside function calls: a stream that delivered calls finishes with TOOL_USE
            ChatConversion.Finish f = calls > 0 ? new ChatConversion.Finish(FinishReason.TOOL_USE, null)
                    : finish != null ? finish
                    : new ChatConversion.Finish(FinishReason.OTHER, "the stream ended without a finish reason");
            ready.add(new ChatChunk.Finished(f.reason(), Optional.ofNullable(f.detail()), Optional.ofNullable(usage)));
            upstreamDone = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelUpstream();
                ready.clear();
                onError(new IllegalArgumentException("request: demand must be positive, was " + n + " (rule 3.9)"));
                return;
            }
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            cancelUpstream();
            drain();
        }

        private void cancelUpstream() {
            StreamController c = controller;
            if (c != null) c.cancel();
        }

        /** Delivers what the subscriber asked for, asks gRPC for more, or ends the stream; one thread at a time. */
        private void drain() {
            if (wip.getAndIncrement() != 0) return;
            int missed = 1;
            while (true) {
                if (!terminated) {
                    while (!cancelled && demand.get() > 0) {
                        ChatChunk next = ready.poll();
                        if (next == null) break;
                        demand.decrementAndGet();
                        downstream.onNext(next);
                    }
                    if (cancelled) {
                        terminated = true;
                        ready.clear();
                    } else if (ready.isEmpty() && upstreamDone) {
                        terminated = true;
                        Throwable t = error.get();
                        if (t != null) downstream.onError(t);
                        else downstream.onComplete();
                    } else if (ready.isEmpty() && demand.get() > 0 && !awaitingMessage && controller != null) {
                        awaitingMessage = true;
                        controller.request(1);
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) return;
            }
        }
    }
}

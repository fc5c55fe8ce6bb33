package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatChunk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cloudai.internal.serving.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw parts to chat chunks under Reactive Streams rules, with a hand-driven upstream and subscriber. */
class PartsToChunksTest {
    private static final String TWO_DELTAS = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n";
    private static final String END = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";

    /** An upstream the test drives: it records demand and cancellation, and sends what the test says. */
    static final class Parts implements Flow.Publisher<byte[]>, Flow.Subscription {
        Flow.Subscriber<? super byte[]> subscriber;
        long requested;
        int requests;
        boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> s) {
            subscriber = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            requested += n;
            requests++;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        void send(String part) {
            if (requested <= 0) throw new AssertionError("a part sent without demand");
            requested--;
            subscriber.onNext(utf8(part));
        }
    }

    /** A subscriber that records every signal and asks only when the test says. */
    static final class Recorder implements Flow.Subscriber<ChatChunk> {
        Flow.Subscription subscription;
        final List<ChatChunk> items = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int completions;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(ChatChunk item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            errors.add(t);
        }

        @Override
        public void onComplete() {
            completions++;
        }

        int terminals() {
            return errors.size() + completions;
        }
    }

    private final Parts parts = new Parts();
    private final Recorder recorder = new Recorder();
    private final AtomicInteger mapped = new AtomicInteger();

    private void subscribe() {
        new PartsToChunks(() -> parts, ChatCodec.of(ServingProtocol.OPENAI_CHAT)::streamDecoder, t -> {
            mapped.incrementAndGet();
            return new IllegalStateException("mapped", t);
        }).subscribe(recorder);
    }

    @Test
    void demandIsHonouredOneChunkAtATimeAndPartsAreAskedOnlyWhenNothingWaits() {
        subscribe();
        assertEquals(0, parts.requests, "no part before the subscriber asks");
        recorder.subscription.request(1);
        assertEquals(1, parts.requested);
        parts.send(TWO_DELTAS);
        assertEquals(List.of(new ChatChunk.TextDelta("a")), recorder.items);
        assertEquals(1, parts.requests, "a chunk still waits: no new part");
        recorder.subscription.request(1);
        assertEquals(List.of(new ChatChunk.TextDelta("a"), new ChatChunk.TextDelta("b")), recorder.items);
        assertEquals(1, parts.requests, "the subscriber wants no more: no new part");
        recorder.subscription.request(1);
        assertEquals(2, parts.requests);
        parts.send(END);
        assertEquals(3, recorder.items.size());
        assertInstanceOf(ChatChunk.Finished.class, recorder.items.get(2));
        parts.subscriber.onComplete();
        assertEquals(1, recorder.completions);
        assertEquals(0, recorder.errors.size());
    }

    @Test
    void cancelStopsTheUpstreamAndNothingMoreArrives() {
        subscribe();
        recorder.subscription.request(5);
        parts.send(TWO_DELTAS);
        recorder.subscription.cancel();
        assertTrue(parts.cancelled);
        parts.requested = 1;
        parts.send(END);
        parts.subscriber.onComplete();
        assertEquals(2, recorder.items.size());
        assertEquals(0, recorder.terminals());
    }

    @Test
    void anUpstreamErrorInTheMiddleIsDeliveredOnceMapped() {
        subscribe();
        recorder.subscription.request(Long.MAX_VALUE);
        parts.send(TWO_DELTAS);
        IOException reset = new IOException("connection reset");
        parts.subscriber.onError(reset);
        parts.subscriber.onError(new IOException("again"));
        parts.subscriber.onComplete();
        assertEquals(2, recorder.items.size());
        assertEquals(1, recorder.errors.size());
        assertSame(reset, recorder.errors.get(0).getCause());
        assertEquals(1, mapped.get());
    }

    @Test
    void aDecoderFailureCancelsTheUpstreamAndIsDeliveredOnce() {
        subscribe();
        recorder.subscription.request(10);
        parts.send("data:{\"token\":{\"text\":\"x\",\"special\":false}}\n\n");   // TGI's event: a mismatch
        assertTrue(parts.cancelled);
        assertEquals(1, recorder.errors.size());
        assertInstanceOf(ProtocolMismatchException.class, recorder.errors.get(0).getCause());
        parts.subscriber.onComplete();
        assertEquals(1, recorder.terminals());
        assertEquals(0, recorder.items.size());
    }

    @Test
    void aCutStreamEndsWithOneErrorAfterTheChunksItHad() {
        subscribe();
        recorder.subscription.request(10);
        parts.send(TWO_DELTAS);
        parts.subscriber.onComplete();
        assertEquals(2, recorder.items.size());
        assertEquals(1, recorder.errors.size());
        assertInstanceOf(java.io.UncheckedIOException.class, recorder.errors.get(0).getCause());
    }

    @Test
    void noItemFollowsATerminalSignal() {
        subscribe();
        recorder.subscription.request(10);
        parts.send(TWO_DELTAS + END);
        parts.subscriber.onComplete();
        assertEquals(1, recorder.completions);
        parts.subscriber.onNext(utf8(TWO_DELTAS));
        parts.subscriber.onError(new IOException("late"));
        assertEquals(3, recorder.items.size());
        assertEquals(1, recorder.terminals());
    }

    @Test
    void nonPositiveDemandIsAnErrorThatCancelsTheUpstream() {
        subscribe();
        recorder.subscription.request(0);
        assertEquals(1, recorder.errors.size());
        assertInstanceOf(IllegalArgumentException.class, recorder.errors.get(0).getCause());
        assertTrue(parts.cancelled);
    }
}

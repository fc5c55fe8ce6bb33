package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowStreamsTest {

    @Test
    void itemsArriveInOrderAcrossSeveralDemandBatches() {
        List<Integer> expected = IntStream.range(0, 100).boxed().toList();
        // A publisher that honours demand exactly, delivering on the requesting thread.
        Flow.Publisher<Integer> p = s -> s.onSubscribe(new Flow.Subscription() {
            int next;
            boolean done;

            @Override
            public void request(long n) {
                for (long i = 0; i < n && next < expected.size(); i++) s.onNext(expected.get(next++));
                if (next == expected.size() && !done) {
                    done = true;
                    s.onComplete();
                }
            }

            @Override
            public void cancel() {
            }
        });
        try (Stream<Integer> stream = FlowStreams.toStream(p)) {
            assertEquals(expected, stream.toList());
        }
    }

    @Test
    void aFailureIsThrownAsSignalled() {
        IllegalStateException boom = new IllegalStateException("boom");
        SubmissionPublisher<String> p = new SubmissionPublisher<>(Runnable::run, 8);
        Stream<String> stream = FlowStreams.toStream(p);
        p.submit("a");
        p.closeExceptionally(boom);
        var it = stream.iterator();
        assertEquals("a", it.next());
        assertSame(boom, assertThrows(IllegalStateException.class, it::hasNext));
    }

    @Test
    void closingTheStreamCancelsTheSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicLong requested = new AtomicLong();
        Flow.Publisher<String> p = s -> s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
                s.onNext("first");
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        try (Stream<String> stream = FlowStreams.toStream(p)) {
            assertEquals("first", stream.findFirst().orElseThrow());
        }
        assertTrue(cancelled.get());
        assertEquals(32, requested.get(), "at most one batch is buffered");
    }
}

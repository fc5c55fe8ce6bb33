package dev.cloudai.internal.pipeline;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryingStreamTest {

    /** One upstream attempt the test drives by hand, recording the demand it was asked for and cancellation. */
    static final class Upstream implements Flow.Publisher<String>, Flow.Subscription {
        Flow.Subscriber<? super String> subscriber;
        long requested;
        boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super String> s) {
            subscriber = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Records what reached the caller. */
    static final class Recorder implements Flow.Subscriber<String> {
        final List<String> items = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int completions;
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(String item) {
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
    }

    private final FakeTimer timer = new FakeTimer().manual();
    private final List<Upstream> attempts = new ArrayList<>();
    private final CallPipeline pipeline = CallPipeline.builder("test", CallPipelineTest.MAPPER)
            .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(10))).timer(timer)
            .calls(new OpenCalls()).build();

    private Flow.Publisher<String> publisher() {
        return pipeline.stream("stream", () -> {
            Upstream u = new Upstream();
            attempts.add(u);
            return u;
        });
    }

    @Test
    void aFailureBeforeTheFirstItemIsRetriedWithTheDemandCarriedOver() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        r.subscription.request(5);
        assertEquals(5, attempts.get(0).requested);

        attempts.get(0).subscriber.onError(new CallPipelineTest.CloudError(503, null));
        assertTrue(r.errors.isEmpty(), "nothing reached the caller, so the stream is retried");
        assertEquals(1, attempts.size(), "the retry waits on the timer");
        timer.runNext();
        assertEquals(2, attempts.size());
        assertEquals(5, attempts.get(1).requested, "the new attempt gets the caller's outstanding demand");

        attempts.get(1).subscriber.onNext("Hel");
        attempts.get(1).subscriber.onNext("lo");
        attempts.get(1).subscriber.onComplete();
        assertEquals(List.of("Hel", "lo"), r.items);
        assertEquals(1, r.completions);
        assertTrue(r.errors.isEmpty());
    }

    @Test
    void aFailureAfterTheFirstItemIsDeliveredOnceAndNothingIsRepeated() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        r.subscription.request(Long.MAX_VALUE);
        attempts.get(0).subscriber.onNext("Hel");
        attempts.get(0).subscriber.onError(new CallPipelineTest.CloudError(503, null));
        assertEquals(1, attempts.size(), "no second attempt: it would repeat text the caller already has");
        assertTrue(timer.pending.isEmpty());
        assertEquals(List.of("Hel"), r.items);
        assertEquals(1, r.errors.size());
        assertInstanceOf(UnavailableException.class, r.errors.get(0), "the error is mapped to the neutral type");
        assertEquals(0, r.completions);
    }

    @Test
    void retriesStopAtMaxAttempts() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        r.subscription.request(1);
        for (int i = 0; i < 3; i++) {
            attempts.get(i).subscriber.onError(new CallPipelineTest.CloudError(500, null));
            if (i < 2) timer.runNext();
        }
        assertEquals(3, attempts.size());
        assertEquals(1, r.errors.size());
        assertInstanceOf(UnavailableException.class, r.errors.get(0));
    }

    @Test
    void aNonRetryableFailureIsDeliveredAtOnce() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        attempts.get(0).subscriber.onError(new CallPipelineTest.CloudError(400, null));
        assertEquals(1, attempts.size());
        assertInstanceOf(InvalidRequestException.class, r.errors.get(0));
    }

    @Test
    void cancellingStopsTheUpstreamAndAnyPendingRetry() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        r.subscription.request(2);
        attempts.get(0).subscriber.onError(new CallPipelineTest.CloudError(503, null));
        r.subscription.cancel();
        timer.runNext();
        assertEquals(1, attempts.size(), "a retry scheduled before the cancel does not subscribe again");

        Recorder r2 = new Recorder();
        publisher().subscribe(r2);
        r2.subscription.request(1);
        r2.subscription.cancel();
        assertTrue(attempts.get(1).cancelled);
    }

    @Test
    void demandRequestedBeforeTheUpstreamSubscribesIsNotLost() {
        Recorder r = new Recorder();
        Flow.Publisher<String> p = pipeline.stream("stream", () -> s -> {
            // An upstream that subscribes lazily: the caller's request(3) arrives first.
            Upstream u = new Upstream();
            attempts.add(u);
            r.subscription.request(3);
            u.subscribe(s);
        });
        p.subscribe(r);
        assertEquals(3, attempts.get(0).requested);
    }

    @Test
    void nonPositiveDemandFailsTheStreamPerTheReactiveStreamsRules() {
        Recorder r = new Recorder();
        publisher().subscribe(r);
        r.subscription.request(0);
        assertInstanceOf(IllegalArgumentException.class, r.errors.get(0));
        assertTrue(attempts.get(0).cancelled);
        assertNull(timer.pending.peek());
        assertFalse(r.errors.isEmpty());
    }
}

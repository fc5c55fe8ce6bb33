package dev.cloudai.internal.pipeline;

import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.internal.fallback.FallbackChain;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guarantees {@link CallListener}'s Javadoc states that the pipeline tests do not show elsewhere: a stream's
 * outcome before the subscriber's terminal signal, the order of a fallback's events, one outcome for a call closed
 * under it (reported on the closing thread), nothing for a call made after close, every listener hearing an event
 * another one threw on.
 */
class CallListenerGuaranteesTest {
    /** Every event as one line, with the thread it came on where a test asks. */
    static final class Log implements CallListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final List<String> finishedOn = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAttempt(Attempt e) {
            seen.add(e.provider() + " attempt #" + e.attempt());
        }

        @Override
        public void onRetry(Retry e) {
            seen.add(e.provider() + " retry #" + e.attempt());
        }

        @Override
        public void onFallback(Fallback e) {
            seen.add("fallback " + e.from() + " -> " + e.to());
        }

        @Override
        public void onCallFinished(CallFinished e) {
            seen.add(e.provider() + " finished " + e.failure().map(f -> f.split(":")[0]).orElse("ok"));
            finishedOn.add(Thread.currentThread().getName());
        }
    }

    private final Log log = new Log();
    private final FakeTimer timer = new FakeTimer();

    private CallPipeline pipeline(String provider, OpenCalls calls) {
        ResilienceSettings settings = new ResilienceSettings(Duration.ofSeconds(60), false, 50, 10, 10,
                Duration.ofSeconds(30), OptionalDouble.empty(), OptionalInt.empty());
        return CallPipeline.builder(provider, CallPipelineTest.MAPPER)
                .retry(new RetrySettings(2, Duration.ZERO, Duration.ZERO)).resilience(settings).timer(timer)
                .calls(calls).listener(log).build();
    }

    @Test
    void aStreamReportsItsOutcomeBeforeTheSubscriberHearsItsEnd() {
        CallPipeline p = pipeline("test", new OpenCalls());
        RetryingStreamTest.Upstream upstream = new RetryingStreamTest.Upstream();
        List<String> heardWhenCompleted = new ArrayList<>();
        List<Flow.Subscription> subscription = new ArrayList<>();
        Flow.Subscriber<String> subscriber = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.add(s);
            }

            @Override
            public void onNext(String item) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
                heardWhenCompleted.addAll(log.seen);
            }
        };
        p.stream("stream", () -> upstream).subscribe(subscriber);
        subscription.get(0).request(1);
        upstream.subscriber.onNext("hi");
        upstream.subscriber.onComplete();

        assertEquals(List.of("test attempt #1", "test finished ok"), heardWhenCompleted,
                "the outcome was reported before onComplete");
    }

    @Test
    void aFallbackReportsTheFailingProvidersOutcomeThenTheFallbackThenTheNextProvidersEvents() {
        CallPipeline first = pipeline("first", new OpenCalls());
        CallPipeline second = pipeline("second", new OpenCalls());
        List<FallbackChain.Route<CallPipeline>> routes = List.of(new FallbackChain.Route<>("first", first), new FallbackChain.Route<>("second", second));

        String answer = FallbackChain.call("chat", routes, 0, (p, id) -> p.call("chat", () -> {
            if (p == first) throw new CallPipelineTest.CloudError(503, null);
            return "ok";
        }), log);

        assertEquals("ok", answer);
        assertEquals(List.of("first attempt #1", "first retry #1", "first attempt #2", "first finished UnavailableException",
                "fallback first -> second", "second attempt #1", "second finished ok"), log.seen);
    }

    @Test
    void anAsyncCallClosedUnderReportsOneOutcomeOnTheClosingThread() throws Exception {
        OpenCalls calls = new OpenCalls();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<String> call = pipeline("test", calls).callAsync("chat", () -> inFlight);

        Thread closer = new Thread(calls::close, "the-closing-thread");
        closer.start();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        inFlight.complete("late");   // what the provider does after the close changes nothing

        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(List.of("test attempt #1", "test finished IllegalStateException"), log.seen);
        assertEquals(List.of("the-closing-thread"), log.finishedOn);
    }

    @Test
    void aCallMadeAfterCloseReportsNothing() {
        OpenCalls calls = new OpenCalls();
        CallPipeline p = pipeline("test", calls);
        calls.close();

        assertThrows(IllegalStateException.class, () -> p.call("chat", () -> "never"));
        assertThrows(IllegalStateException.class, () -> p.callAsync("chat", () -> CompletableFuture.completedFuture("never")));
        assertThrows(IllegalStateException.class, () -> p.stream("stream", RetryingStreamTest.Upstream::new));
        assertEquals(List.of(), log.seen);
    }

    @Test
    void aCallRefusedByItsOpenCircuitReportsNoAttemptAndOneOutcome() {
        ResilienceSettings circuit = new ResilienceSettings(Duration.ofSeconds(60), true, 50, 2, 2, Duration.ofSeconds(30),
                OptionalDouble.empty(), OptionalInt.empty());
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER)
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).resilience(circuit).timer(timer)
                .calls(new OpenCalls()).listener(log).build();
        for (int i = 0; i < 2; i++) {
            assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
                throw new CallPipelineTest.CloudError(503, null);
            }));
        }
        log.seen.clear();

        UnavailableException e = assertThrows(UnavailableException.class, () -> p.call("chat", () -> "never sent"));
        assertTrue(Guards.isCircuitOpen(e), e::toString);
        assertEquals(List.of("test finished UnavailableException"), log.seen);
    }

    @Test
    void everyListenerHearsAnEventInTheirOrderEvenWhenAnEarlierOneThrows() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        CallListener throwing = new CallListener() {
            @Override
            public void onCallFinished(CallFinished e) {
                heard.add("first");
                throw new IllegalStateException("metrics backend down");
            }
        };
        CallListener second = new CallListener() {
            @Override
            public void onCallFinished(CallFinished e) {
                heard.add("second");
            }
        };
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER).retry(RetrySettings.DEFAULTS)
                .resilience(ResilienceSettings.DEFAULTS).timer(timer).calls(new OpenCalls())
                .listener(Listeners.of(List.of(throwing, second))).build();

        assertEquals("ok", p.call("chat", () -> "ok"));
        assertEquals(List.of("first", "second"), heard);
    }
}

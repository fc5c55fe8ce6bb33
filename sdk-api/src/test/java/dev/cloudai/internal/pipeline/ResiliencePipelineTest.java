package dev.cloudai.internal.pipeline;

import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener;
import io.github.resilience4j.core.EventProcessor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Circuit breakers, bulkheads, rate limits, deadlines and events, on the pipeline with a controllable timer and clock. */
class ResiliencePipelineTest {

    /** A clock the test moves by hand, for the circuit breaker's open-state wait. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records every event, as a user's metrics listener would. */
    static final class Events implements CallListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final List<CallFinished> finished = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAttempt(Attempt e) {
            seen.add("attempt " + e.operation() + " #" + e.attempt());
        }

        @Override
        public void onRetry(Retry e) {
            seen.add("retry " + e.operation() + " #" + e.attempt() + " after " + e.failure().split(":")[0]);
        }

        @Override
        public void onCircuitStateChange(CircuitStateChange e) {
            seen.add("circuit " + e.operation() + " " + e.from() + " -> " + e.to());
        }

        @Override
        public void onCallFinished(CallFinished e) {
            finished.add(e);
            seen.add("finished " + e.operation() + (e.failure().isPresent() ? " failed" : " ok"));
        }
    }

    private final FakeTimer timer = new FakeTimer();
    private final MutableClock clock = new MutableClock();
    private final Events events = new Events();

    private CallPipeline pipeline(int maxAttempts, ResilienceSettings settings) {
        return CallPipeline.builder("test", CallPipelineTest.MAPPER)
                .retry(new RetrySettings(maxAttempts, Duration.ZERO, Duration.ZERO)).resilience(settings).timer(timer)
                .calls(new OpenCalls()).listener(events).clock(clock).build();
    }

    private static ResilienceSettings circuit(int window, int minimumCalls) {
        return new ResilienceSettings(Duration.ofSeconds(60), true, 50, window, minimumCalls, Duration.ofSeconds(30),
                OptionalDouble.empty(), OptionalInt.empty());
    }

    private static ResilienceSettings bulkhead(int max) {
        return new ResilienceSettings(Duration.ofSeconds(60), false, 50, 10, 10, Duration.ofSeconds(30),
                OptionalDouble.empty(), OptionalInt.of(max));
    }

    @Test
    void aCircuitOpensOnTheFailureRateFailsFastWithoutRequestsThenHalfOpensToProbe() {
        CallPipeline p = pipeline(1, circuit(4, 4));
        AtomicInteger requests = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
                requests.incrementAndGet();
                throw new CallPipelineTest.CloudError(503, null);
            }));
        }
        assertTrue(events.seen.contains("circuit chat CLOSED -> OPEN"), events.seen.toString());

        var fast = assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            requests.incrementAndGet();
            return "unreachable";
        }));
        assertEquals(4, requests.get(), "an open circuit sends nothing");
        assertEquals("CircuitOpen", fast.providerCode().orElseThrow());
        assertTrue(fast.getMessage().contains("the circuit breaker is OPEN after a failure rate of 100%"), fast.getMessage());

        clock.now = clock.now.plusSeconds(31);
        assertEquals("probe", p.call("chat", () -> {
            requests.incrementAndGet();
            return "probe";
        }));
        assertEquals(5, requests.get());
        assertTrue(events.seen.contains("circuit chat OPEN -> HALF_OPEN"), events.seen.toString());
        assertTrue(events.seen.contains("circuit chat HALF_OPEN -> CLOSED"), events.seen.toString());
    }

    @Test
    void withoutAListenerACircuitStillOpensButHasNoEventConsumerSoNoCallBuildsAnEvent() {
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER)
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).resilience(circuit(2, 2)).timer(timer)
                .calls(new OpenCalls()).listener(Listeners.NONE).clock(clock).build();
        assertEquals("ok", p.call("chat", () -> "ok"));
        // Resilience4j builds an event, with a timestamp, for every call of a breaker that has any consumer.
        assertFalse(((EventProcessor<?>) p.guards().circuit("chat").getEventPublisher()).hasConsumers(),
                "no listener to tell, so no consumer");
        for (int i = 0; i < 2; i++) {
            assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
                throw new CallPipelineTest.CloudError(503, null);
            }));
        }
        var fast = assertThrows(UnavailableException.class, () -> p.call("chat", () -> "unreachable"));
        assertEquals("CircuitOpen", fast.providerCode().orElseThrow());
    }

    @Test
    void anOpenCircuitIsNotRetriedOnItsOwnProvider() {
        CallPipeline p = pipeline(5, circuit(2, 2));
        AtomicInteger requests = new AtomicInteger();
        assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            requests.incrementAndGet();
            throw new CallPipelineTest.CloudError(503, null);
        }));
        assertEquals(2, requests.get(), "the circuit opened after 2 failures, and its fail-fast ended the retries");
    }

    @Test
    void theCallersMistakesNeverOpenACircuit() {
        CallPipeline p = pipeline(1, circuit(2, 2));
        for (int i = 0; i < 5; i++) {
            assertThrows(InvalidRequestException.class, () -> p.call("chat", () -> {
                throw new CallPipelineTest.CloudError(400, null);
            }));
        }
        assertEquals("ok", p.call("chat", () -> "ok"));
        assertFalse(events.seen.stream().anyMatch(e -> e.startsWith("circuit")), events.seen.toString());
    }

    @Test
    void circuitsArePerOperation() {
        CallPipeline p = pipeline(1, circuit(2, 2));
        for (int i = 0; i < 2; i++) {
            assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
                throw new CallPipelineTest.CloudError(503, null);
            }));
        }
        assertEquals("vectors", p.call("embed", () -> "vectors"), "embed's circuit is still closed");
    }

    @Test
    // A hang guard, not a timing assertion: parking a call must not block the caller (a bulkhead that waits for a
    // slot inside callAsync once blocked each parked call for the whole deadline).
    @org.junit.jupiter.api.Timeout(10)
    void anAsyncBulkheadCapsConcurrencyExactlyAndStartsTheNextCallWhenASlotFrees() {
        CallPipeline p = pipeline(1, bulkhead(2));
        List<CompletableFuture<String>> inFlight = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(p.callAsync("chat", () -> {
                CompletableFuture<String> f = new CompletableFuture<>();
                inFlight.add(f);
                return f;
            }));
        }
        assertEquals(2, inFlight.size(), "two calls in flight, three parked without a thread");
        inFlight.get(0).complete("a");
        assertEquals(3, inFlight.size(), "the freed slot started the next call");
        inFlight.get(1).complete("b");
        inFlight.get(2).complete("c");
        inFlight.get(3).complete("d");
        inFlight.get(4).complete("e");
        assertEquals(List.of("a", "b", "c", "d", "e"), results.stream().map(CompletableFuture::join).toList());
        assertEquals(0, p.guards().bulkhead("chat").inUse());
    }

    @Test
    void aBlockingBulkheadGivesBackItsSlotWhateverTheOutcome() {
        CallPipeline p = pipeline(1, bulkhead(1));
        assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            throw new CallPipelineTest.CloudError(503, null);
        }));
        assertEquals("ok", p.call("chat", () -> "ok"), "the slot of the failed call is free again");
        assertEquals(0, p.guards().bulkhead("chat").inUse());
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aBlockedCallerGetsTheSlotAFinishingCallFrees() throws Exception {
        CallPipeline p = pipeline(1, bulkhead(1));
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
        Thread first = new Thread(() -> p.call("chat", () -> {
            holding.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        first.start();
        holding.await();
        assertEquals(1, p.guards().bulkhead("chat").inUse());
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> p.call("chat", () -> "second"));
        letGo.countDown();
        assertEquals("second", second.get());
        first.join();
        assertEquals(0, p.guards().bulkhead("chat").inUse());
    }

    @Test
    void theDeadlineFailsAnAsyncCallAndCancelsTheRequestInFlight() throws Exception {
        CallPipeline p = pipeline(3, ResilienceSettings.DEFAULTS);
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<String> result = p.callAsync("chat", () -> inFlight);
        assertFalse(result.isDone());
        timer.fireDeadlines();
        var e = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(DeadlineExceededException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("no answer within cloudai.timeout=2m"), e.getCause().getMessage());
        assertTrue(inFlight.isCancelled(), "the provider's future is cancelled, which cancels its HTTP request");
    }

    @Test
    void aCallThatEndsInTimeCancelsItsDeadline() {
        CallPipeline p = pipeline(1, ResilienceSettings.DEFAULTS);
        assertEquals("ok", p.callAsync("chat", () -> CompletableFuture.completedFuture("ok")).join());
        assertEquals(timer.deadlines.size(), timer.cancelledDeadlines.size(), "no deadline timer is left behind");
    }

    @Test
    void theDeadlineBoundsTheWaitForAStreamsFirstItem() {
        CallPipeline p = pipeline(3, ResilienceSettings.DEFAULTS);
        RetryingStreamTest.Upstream upstream = new RetryingStreamTest.Upstream();
        RetryingStreamTest.Recorder r = new RetryingStreamTest.Recorder();
        Flow.Publisher<String> stream = p.stream("stream", () -> upstream);
        stream.subscribe(r);
        r.subscription.request(10);
        timer.fireDeadlines();
        assertInstanceOf(DeadlineExceededException.class, r.errors.get(0));
        assertTrue(upstream.cancelled);
    }

    @Test
    void aStreamThatDeliveredIsNotCutByTheDeadline() {
        CallPipeline p = pipeline(3, ResilienceSettings.DEFAULTS);
        RetryingStreamTest.Upstream upstream = new RetryingStreamTest.Upstream();
        RetryingStreamTest.Recorder r = new RetryingStreamTest.Recorder();
        p.stream("stream", () -> upstream).subscribe(r);
        r.subscription.request(10);
        upstream.subscriber.onNext("Hel");
        timer.fireDeadlines();
        assertTrue(r.errors.isEmpty());
        assertFalse(upstream.cancelled);
    }

    @Test
    void aRateLimitMakesAsyncCallsWaitOnTheTimerNotOnAThread() {
        FakeTimer manual = new FakeTimer().manual();
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER)
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO))
                .resilience(new ResilienceSettings(Duration.ofSeconds(60), false, 50, 10, 10, Duration.ofSeconds(30),
                        OptionalDouble.of(1), OptionalInt.empty())).timer(manual).calls(new OpenCalls()).listener(events).clock(clock).build();
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> first = p.callAsync("chat", () -> CompletableFuture.completedFuture("1-" + requests.incrementAndGet()));
        CompletableFuture<String> second = p.callAsync("chat", () -> CompletableFuture.completedFuture("2-" + requests.incrementAndGet()));
        assertEquals("1-1", first.join());
        assertFalse(second.isDone(), "one request per second: the second waits for the next period");
        assertEquals(1, manual.pending.size());
        assertTrue(manual.waits.get(manual.waits.size() - 1).compareTo(Duration.ZERO) > 0);
        manual.runNext();
        assertEquals("2-2", second.join());
    }

    @Test
    void listenersHearAttemptsRetriesAndTheOutcomeWithTokenUsage() {
        CallPipeline p = pipeline(3, ResilienceSettings.DEFAULTS);
        AtomicInteger n = new AtomicInteger();
        ChatResponse r = p.call("chat", () -> {
            if (n.incrementAndGet() == 1) throw new CallPipelineTest.CloudError(429, "0");
            return ChatResponse.builder().text("hi").usage(new TokenUsage(7, 3)).finishReason(FinishReason.STOP)
                    .provider("test").model("m").build();
        });
        assertEquals("hi", r.text());
        assertEquals(List.of("attempt chat #1", "retry chat #1 after ThrottledException", "attempt chat #2", "finished chat ok"),
                events.seen);
        assertEquals(new TokenUsage(7, 3), events.finished.get(0).usage().orElseThrow());
    }

    @Test
    void listenersHearAnAsyncOutcomeBeforeTheCallersFutureCompletes() {
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<String>> result = new java.util.concurrent.atomic.AtomicReference<>();
        List<Boolean> doneWhenHeard = Collections.synchronizedList(new ArrayList<>());
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER).retry(RetrySettings.DEFAULTS)
                .resilience(ResilienceSettings.DEFAULTS).timer(timer).calls(new OpenCalls())
                .listener(new CallListener() {
                    @Override
                    public void onCallFinished(CallFinished e) {
                        doneWhenHeard.add(result.get().isDone());
                    }
                }).clock(clock).build();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        result.set(p.callAsync("chat", () -> inFlight));
        inFlight.complete("ok");
        assertEquals("ok", result.get().join());
        assertEquals(List.of(false), doneWhenHeard, "a metrics listener has counted the call before the caller sees it");
    }

    @Test
    void aListenerThatThrowsNeverFailsACall() {
        CallListener broken = new CallListener() {
            @Override
            public void onAttempt(Attempt e) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        CallPipeline p = CallPipeline.builder("test", CallPipelineTest.MAPPER).retry(RetrySettings.DEFAULTS)
                .resilience(ResilienceSettings.DEFAULTS).timer(timer).calls(new OpenCalls())
                .listener(Listeners.of(List.of(broken))).clock(clock).build();
        assertEquals("ok", p.call("chat", () -> "ok"));
    }
}

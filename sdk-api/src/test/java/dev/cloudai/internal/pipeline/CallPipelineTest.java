package dev.cloudai.internal.pipeline;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPipelineTest {

    /** What the "cloud SDK" throws in these tests: an HTTP status and an optional Retry-After. */
    static final class CloudError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String retryAfter;

        CloudError(int status, String retryAfter) {
            super("status " + status);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    static final ErrorMapper MAPPER = (operation, error) -> {
        ErrorInfo.Builder info = ErrorInfo.builder("test", operation).requestId("req-1");
        if (error instanceof CloudError c) {
            return HttpErrors.fromStatus(info.httpStatus(c.status).providerCode("E" + c.status).build(), c.getMessage(),
                    HttpErrors.parseRetryAfter(c.retryAfter).orElse(null), c);
        }
        return HttpErrors.fromTransport(info.build(), error);
    };

    private final FakeTimer timer = new FakeTimer();

    private CallPipeline pipeline(int maxAttempts, Duration initial, Duration max) {
        return CallPipeline.builder("test", MAPPER).retry(new RetrySettings(maxAttempts, initial, max)).timer(timer)
                .calls(new OpenCalls()).build();
    }

    @Test
    void aRetryableFailureIsRetriedUpToMaxAttemptsAndNoMore() {
        AtomicInteger attempts = new AtomicInteger();
        CallPipeline p = pipeline(4, Duration.ofMillis(100), Duration.ofSeconds(10));
        var e = assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            attempts.incrementAndGet();
            throw new CloudError(503, null);
        }));
        assertEquals(4, attempts.get());
        assertEquals(3, timer.waits.size(), "one wait between each pair of attempts");
        assertEquals("test", e.providerId());
        assertEquals("chat", e.operation());
        assertEquals("E503", e.providerCode().orElseThrow());
        assertEquals("req-1", e.requestId().orElseThrow());
    }

    @Test
    void aSuccessAfterFailuresReturnsTheResult() {
        AtomicInteger attempts = new AtomicInteger();
        String r = pipeline(3, Duration.ofMillis(10), Duration.ofMillis(100)).call("chat", () -> {
            if (attempts.incrementAndGet() < 3) throw new CloudError(500, null);
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(3, attempts.get());
    }

    @Test
    void aNonRetryableFailureIsTriedOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(InvalidRequestException.class, () -> pipeline(5, Duration.ofMillis(10), Duration.ofMillis(10))
                .call("chat", () -> {
                    attempts.incrementAndGet();
                    throw new CloudError(400, null);
                }));
        assertEquals(1, attempts.get());
        assertTrue(timer.waits.isEmpty());
    }

    @Test
    void retryAfterIsHonouredEvenAboveTheMaximumBackoff() {
        AtomicInteger attempts = new AtomicInteger();
        String r = pipeline(3, Duration.ofMillis(10), Duration.ofMillis(50)).call("chat", () -> {
            if (attempts.incrementAndGet() == 1) throw new CloudError(429, "7");
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(List.of(Duration.ofSeconds(7)), timer.waits);
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndStopsAtTheMaximum() {
        CallPipeline p = pipeline(8, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            throw new CloudError(502, null);
        }));
        assertEquals(7, timer.waits.size());
        for (int i = 0; i < timer.waits.size(); i++) {
            long base = Math.min(100L << i, 1000L);
            long ms = timer.waits.get(i).toMillis();
            // Jitter is +-50% of the exponential value; the result never exceeds the maximum backoff.
            assertTrue(ms >= base / 2 && ms <= Math.min(base * 3 / 2, 1000), "wait " + i + " was " + ms + " ms, base " + base);
        }
    }

    @Test
    void callerMistakesAndOurOwnExceptionsPassThroughUnmapped() {
        CallPipeline p = pipeline(3, Duration.ZERO, Duration.ZERO);
        IllegalArgumentException iae = new IllegalArgumentException("maxTokens: must be positive");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> p.call("chat", () -> {
            throw iae;
        })));
        ThrottledException own = new ThrottledException(ErrorInfo.builder("x", "chat").build(), "slow", null, null);
        AtomicInteger attempts = new AtomicInteger();
        assertSame(own, assertThrows(ThrottledException.class, () -> p.call("chat", () -> {
            attempts.incrementAndGet();
            throw own;
        })));
        assertEquals(3, attempts.get(), "an already-neutral retryable exception is still retried");
    }

    @Test
    void transportFailuresBecomeUnavailableAndAreRetried() {
        AtomicInteger attempts = new AtomicInteger();
        CallPipeline p = pipeline(2, Duration.ZERO, Duration.ZERO);
        var e = assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            attempts.incrementAndGet();
            throw new java.io.UncheckedIOException(new IOException("Connection reset"));
        }));
        assertEquals(2, attempts.get());
        assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
    }

    @Test
    void aMapperThatFailsStillYieldsANeutralException() {
        CallPipeline p = CallPipeline.builder("test", (op, err) -> {
            throw new IllegalStateException("mapper bug");
        }).retry(new RetrySettings(3, Duration.ZERO, Duration.ZERO)).timer(timer).calls(new OpenCalls()).build();
        var e = assertThrows(UnclassifiedException.class, () -> p.call("chat", () -> {
            throw new CloudError(500, null);
        }));
        assertFalse(e.isRetryable());
        assertEquals("mapper bug", e.getCause().getSuppressed()[0].getMessage());
    }

    @Test
    void asyncRetriesAreScheduledNotWaitedForOnAThread() throws Exception {
        FakeTimer manual = new FakeTimer().manual();
        CallPipeline p = CallPipeline.builder("test", MAPPER)
                .retry(new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(1))).timer(manual)
                .calls(new OpenCalls()).build();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = p.callAsync("chat", () -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new CloudError(429, "1"))
                : CompletableFuture.completedFuture("ok"));
        // callAsync returned with the retry parked on the timer: no thread is waiting for it.
        assertFalse(f.isDone());
        assertEquals(1, attempts.get());
        assertEquals(List.of(Duration.ofSeconds(1)), manual.waits);
        manual.runNext();
        assertEquals("ok", f.get());
        assertEquals(2, attempts.get());
    }

    @Test
    void asyncFailuresAreMappedAndCappedAtMaxAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = pipeline(3, Duration.ZERO, Duration.ZERO).callAsync("embed", () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new CloudError(500, null));
        });
        var e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(UnavailableException.class, e.getCause());
        assertEquals("embed", ((CloudAiException) e.getCause()).operation());
        assertEquals(3, attempts.get());
    }

    @Test
    void cancellingAnAsyncCallCancelsTheAttemptInFlightAndAnyPendingRetry() {
        FakeTimer manual = new FakeTimer().manual();
        CallPipeline p = CallPipeline.builder("test", MAPPER)
                .retry(new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(5))).timer(manual)
                .calls(new OpenCalls()).build();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = p.callAsync("chat", () -> {
            attempts.incrementAndGet();
            return inFlight;
        });
        f.cancel(true);
        assertTrue(inFlight.isCancelled(), "the provider's future is cancelled, which cancels its HTTP request");
        assertEquals(1, attempts.get());
        assertTrue(manual.pending.isEmpty());
    }

    @Test
    void aClosedPipelineRefusesNewCalls() {
        OpenCalls closed = new OpenCalls();
        closed.close();
        CallPipeline p = CallPipeline.builder("test", MAPPER).retry(RetrySettings.DEFAULTS).timer(timer).calls(closed)
                .build();
        assertThrows(IllegalStateException.class, () -> p.call("chat", () -> "x"));
    }

    @Test
    void callOnceMapsButNeverRetries() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(UnavailableException.class, () -> pipeline(5, Duration.ZERO, Duration.ZERO).callOnce("deploy", () -> {
            attempts.incrementAndGet();
            throw new CloudError(503, null);
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void interruptingABlockingBackoffStopsRetryingAndKeepsTheInterruptFlag() {
        Timer interrupting = new Timer() {
            @Override
            public void sleep(Duration delay) throws InterruptedException {
                throw new InterruptedException("test");
            }

            @Override
            public void schedule(Runnable task, Duration delay) {
                task.run();
            }

            @Override
            public Runnable deadline(Runnable task, Duration delay) {
                return () -> { };
            }
        };
        AtomicInteger attempts = new AtomicInteger();
        CallPipeline p = CallPipeline.builder("test", MAPPER)
                .retry(new RetrySettings(5, Duration.ofMillis(1), Duration.ofMillis(1))).timer(interrupting)
                .calls(new OpenCalls()).build();
        var e = assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            attempts.incrementAndGet();
            throw new CloudError(503, null);
        }));
        assertEquals(1, attempts.get());
        assertTrue(Thread.interrupted(), "the interrupt flag is restored (and cleared here)");
        assertInstanceOf(InterruptedException.class, e.getSuppressed()[0]);
    }

    /**
     * Throttles asking for waits far past any deadline, as a gRPC RetryInfo may (HTTP headers are capped at a day when
     * parsed): about 295 years overflows a long as nanoseconds, which once turned "no time left" into a retry that
     * waits for nothing; about 292 million years overflows even as milliseconds, which once threw ArithmeticException.
     */
    private static final List<Duration> WAITS_PAST_ANY_DEADLINE = List.of(Duration.ofMillis(9_300_000_000_000L),
            Duration.ofSeconds(Long.MAX_VALUE));

    private static ErrorMapper throttledFor(Duration retryAfter) {
        return (operation, error) -> new ThrottledException(ErrorInfo.builder("test", operation).build(), "slow down",
                retryAfter, error);
    }

    @Test
    void aRetryAfterPastTheDeadlineFailsAtOnceWithTheThrottleItself() {
        for (Duration retryAfter : WAITS_PAST_ANY_DEADLINE) {
            AtomicInteger attempts = new AtomicInteger();
            FakeTimer waits = new FakeTimer();
            CallPipeline p = CallPipeline.builder("test", throttledFor(retryAfter))
                    .retry(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(1))).timer(waits)
                    .calls(new OpenCalls()).build();
            ThrottledException e = assertThrows(ThrottledException.class, () -> p.call("chat", () -> {
                attempts.incrementAndGet();
                throw new CloudError(429, null);
            }), retryAfter::toString);
            assertEquals(retryAfter, e.retryAfter().orElseThrow());
            assertEquals(1, attempts.get(), () -> retryAfter + ": no retry can start before the deadline, so none is made");
            assertEquals(List.of(), waits.waits, () -> retryAfter + ": nothing waited for");
        }
    }

    @Test
    void anAsyncRetryAfterPastTheDeadlineFailsAtOnceWithTheThrottleItself() {
        for (Duration retryAfter : WAITS_PAST_ANY_DEADLINE) {
            FakeTimer manual = new FakeTimer().manual();
            CallPipeline p = CallPipeline.builder("test", throttledFor(retryAfter))
                    .retry(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(1))).timer(manual)
                    .calls(new OpenCalls()).build();
            CompletableFuture<String> f = p.callAsync("chat", () -> CompletableFuture.failedFuture(new CloudError(429, null)));
            assertTrue(f.isDone(), () -> retryAfter + ": failed at once, not at the deadline");
            assertInstanceOf(ThrottledException.class, assertThrows(ExecutionException.class, f::get).getCause());
            assertTrue(manual.pending.isEmpty(), () -> retryAfter + ": no retry scheduled");
        }
    }

    @Test
    void aBackoffLongerThanTheDeadlineFailsAtOnceWithTheServerErrorItself() {
        AtomicInteger attempts = new AtomicInteger();
        CallPipeline p = pipeline(3, Duration.ofHours(1), Duration.ofHours(1));   // the default deadline is 120 s
        assertThrows(UnavailableException.class, () -> p.call("chat", () -> {
            attempts.incrementAndGet();
            throw new CloudError(503, null);
        }));
        assertEquals(1, attempts.get());
        CompletableFuture<String> f = p.callAsync("chat", () -> CompletableFuture.failedFuture(new CloudError(503, null)));
        assertInstanceOf(UnavailableException.class, assertThrows(ExecutionException.class, f::get).getCause());
    }

    @Test
    void closingEndsAnAsyncCallWaitingForItsRetryAndTheRetryNeverRuns() {
        FakeTimer manual = new FakeTimer().manual();
        OpenCalls calls = new OpenCalls();
        CallPipeline p = CallPipeline.builder("test", MAPPER)
                .retry(new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(5))).timer(manual).calls(calls)
                .build();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> f = p.callAsync("chat", () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new CloudError(503, null));
        });
        assertEquals(1, calls.size(), "the call waiting for its retry is open");

        calls.close();
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, f::get).getCause());
        assertTrue(e.getMessage().contains("was closed while this chat call was open"), e.getMessage());
        manual.runNext();   // the retry that was due: it finds the call ended
        assertEquals(1, attempts.get(), "no request after close");
        assertEquals(0, calls.size());
    }

    @Test
    void closingEndsAnAsyncCallInFlightAndCancelsItsRequest() {
        OpenCalls calls = new OpenCalls();
        CallPipeline p = CallPipeline.builder("test", MAPPER).retry(RetrySettings.DEFAULTS)
                .timer(new FakeTimer().manual()).calls(calls).build();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<String> f = p.callAsync("chat", () -> inFlight);

        calls.close();
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, f::get).getCause());
        assertTrue(inFlight.isCancelled(), "the provider's request is cancelled");
        inFlight.obtrudeValue("late");   // a late answer changes nothing
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, f::get).getCause());
    }

    @Test
    void closingInterruptsABlockingCallAndLeavesTheCallersThreadUninterrupted() throws Exception {
        OpenCalls calls = new OpenCalls();
        CallPipeline p = CallPipeline.builder("test", MAPPER).retry(RetrySettings.DEFAULTS).timer(timer).calls(calls)
                .build();
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            Throwable failure = null;
            try {
                p.callOnce("deploy", () -> {
                    entered.countDown();
                    try {
                        new java.util.concurrent.CountDownLatch(1).await();   // a wait only an interrupt ends
                        return "never";
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while polling", ie);
                    }
                });
            } catch (Throwable t) {
                failure = t;
            }
            outcome.complete(Thread.currentThread().isInterrupted() ? new AssertionError("left interrupted", failure) : failure);
        });
        caller.start();
        assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));

        calls.close();
        Throwable failure = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure);
        assertTrue(e.getMessage().contains("was closed while this deploy call was open"), e.getMessage());
    }

    @Test
    void aCallTheCallerCancelsIsReportedOnceAsCancelled() {
        List<dev.cloudai.resilience.CallListener.CallFinished> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.cloudai.resilience.CallListener listener = new dev.cloudai.resilience.CallListener() {
            @Override
            public void onCallFinished(CallFinished event) {
                finished.add(event);
            }
        };
        CallPipeline p = CallPipeline.builder("test", MAPPER).retry(RetrySettings.DEFAULTS)
                .resilience(dev.cloudai.config.ResilienceSettings.DEFAULTS).timer(new FakeTimer().manual())
                .calls(new OpenCalls()).listener(listener).build();
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<String> f = p.callAsync("chat", () -> inFlight);

        f.cancel(true);
        inFlight.complete("late");   // what the provider does after the cancel changes nothing
        assertEquals(1, finished.size(), finished::toString);
        assertTrue(finished.get(0).failure().orElseThrow().startsWith("CancellationException"), finished::toString);
    }
}

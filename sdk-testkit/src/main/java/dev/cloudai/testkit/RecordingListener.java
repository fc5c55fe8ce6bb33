package dev.cloudai.testkit;

import dev.cloudai.resilience.CallListener;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CallListener} for tests that records every event the call pipeline reports and lets a test wait for
 * the ones that arrive on other threads (an async call's outcome, a retry being scheduled) without sleeping.
 * Needs no test framework: a failed wait or check throws {@link AssertionError}.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * try (CloudAi ai = CloudAi.create(config, events)) {
 *     ai.chatModel("default").chatAsync(ChatRequest.ofUser("Hello")).join();
 * }
 * CallListener.CallFinished outcome = events.assertOneCallFinished(null, Duration.ofSeconds(5));   // a success
 * assertEquals(List.of(), events.retries());
 * }</pre>
 *
 * Thread-safe: the pipeline may report from the caller's thread, an I/O thread, its timer or a closing thread.
 */
public final class RecordingListener implements CallListener {
    private final ConcurrentLinkedQueue<CallStarted> started = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Retry> retries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fallback> fallbacks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CircuitStateChange> circuitChanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CallFinished> finished = new ConcurrentLinkedQueue<>();
    // Replaced, not drained, by clear(): a wait that began before it must not take a permit released after it.
    private volatile Semaphore finishedPermits = new Semaphore(0);
    private volatile Semaphore retryPermits = new Semaphore(0);

    @Override
    public void onCallStarted(CallStarted event) {
        started.add(event);
    }

    @Override
    public void onAttempt(Attempt event) {
        attempts.add(event);
    }

    @Override
    public void onRetry(Retry event) {
        retries.add(event);
        retryPermits.release();
    }

    @Override
    public void onFallback(Fallback event) {
        fallbacks.add(event);
    }

    @Override
    public void onCircuitStateChange(CircuitStateChange event) {
        circuitChanges.add(event);
    }

    @Override
    public void onCallFinished(CallFinished event) {
        finished.add(event);
        finishedPermits.release();
    }

    /** The calls reported as started so far, in the order they arrived. */
    public List<CallStarted> started() {
        return List.copyOf(started);
    }

    /** The attempts reported so far, in the order they arrived. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The retries reported so far, in the order they arrived. */
    public List<Retry> retries() {
        return List.copyOf(retries);
    }

    /** The fallbacks reported so far, in the order they arrived. */
    public List<Fallback> fallbacks() {
        return List.copyOf(fallbacks);
    }

    /** The circuit state changes reported so far, in the order they arrived. */
    public List<CircuitStateChange> circuitChanges() {
        return List.copyOf(circuitChanges);
    }

    /** The calls reported finished so far, in the order they arrived. */
    public List<CallFinished> finished() {
        return List.copyOf(finished);
    }

    /**
     * Waits until one more retry has been scheduled than this method has waited for before: the call is waiting
     * for that retry now.
     *
     * @throws AssertionError when none was scheduled within {@code wait}
     */
    public void awaitRetry(Duration wait) {
        if (!acquire(retryPermits, 1, wait)) throw new AssertionError("no retry was scheduled within " + wait + ": " + finished);
    }

    /**
     * Waits until {@code n} more calls have been reported finished, so that, say, none of them arrives after a
     * {@link #clear()}.
     *
     * @throws AssertionError when fewer finished within {@code wait}
     */
    public void awaitCallsFinished(int n, Duration wait) {
        if (n < 1) throw new IllegalArgumentException("n: must be at least 1, was " + n);
        if (!acquire(finishedPermits, n, wait)) throw new AssertionError(n + " outcomes expected: " + finished);
    }

    /**
     * Asserts that exactly one call was reported finished: a success when {@code failure} is null (its usage
     * reported), otherwise a failure whose description starts with that exception's simple name. Waits for the
     * report first: an async caller may see its future complete a moment before a later report arrives.
     *
     * @return the one {@link CallFinished}
     * @throws AssertionError when no outcome arrived within {@code wait}, or another number of outcomes or another
     *                        outcome was reported
     */
    public CallFinished assertOneCallFinished(Class<? extends Throwable> failure, Duration wait) {
        if (!acquire(finishedPermits, 1, wait)) throw new AssertionError("no outcome was reported");
        if (finished.size() != 1) throw new AssertionError("one logical call, one outcome: " + finished);
        CallFinished f = Objects.requireNonNull(finished.peek());
        if (failure == null) {
            if (f.failure().isPresent()) throw new AssertionError("the call succeeded, but failed: " + f.failure().get());
            if (f.usage().isEmpty()) throw new AssertionError("the answer's usage is reported once: " + f);
        } else {
            Optional<String> matching = f.failure().filter(m -> m.startsWith(failure.getSimpleName()));
            if (matching.isEmpty()) throw new AssertionError("the call failed with " + failure.getSimpleName() + ": " + f.failure());
        }
        return f;
    }

    /** Forgets every event recorded so far, and what the waits counted. */
    public void clear() {
        started.clear();
        attempts.clear();
        retries.clear();
        fallbacks.clear();
        circuitChanges.clear();
        finished.clear();
        finishedPermits = new Semaphore(0);
        retryPermits = new Semaphore(0);
    }

    private static boolean acquire(Semaphore permits, int n, Duration wait) {
        try {
            return permits.tryAcquire(n, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

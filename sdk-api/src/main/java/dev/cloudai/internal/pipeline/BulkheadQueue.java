package dev.cloudai.internal.pipeline;

import io.github.resilience4j.bulkhead.Bulkhead;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One operation's bulkhead, for both kinds of caller: a blocking call waits for a permit (up to the deadline); an
 * async call that finds none parks its next step in a queue, and the call that releases a permit starts it, so no
 * thread waits. Resilience4j's bulkhead counts the permits; this adds the queue it lacks. Not API.
 *
 * <pre>{@code
 * BulkheadQueue slots = guards.bulkhead("chat");   // null when concurrency is not limited
 * slots.runWithPermit(() -> send(request));        // send must call slots.release() when the request ends
 * }</pre>
 */
public final class BulkheadQueue {
    private final Bulkhead bulkhead;
    private final Duration maxWait;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final Object released = new Object();

    BulkheadQueue(Bulkhead bulkhead, Duration maxWait) {
        this.bulkhead = bulkhead;
        this.maxWait = maxWait;
    }

    /** Blocks until a permit is free; false when none freed up within the deadline (or on interrupt). */
    public boolean acquire() {
        long until = System.nanoTime() + maxWait.toNanos();
        synchronized (released) {
            while (!bulkhead.tryAcquirePermission()) {
                long left = until - System.nanoTime();
                if (left <= 0) return false;
                try {
                    released.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Runs {@code task} with a permit now, or as soon as one is released; the task must {@link #release()} it. */
    public void runWithPermit(Runnable task) {
        if (bulkhead.tryAcquirePermission()) {
            task.run();
            return;
        }
        waiting.add(task);
        // A permit may have been released between the failed try and the add: look again, so nothing strands.
        drain();
    }

    /** Gives a permit back and starts the longest-waiting task, if any, or wakes a blocked caller. */
    public void release() {
        bulkhead.onComplete();
        drain();
        synchronized (released) {
            released.notifyAll();
        }
    }

    private void drain() {
        while (!waiting.isEmpty() && bulkhead.tryAcquirePermission()) {
            Runnable next = waiting.poll();
            if (next == null) {
                bulkhead.onComplete();
                return;
            }
            next.run();
        }
    }

    /** Calls in flight now. */
    public int inUse() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }
}

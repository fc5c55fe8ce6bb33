package dev.cloudai.internal.pipeline;

import java.time.Duration;

/**
 * Waits between attempts. The pipeline never calls {@code Thread.sleep} or a scheduler directly, so tests can
 * substitute a timer that records the waits and runs at once. Not API: may change without notice.
 *
 * <pre>{@code
 * timer.schedule(this::nextAttempt, Duration.ofMillis(wait));              // an async retry, no thread waiting
 * Runnable cancel = timer.deadline(this::expire, Duration.ofSeconds(120));  // run cancel.run() when the call ends
 * }</pre>
 */
public interface Timer {

    /** Blocks the calling thread for {@code delay}; used by blocking calls only. */
    void sleep(Duration delay) throws InterruptedException;

    /** Runs {@code task} after {@code delay} without blocking the caller; used by async calls and streams. */
    void schedule(Runnable task, Duration delay);

    /**
     * Runs {@code task} at a call's deadline unless the returned handle runs first. Calls end long before their
     * deadline as a rule, so every call cancels its deadline when it ends, or timers would pile up.
     *
     * @return runs to cancel the deadline; harmless after it fired
     */
    Runnable deadline(Runnable task, Duration delay);
}

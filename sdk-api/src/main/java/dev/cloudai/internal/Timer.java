package dev.cloudai.internal;

import java.time.Duration;

/**
 * Waits between attempts. The pipeline never calls {@code Thread.sleep} or a scheduler directly, so tests can
 * substitute a timer that records the waits and runs at once. Not API: may change without notice.
 */
public interface Timer {

    /** Blocks the calling thread for {@code delay}; used by blocking calls only. */
    void sleep(Duration delay) throws InterruptedException;

    /** Runs {@code task} after {@code delay} without blocking the caller; used by async calls and streams. */
    void schedule(Runnable task, Duration delay);
}

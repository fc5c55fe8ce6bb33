package dev.cloudai.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link Timer}: {@code Thread.sleep} for blocking calls, one daemon scheduler thread for async ones.
 * The scheduled tasks only start the next attempt's non-blocking I/O, so one thread serves any number of calls.
 * Not API: may change without notice.
 *
 * <pre>{@code
 * SystemTimer timer = new SystemTimer();   // one per CloudAi, shared by its providers' pipelines
 * timer.close();                           // on CloudAi.close(), after every open call has ended
 * }</pre>
 */
public final class SystemTimer implements Timer, AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ScheduledThreadPoolExecutor scheduler;

    public SystemTimer() {
        String name = "cloudai-retry-timer-" + INSTANCES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        if (!delay.isZero()) Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
    }

    /**
     * Schedules {@code task}; after {@link #close()} it is dropped. Only calls that have already ended ask then: the
     * owner ends every open call before it closes the timer, and a late callback of such a call must not throw
     * {@link RejectedExecutionException} into the cloud SDK thread that runs it.
     */
    @Override
    public void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // dropped: see above
        }
    }

    @Override
    public Runnable deadline(Runnable task, Duration delay) {
        try {
            ScheduledFuture<?> f = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> { };
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return scheduler.isShutdown();
    }

    /** Stops the scheduler thread; pending retries are dropped. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

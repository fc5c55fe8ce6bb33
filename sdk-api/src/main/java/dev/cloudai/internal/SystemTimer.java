package dev.cloudai.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link Timer}: {@code Thread.sleep} for blocking calls, one daemon scheduler thread for async ones.
 * The scheduled tasks only start the next attempt's non-blocking I/O, so one thread serves any number of calls.
 * Not API: may change without notice.
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

    @Override
    public void schedule(Runnable task, Duration delay) {
        scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Runnable deadline(Runnable task, Duration delay) {
        java.util.concurrent.ScheduledFuture<?> f = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Stops the scheduler thread; pending retries are dropped. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

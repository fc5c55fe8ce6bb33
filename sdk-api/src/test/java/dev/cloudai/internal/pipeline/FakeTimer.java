package dev.cloudai.internal.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A timer that never waits: it records every wait asked for. Blocking sleeps return at once; scheduled tasks
 * either run at once or, with {@link #manual()}, wait in a queue until the test runs them.
 */
public final class FakeTimer implements Timer {
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    final Deque<Runnable> pending = new ArrayDeque<>();
    private boolean manual;

    FakeTimer manual() {
        manual = true;
        return this;
    }

    @Override
    public void sleep(Duration delay) {
        waits.add(delay);
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        waits.add(delay);
        if (manual) pending.add(task);
        else task.run();
    }

    final List<Runnable> deadlines = Collections.synchronizedList(new ArrayList<>());
    final List<Runnable> cancelledDeadlines = Collections.synchronizedList(new ArrayList<>());

    /** Records the deadline; it fires only when a test calls {@link #fireDeadlines()}. */
    @Override
    public Runnable deadline(Runnable task, Duration delay) {
        deadlines.add(task);
        return () -> cancelledDeadlines.add(task);
    }

    /** Fires every deadline not cancelled yet, as if the calls' time had run out. */
    void fireDeadlines() {
        for (Runnable d : List.copyOf(deadlines)) {
            if (!cancelledDeadlines.contains(d)) d.run();
        }
    }

    /** Runs the oldest pending task; fails the test if there is none. */
    void runNext() {
        Runnable r;
        synchronized (this) {
            r = pending.poll();
        }
        if (r == null) throw new AssertionError("no scheduled task is pending");
        r.run();
    }
}

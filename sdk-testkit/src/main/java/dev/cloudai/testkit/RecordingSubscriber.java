package dev.cloudai.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Flow.Subscriber} for tests that records what a publisher signals and checks that it keeps the Reactive
 * Streams rules a caller relies on: nothing before {@code onSubscribe}, no item beyond the demand signalled, nothing
 * after a terminal signal, at most one terminal signal. It asks for {@code batch} items at a time.
 *
 * <p>A subscriber that asks for the next item from inside {@code onNext} cannot tell a publisher that waits for
 * demand from one that pushes everything at once: the demand is always back before the next push. To catch the
 * latter, {@link #slowConsumer(Duration)} asks for the next item only a pause after each one arrived, from another
 * thread, as a slow application would.
 *
 * <pre>{@code
 * RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.slowConsumer(Duration.ofMillis(20));
 * chat.stream(ChatRequest.ofUser("Hello")).subscribe(chunks);
 * List<ChatChunk> all = chunks.awaitCompletion(Duration.ofSeconds(5));
 * assertEquals(List.of(), chunks.violations());
 * }</pre>
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    private final long batch;
    private final int cancelAfter;
    private final Executor requester;
    private final List<T> items = new ArrayList<>();          // guarded by this
    private final List<String> violations = new ArrayList<>(); // guarded by this
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();
    private Flow.Subscription subscription;                   // guarded by this
    private long outstanding;                                 // guarded by this: requested, not yet received
    private boolean terminated;                               // guarded by this
    private boolean cancelled;                                // guarded by this
    private boolean requestScheduled;                         // guarded by this: the next request is on its way

    private RecordingSubscriber(long batch, int cancelAfter, Executor requester) {
        if (batch < 1) throw new IllegalArgumentException("batch: must be at least 1, was " + batch);
        this.batch = batch;
        this.cancelAfter = cancelAfter;
        this.requester = requester;
    }

    /** Requests one item, and the next from inside {@code onNext}, once it arrived. */
    public static <T> RecordingSubscriber<T> oneAtATime() {
        return new RecordingSubscriber<>(1, Integer.MAX_VALUE, Runnable::run);
    }

    /**
     * Requests one item, and the next {@code pause} after it arrived, from another thread: a publisher that pushes
     * items nobody asked for is caught.
     */
    public static <T> RecordingSubscriber<T> slowConsumer(Duration pause) {
        if (pause.isNegative() || pause.isZero()) throw new IllegalArgumentException("pause: must be positive, was " + pause);
        return new RecordingSubscriber<>(1, Integer.MAX_VALUE,
                CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Requests {@code batch} items at a time, the next batch from inside {@code onNext} once the last one arrived. */
    public static <T> RecordingSubscriber<T> requesting(long batch) {
        return new RecordingSubscriber<>(batch, Integer.MAX_VALUE, Runnable::run);
    }

    /**
     * Requests one item at a time and cancels the subscription once {@code count} items arrived; the recording then
     * counts as complete. Items arriving after the cancel are recorded as violations only if no demand covered them.
     */
    public static <T> RecordingSubscriber<T> cancellingAfter(int count) {
        if (count < 1) throw new IllegalArgumentException("count: must be at least 1, was " + count);
        return new RecordingSubscriber<>(1, count, Runnable::run);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean duplicate;
        synchronized (this) {
            duplicate = subscription != null;
            if (duplicate) {
                violations.add("onSubscribe was called twice (rule 2.5)");
            } else {
                subscription = s;
                outstanding = batch;
            }
        }
        if (duplicate) {
            s.cancel();
        } else {
            s.request(batch);
        }
    }

    @Override
    public void onNext(T item) {
        Flow.Subscription more = null;
        boolean cancelNow = false;
        synchronized (this) {
            if (subscription == null) violations.add("onNext before onSubscribe (rule 1.9)");
            if (item == null) violations.add("onNext(null) (rule 2.13)");
            if (terminated) violations.add("onNext after a terminal signal (rule 1.7): " + item);
            if (outstanding == 0) {
                violations.add("onNext without demand (rule 1.1): item " + (items.size() + 1) + " " + item);
            } else {
                outstanding--;
            }
            if (cancelled || item == null) return;
            items.add(item);
            if (items.size() >= cancelAfter) {
                cancelled = true;
                cancelNow = true;
            } else if (outstanding == 0 && subscription != null && !requestScheduled) {
                requestScheduled = true;
                more = subscription;
            }
        }
        if (cancelNow) {
            subscription.cancel();
            done.complete(items());
        } else if (more != null) {
            Flow.Subscription next = more;
            requester.execute(() -> {
                synchronized (this) {
                    requestScheduled = false;
                    if (cancelled || terminated) return;
                    outstanding += batch;   // counted before asking: the publisher may deliver inside request()
                }
                next.request(batch);
            });
        }
    }

    @Override
    public void onError(Throwable error) {
        synchronized (this) {
            if (terminated) violations.add("a second terminal signal, onError (rule 1.7): " + error);
            terminated = true;
            if (cancelled) return;
        }
        done.completeExceptionally(error == null ? new NullPointerException("onError(null) (rule 2.13)") : error);
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (terminated) violations.add("a second terminal signal, onComplete (rule 1.7)");
            terminated = true;
            if (cancelled) return;
        }
        done.complete(items());
    }

    /** Cancels the subscription; what arrives afterwards is not recorded. */
    public void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            cancelled = true;
            s = subscription;
        }
        if (s != null) s.cancel();
        done.complete(items());
    }

    /**
     * Waits for {@code onComplete} (or the cancel of {@link #cancellingAfter}) and returns the items.
     *
     * @throws AssertionError when the publisher failed instead, or nothing ended within {@code timeout}
     */
    public List<T> awaitCompletion(Duration timeout) {
        try {
            return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the publisher failed after " + items() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the publisher neither completed nor failed within " + timeout + "; received " + items());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the publisher", e);
        }
    }

    /**
     * Waits for {@code onError} and returns the error.
     *
     * @throws AssertionError when the publisher completed instead, or nothing ended within {@code timeout}
     */
    public Throwable awaitError(Duration timeout) {
        try {
            List<T> got = done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("the publisher completed normally with " + got + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the publisher neither completed nor failed within " + timeout + "; received " + items());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the publisher", e);
        }
    }

    /** The items received so far, in order. */
    public synchronized List<T> items() {
        return List.copyOf(items);
    }

    /** The Reactive Streams rules the publisher broke so far; empty for a well-behaved publisher. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}

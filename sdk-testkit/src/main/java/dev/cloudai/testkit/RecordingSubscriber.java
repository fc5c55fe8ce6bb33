package dev.cloudai.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link Flow.Subscriber} for tests that records what a publisher signals and checks that it keeps the Reactive
 * Streams rules a caller relies on: {@code onSubscribe} first and once, no item beyond the demand signalled, signals
 * one at a time and never re-entered, nothing after a terminal signal, at most one terminal signal. It asks for
 * {@code batch} items at a time, or, made with {@link #manual()}, only when the test calls {@link #request(long)}.
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
 *
 * {@link PublisherRules} builds its checks on this class.
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    private final long batch;
    private final int cancelAfter;
    private final Executor requester;
    private final List<T> items = new ArrayList<>();          // guarded by this
    private final List<String> violations = new ArrayList<>(); // guarded by this
    private final List<String> signals = new ArrayList<>();    // guarded by this: every signal, in order
    private final List<String> afterCancel = new ArrayList<>(); // guarded by this: the signals that came after cancel()
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();
    private volatile Consumer<? super T> duringOnNext = item -> { };
    private Flow.Subscription subscription;                   // guarded by this
    private long outstanding;                                 // guarded by this: requested, not yet received
    private boolean terminated;                               // guarded by this
    private boolean cancelled;                                // guarded by this
    private boolean requestScheduled;                         // guarded by this: the next request is on its way
    private Thread inOnNext;                                  // guarded by this: the thread inside onNext, if any
    private int depth;                                        // guarded by this: onNext calls open on that thread
    private int maxDepth;                                     // guarded by this

    private RecordingSubscriber(long batch, int cancelAfter, Executor requester) {
        if (batch < 0) throw new IllegalArgumentException("batch: must not be negative, was " + batch);
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
        if (batch < 1) throw new IllegalArgumentException("batch: must be at least 1, was " + batch);
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

    /**
     * Requests nothing by itself: the test signals demand with {@link #request(long)} (any value, {@code 0} and
     * negative ones included, to see how the publisher answers them) and cancels with {@link #cancel()}.
     *
     * <pre>{@code
     * RecordingSubscriber<ChatChunk> s = RecordingSubscriber.manual();
     * publisher.subscribe(s);
     * s.request(0);
     * assertInstanceOf(IllegalArgumentException.class, s.awaitError(WAIT));   // Reactive Streams rule 3.9
     * }</pre>
     */
    public static <T> RecordingSubscriber<T> manual() {
        return new RecordingSubscriber<>(0, Integer.MAX_VALUE, Runnable::run);
    }

    /**
     * Runs {@code action} inside each {@code onNext}, after the item was recorded and before this subscriber asks
     * for more: to call {@link #request(long)} or {@link #cancel()} from there, or from another thread while the
     * publisher waits for {@code onNext} to return. Set it before subscribing.
     */
    public RecordingSubscriber<T> duringOnNext(Consumer<? super T> action) {
        this.duringOnNext = Objects.requireNonNull(action, "action");
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean duplicate;
        synchronized (this) {
            signals.add("onSubscribe");
            duplicate = subscription != null;
            if (s == null) violations.add("onSubscribe(null) (rule 2.13)");
            if (duplicate) {
                violations.add("onSubscribe was called twice (rule 2.5)");
            } else {
                subscription = s;
                outstanding = batch;
            }
            notifyAll();
        }
        if (s == null) return;
        if (duplicate) {
            s.cancel();
        } else if (batch > 0) {
            s.request(batch);
        }
    }

    @Override
    public void onNext(T item) {
        Flow.Subscription more = null;
        boolean cancelNow = false;
        synchronized (this) {
            signals.add("onNext(" + item + ")");
            if (cancelled) afterCancel.add("onNext(" + item + ")");
            if (subscription == null) violations.add("onNext before onSubscribe (rule 1.9)");
            if (item == null) violations.add("onNext(null) (rule 2.13)");
            if (terminated) violations.add("onNext after a terminal signal (rule 1.7): " + item);
            if (outstanding == 0) {
                violations.add("onNext without demand (rule 1.1): item " + (items.size() + 1) + " " + item);
            } else {
                outstanding--;
            }
            enter();
            notifyAll();
            if (cancelled || item == null) {
                exit();
                return;
            }
            items.add(item);
        }
        try {
            duringOnNext.accept(item);
            synchronized (this) {
                if (cancelled) return;
                if (items.size() >= cancelAfter) {
                    cancelled = true;
                    cancelNow = true;
                } else if (batch > 0 && outstanding == 0 && subscription != null && !requestScheduled) {
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
        } finally {
            synchronized (this) {
                exit();
            }
        }
    }

    /** Notes a thread entering onNext: another thread inside it is concurrent signalling, the same one recursion. */
    private void enter() {
        Thread current = Thread.currentThread();
        if (inOnNext != null && inOnNext != current) {
            violations.add("onNext on " + current.getName() + " while " + inOnNext.getName()
                    + " was still inside onNext: signals must not overlap (rule 1.3)");
            return;
        }
        inOnNext = current;
        maxDepth = Math.max(maxDepth, ++depth);
    }

    private void exit() {
        if (inOnNext == Thread.currentThread() && --depth == 0) inOnNext = null;
    }

    @Override
    public void onError(Throwable error) {
        synchronized (this) {
            signals.add("onError(" + error + ")");
            if (cancelled) afterCancel.add("onError(" + error + ")");
            if (subscription == null) violations.add("onError before onSubscribe (rule 1.9): " + error);
            if (terminated) violations.add("a second terminal signal, onError (rule 1.7): " + error);
            terminated = true;
            notifyAll();
            if (cancelled) return;
        }
        done.completeExceptionally(error == null ? new NullPointerException("onError(null) (rule 2.13)") : error);
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            signals.add("onComplete");
            if (cancelled) afterCancel.add("onComplete");
            if (subscription == null) violations.add("onComplete before onSubscribe (rule 1.9)");
            if (terminated) violations.add("a second terminal signal, onComplete (rule 1.7)");
            terminated = true;
            notifyAll();
            if (cancelled) return;
        }
        done.complete(items());
    }

    /**
     * Signals demand for {@code n} more items; counted before the call, since the publisher may deliver inside it.
     * Any {@code n} is passed on as it is.
     *
     * @throws IllegalStateException before {@code onSubscribe}
     */
    public void request(long n) {
        Flow.Subscription s;
        synchronized (this) {
            s = subscription;
            if (s == null) throw new IllegalStateException("request(" + n + "): no onSubscribe yet");
            if (n > 0) outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
        }
        s.request(n);
    }

    /** Cancels the subscription; what arrives afterwards is not recorded, only listed in {@link #afterCancel()}. */
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

    /**
     * Waits until {@code count} items arrived and returns them.
     *
     * @throws AssertionError when the publisher ended first, or fewer arrived within {@code timeout}
     */
    public List<T> awaitItems(int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (items.size() < count) {
                if (terminated) {
                    throw new AssertionError("the publisher ended (" + signals.get(signals.size() - 1) + ") after "
                            + items + ", before item " + count);
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + items.size() + " of " + count + " items arrived within " + timeout
                            + ": " + items);
                }
                waitNanos(left);
            }
            return List.copyOf(items);
        }
    }

    /**
     * Waits up to {@code quiet} for a signal beyond the first {@code seen} ones and returns what came (nothing, for a
     * publisher that keeps quiet). Returns as soon as something comes.
     */
    public List<String> awaitSignalsAfter(int seen, Duration quiet) {
        long end = System.nanoTime() + quiet.toNanos();
        synchronized (this) {
            long left;
            while (signals.size() <= seen && (left = end - System.nanoTime()) > 0) waitNanos(left);
            return signals.size() <= seen ? List.of() : List.copyOf(signals.subList(seen, signals.size()));
        }
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the publisher", e);
        }
    }

    /** The items received so far, in order. */
    public synchronized List<T> items() {
        return List.copyOf(items);
    }

    /** Every signal so far, in order: {@code onSubscribe}, {@code onNext(item)}, {@code onError(e)}, {@code onComplete}. */
    public synchronized List<String> signals() {
        return List.copyOf(signals);
    }

    /** The signals that arrived after {@link #cancel()} (or the cancel of {@link #cancellingAfter}) was called. */
    public synchronized List<String> afterCancel() {
        return List.copyOf(afterCancel);
    }

    /** The deepest onNext nesting seen: 1 when {@code onNext} was never re-entered from a request made inside it. */
    public synchronized int maxOnNextDepth() {
        return maxDepth;
    }

    /** The Reactive Streams rules the publisher broke so far; empty for a well-behaved publisher. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}

package dev.cloudai.internal.pipeline;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscription a {@link ResubscribingPublisher}'s subscriber sees: it outlives the upstreams, keeps the demand
 * not yet met, and is what a {@link ResubscribingPublisher.Policy} drives (open the next upstream, end the stream).
 * Not API.
 *
 * <pre>{@code
 * public void recover(Resubscription<T> stream, Throwable failure) {
 *     if (movesOn(failure)) stream.subscribeTo(nextUpstream()); else stream.fail(failure);
 * }
 * }</pre>
 */
public final class Resubscription<T> implements Flow.Subscription {
    private final ResubscribingPublisher.Policy<T> policy;
    private final Flow.Subscriber<? super T> downstream;
    private final Object lock = new Object();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private long demand;                 // guarded by lock: requested by the subscriber, not yet delivered
    private Flow.Subscription upstream;  // guarded by lock: the current upstream's subscription
    private AttemptPermit permit;        // guarded by lock: what the current upstream holds, if anything
    private long toRequest;              // guarded by lock: demand not yet passed on to the current upstream
    private boolean requesting;          // guarded by lock: a thread is passing demand on (see passDemandOn)
    private volatile boolean cancelled;
    private volatile boolean delivered;  // an item reached the subscriber: no more switching

    Resubscription(ResubscribingPublisher.Policy<T> policy, Flow.Subscriber<? super T> downstream) {
        this.policy = policy;
        this.downstream = downstream;
    }

    /** Lets the policy open the first upstream; called once, after the subscriber's {@code onSubscribe}. */
    void start() {
        policy.start(this);
    }

    /** Whether the stream has ended or the subscriber cancelled: nothing more should start. */
    public boolean isOver() {
        return cancelled || terminated.get();
    }

    /** Whether an item has reached the subscriber. */
    public boolean hasDelivered() {
        return delivered;
    }

    /**
     * Makes {@code granted} the permit of the upstream about to be subscribed; released when that upstream ends.
     *
     * @return false when the stream is over: the permit was abandoned, and no upstream should be opened
     */
    boolean hold(AttemptPermit granted) {
        synchronized (lock) {
            if (isOver()) {
                granted.abandoned();
                return false;
            }
            permit = granted;
            return true;
        }
    }

    /** Subscribes to the next upstream; the demand not yet met is passed on to it. */
    public void subscribeTo(Flow.Publisher<? extends T> next) {
        next.subscribe(new Upstream());
    }

    /** The current upstream failed, signalled or thrown while it was opened. */
    public void upstreamFailed(Throwable error) {
        AttemptPermit held = detach().permit();
        Throwable failure = policy.translate(error);
        if (held != null) held.failed(failure);
        if (isOver()) return;
        if (delivered) fail(failure);   // after an item, never switched
        else policy.recover(this, failure);
    }

    /** Ends the stream with {@code failure} unless it has ended; the current upstream is cancelled, its permit abandoned. */
    public void fail(Throwable failure) {
        end(failure, false);
    }

    /** As {@link #fail}, counting {@code failure} against the current upstream's permit (a deadline, say). */
    void failUpstream(Throwable failure) {
        end(failure, true);
    }

    private void end(Throwable failure, boolean upstreamsFault) {
        if (isOver()) return;
        Attached was = detach();
        if (was.permit() != null) {
            if (upstreamsFault) was.permit().failed(failure);
            else was.permit().abandoned();
        }
        if (was.upstream() != null) was.upstream().cancel();
        signalError(failure);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Rule 3.9, answered here: passed on to an upstream it could be lost, when that upstream fails at the
            // same moment and the stream moves to the next one.
            stop();
            signalError(new IllegalArgumentException("request: demand must be positive, was " + n
                    + " (Reactive Streams rule 3.9)"));
            return;
        }
        synchronized (lock) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (upstream == null) return;   // the next upstream is asked for the whole demand when it subscribes
            toRequest = toRequest + n < 0 ? Long.MAX_VALUE : toRequest + n;
        }
        passDemandOn();
    }

    /**
     * Passes {@link #toRequest} on to the current upstream, outside the lock: the upstream may deliver items on
     * this very thread, and the subscriber's {@code onNext} must not run under our lock, where a request or cancel
     * from another thread would wait for it (rules 2.7, 3.4). One thread at a time does it, so the upstream's
     * {@code request} calls stay serial; demand added meanwhile, from inside {@code onNext} too, is passed on by
     * that thread's next turn, which also bounds recursion (rule 3.3).
     */
    private void passDemandOn() {
        synchronized (lock) {
            if (requesting) return;
            requesting = true;
        }
        while (true) {
            Flow.Subscription s;
            long n;
            synchronized (lock) {
                s = upstream;
                n = toRequest;
                toRequest = 0;
                if (s == null || n == 0) {
                    requesting = false;
                    return;
                }
            }
            s.request(n);
        }
    }

    /**
     * The subscriber's cancel ends the stream: the policy hears it now, once, as cancelled, and nothing the
     * cancelled upstream signals afterwards (a failure caused by the cancel, say) is reported or retried.
     */
    @Override
    public void cancel() {
        stop();
        if (terminated.compareAndSet(false, true)) {
            policy.ended(new CancellationException("the subscriber cancelled the stream"));
        }
    }

    /** Stops the upstream in flight and any switch to come. */
    private void stop() {
        cancelled = true;
        Attached was = detach();
        if (was.permit() != null) was.permit().abandoned();
        if (was.upstream() != null) was.upstream().cancel();
    }

    private void signalError(Throwable failure) {
        if (terminated.compareAndSet(false, true)) {
            policy.ended(failure);
            downstream.onError(failure);
        }
    }

    /** What the current upstream holds, taken away under the lock so that exactly one path releases it. */
    private record Attached(Flow.Subscription upstream, AttemptPermit permit) {
    }

    private Attached detach() {
        synchronized (lock) {
            Attached was = new Attached(upstream, permit);
            upstream = null;
            permit = null;
            toRequest = 0;
            return was;
        }
    }

    /** The subscriber of one upstream. */
    private final class Upstream implements Flow.Subscriber<T> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (lock) {
                if (isOver()) {
                    subscription.cancel();
                    return;
                }
                upstream = subscription;
                toRequest = demand;
            }
            passDemandOn();
        }

        @Override
        public void onNext(T item) {
            if (isOver()) return;
            boolean first = !delivered;
            if (first) delivered = true;
            policy.onItem(item, first);
            synchronized (lock) {
                if (demand != Long.MAX_VALUE) demand--;
            }
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            upstreamFailed(throwable);
        }

        @Override
        public void onComplete() {
            AttemptPermit held = detach().permit();
            if (held != null) held.succeeded();
            if (cancelled) return;
            if (terminated.compareAndSet(false, true)) {
                policy.ended(null);
                downstream.onComplete();
            }
        }
    }
}

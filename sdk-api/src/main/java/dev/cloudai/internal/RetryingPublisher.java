package dev.cloudai.internal;

import dev.cloudai.invocation.ChatChunk;
import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A stream that re-subscribes to a fresh upstream attempt after a retryable failure, but only while no item has
 * reached the subscriber. Demand the subscriber signalled before a retry carries over to the next attempt. Each
 * attempt holds a rate-limit permit, a bulkhead slot and a circuit permission until it ends; the pipeline's
 * deadline bounds the wait for the first item.
 */
final class RetryingPublisher<T> implements Flow.Publisher<T> {
    private final CallPipeline pipeline;
    private final String operation;
    private final Supplier<Flow.Publisher<T>> attempt;

    RetryingPublisher(CallPipeline pipeline, String operation, Supplier<Flow.Publisher<T>> attempt) {
        this.pipeline = pipeline;
        this.operation = operation;
        this.attempt = attempt;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay<T> relay = new Relay<>(this, subscriber);
        subscriber.onSubscribe(relay);
        relay.start();
    }

    /** The subscription the subscriber sees; it outlives the upstream attempts. */
    private static final class Relay<T> implements Flow.Subscription, OpenCalls.Call {
        private final RetryingPublisher<T> parent;
        private final CallPipeline pipeline;
        private final Flow.Subscriber<? super T> downstream;
        /**
         * Made at the first failure, as most streams open at once. Attempts run one after another, each started
         * from the previous one's failure, so one thread at a time reads or writes it.
         */
        private Retry.AsyncContext<Object> retryContext;
        private final Object lock = new Object();
        private final AtomicBoolean terminated = new AtomicBoolean();
        private final long start = System.nanoTime();
        private final long firstItemDeadline;
        private long demand;                 // guarded by lock: requested by the subscriber, not yet delivered
        private Flow.Subscription upstream;  // guarded by lock: the current attempt's subscription
        private Permit permit;               // guarded by lock: the current attempt's permit
        private long toRequest;              // guarded by lock: demand not yet passed on to the current attempt
        private boolean requesting;          // guarded by lock: a thread is passing demand on (see passDemandOn)
        private volatile boolean cancelled;
        private volatile boolean delivered;  // an item reached the subscriber: no more retries
        private volatile Object lastItem;
        private volatile int attempts;
        private volatile Runnable cancelDeadline = () -> { };

        Relay(RetryingPublisher<T> parent, Flow.Subscriber<? super T> downstream) {
            this.parent = parent;
            this.pipeline = parent.pipeline;
            this.downstream = downstream;
            this.firstItemDeadline = start + pipeline.timeout().toNanos();
        }

        void start() {
            if (!pipeline.calls().add(this)) {
                fail(pipeline.closedException());
                return;
            }
            cancelDeadline = pipeline.timer().deadline(this::expire, pipeline.timeout());
            subscribeUpstream();
        }

        void subscribeUpstream() {
            if (cancelled || terminated.get()) return;
            if (pipeline.isClosed()) {
                closedUnder();
                return;
            }
            pipeline.acquireAsync(parent.operation, this::open, this::onUpstreamError);
        }

        /** The client closed under the stream: the attempt in flight is cancelled and the subscriber told once. */
        @Override
        public void closedUnder() {
            if (cancelled || terminated.get()) return;
            Attached was = detach();
            if (was.permit() != null) was.permit().abandoned();
            if (was.upstream() != null) was.upstream().cancel();
            fail(pipeline.closedWhileOpen(parent.operation, null));
        }

        private void open(Permit granted) {
            synchronized (lock) {
                if (cancelled || terminated.get()) {
                    granted.abandoned();
                    return;
                }
                permit = granted;
            }
            int n = ++attempts;
            pipeline.attempted(parent.operation, n);
            Flow.Publisher<T> publisher;
            try {
                publisher = Objects.requireNonNull(parent.attempt.get(), "the provider returned a null publisher");
            } catch (RuntimeException e) {
                onUpstreamError(e);
                return;
            }
            publisher.subscribe(new Attempt());
        }

        private void expire() {
            if (delivered || cancelled || terminated.get()) return;
            Attached was = detach();
            RuntimeException late = pipeline.deadlineExceeded(parent.operation, attempts);
            if (was.permit() != null) was.permit().failed(late);
            if (was.upstream() != null) was.upstream().cancel();
            fail(late);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                stop();
                fail(new IllegalArgumentException("request: demand must be positive, was " + n + " (Reactive Streams rule 3.9)"));
                return;
            }
            synchronized (lock) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (upstream == null) return;   // the next attempt is asked for the whole demand when it subscribes
                toRequest = toRequest + n < 0 ? Long.MAX_VALUE : toRequest + n;
            }
            passDemandOn();
        }

        /**
         * Passes {@link #toRequest} on to the current attempt, outside the lock: the attempt may deliver items on this
         * very thread, and the subscriber's {@code onNext} must not run under our lock, where a request or cancel from
         * another thread would wait for it (rules 2.7, 3.4). One thread at a time does it, so the attempt's
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
         * The subscriber's cancel ends the call: its outcome is reported now, once, as cancelled, and nothing the
         * cancelled attempt signals afterwards (a failure caused by the cancel, say) is reported or retried.
         */
        @Override
        public void cancel() {
            stop();
            if (terminated.compareAndSet(false, true)) {
                pipeline.finished(parent.operation, start, lastItem,
                        new CancellationException("the subscriber cancelled the stream"));
            }
        }

        /** Stops the attempt in flight and any retry to come. */
        private void stop() {
            cancelled = true;
            cancelDeadline.run();
            pipeline.calls().remove(this);
            Attached was = detach();
            if (was.permit() != null) was.permit().abandoned();
            if (was.upstream() != null) was.upstream().cancel();
        }

        private void onUpstreamError(Throwable error) {
            Permit held = detach().permit();
            RuntimeException failure = pipeline.map(parent.operation, error);
            if (held != null) held.failed(failure);
            if (cancelled || terminated.get()) return;
            long wait = -1;   // after an item, never retried
            if (!delivered) {
                if (retryContext == null) retryContext = pipeline.newRetryContext();
                wait = pipeline.nextWait(retryContext, failure, firstItemDeadline);
            }
            if (wait < 0) {
                fail(failure);
                return;
            }
            pipeline.retried(parent.operation, attempts, wait, failure);
            pipeline.timer().schedule(this::subscribeUpstream, Duration.ofMillis(wait));
        }

        /** What the current attempt holds, taken away under the lock so that exactly one path releases it. */
        private record Attached(Flow.Subscription upstream, Permit permit) {
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

        private void fail(RuntimeException failure) {
            if (terminated.compareAndSet(false, true)) {
                cancelDeadline.run();
                pipeline.calls().remove(this);
                pipeline.finished(parent.operation, start, lastItem, failure);
                downstream.onError(failure);
            }
        }

        /** The subscriber of one upstream attempt. */
        private final class Attempt implements Flow.Subscriber<T> {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                synchronized (lock) {
                    if (cancelled || terminated.get()) {
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
                if (cancelled || terminated.get()) return;
                if (!delivered) {
                    delivered = true;
                    cancelDeadline.run();   // the deadline bounds the wait for the first item only
                }
                if (item instanceof ChatChunk.Finished) lastItem = item;
                synchronized (lock) {
                    if (demand != Long.MAX_VALUE) demand--;
                }
                downstream.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                onUpstreamError(throwable);
            }

            @Override
            public void onComplete() {
                Permit held = detach().permit();
                if (held != null) held.succeeded();
                if (cancelled) return;
                if (retryContext != null) retryContext.onComplete();
                if (terminated.compareAndSet(false, true)) {
                    cancelDeadline.run();
                    pipeline.calls().remove(Relay.this);
                    pipeline.finished(parent.operation, start, lastItem, null);
                    downstream.onComplete();
                }
            }
        }
    }
}

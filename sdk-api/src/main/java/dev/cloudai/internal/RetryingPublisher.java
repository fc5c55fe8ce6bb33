package dev.cloudai.internal;

import dev.cloudai.errors.CloudAiException;
import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A stream that re-subscribes to a fresh upstream attempt after a retryable failure, but only while no item has
 * reached the subscriber. Demand the subscriber signalled before a retry carries over to the next attempt.
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
        relay.subscribeUpstream();
    }

    /** The subscription the subscriber sees; it outlives the upstream attempts. */
    private static final class Relay<T> implements Flow.Subscription {
        private final RetryingPublisher<T> parent;
        private final Flow.Subscriber<? super T> downstream;
        private final Retry.AsyncContext<Object> retryContext;
        private final Object lock = new Object();
        private final AtomicBoolean terminated = new AtomicBoolean();
        private long demand;                 // guarded by lock: requested by the subscriber, not yet delivered
        private Flow.Subscription upstream;  // guarded by lock: the current attempt's subscription
        private volatile boolean cancelled;
        private volatile boolean delivered;  // an item reached the subscriber: no more retries

        Relay(RetryingPublisher<T> parent, Flow.Subscriber<? super T> downstream) {
            this.parent = parent;
            this.downstream = downstream;
            this.retryContext = parent.pipeline.newRetryContext();
        }

        void subscribeUpstream() {
            if (cancelled || terminated.get()) return;
            if (parent.pipeline.isClosed()) {
                fail(new IllegalStateException("This CloudAi is closed; the stream was not retried"));
                return;
            }
            Flow.Publisher<T> publisher;
            try {
                publisher = Objects.requireNonNull(parent.attempt.get(), "the provider returned a null publisher");
            } catch (RuntimeException e) {
                onUpstreamError(e);
                return;
            }
            publisher.subscribe(new Attempt());
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                fail(new IllegalArgumentException("request: demand must be positive, was " + n + " (Reactive Streams rule 3.9)"));
                return;
            }
            Flow.Subscription current;
            synchronized (lock) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                current = upstream;
                // Requested under the lock so that an attempt subscribing concurrently cannot be asked twice.
                if (current != null) current.request(n);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Flow.Subscription current;
            synchronized (lock) {
                current = upstream;
                upstream = null;
            }
            if (current != null) current.cancel();
        }

        private void onUpstreamError(Throwable error) {
            synchronized (lock) {
                upstream = null;
            }
            if (cancelled || terminated.get()) return;
            RuntimeException failure = parent.pipeline.map(parent.operation, error);
            long wait = !delivered && failure instanceof CloudAiException ? retryContext.onError(failure) : -1;
            if (wait < 0) {
                fail(failure);
                return;
            }
            parent.pipeline.log(parent.operation, failure, wait);
            parent.pipeline.timer().schedule(this::subscribeUpstream, Duration.ofMillis(wait));
        }

        private void fail(Throwable failure) {
            if (terminated.compareAndSet(false, true)) downstream.onError(failure);
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
                    if (demand > 0) subscription.request(demand);
                }
            }

            @Override
            public void onNext(T item) {
                if (cancelled || terminated.get()) return;
                delivered = true;
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
                synchronized (lock) {
                    upstream = null;
                }
                if (cancelled) return;
                retryContext.onComplete();
                if (terminated.compareAndSet(false, true)) downstream.onComplete();
            }
        }
    }
}

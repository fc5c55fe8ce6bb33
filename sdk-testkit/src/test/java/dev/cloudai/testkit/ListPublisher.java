package dev.cloudai.testkit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved publisher for tests, the upstream of the pipeline's publishers and the reference of
 * {@link PublisherRules}: each subscription gets {@code items}, then {@code onComplete}, or {@code failure} when one
 * is given. Items go out on {@code executor} as demand allows, one
 * drain at a time (so never re-entering {@code onNext}); {@code Runnable::run} delivers them inside the subscriber's
 * {@code request}, as an upstream with buffered items does.
 */
public final class ListPublisher<T> implements Flow.Publisher<T> {
    private final List<T> items;
    private final RuntimeException failure;
    private final Executor executor;

    public ListPublisher(List<T> items, RuntimeException failure, Executor executor) {
        this.items = List.copyOf(items);
        this.failure = failure;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Emission e = new Emission(subscriber);
        subscriber.onSubscribe(e);
        e.drain();   // a list without items ends without demand
    }

    private final class Emission implements Flow.Subscription {
        private final Flow.Subscriber<? super T> downstream;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile IllegalArgumentException badRequest;
        private int next;           // only touched inside drain
        private boolean done;       // only touched inside drain

        Emission(Flow.Subscriber<? super T> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request: must be positive, was " + n + " (rule 3.9)");
            } else {
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        void drain() {
            if (wip.getAndIncrement() != 0) return;
            executor.execute(() -> {
                int missed = 1;
                while (true) {
                    while (!done && !cancelled && badRequest == null && next < items.size() && demand.get() > 0) {
                        demand.decrementAndGet();
                        downstream.onNext(items.get(next++));
                    }
                    if (!done && !cancelled) {
                        if (badRequest != null) {
                            done = true;
                            downstream.onError(badRequest);
                        } else if (next == items.size()) {
                            done = true;
                            if (failure != null) downstream.onError(failure);
                            else downstream.onComplete();
                        }
                    }
                    missed = wip.addAndGet(-missed);
                    if (missed == 0) return;
                }
            });
        }
    }
}

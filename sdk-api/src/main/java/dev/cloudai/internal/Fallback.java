package dev.cloudai.internal;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.resilience.CallListener;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Cross-provider fallback: a call goes to the first route; when that provider fails retryably (after its own
 * retries) or its circuit is open, it goes to the next. An invalid request, bad credentials or a missing model never
 * move on: another cloud would not fix them. A stream moves on only before its first item. Not API.
 *
 * <pre>{@code
 * ChatResponse r = Fallback.call("chat", routes, m -> m.chat(request), listener);
 * }</pre>
 */
public final class Fallback {
    private Fallback() {
    }

    /** One provider's model in a fallback chain. */
    public record Route<M>(String providerId, M model) {
        public Route {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(model, "model");
        }
    }

    static boolean movesOn(Throwable failure) {
        return failure instanceof CloudAiException c && c.isRetryable();
    }

    /** Calls the routes in order until one answers. */
    public static <M, T> T call(String operation, List<Route<M>> routes, Function<M, T> call, CallListener listener) {
        RuntimeException last = null;
        for (int i = 0; i < routes.size(); i++) {
            try {
                return call.apply(routes.get(i).model());
            } catch (RuntimeException e) {
                if (last != null) e.addSuppressed(last);
                last = e;
                if (!movesOn(e) || i == routes.size() - 1) throw e;
                listener.onFallback(new CallListener.Fallback(operation, routes.get(i).providerId(),
                        routes.get(i + 1).providerId(), CallPipeline.describe(e)));
            }
        }
        throw new IllegalStateException("no routes");
    }

    /** The async form of {@link #call}: the next route starts when the previous one's future fails. */
    public static <M, T> CompletableFuture<T> callAsync(String operation, List<Route<M>> routes,
                                                        Function<M, CompletableFuture<T>> call, CallListener listener) {
        CompletableFuture<T> result = new CompletableFuture<>();
        next(operation, routes, call, listener, 0, null, result);
        return result;
    }

    private static <M, T> void next(String operation, List<Route<M>> routes, Function<M, CompletableFuture<T>> call,
                                    CallListener listener, int i, Throwable previous, CompletableFuture<T> result) {
        if (result.isDone()) return;
        CompletableFuture<T> f;
        try {
            f = call.apply(routes.get(i).model());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> attempt = f;
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) attempt.cancel(true);
        });
        f.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (previous != null && cause != previous) cause.addSuppressed(previous);
            if (!movesOn(cause) || i == routes.size() - 1) {
                result.completeExceptionally(cause);
                return;
            }
            listener.onFallback(new CallListener.Fallback(operation, routes.get(i).providerId(),
                    routes.get(i + 1).providerId(), CallPipeline.describe(cause)));
            next(operation, routes, call, listener, i + 1, cause, result);
        });
    }

    /** A stream that moves to the next route when a route fails before its first item reached the subscriber. */
    public static <M, T> Flow.Publisher<T> stream(String operation, List<Route<M>> routes,
                                                  Function<M, Flow.Publisher<T>> open, CallListener listener) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            Chain<M, T> chain = new Chain<>(operation, routes, open, listener, subscriber);
            subscriber.onSubscribe(chain);
            chain.subscribe(0);
        };
    }

    /** The subscription the subscriber sees across the routes; demand carries over from one route to the next. */
    private static final class Chain<M, T> implements Flow.Subscription {
        private final String operation;
        private final List<Route<M>> routes;
        private final Function<M, Flow.Publisher<T>> open;
        private final CallListener listener;
        private final Flow.Subscriber<? super T> downstream;
        private final Object lock = new Object();
        private long demand;                 // guarded by lock
        private Flow.Subscription upstream;  // guarded by lock
        private long toRequest;              // guarded by lock: demand not yet passed on to the current route
        private boolean requesting;          // guarded by lock: a thread is passing demand on (see passDemandOn)
        private volatile boolean delivered;
        private final AtomicBoolean done = new AtomicBoolean();   // a terminal signal was sent, or the subscriber cancelled

        Chain(String operation, List<Route<M>> routes, Function<M, Flow.Publisher<T>> open, CallListener listener,
              Flow.Subscriber<? super T> downstream) {
            this.operation = operation;
            this.routes = routes;
            this.open = open;
            this.listener = listener;
            this.downstream = downstream;
        }

        void subscribe(int i) {
            Flow.Publisher<T> p;
            try {
                p = open.apply(routes.get(i).model());
            } catch (RuntimeException e) {
                failed(i, e);
                return;
            }
            p.subscribe(new Flow.Subscriber<T>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    synchronized (lock) {
                        if (done.get()) {
                            s.cancel();
                            return;
                        }
                        upstream = s;
                        toRequest = demand;
                    }
                    passDemandOn();
                }

                @Override
                public void onNext(T item) {
                    if (done.get()) return;
                    delivered = true;
                    synchronized (lock) {
                        if (demand != Long.MAX_VALUE) demand--;
                    }
                    downstream.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    failed(i, t);
                }

                @Override
                public void onComplete() {
                    if (done.compareAndSet(false, true)) downstream.onComplete();
                }
            });
        }

        private void failed(int i, Throwable t) {
            synchronized (lock) {
                upstream = null;
                toRequest = 0;
            }
            if (done.get()) return;
            if (delivered || !movesOn(t) || i == routes.size() - 1) {
                if (done.compareAndSet(false, true)) downstream.onError(t);
                return;
            }
            listener.onFallback(new CallListener.Fallback(operation, routes.get(i).providerId(),
                    routes.get(i + 1).providerId(), CallPipeline.describe(t)));
            subscribe(i + 1);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                // Rule 3.9, answered here: passed on to a route it could be lost, when that route fails at the same
                // moment and the chain moves to the next one.
                // after a terminal signal or a cancel, requests are no-ops (rule 3.6)
                if (!done.compareAndSet(false, true)) return;
                detachAndCancel();
                downstream.onError(new IllegalArgumentException("request: demand must be positive, was " + n
                        + " (Reactive Streams rule 3.9)"));
                return;
            }
            synchronized (lock) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                toRequest = toRequest + n < 0 ? Long.MAX_VALUE : toRequest + n;
            }
            passDemandOn();
        }

        /**
         * Passes demand on to the current route outside the lock, one thread at a time: the route may deliver items
         * on this very thread, and the subscriber's {@code onNext} must not run under our lock, where a request or
         * cancel from another thread would wait for it (rules 2.7, 3.4). Demand added meanwhile is passed on by that
         * thread's next turn; without a route (between two), it waits for the next one's {@code onSubscribe}.
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
                    if (s == null || toRequest == 0) {
                        requesting = false;
                        return;
                    }
                    n = toRequest;
                    toRequest = 0;
                }
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            done.set(true);
            detachAndCancel();
        }

        private void detachAndCancel() {
            Flow.Subscription s;
            synchronized (lock) {
                s = upstream;
                upstream = null;
            }
            if (s != null) s.cancel();
        }
    }
}

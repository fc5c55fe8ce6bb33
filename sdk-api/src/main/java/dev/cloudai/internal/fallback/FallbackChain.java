package dev.cloudai.internal.fallback;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.internal.pipeline.Listeners;
import dev.cloudai.internal.pipeline.ResubscribingPublisher;
import dev.cloudai.internal.pipeline.Resubscription;
import dev.cloudai.resilience.CallListener;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;

/**
 * Cross-provider fallback: a call goes to the first route; when that provider fails retryably (after its own
 * retries) or its circuit is open, it goes to the next. An invalid request, bad credentials or a missing model never
 * move on: another cloud would not fix them. A stream moves on only before its first item (a
 * {@link ResubscribingPublisher} whose policy is the next route). Named apart from the public
 * {@link CallListener.Fallback} event, which it emits. Not API.
 *
 * <pre>{@code
 * ChatResponse r = FallbackChain.call("chat", routes, m -> m.chat(request), listener);
 * }</pre>
 */
public final class FallbackChain {
    private FallbackChain() {
    }

    /** One provider's model in a fallback chain. */
    public record Route<M>(String providerId, M model) {
        public Route {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(model, "model");
        }
    }

    /** A call of one route's model under the chain's call id. */
    @FunctionalInterface
    public interface RouteCall<M, T> {
        T apply(M model, long callId);
    }

    static boolean movesOn(Throwable failure) {
        return failure instanceof CloudAiException c && c.isRetryable();
    }

    /** Calls the routes in order until one answers. */
    public static <M, T> T call(String operation, List<Route<M>> routes, long callId, RouteCall<M, T> call,
                                CallListener listener) {
        RuntimeException last = null;
        for (int i = 0; i < routes.size(); i++) {
            try {
                return call.apply(routes.get(i).model(), callId);
            } catch (RuntimeException e) {
                if (last != null) e.addSuppressed(last);
                last = e;
                if (!movesOn(e) || i == routes.size() - 1) throw e;
                listener.onFallback(new CallListener.Fallback(callId, operation, routes.get(i).providerId(),
                        routes.get(i + 1).providerId(), Listeners.describe(e)));
            }
        }
        throw new IllegalStateException("no routes");
    }

    /** The async form of {@link #call}: the next route starts when the previous one's future fails. */
    public static <M, T> CompletableFuture<T> callAsync(String operation, List<Route<M>> routes, long callId,
                                                        RouteCall<M, CompletableFuture<T>> call, CallListener listener) {
        CompletableFuture<T> result = new CompletableFuture<>();
        next(operation, routes, callId, call, listener, 0, null, result);
        return result;
    }

    private static <M, T> void next(String operation, List<Route<M>> routes, long callId,
                                    RouteCall<M, CompletableFuture<T>> call, CallListener listener, int i,
                                    Throwable previous, CompletableFuture<T> result) {
        if (result.isDone()) return;
        CompletableFuture<T> f;
        try {
            f = call.apply(routes.get(i).model(), callId);
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
            listener.onFallback(new CallListener.Fallback(callId, operation, routes.get(i).providerId(),
                    routes.get(i + 1).providerId(), Listeners.describe(cause)));
            next(operation, routes, callId, call, listener, i + 1, cause, result);
        });
    }

    /** A stream that moves to the next route when a route fails before its first item reached the subscriber. */
    public static <M, T> Flow.Publisher<T> stream(String operation, List<Route<M>> routes, LongSupplier callIds,
                                                  RouteCall<M, Flow.Publisher<T>> open, CallListener listener) {
        return new ResubscribingPublisher<T>(() -> new NextRoute<>(operation, routes, callIds.getAsLong(), open, listener));
    }

    /** The fallback policy of one stream subscription: the routes in order, moving on as {@link #call} does. */
    private static final class NextRoute<M, T> implements ResubscribingPublisher.Policy<T> {
        private final String operation;
        private final List<Route<M>> routes;
        private final long callId;   // one per subscription: each is a call of its own
        private final RouteCall<M, Flow.Publisher<T>> open;
        private final CallListener listener;
        private int route;   // the current route; the policy's methods run one at a time

        NextRoute(String operation, List<Route<M>> routes, long callId, RouteCall<M, Flow.Publisher<T>> open,
                  CallListener listener) {
            this.operation = operation;
            this.routes = routes;
            this.callId = callId;
            this.open = open;
            this.listener = listener;
        }

        @Override
        public void start(Resubscription<T> stream) {
            open(stream);
        }

        @Override
        public void recover(Resubscription<T> stream, Throwable failure) {
            int i = route;
            if (!movesOn(failure) || i == routes.size() - 1) {
                stream.fail(failure);
                return;
            }
            listener.onFallback(new CallListener.Fallback(callId, operation, routes.get(i).providerId(),
                    routes.get(i + 1).providerId(), Listeners.describe(failure)));
            route = i + 1;
            open(stream);
        }

        private void open(Resubscription<T> stream) {
            Flow.Publisher<T> p;
            try {
                p = open.apply(routes.get(route).model(), callId);
            } catch (RuntimeException e) {
                stream.upstreamFailed(e);
                return;
            }
            stream.subscribeTo(p);
        }
    }
}

package dev.cloudai.gcp.internal;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;

import java.util.concurrent.CompletableFuture;

/**
 * Bridges gax futures to {@link CompletableFuture} without blocking a thread. Internal: not API.
 *
 * <pre>{@code
 * CompletableFuture<GenerateContentResponse> f = Futures.toCompletable(client.generateContentCallable().futureCall(request));
 * }</pre>
 */
public final class Futures {
    private Futures() {
    }

    /**
     * A future completed by {@code future}'s callback (on the gRPC thread that completes it); cancelling the returned
     * future cancels the call.
     */
    public static <T> CompletableFuture<T> toCompletable(ApiFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ApiFutures.addCallback(future, new ApiFutureCallback<>() {
            @Override
            public void onFailure(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }
        }, MoreExecutors.directExecutor());
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) future.cancel(true);
        });
        return result;
    }
}

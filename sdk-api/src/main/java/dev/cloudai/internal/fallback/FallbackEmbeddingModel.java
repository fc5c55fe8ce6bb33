package dev.cloudai.internal.fallback;

import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.internal.pipeline.Listeners;
import dev.cloudai.internal.pipeline.ResilientEmbeddingModel;
import dev.cloudai.resilience.CallListener;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One embedding model over several providers; see {@link FallbackChatModel}. Not API: may change without notice.
 *
 * <pre>{@code
 * EmbeddingModel embed = new FallbackEmbeddingModel(List.of(awsRoute, azureRoute), listener);
 * }</pre>
 */
public final class FallbackEmbeddingModel implements EmbeddingModel {
    private final List<FallbackChain.Route<ResilientEmbeddingModel>> routes;
    private final CallListener listener;

    public FallbackEmbeddingModel(List<FallbackChain.Route<ResilientEmbeddingModel>> routes, CallListener listener) {
        this.routes = List.copyOf(routes);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.call("embed", routes, callId(), (m, id) -> m.embed(request, id), listener);
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.callAsync("embed", routes, callId(), (m, id) -> m.embedAsync(request, id), listener);
    }

    /** One id for the call on every provider; none (0) when nobody listens. */
    private long callId() {
        return listener == Listeners.NONE ? 0 : routes.get(0).model().pipeline().nextCallId();
    }
}

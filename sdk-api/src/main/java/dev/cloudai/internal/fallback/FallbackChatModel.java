package dev.cloudai.internal.fallback;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.internal.pipeline.Listeners;
import dev.cloudai.internal.pipeline.ResilientChatModel;
import dev.cloudai.resilience.CallListener;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One chat model over several providers: each route is that provider's model behind its own pipeline (retries,
 * circuit breaker), and {@link FallbackChain} moves between them. Not API: may change without notice.
 *
 * <pre>{@code
 * ChatModel chat = new FallbackChatModel(List.of(awsRoute, gcpRoute), listener);   // what CloudAi builds
 * }</pre>
 */
public final class FallbackChatModel implements ChatModel {
    private final List<FallbackChain.Route<ResilientChatModel>> routes;
    private final CallListener listener;

    public FallbackChatModel(List<FallbackChain.Route<ResilientChatModel>> routes, CallListener listener) {
        this.routes = List.copyOf(routes);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.call("chat", routes, callId(), (m, id) -> m.chat(request, id), listener);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.callAsync("chat", routes, callId(), (m, id) -> m.chatAsync(request, id), listener);
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.stream("stream", routes, this::callId, (m, id) -> m.stream(request, id), listener);
    }

    /** One id for the call on every provider; none (0) when nobody listens, as each pipeline then assigns none. */
    private long callId() {
        return listener == Listeners.NONE ? 0 : routes.get(0).model().pipeline().nextCallId();
    }
}

package dev.cloudai.internal.fallback;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
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
    private final List<FallbackChain.Route<ChatModel>> routes;
    private final CallListener listener;

    public FallbackChatModel(List<FallbackChain.Route<ChatModel>> routes, CallListener listener) {
        this.routes = List.copyOf(routes);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.call("chat", routes, m -> m.chat(request), listener);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.callAsync("chat", routes, m -> m.chatAsync(request), listener);
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return FallbackChain.stream("stream", routes, m -> m.stream(request), listener);
    }
}

package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A provider's raw chat model behind the call pipeline. Not API: may change without notice.
 *
 * <pre>{@code
 * ChatModel model = new ResilientChatModel(provider.chatModel(modelId), pipeline);   // what CloudAi does
 * }</pre>
 */
public final class ResilientChatModel implements ChatModel {
    private final ChatModel raw;
    private final CallPipeline pipeline;

    public ResilientChatModel(ChatModel raw, CallPipeline pipeline) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.call("chat", () -> raw.chat(request));
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.callAsync("chat", () -> raw.chatAsync(request));
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.stream("stream", () -> raw.stream(request));
    }

    @Override
    public String toString() {
        return "ChatModel[" + pipeline.providerId() + ", " + raw + "]";
    }
}

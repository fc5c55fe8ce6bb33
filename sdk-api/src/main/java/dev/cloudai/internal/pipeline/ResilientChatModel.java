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
 * ChatModel model = new ResilientChatModel(provider.chatModel(modelId), modelId, pipeline);   // what CloudAi does
 * }</pre>
 */
public final class ResilientChatModel implements ChatModel {
    private final ChatModel raw;
    private final String model;
    private final CallPipeline pipeline;

    /** @param model the model or deployment {@code raw} calls, as the call events name it */
    public ResilientChatModel(ChatModel raw, String model, CallPipeline pipeline) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.model = Objects.requireNonNull(model, "model");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, 0);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return chatAsync(request, 0);
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        return stream(request, 0);
    }

    /** A chat as part of call {@code callId} (0 for a call of its own): a fallback chain's calls share one id. */
    public ChatResponse chat(ChatRequest request, long callId) {
        Objects.requireNonNull(request, "request");
        return pipeline.call(CallInfo.chat("chat", model, request).withId(callId), () -> raw.chat(request));
    }

    /** An async chat as part of call {@code callId}; see {@link #chat(ChatRequest, long)}. */
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request, long callId) {
        Objects.requireNonNull(request, "request");
        return pipeline.callAsync(CallInfo.chat("chat", model, request).withId(callId), () -> raw.chatAsync(request));
    }

    /** A stream as part of call {@code callId}; see {@link #chat(ChatRequest, long)}. */
    public Flow.Publisher<ChatChunk> stream(ChatRequest request, long callId) {
        Objects.requireNonNull(request, "request");
        return pipeline.stream(CallInfo.chat("stream", model, request).withId(callId), () -> raw.stream(request));
    }

    /** The pipeline of this model's provider. */
    public CallPipeline pipeline() {
        return pipeline;
    }

    @Override
    public String toString() {
        return "ChatModel[" + pipeline.providerId() + ", " + raw + "]";
    }
}

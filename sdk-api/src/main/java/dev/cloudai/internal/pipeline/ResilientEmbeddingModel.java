package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's raw embedding model behind the call pipeline. Not API: may change without notice.
 *
 * <pre>{@code
 * EmbeddingModel model = new ResilientEmbeddingModel(provider.embeddingModel(modelId), modelId, pipeline);
 * }</pre>
 */
public final class ResilientEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel raw;
    private final String model;
    private final CallPipeline pipeline;

    /** @param model the model or deployment {@code raw} calls, as the call events name it */
    public ResilientEmbeddingModel(EmbeddingModel raw, String model, CallPipeline pipeline) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.model = Objects.requireNonNull(model, "model");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return embed(request, 0);
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        return embedAsync(request, 0);
    }

    /** An embedding call as part of call {@code callId} (0 for a call of its own), as in a fallback chain. */
    public EmbeddingResponse embed(EmbeddingRequest request, long callId) {
        Objects.requireNonNull(request, "request");
        return pipeline.call(CallInfo.embed(model, request).withId(callId), () -> raw.embed(request));
    }

    /** An async embedding call as part of call {@code callId}. */
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request, long callId) {
        Objects.requireNonNull(request, "request");
        return pipeline.callAsync(CallInfo.embed(model, request).withId(callId), () -> raw.embedAsync(request));
    }

    /** The pipeline of this model's provider. */
    public CallPipeline pipeline() {
        return pipeline;
    }

    @Override
    public String toString() {
        return "EmbeddingModel[" + pipeline.providerId() + ", " + raw + "]";
    }
}

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
 * EmbeddingModel model = new ResilientEmbeddingModel(provider.embeddingModel(modelId), pipeline);   // what CloudAi does
 * }</pre>
 */
public final class ResilientEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel raw;
    private final CallPipeline pipeline;

    public ResilientEmbeddingModel(EmbeddingModel raw, CallPipeline pipeline) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.call("embed", () -> raw.embed(request));
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.callAsync("embed", () -> raw.embedAsync(request));
    }

    @Override
    public String toString() {
        return "EmbeddingModel[" + pipeline.providerId() + ", " + raw + "]";
    }
}

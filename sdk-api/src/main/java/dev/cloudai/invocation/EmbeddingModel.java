package dev.cloudai.invocation;

import java.util.concurrent.CompletableFuture;

/**
 * An embedding model on one provider. Thread-safe; owned by the {@code CloudAi} that made it.
 *
 * <pre>{@code
 * EmbeddingModel embed = ai.embeddingModel("embed");
 * float[] v = embed.embed(EmbeddingRequest.of("text")).embeddings().get(0).vector();
 * }</pre>
 */
public interface EmbeddingModel {

    /** Embeds the inputs and waits for the vectors. */
    EmbeddingResponse embed(EmbeddingRequest request);

    /** Embeds the inputs without blocking a thread while waiting. */
    CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request);
}

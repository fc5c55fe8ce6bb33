package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The vectors for an {@link EmbeddingRequest}, one per input and in the same order.
 *
 * <pre>{@code
 * EmbeddingResponse r = ai.embeddingModel("embed").embed(EmbeddingRequest.of("hello"));
 * float[] v = r.embeddings().get(0).vector();
 * }</pre>
 *
 * @param embeddings one per input, in input order
 * @param usage the tokens consumed, when the provider reports it
 * @param provider the provider that answered
 * @param model the native model id that answered
 */
public record EmbeddingResponse(List<Embedding> embeddings, Optional<TokenUsage> usage, String provider, String model) {

    public EmbeddingResponse {
        embeddings = Arguments.listOf(embeddings, "embeddings");
        Objects.requireNonNull(usage, "usage");
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model: must not be blank");
        for (int i = 0; i < embeddings.size(); i++) {
            if (embeddings.get(i).index() != i) {
                throw new IllegalArgumentException("embeddings[" + i + "]: index is " + embeddings.get(i).index()
                        + "; embeddings must be in input order");
            }
        }
    }
}

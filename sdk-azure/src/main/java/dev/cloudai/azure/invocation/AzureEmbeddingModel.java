package dev.cloudai.azure.invocation;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.EmbeddingItem;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.RequestLimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Embeddings from one Azure OpenAI deployment: all inputs in one request, vectors returned in input order.
 * {@code dimensions} is sent when given (text-embedding-3 models shorten their vectors); the purpose is not, as
 * Azure OpenAI's embedding models do not distinguish queries from documents.
 *
 * <pre>{@code
 * EmbeddingModel embed = new AzureEmbeddingModel("azure", "text-embedding-3-small", () -> client, () -> asyncClient);
 * }</pre>
 */
public final class AzureEmbeddingModel implements EmbeddingModel {
    /** Azure OpenAI's published limit on the inputs of one embeddings request (quotas and limits page). */
    static final RequestLimit INPUTS = RequestLimit.items("the inputs of an Azure OpenAI embeddings request", 2048,
            "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/quotas-limits");

    private final String providerId;
    private final String deployment;
    private final Supplier<OpenAIClient> client;
    private final Supplier<OpenAIAsyncClient> asyncClient;

    public AzureEmbeddingModel(String providerId, String deployment, Supplier<OpenAIClient> client,
                               Supplier<OpenAIAsyncClient> asyncClient) {
        this.providerId = providerId;
        this.deployment = deployment;
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return response(client.get().getEmbeddings(deployment, options(request)), request.inputs().size());
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        EmbeddingsOptions options = options(request);
        int inputs = request.inputs().size();
        return asyncClient.get().getEmbeddings(deployment, options).map(e -> response(e, inputs)).toFuture();
    }

    private EmbeddingsOptions options(EmbeddingRequest request) {
        INPUTS.check(providerId, "embed", request.inputs().size());
        EmbeddingsOptions options = new EmbeddingsOptions(request.inputs());
        request.dimensions().ifPresent(options::setDimensions);
        return options;
    }

    private EmbeddingResponse response(Embeddings e, int inputs) {
        List<EmbeddingItem> items = new ArrayList<>(e.getData() == null ? List.of() : e.getData());
        items.sort(Comparator.comparingInt(EmbeddingItem::getPromptIndex));
        if (items.size() != inputs) {
            throw new IllegalStateException("Azure OpenAI returned " + items.size() + " embeddings for " + inputs
                    + " inputs from deployment '" + deployment + "'");
        }
        List<Embedding> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            List<Float> values = items.get(i).getEmbedding();
            float[] v = new float[values.size()];
            for (int j = 0; j < v.length; j++) v[j] = values.get(j);
            out.add(new Embedding(i, v));
        }
        Optional<TokenUsage> usage = e.getUsage() == null ? Optional.empty()
                : Optional.of(new TokenUsage(e.getUsage().getPromptTokens(), 0));
        return new EmbeddingResponse(out, usage, providerId, deployment);
    }

    @Override
    public String toString() {
        return "AzureEmbeddingModel[" + deployment + "]";
    }
}

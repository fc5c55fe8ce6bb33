package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.RequestLimit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Embeddings on Amazon Bedrock through InvokeModel, in the request and response JSON of the model's family
 * (Titan Text Embeddings v2: one text per request; Cohere Embed v3: up to 96 per request). Several requests of one
 * call go one after the other, so a failure stops the call at once and a retried call repeats at most what one
 * attempt sent. Internal to the adapter; users get it through {@code CloudAi.embeddingModel}.
 *
 * <pre>{@code
 * EmbeddingModel embed = new BedrockEmbeddingModel("aws", () -> bedrock, () -> bedrockAsync, "amazon.titan-embed-text-v2:0");
 * }</pre>
 */
public final class BedrockEmbeddingModel implements EmbeddingModel {
    private static final String JSON = "application/json";
    /**
     * Bedrock's limit on an InvokeModel body: 25,000,000 bytes (the {@code body} length constraint of the API
     * reference). Measured on the body as built, which is what is sent.
     */
    static final RequestLimit INVOKE_MODEL_BODY = RequestLimit.bytes("a Bedrock InvokeModel body", 25_000_000,
            "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html");
    /** The input token count Bedrock reports in a header of every InvokeModel answer. */
    private static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";

    private final String provider;
    private final Supplier<BedrockRuntimeClient> client;
    private final Supplier<BedrockRuntimeAsyncClient> asyncClient;
    private final String modelId;
    private final EmbeddingFamily family;

    /** @throws IllegalArgumentException when {@code modelId} is not of a supported family; the message names them */
    public BedrockEmbeddingModel(String provider, Supplier<BedrockRuntimeClient> client,
                                 Supplier<BedrockRuntimeAsyncClient> asyncClient, String modelId) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
        this.family = EmbeddingFamily.of(modelId);
        this.modelId = modelId;
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        Tally tally = new Tally();
        for (Batch batch : batches(request)) tally.add(client.get().invokeModel(batch.request()), batch.texts());
        return tally.response();
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        List<Batch> batches = batches(request);
        Tally tally = new Tally();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Batch batch : batches) {
            // one after the other, each started when the previous answered: no thread waits in between
            chain = chain.thenCompose(ignored -> asyncClient.get().invokeModel(batch.request())
                    .thenAccept(r -> tally.add(r, batch.texts())));
        }
        return chain.thenApply(ignored -> tally.response());
    }

    /** One InvokeModel request and the number of texts in it. */
    private record Batch(InvokeModelRequest request, int texts) {
    }

    /**
     * The requests of one call, all built (and measured against {@link #INVOKE_MODEL_BODY}) before the first is sent,
     * so a call with one batch over the limit sends none.
     */
    private List<Batch> batches(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        family.validate(request);
        List<Batch> out = new ArrayList<>();
        List<String> inputs = request.inputs();
        for (int i = 0; i < inputs.size(); i += family.batchSize()) {
            List<String> texts = inputs.subList(i, Math.min(inputs.size(), i + family.batchSize()));
            byte[] body = family.requestBody(texts, request);
            INVOKE_MODEL_BODY.check(provider, "embed", body.length);
            out.add(new Batch(InvokeModelRequest.builder().modelId(modelId).contentType(JSON).accept(JSON)
                    .body(SdkBytes.fromByteArrayUnsafe(body)).build(), texts.size()));
        }
        return out;
    }

    /** The vectors and token counts of one call's responses, in input order. Filled by one request at a time. */
    private final class Tally {
        private final List<float[]> vectors = new ArrayList<>();
        private int inputTokens;
        private boolean tokensKnown = true;

        synchronized void add(InvokeModelResponse response, int texts) {
            String requestId = response.responseMetadata().requestId();
            EmbeddingFamily.Parsed parsed = family.parse(response.body().asByteArrayUnsafe(), texts, requestId);
            vectors.addAll(parsed.vectors());
            Optional<Integer> tokens = parsed.inputTokens().or(() -> response.sdkHttpResponse()
                    .firstMatchingHeader(INPUT_TOKENS_HEADER).flatMap(BedrockEmbeddingModel::parseInt));
            if (tokens.isPresent()) inputTokens += tokens.get();
            else tokensKnown = false;
        }

        synchronized EmbeddingResponse response() {
            List<Embedding> embeddings = new ArrayList<>(vectors.size());
            for (int i = 0; i < vectors.size(); i++) embeddings.add(new Embedding(i, vectors.get(i)));
            Optional<TokenUsage> usage = tokensKnown ? Optional.of(new TokenUsage(inputTokens, 0)) : Optional.empty();
            return new EmbeddingResponse(embeddings, usage, provider, modelId);
        }
    }

    private static Optional<Integer> parseInt(String value) {
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "BedrockEmbeddingModel[" + modelId + ", " + family + "]";
    }
}

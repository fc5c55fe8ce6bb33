package dev.cloudai.gcp.invocation;

import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.PredictResponse;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.cloudai.gcp.internal.Futures;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Vertex AI text embeddings ({@code text-embedding-005}, {@code text-multilingual-embedding-002},
 * {@code gemini-embedding-001}) through {@code PredictionService.Predict}, following the "Text embeddings API"
 * reference: instances {@code {"content": text, "task_type": RETRIEVAL_DOCUMENT|RETRIEVAL_QUERY}}, parameters
 * {@code {"outputDimensionality": n}}, predictions {@code embeddings.values} and
 * {@code embeddings.statistics.token_count}. Internal: users get it as an {@code EmbeddingModel} from
 * {@code CloudAi.embeddingModel}.
 *
 * <p>A request holds at most 250 texts ({@code gemini-embedding-*} models take one text per request), so a larger
 * call is sent as several requests, one after another, and the vectors come back in input order.
 *
 * <pre>{@code
 * EmbeddingModel embed = new VertexEmbeddingModel("gcp", () -> client, "text-embedding-005",
 *         "projects/p/locations/us-central1/publishers/google/models/text-embedding-005");
 * }</pre>
 */
public final class VertexEmbeddingModel implements EmbeddingModel {
    static final int MAX_TEXTS_PER_REQUEST = 250;

    private final String providerId;
    private final Supplier<PredictionServiceClient> client;
    private final String modelId;
    private final String resourceName;

    public VertexEmbeddingModel(String providerId, Supplier<PredictionServiceClient> client, String modelId, String resourceName) {
        this.providerId = providerId;
        this.client = client;
        this.modelId = modelId;
        this.resourceName = resourceName;
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        Accumulator all = new Accumulator();
        for (PredictRequest batch : batches(request)) all.add(client.get().predictCallable().call(batch));
        return all.toResponse();
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        Accumulator all = new Accumulator();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (PredictRequest batch : batches(request)) {
            // one batch after the other, never blocking: each starts when the previous answered
            chain = chain.thenCompose(ignored -> Futures.toCompletable(client.get().predictCallable().futureCall(batch)))
                    .thenAccept(all::add);
        }
        return chain.thenApply(ignored -> all.toResponse());
    }

    private List<PredictRequest> batches(EmbeddingRequest request) {
        int size = modelId.contains("gemini-embedding") ? 1 : MAX_TEXTS_PER_REQUEST;
        Optional<String> taskType = request.purpose().map(p -> p == EmbeddingRequest.Purpose.QUERY ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT");
        List<PredictRequest> out = new ArrayList<>();
        List<String> inputs = request.inputs();
        for (int from = 0; from < inputs.size(); from += size) {
            PredictRequest.Builder b = PredictRequest.newBuilder().setEndpoint(resourceName);
            for (String text : inputs.subList(from, Math.min(inputs.size(), from + size))) {
                Struct.Builder instance = Struct.newBuilder().putFields("content", Value.newBuilder().setStringValue(text).build());
                taskType.ifPresent(t -> instance.putFields("task_type", Value.newBuilder().setStringValue(t).build()));
                b.addInstances(Value.newBuilder().setStructValue(instance));
            }
            request.dimensions().ifPresent(d -> b.setParameters(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("outputDimensionality", Value.newBuilder().setNumberValue(d).build()))));
            out.add(b.build());
        }
        return out;
    }

    /**
     * The vector of one prediction, {@code {"embeddings": {"values": [...], "statistics": {...}}}}: the shape of a
     * live predict answer and of a batch prediction output line's {@code predictions[0]}.
     *
     * @param where names the prediction in the error message
     * @throws IllegalStateException when the prediction holds no values (an answer we cannot read, not the caller's
     *                               mistake; the adapter's error mapper turns it into a response-format error)
     */
    public static float[] vector(Value prediction, String where) {
        Struct embedding = prediction.getStructValue().getFieldsOrDefault("embeddings", Value.getDefaultInstance()).getStructValue();
        List<Value> values = embedding.getFieldsOrDefault("values", Value.getDefaultInstance()).getListValue().getValuesList();
        if (values.isEmpty()) throw new IllegalStateException("the Vertex AI answer for " + where + " has no embeddings.values");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) vector[i] = (float) values.get(i).getNumberValue();
        return vector;
    }

    /** {@code embeddings.statistics.token_count} of one prediction, when it says. */
    static OptionalInt tokenCount(Value prediction) {
        Value count = prediction.getStructValue().getFieldsOrDefault("embeddings", Value.getDefaultInstance()).getStructValue()
                .getFieldsOrDefault("statistics", Value.getDefaultInstance()).getStructValue().getFieldsOrDefault("token_count", null);
        return count == null ? OptionalInt.empty() : OptionalInt.of((int) count.getNumberValue());
    }

    /** The vectors and token counts of every batch, in order. */
    private final class Accumulator {
        private final List<Embedding> embeddings = new ArrayList<>();
        private int tokens;
        private boolean tokensKnown = true;

        synchronized void add(PredictResponse response) {
            for (Value prediction : response.getPredictionsList()) {
                embeddings.add(new Embedding(embeddings.size(), vector(prediction, resourceName + " prediction " + embeddings.size())));
                OptionalInt count = tokenCount(prediction);
                if (count.isEmpty()) tokensKnown = false;
                else tokens += count.getAsInt();
            }
        }

        synchronized EmbeddingResponse toResponse() {
            Optional<TokenUsage> usage = tokensKnown && !embeddings.isEmpty() ? Optional.of(new TokenUsage(tokens, 0)) : Optional.empty();
            return new EmbeddingResponse(embeddings, usage, providerId, modelId);
        }
    }

    @Override
    public String toString() {
        return "VertexEmbeddingModel[" + resourceName + "]";
    }
}

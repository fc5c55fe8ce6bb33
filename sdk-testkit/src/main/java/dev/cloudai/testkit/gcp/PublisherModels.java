package dev.cloudai.testkit.gcp;

import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.PredictResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.ServedModels;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * What the Vertex AI emulator's front answers itself for Google publisher models
 * ({@code projects/{p}/locations/{l}/publishers/google/models/{id}}), before WireMock sees the call:
 * <ul>
 *   <li>a model outside {@link ServedModels}: Vertex's {@code NOT_FOUND} "Publisher Model `...` was not found or your
 *       project does not have access to it. ..." (the message Vertex AI sends, which links its model-versions page;
 *       quoted in github.com/genkit-ai/genkit/issues/4688),
 *       for GenerateContent, StreamGenerateContent and Predict alike;</li>
 *   <li>Predict on a served embedding model: one prediction per instance, {@code embeddings.values} being
 *       {@link EmulatedEmbeddings}' vector of the instance's {@code content}, of {@code parameters.outputDimensionality}
 *       or the model's size, and {@code embeddings.statistics.token_count} ("Text embeddings API" reference).</li>
 * </ul>
 */
final class PublisherModels {
    private static final String MODELS_URL = "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions";

    private final ServedModels served;

    PublisherModels(ServedModels served) {
        this.served = served;
    }

    /** Vertex's NOT_FOUND when {@code request} of {@code method} names a publisher model not served; else null. */
    StatusRuntimeException unknownModel(String method, byte[] request) {
        String model = publisherModel(method, request);
        if (model == null || served.contains(model.substring(model.lastIndexOf('/') + 1))) return null;
        String name = model.startsWith("projects/") ? model
                : "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION + "/publishers/google/models/" + model;
        return Status.NOT_FOUND.withDescription("Publisher Model `" + name + "` was not found or your project does not have"
                + " access to it. Please ensure you are using a valid model version. For more information, see: "
                + MODELS_URL).asRuntimeException();
    }

    /** The embeddings answer of a Predict on a publisher model, as PredictResponse bytes; null for any other call. */
    byte[] embeddings(String method, byte[] request) {
        if (!GcpCloud.PREDICT.equals(method)) return null;
        PredictRequest predict = parse(() -> PredictRequest.parseFrom(request));
        if (predict == null || !predict.getEndpoint().contains("/publishers/")) return null;
        String model = predict.getEndpoint().substring(predict.getEndpoint().lastIndexOf('/') + 1);
        Value asked = predict.getParameters().getStructValue().getFieldsOrDefault("outputDimensionality", null);
        int dimensions = asked != null ? (int) asked.getNumberValue() : EmulatedEmbeddings.dimensions(model);
        PredictResponse.Builder out = PredictResponse.newBuilder();
        for (Value instance : predict.getInstancesList()) {
            String text = instance.getStructValue().getFieldsOrDefault("content", Value.getDefaultInstance()).getStringValue();
            ListValue.Builder values = ListValue.newBuilder();
            for (float f : EmulatedEmbeddings.vector(text, dimensions)) values.addValues(Value.newBuilder().setNumberValue(f));
            Struct statistics = Struct.newBuilder()
                    .putFields("token_count", Value.newBuilder().setNumberValue(GcpCloud.EMBEDDING_TOKENS_PER_INPUT).build())
                    .putFields("truncated", Value.newBuilder().setBoolValue(false).build()).build();
            Struct embeddings = Struct.newBuilder().putFields("values", Value.newBuilder().setListValue(values).build())
                    .putFields("statistics", Value.newBuilder().setStructValue(statistics).build()).build();
            out.addPredictions(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("embeddings", Value.newBuilder().setStructValue(embeddings).build())));
        }
        return out.build().toByteArray();
    }

    /** The model a call names, when it is a publisher model call; null otherwise. */
    private static String publisherModel(String method, byte[] request) {
        if (method.equals(GcpCloud.GENERATE_CONTENT) || method.equals(GcpCloud.STREAM_GENERATE_CONTENT)) {
            GenerateContentRequest generate = parse(() -> GenerateContentRequest.parseFrom(request));
            if (generate == null) return null;
            String model = generate.getModel();
            // a model on an endpoint of one's own (projects/.../endpoints/...) is not a publisher model
            return model.contains("/publishers/") || !model.contains("/") ? model : null;
        }
        if (method.equals(GcpCloud.PREDICT)) {
            PredictRequest predict = parse(() -> PredictRequest.parseFrom(request));
            return predict == null || !predict.getEndpoint().contains("/publishers/") ? null : predict.getEndpoint();
        }
        return null;
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    /** The parsed message, or null when the bytes are not one: WireMock then answers as it would. */
    private static <T> T parse(Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}

package dev.cloudai.gcp.invocation;

import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import dev.cloudai.gcp.internal.Futures;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.RequestLimit;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A Gemini (or other Vertex AI) model through {@code PredictionService.GenerateContent} and
 * {@code StreamGenerateContent}: one gRPC call per call, raw gax exceptions (the provider's pipeline maps and
 * retries). Internal: made by the gcp provider; users get it as a {@code ChatModel} from {@code CloudAi.chatModel}.
 *
 * <pre>{@code
 * ChatModel chat = new VertexChatModel("gcp", () -> client, "gemini-2.0-flash-001",
 *         "projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001");
 * }</pre>
 */
public final class VertexChatModel implements ChatModel {
    /**
     * Gemini's input size limit on Vertex AI: 500 MB per request ("Input size limit" of each Gemini model page; read
     * as MiB so that nothing Vertex accepts is refused here). Measured as the request's serialized size, which gRPC
     * computes for sending anyway (protobuf keeps it), so nothing is serialized twice.
     */
    static final RequestLimit INPUT_SIZE = RequestLimit.bytes("a Gemini GenerateContent request", 500L * 1024 * 1024,
            "https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/2-5-flash-lite");

    private final String providerId;
    private final Supplier<PredictionServiceClient> client;
    private final String modelId;
    private final String resourceName;

    /**
     * @param modelId      the id the caller asked for, reported as the answering model
     * @param resourceName the model's full resource name, sent on the wire
     */
    public VertexChatModel(String providerId, Supplier<PredictionServiceClient> client, String modelId, String resourceName) {
        this.providerId = providerId;
        this.client = client;
        this.modelId = modelId;
        this.resourceName = resourceName;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return toResponse(client.get().generateContentCallable().call(wire(request, "chat")));
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        GenerateContentRequest wire = wire(request, "chat");
        return Futures.toCompletable(client.get().generateContentCallable().futureCall(wire)).thenApply(this::toResponse);
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        GenerateContentRequest wire = wire(request, "stream");
        return new VertexChatStream(() -> client.get().streamGenerateContentCallable(), wire);
    }

    /** The request on the wire, refused when over {@link #INPUT_SIZE}. */
    private GenerateContentRequest wire(ChatRequest request, String operation) {
        GenerateContentRequest wire = ChatConversion.toRequest(resourceName, request);
        INPUT_SIZE.check(providerId, operation, wire.getSerializedSize());
        return wire;
    }

    private ChatResponse toResponse(GenerateContentResponse response) {
        ChatConversion.Finish finish = ChatConversion.finish(response)
                .orElse(new ChatConversion.Finish(FinishReason.OTHER, "no finish reason in the response"));
        return ChatResponse.builder()
                .text(ChatConversion.text(response))
                .usage(ChatConversion.usage(response).orElse(new TokenUsage(0, 0)))
                .finishReason(finish.reason())
                .finishDetail(finish.detail())
                .provider(providerId)
                .model(modelId)
                .requestId(response.getResponseId())
                .build();
    }

    @Override
    public String toString() {
        return "VertexChatModel[" + resourceName + "]";
    }
}

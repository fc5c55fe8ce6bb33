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
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.spi.ChatLimits;
import dev.cloudai.spi.RequestLimit;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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

    /**
     * What Gemini takes inline (Vertex AI "Image understanding" and "Document understanding" pages,
     * https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/image-understanding and
     * .../multimodal/document-understanding, and the technical specifications of each Gemini model page): images
     * image/png, image/jpeg, image/webp, image/heic, image/heif, at most 7 MB per file for inline data and 3,000 per
     * prompt; documents application/pdf and text/plain, at most 50 MB per file through the API and 3,000 per prompt;
     * all inline data within the request's 500 MB input size limit ({@link #INPUT_SIZE}).
     */
    static final ChatLimits LIMITS = ChatLimits.builder("gcp")
            .images(Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"), 7_000_000, 3_000)
            .documents(Set.of("application/pdf", "text/plain"), 50_000_000, 3_000)
            .maxInlineBytes(500L * 1024 * 1024)
            .build();

    /**
     * Gemini models without thinking: 1.0, 1.5 and 2.0 (thinking came with Gemini 2.5, Vertex AI "Thinking" page,
     * https://cloud.google.com/vertex-ai/generative-ai/docs/thinking). Other ids, endpoints included, get the
     * thinking config and Vertex decides.
     */
    private static final Pattern NO_THINKING = Pattern.compile("gemini-(1\\.|2\\.0|pro)[^/]*");

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
        return toResponse(client.get().generateContentCallable().call(wire(request, "chat")), ChatConversion.turn(request));
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        GenerateContentRequest wire = wire(request, "chat");
        int turn = ChatConversion.turn(request);
        return Futures.toCompletable(client.get().generateContentCallable().futureCall(wire)).thenApply(r -> toResponse(r, turn));
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        GenerateContentRequest wire = wire(request, "stream");
        return new VertexChatStream(() -> client.get().streamGenerateContentCallable(), wire, ChatConversion.turn(request));
    }

    /**
     * The request on the wire, refused before sending when its media break {@link #LIMITS}, when it asks a model
     * without thinking to reason, or when it is over {@link #INPUT_SIZE}.
     */
    private GenerateContentRequest wire(ChatRequest request, String operation) {
        LIMITS.check(request);
        if (request.reasoningBudgetTokens().isPresent() && NO_THINKING.matcher(modelId).find()) {
            throw ChatLimits.unsupported(providerId, "reasoning (reasoningEffort/reasoningBudget) on model " + modelId,
                    "use a Gemini model that thinks, such as gemini-2.5-flash, or leave reasoning unset");
        }
        GenerateContentRequest wire = ChatConversion.toRequest(resourceName, request);
        INPUT_SIZE.check(providerId, operation, wire.getSerializedSize());
        return wire;
    }

    /**
     * The request a batch line carries: the same wire request {@link #chat} sends, checked the same way, so that a
     * batch item and a live call cannot drift apart.
     */
    public GenerateContentRequest batchRequest(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return wire(request, "batch");
    }

    /**
     * A batch output line's response as the answer {@link #chat} would have given; {@code request} is the request the
     * line echoes, whose model turns number the tool calls as in a live call.
     */
    public ChatResponse batchResponse(GenerateContentResponse response, GenerateContentRequest request) {
        int turn = (int) request.getContentsList().stream().filter(c -> c.getRole().equals("model")).count();
        return toResponse(response, turn);
    }

    private ChatResponse toResponse(GenerateContentResponse response, int turn) {
        List<ToolCall> calls = ChatConversion.toolCalls(response, turn);
        // Vertex says STOP beside function calls: an answer with calls finishes with TOOL_USE
        ChatConversion.Finish finish = !calls.isEmpty() ? new ChatConversion.Finish(FinishReason.TOOL_USE, null)
                : ChatConversion.finish(response)
                        .orElse(new ChatConversion.Finish(FinishReason.OTHER, "no finish reason in the response"));
        return ChatResponse.builder()
                .text(ChatConversion.text(response))
                .toolCalls(calls)
                .reasoning(ChatConversion.reasoning(response))
                .reasoningSignature(ChatConversion.reasoningSignature(response))
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

package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The models' own InvokeModel bodies, for Bedrock batch inference, which carries one such body per input line
 * ({@code modelInput}) and answers with the model's own response body ({@code modelOutput}): Anthropic Claude's
 * Messages body ({@link AnthropicMessages}), Amazon Nova's messages-v1 body ({@link NovaMessages}) and Titan Text
 * Embeddings v2's ({@link EmbeddingFamily#TITAN_V2}), each mapped with the code the on-demand calls use. Internal to
 * the adapter; its batch platform is the caller.
 *
 * <pre>{@code
 * if (InvokeModelBodies.writesChat(model)) line = "{\"recordId\":\"t-1\",\"modelInput\":" + InvokeModelBodies.chatBody(model, request) + "}";
 * ChatResponse answer = InvokeModelBodies.chatResponse("aws", model, modelInput, modelOutput);
 * }</pre>
 */
public final class InvokeModelBodies {
    private InvokeModelBodies() {
    }

    /** Whether this adapter writes the native chat body of {@code modelId}: Anthropic Claude and Amazon Nova models. */
    public static boolean writesChat(String modelId) {
        return AnthropicMessages.handles(modelId) || NovaMessages.handles(modelId);
    }

    /** Whether this adapter writes the native embedding body of {@code modelId}: Titan Text Embeddings v2. */
    public static boolean writesEmbedding(String modelId) {
        try {
            return EmbeddingFamily.of(modelId) == EmbeddingFamily.TITAN_V2;
        } catch (IllegalArgumentException notAnEmbeddingModel) {
            return false;
        }
    }

    /**
     * The native chat body of {@code modelId} for {@code request}, compact JSON: Nova's for a Nova model, else Claude's.
     *
     * @throws IllegalArgumentException naming the field, for a value the model refuses
     * @throws UnsupportedOperationException naming the feature and the alternative, for what the body cannot carry
     */
    public static String chatBody(String modelId, ChatRequest request) {
        return NovaMessages.handles(modelId) ? NovaMessages.body(modelId, request) : AnthropicMessages.body(modelId, request);
    }

    /**
     * The model's answer {@code output} to the body {@code input} (which says whether the answer is a forced JSON
     * tool's input) as a chat response: Nova's answer for a Nova model, else Claude's.
     *
     * @throws dev.cloudai.aws.errors.AwsResponseFormatException when {@code output} is not the model's response
     */
    public static ChatResponse chatResponse(String provider, String modelId, JsonNode input, JsonNode output) {
        if (NovaMessages.handles(modelId)) {
            return NovaMessages.response(provider, modelId, output, NovaMessages.forcesJsonTool(input));
        }
        return AnthropicMessages.response(provider, modelId, output, AnthropicMessages.forcesJsonTool(input));
    }

    /** Titan Text Embeddings v2's body for one text ({@code inputText}, {@code normalize}), compact JSON. */
    public static String embeddingBody(String modelId, String text) {
        byte[] body = EmbeddingFamily.of(modelId).requestBody(List.of(text), EmbeddingRequest.of(text));
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The vector of Titan's answer {@code output}, at index 0.
     *
     * @throws dev.cloudai.aws.errors.AwsResponseFormatException when {@code output} holds no vector
     */
    public static Embedding embedding(String modelId, JsonNode output) {
        return new Embedding(0, EmbeddingFamily.of(modelId).parse(output, 1, null).vectors().get(0));
    }
}

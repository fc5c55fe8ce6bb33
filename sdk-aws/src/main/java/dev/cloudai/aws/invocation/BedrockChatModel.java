package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Chat on Amazon Bedrock through the Converse API: {@code chat} on the blocking client, {@code chatAsync} and
 * {@code stream} (ConverseStream, which exists only there) on the async one, each client built on its first use
 * (an application that only chats blocking never builds the async one). Raw: one request per call, the SDK's
 * own exceptions; the SDK's call pipeline maps and retries. Internal to the adapter; users get it through
 * {@code CloudAi.chatModel}.
 *
 * <pre>{@code
 * ChatModel chat = new BedrockChatModel("aws", () -> bedrock, () -> bedrockAsync, "us.anthropic.claude-3-5-haiku-20241022-v1:0");
 * }</pre>
 *
 * <p>The model id is passed through unchanged: a foundation model id, a cross-region inference profile
 * ({@code us.}, {@code eu.}, {@code global.}) or an ARN; the SDK percent-encodes it into the path.
 */
public final class BedrockChatModel implements ChatModel {
    private final String provider;
    private final Supplier<BedrockRuntimeClient> client;
    private final Supplier<BedrockRuntimeAsyncClient> asyncClient;
    private final String modelId;

    public BedrockChatModel(String provider, Supplier<BedrockRuntimeClient> client, Supplier<BedrockRuntimeAsyncClient> asyncClient,
                            String modelId) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId: must not be blank; give a Bedrock model id, inference profile id or ARN");
        }
        this.modelId = modelId;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ConverseMapping.Converse converse = ConverseMapping.prepare(modelId, request);   // checked before anything is sent
        return ConverseMapping.response(provider, modelId, client.get().converse(converse.request()), converse.jsonTool());
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ConverseMapping.Converse converse = ConverseMapping.prepare(modelId, request);
        return asyncClient.get().converse(converse.request())
                .thenApply(r -> ConverseMapping.response(provider, modelId, r, converse.jsonTool()));
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ConverseMapping.Converse converse = ConverseMapping.prepare(modelId, request);
        return new ConverseStreamPublisher(asyncClient, converse.streamRequest(), converse.jsonTool());
    }

    @Override
    public String toString() {
        return "BedrockChatModel[" + modelId + "]";
    }
}

package dev.cloudai.azure.invocation;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cloudai.azure.http.Json;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Chat with one Azure OpenAI deployment: {@code chat} on the blocking client, {@code chatAsync} and {@code stream}
 * on the async one (Reactor, so no thread waits). Raw: one request per call, azure-core's exceptions, no retries.
 *
 * <pre>{@code
 * ChatModel chat = new AzureChatModel("azure", "gpt4o", () -> client, () -> asyncClient);   // "gpt4o" is a deployment name
 * }</pre>
 */
public final class AzureChatModel implements ChatModel {
    private final String providerId;
    private final String deployment;
    private final Supplier<OpenAIClient> client;
    private final Supplier<OpenAIAsyncClient> asyncClient;

    public AzureChatModel(String providerId, String deployment, Supplier<OpenAIClient> client,
                          Supplier<OpenAIAsyncClient> asyncClient) {
        this.providerId = providerId;
        this.deployment = deployment;
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Response<ChatCompletions> r = client.get().getChatCompletionsWithResponse(deployment,
                ChatMapping.options(providerId, "chat", request), new RequestOptions());
        return ChatMapping.response(r.getValue(), providerId, deployment, ChatMapping.requestId(r.getHeaders()));
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        ChatCompletionsOptions options = ChatMapping.options(providerId, "chat", request);
        return asyncClient.get().getChatCompletionsWithResponse(deployment, options, new RequestOptions())
                .map(r -> ChatMapping.response(r.getValue(), providerId, deployment, ChatMapping.requestId(r.getHeaders())))
                .toFuture();
    }

    /**
     * Server-sent events: Azure's first chunk often holds only {@code prompt_filter_results} (no choices), text
     * deltas follow, one chunk carries the finish reason and, when the service sends it, a last one the usage. The
     * one {@link ChatChunk.Finished} is emitted when the stream ends, so it has both.
     *
     * <p>{@code stream_options.include_usage} is not sent: the pinned GA service version (2024-06-01) predates it,
     * and Azure rejects arguments a version does not know. Usage is mapped whenever a chunk carries it.
     *
     * <p>The body is read with {@link ServerSentEvents}, not azure-ai-openai's {@code getChatCompletionsStream}, whose
     * cached events kept reading a cancelled answer: here the subscriber's demand and cancel reach the connection.
     */
    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Flux<ChatChunk> chunks = Flux.defer(() -> {
            StreamState state = new StreamState();
            return asyncClient.get().getChatCompletionsWithResponse(deployment, streamBody(request), new RequestOptions())
                    .flatMapMany(r -> ServerSentEvents.data(r.getValue().toFluxByteBuffer()))
                    .map(AzureChatModel::completions)
                    .concatMapIterable(state::onChunk)
                    .concatWith(Mono.defer(state::finished));
        });
        return JdkFlowAdapter.publisherToFlowPublisher(chunks);
    }

    /** The chat completion options with {@code "stream":true}, which the SDK only sets itself (in a private setter). */
    private BinaryData streamBody(ChatRequest request) {
        Map<String, Object> body = new LinkedHashMap<>(Json.parseObject(BinaryData.fromObject(ChatMapping.options(providerId, "stream", request)).toString()));
        body.put("stream", true);
        return BinaryData.fromString(Json.write(body));
    }

    /** One event's chat completion chunk. */
    private static ChatCompletions completions(String json) {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return ChatCompletions.fromJson(reader);
        } catch (IOException | RuntimeException e) {
            throw new Json.MalformedJsonException("an event of the stream is not a chat completion chunk ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "AzureChatModel[" + deployment + "]";
    }

    /** What one subscription has seen so far. */
    private static final class StreamState {
        private ChatMapping.Finish finish;
        private TokenUsage usage;

        List<ChatChunk> onChunk(ChatCompletions c) {
            ChatMapping.usage(c.getUsage()).ifPresent(u -> usage = u);
            List<ChatChunk> out = new ArrayList<>(1);
            if (c.getChoices() == null) return out;
            for (ChatChoice choice : c.getChoices()) {
                if (choice.getIndex() != 0) continue;   // we ask for one choice
                if (choice.getDelta() != null && choice.getDelta().getContent() != null
                        && !choice.getDelta().getContent().isEmpty()) {
                    out.add(new ChatChunk.TextDelta(choice.getDelta().getContent()));
                }
                if (choice.getFinishReason() != null) finish = ChatMapping.finish(choice);
            }
            return out;
        }

        Mono<ChatChunk> finished() {
            if (finish == null) {
                // [DONE] or EOF without a finish reason: the answer is cut short, which the caller must learn.
                return Mono.error(new EOFException("the Azure OpenAI stream ended before its finish reason"));
            }
            FinishReason reason = finish.reason();
            return Mono.just(new ChatChunk.Finished(reason, finish.detail(), Optional.ofNullable(usage)));
        }
    }
}

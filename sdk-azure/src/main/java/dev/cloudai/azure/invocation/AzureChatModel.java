package dev.cloudai.azure.invocation;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cloudai.azure.http.Json;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
                ChatMapping.options(providerId, "chat", request), ChatMapping.requestOptions(request));
        return ChatMapping.response(r.getValue(), providerId, deployment, ChatMapping.requestId(r.getHeaders()));
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        ChatCompletionsOptions options = ChatMapping.options(providerId, "chat", request);
        return asyncClient.get().getChatCompletionsWithResponse(deployment, options, ChatMapping.requestOptions(request))
                .map(r -> ChatMapping.response(r.getValue(), providerId, deployment, ChatMapping.requestId(r.getHeaders())))
                .toFuture();
    }

    /**
     * Server-sent events: Azure's first chunk often holds only {@code prompt_filter_results} (no choices), text
     * deltas follow, one chunk carries the finish reason and, when the service sends it, a last one the usage, then
     * {@code [DONE]}. The one {@link ChatChunk.Finished} is emitted when the stream ends, so it has both.
     *
     * <p>Tool calls come in pieces ({@code delta.tool_calls[]} of {@code index}, the first with {@code id},
     * {@code type} and {@code function.name}, the others with pieces of {@code function.arguments}): they are
     * gathered per index and each is delivered once, whole, in index order, when the choice's finish reason arrives.
     * A body that ends before its finish reason or its {@code [DONE]} fails with an {@link EOFException} (a retryable
     * unavailable error once mapped) and delivers no partial call.
     *
     * <p>{@code stream_options.include_usage} is not sent, to keep the body the same for every version; usage is mapped
     * whenever a chunk carries it.
     *
     * <p>The body is read with {@link ServerSentEvents}, not azure-ai-openai's {@code getChatCompletionsStream}, whose
     * cached events kept reading a cancelled answer: here the subscriber's demand and cancel reach the connection.
     */
    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Flux<ChatChunk> chunks = Flux.defer(() -> {
            StreamState state = new StreamState();
            return asyncClient.get().getChatCompletionsWithResponse(deployment, streamBody(request),
                            ChatMapping.requestOptions(request))
                    .flatMapMany(r -> ServerSentEvents.dataUntilDone(r.getValue().toFluxByteBuffer()))
                    .concatMapIterable(state::onEvent)
                    .concatWith(Mono.defer(state::finished));
        });
        return JdkFlowAdapter.publisherToFlowPublisher(chunks);
    }

    /** The chat completion options with {@code "stream":true}, which the SDK only sets itself (in a private setter). */
    private BinaryData streamBody(ChatRequest request) {
        Map<String, Object> body = ChatMapping.requestBody(providerId, "stream", request);
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
        /** Tool calls being gathered, by their index in the answer. */
        private final SortedMap<Integer, PendingCall> calls = new TreeMap<>();
        private boolean deliveredCalls;

        List<ChatChunk> onEvent(String json) {
            ChatCompletions c = completions(json);
            ChatMapping.usage(c.getUsage()).ifPresent(u -> usage = u);
            List<ChatChunk> out = new ArrayList<>(1);
            if (c.getChoices() == null) return out;
            // azure-ai-openai's tool call model has no index: read the pieces off the event's JSON when it has some
            if (json.contains("\"tool_calls\"")) gatherToolCalls(json);
            for (ChatChoice choice : c.getChoices()) {
                if (choice.getIndex() != 0) continue;   // we ask for one choice
                if (choice.getDelta() != null && choice.getDelta().getContent() != null
                        && !choice.getDelta().getContent().isEmpty()) {
                    out.add(new ChatChunk.TextDelta(choice.getDelta().getContent()));
                }
                if (choice.getFinishReason() != null) {
                    finish = ChatMapping.finish(choice);
                    for (PendingCall call : calls.values()) out.add(new ChatChunk.ToolUse(call.whole()));
                    deliveredCalls |= !calls.isEmpty();
                    calls.clear();
                }
            }
            return out;
        }

        private void gatherToolCalls(String json) {
            for (Object choice : Json.array(Json.parseObject(json), "choices")) {
                if (!"0".equals(Json.text(choice, "index").orElse("0"))) continue;
                for (Object piece : Json.array(choice, "delta", "tool_calls")) {
                    int index = Json.text(piece, "index").map(Integer::parseInt).orElse(calls.isEmpty() ? 0 : calls.lastKey());
                    PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
                    Json.text(piece, "id").ifPresent(id -> call.id = id);
                    Json.text(piece, "function", "name").ifPresent(name -> call.name = name);
                    Json.at(piece, "function", "arguments").ifPresent(a -> call.arguments.append(a));
                }
            }
        }

        Mono<ChatChunk> finished() {
            if (finish == null) {
                // [DONE] or EOF without a finish reason: the answer is cut short, which the caller must learn.
                return Mono.error(new EOFException("the Azure OpenAI stream ended before its finish reason"));
            }
            ChatMapping.Finish f = deliveredCalls ? finish.withToolUse() : finish;
            return Mono.just(new ChatChunk.Finished(f.reason(), f.detail(), Optional.ofNullable(usage)));
        }
    }

    /** One streamed tool call, gathered from its pieces. */
    private static final class PendingCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        ToolCall whole() {
            if (id == null || name == null) {
                throw new Json.MalformedJsonException("a streamed tool call came without its "
                        + (id == null ? "id" : "function name"), null);
            }
            return new ToolCall(id, name, arguments.toString());
        }
    }
}

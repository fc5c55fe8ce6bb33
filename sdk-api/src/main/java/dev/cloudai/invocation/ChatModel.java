package dev.cloudai.invocation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A chat model on one provider, bound to one model id. Thread-safe; owned by the {@code CloudAi} that made it.
 * Every call goes through the SDK's retry pipeline; failures are {@link dev.cloudai.errors.CloudAiException}s.
 *
 * <pre>{@code
 * ChatModel chat = ai.chatModel("default");
 * String answer = chat.chat(ChatRequest.ofUser("Hello")).text();
 * chat.chatAsync(request).thenAccept(r -> System.out.println(r.text()));
 * try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat.stream(request))) {
 *     chunks.forEach(System.out::println);
 * }
 * }</pre>
 */
public interface ChatModel {

    /** Sends the request and waits for the whole answer. */
    ChatResponse chat(ChatRequest request);

    /** Sends the request without blocking the calling thread, nor any other while it waits. */
    CompletableFuture<ChatResponse> chatAsync(ChatRequest request);

    /**
     * Streams the answer as it is written: {@link ChatChunk.ReasoningDelta}s where the model reasons aloud,
     * {@link ChatChunk.TextDelta}s, each tool call once and whole as a {@link ChatChunk.ToolUse}, then one
     * {@link ChatChunk.Finished}.
     * Nothing is sent until a subscriber subscribes; each subscription sends its own request. A failure before
     * the first chunk may be retried; after it, the failure is delivered once through {@code onError}.
     */
    Flow.Publisher<ChatChunk> stream(ChatRequest request);
}

package dev.cloudai.invocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gathers a stream's chunks into the answer they make: its text, reasoning, tool calls and finish. Use it to print
 * as the answer arrives and then continue the conversation with {@link #toMessage()}. Not thread-safe: feed it
 * from one subscriber.
 *
 * <pre>{@code
 * StreamedAnswer answer = new StreamedAnswer();
 * try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat.stream(ask))) {
 *     chunks.peek(answer::add).forEach(c -> { if (c instanceof ChatChunk.TextDelta d) System.out.print(d.text()); });
 * }
 * if (answer.finishReason().orElse(null) == FinishReason.TOOL_USE) {
 *     ChatRequest.Builder next = ask.toBuilder().message(answer.toMessage());
 *     for (ToolCall call : answer.toolCalls()) next.toolResult(call.id(), runTool(call));
 * }
 * }</pre>
 */
public final class StreamedAnswer {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private String reasoningSignature;
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private ChatChunk.Finished finished;

    /**
     * Adds the next chunk of the stream.
     *
     * @throws IllegalStateException for a chunk after the {@link ChatChunk.Finished} one, which would change an
     *                               answer already complete
     */
    public void add(ChatChunk chunk) {
        Objects.requireNonNull(chunk, "chunk: must not be null");
        if (finished != null) {
            throw new IllegalStateException("chunk: the stream already finished; a stream ends with one Finished chunk");
        }
        if (chunk instanceof ChatChunk.TextDelta d) {
            text.append(d.text());
        } else if (chunk instanceof ChatChunk.ReasoningDelta r) {
            reasoning.append(r.text());
            r.signature().ifPresent(s -> reasoningSignature = s);
        } else if (chunk instanceof ChatChunk.ToolUse u) {
            toolCalls.add(u.call());
        } else if (chunk instanceof ChatChunk.Finished f) {
            finished = f;
        }
    }

    /** The text so far. */
    public String text() { return text.toString(); }

    /** The reasoning so far, when the model streamed any. */
    public Optional<String> reasoning() { return reasoning.isEmpty() ? Optional.empty() : Optional.of(reasoning.toString()); }

    /** The tool calls delivered so far, in order. */
    public List<ToolCall> toolCalls() { return List.copyOf(toolCalls); }

    /** Why the model stopped, once the stream finished. */
    public Optional<FinishReason> finishReason() {
        return finished == null ? Optional.empty() : Optional.of(finished.finishReason());
    }

    /** The tokens the call consumed, once the stream finished and when the provider reported them. */
    public Optional<TokenUsage> usage() {
        return finished == null ? Optional.empty() : finished.usage();
    }

    /** The answer as the assistant message of the next turn, its tool calls and reasoning included. */
    public ChatMessage toMessage() {
        return ChatMessage.assistant(text.toString(), toolCalls, reasoning.toString(), reasoningSignature);
    }
}

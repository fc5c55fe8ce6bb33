package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation: a system instruction, a user's turn (text, images, documents), a model's earlier
 * answer (text, tool calls, reasoning), or one tool's result. Immutable.
 *
 * <pre>{@code
 * ChatMessage q = ChatMessage.user("What is Inferentia?");
 * ChatMessage look = ChatMessage.user(ContentPart.text("What is in this picture?"), ContentPart.image(png, "image/png"));
 * ChatMessage answer = ChatMessage.toolResult(call.id(), "{\"celsius\":21}");
 * }</pre>
 */
public final class ChatMessage {
    private final Role role;
    private final List<ContentPart> parts;
    private final String text;
    private final List<ToolCall> toolCalls;
    private final String toolCallId;
    private final boolean error;
    private final String reasoning;
    private final String reasoningSignature;

    private ChatMessage(Role role, List<ContentPart> parts, List<ToolCall> toolCalls, String toolCallId,
                        boolean error, String reasoning, String reasoningSignature) {
        this.role = Objects.requireNonNull(role, "role: must not be null");
        this.parts = parts;
        this.text = join(parts);
        this.toolCalls = toolCalls;
        this.toolCallId = toolCallId;
        this.error = error;
        this.reasoning = reasoning;
        this.reasoningSignature = reasoningSignature;
    }

    /** A system message (instructions for the model); must not be blank. */
    public static ChatMessage system(String text) { return textOnly(Role.SYSTEM, text); }

    /** A message from the user; must not be blank. */
    public static ChatMessage user(String text) { return textOnly(Role.USER, text); }

    /** A message from the user made of text, images and documents, in order. */
    public static ChatMessage user(ContentPart... parts) {
        return user(Arguments.listOf("parts", parts));
    }

    /** A message from the user made of text, images and documents, in order. */
    public static ChatMessage user(List<? extends ContentPart> parts) {
        List<ContentPart> copy = Arguments.listOf(parts, "parts");
        if (copy.isEmpty()) throw new IllegalArgumentException("parts: a user message needs at least one part");
        return new ChatMessage(Role.USER, copy, List.of(), null, false, null, null);
    }

    /** An earlier answer of the model, for multi-turn conversations; must not be blank. */
    public static ChatMessage assistant(String text) { return textOnly(Role.ASSISTANT, text); }

    /**
     * An earlier answer of the model that asked for tools, as a stream delivered it: the text of its
     * {@link ChatChunk.TextDelta}s (may be empty) and the calls of its {@link ChatChunk.ToolUse}s.
     */
    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        return assistant(text, toolCalls, null, null);
    }

    /**
     * An earlier answer with the model's reasoning, kept because some clouds (Claude on Bedrock, Gemini on Vertex
     * AI) require it back beside the tool results of the same turn. {@code reasoningSignature} is the cloud's opaque
     * token for it; {@code null} when there is none.
     */
    public static ChatMessage assistant(String text, List<ToolCall> toolCalls, String reasoning,
                                        String reasoningSignature) {
        Objects.requireNonNull(text, "text: must not be null; pass \"\" when the answer was only tool calls");
        List<ToolCall> calls = Arguments.listOf(toolCalls, "toolCalls");
        if (text.isBlank() && calls.isEmpty()) {
            throw new IllegalArgumentException("text: an assistant message without tool calls must not be blank");
        }
        for (int i = 0; i < calls.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (calls.get(j).id().equals(calls.get(i).id())) {
                    throw new IllegalArgumentException("toolCalls[" + i + "].id: \"" + calls.get(i).id()
                            + "\" is used twice in one answer");
                }
            }
        }
        List<ContentPart> parts = text.isBlank() ? List.of() : List.of(ContentPart.text(text));
        return new ChatMessage(Role.ASSISTANT, parts, calls, null, false, blankToNull(reasoning),
                blankToNull(reasoningSignature));
    }

    /** A tool's result for the call {@code toolCallId}; JSON content travels as JSON where the cloud takes it. */
    public static ChatMessage toolResult(String toolCallId, String content) {
        return tool(toolCallId, content, false, "content");
    }

    /**
     * A tool's failure for the call {@code toolCallId}, marked as an error in each cloud's own way (Bedrock's
     * {@code status: error}, Vertex AI's {@code error} response field, an {@code error} object on Azure OpenAI).
     */
    public static ChatMessage toolError(String toolCallId, String message) {
        return tool(toolCallId, message, true, "message");
    }

    private static ChatMessage tool(String toolCallId, String content, boolean error, String field) {
        if (toolCallId == null || toolCallId.isBlank()) {
            throw new IllegalArgumentException("toolCallId: must name the tool call this result answers");
        }
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException(field + ": the result of tool call \"" + toolCallId
                    + "\" must not be blank; send \"{}\" or a word when the tool returns nothing");
        }
        return new ChatMessage(Role.TOOL, List.of(ContentPart.text(content)), List.of(), toolCallId, error, null, null);
    }

    private static ChatMessage textOnly(Role role, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text: a " + role.name().toLowerCase(Locale.ROOT)
                    + " message must not be blank");
        }
        return new ChatMessage(role, List.of(new ContentPart.Text(text)), List.of(), null, false, null, null);
    }

    /** Who wrote it. */
    public Role role() { return role; }

    /** Its parts in order: text, images and documents (user messages), text otherwise. */
    public List<ContentPart> parts() { return parts; }

    /** Its text parts joined with no separator; empty when it has none (an image alone, tool calls alone). */
    public String text() { return text; }

    /** The tools an assistant message asked to call; empty for other messages. */
    public List<ToolCall> toolCalls() { return toolCalls; }

    /** The call a {@link Role#TOOL} message answers. */
    public Optional<String> toolCallId() { return Optional.ofNullable(toolCallId); }

    /** {@code true} for a tool result that reports the tool's failure. */
    public boolean isError() { return error; }

    /** The model's reasoning, on an assistant message that kept it. */
    public Optional<String> reasoning() { return Optional.ofNullable(reasoning); }

    /** The cloud's opaque token for the reasoning, which it checks when the reasoning comes back. */
    public Optional<String> reasoningSignature() { return Optional.ofNullable(reasoningSignature); }

    /** {@code true} when a user message carries an image or a document. */
    public boolean hasMedia() {
        for (ContentPart p : parts) {
            if (!(p instanceof ContentPart.Text)) return true;
        }
        return false;
    }

    private static String join(List<ContentPart> parts) {
        if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) return t.text();
        StringBuilder out = new StringBuilder();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) out.append(t.text());
        }
        return out.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMessage m && role == m.role && parts.equals(m.parts) && toolCalls.equals(m.toolCalls)
                && Objects.equals(toolCallId, m.toolCallId) && error == m.error
                && Objects.equals(reasoning, m.reasoning) && Objects.equals(reasoningSignature, m.reasoningSignature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, parts, toolCalls, toolCallId, error, reasoning, reasoningSignature);
    }

    /** The role and the shape of the message, never its text (it may hold personal data). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ChatMessage[").append(role).append(", parts=").append(parts.size());
        if (!toolCalls.isEmpty()) s.append(", toolCalls=").append(toolCalls.size());
        if (toolCallId != null) s.append(", toolCallId=").append(toolCallId).append(error ? ", error" : "");
        if (reasoning != null) s.append(", reasoning");
        return s.append(']').toString();
    }
}

package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An answer's tool calls and reasoning, and the assistant message it becomes. */
class ChatResponseTest {
    static final ToolCall CALL = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");

    private static ChatResponse.Builder base() {
        return ChatResponse.builder().text("").usage(new TokenUsage(3, 4)).finishReason(FinishReason.TOOL_USE)
                .provider("gcp").model("gemini");
    }

    @Test
    void toolCallsRequireTheToolUseFinish() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base().finishReason(FinishReason.STOP).toolCalls(List.of(CALL)).build());
        assertEquals("finishReason: an answer with tool calls finishes with TOOL_USE, was STOP", e.getMessage());
        assertEquals(List.of(CALL), base().toolCalls(List.of(CALL)).build().toolCalls());
    }

    @Test
    void anAnswerWithoutCallsHasAnEmptyListAndNoReasoning() {
        ChatResponse r = base().text("Hi").finishReason(FinishReason.STOP).build();
        assertEquals(List.of(), r.toolCalls());
        assertEquals(Optional.empty(), r.reasoning());
        assertEquals(Optional.empty(), r.reasoningSignature());
        assertEquals(Optional.empty(), base().text("Hi").reasoning("").reasoningSignature(" ").build().reasoning());
    }

    @Test
    void toMessageKeepsTextCallsReasoningAndSignature() {
        ChatResponse r = base().text("Looking it up.").toolCalls(List.of(CALL)).reasoning("The user wants Paris.")
                .reasoningSignature("c2ln").build();
        ChatMessage m = r.toMessage();
        assertEquals(Role.ASSISTANT, m.role());
        assertEquals("Looking it up.", m.text());
        assertEquals(List.of(CALL), m.toolCalls());
        assertEquals(Optional.of("The user wants Paris."), m.reasoning());
        assertEquals(Optional.of("c2ln"), m.reasoningSignature());
    }

    @Test
    void equalityAndToBuilderCoverTheNewFields() {
        ChatResponse r = base().toolCalls(List.of(CALL)).reasoning("think").reasoningSignature("sig").build();
        assertEquals(r, r.toBuilder().build());
        assertEquals(r.hashCode(), r.toBuilder().build().hashCode());
        assertNotEquals(r, r.toBuilder().reasoningSignature("other").build());
        assertNotEquals(r, r.toBuilder().reasoning("other").build());
        assertNotEquals(r, r.toBuilder().toolCalls(List.of(new ToolCall("call-2", "get_weather", "{}"))).build());
    }

    @Test
    void toStringShowsNeitherTextNorReasoning() {
        String s = base().text("secret answer").toolCalls(List.of(CALL)).reasoning("secret thought").build().toString();
        assertFalse(s.contains("secret"), s);
        assertFalse(s.contains("Paris"), s);
        assertTrue(s.contains("toolCalls=1"), s);
    }
}

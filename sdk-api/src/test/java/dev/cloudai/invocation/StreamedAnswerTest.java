package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A stream's chunks gathered into the answer and the assistant message of the next turn. */
class StreamedAnswerTest {
    static final ToolCall PARIS = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");
    static final ToolCall LYON = new ToolCall("call-2", "get_weather", "{\"city\":\"Lyon\"}");

    @Test
    void textDeltasAreJoined() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.TextDelta("Hel"));
        a.add(new ChatChunk.TextDelta(""));
        a.add(new ChatChunk.TextDelta("lo"));
        assertEquals("Hello", a.text());
        assertEquals(Optional.empty(), a.finishReason(), "not finished yet");
        assertEquals(Optional.empty(), a.usage());
        assertEquals(ChatMessage.assistant("Hello"), a.toMessage());
    }

    @Test
    void reasoningIsJoinedAndTheSignatureKept() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.ReasoningDelta("Think "));
        a.add(new ChatChunk.ReasoningDelta("hard."));
        a.add(new ChatChunk.ReasoningDelta("", Optional.of("sig-9")));
        a.add(new ChatChunk.TextDelta("42"));
        assertEquals(Optional.of("Think hard."), a.reasoning());
        ChatMessage m = a.toMessage();
        assertEquals("42", m.text());
        assertEquals(Optional.of("Think hard."), m.reasoning());
        assertEquals(Optional.of("sig-9"), m.reasoningSignature());
    }

    @Test
    void toolCallsAreKeptInOrderWithTheFinish() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.ToolUse(PARIS));
        a.add(new ChatChunk.ToolUse(LYON));
        TokenUsage usage = new TokenUsage(9, 8, 0, 0, 3);
        a.add(new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_use"), Optional.of(usage)));
        assertEquals(List.of(PARIS, LYON), a.toolCalls());
        assertEquals(Optional.of(FinishReason.TOOL_USE), a.finishReason());
        assertEquals(Optional.of(usage), a.usage());
        ChatMessage m = a.toMessage();
        assertEquals("", m.text());
        assertEquals(List.of(PARIS, LYON), m.toolCalls());
        assertEquals(Optional.empty(), m.reasoning());
        ChatRequest next = ChatRequest.builder().user("Weather?").tools(ChatRequestToolsTest.WEATHER).message(m)
                .toolResult("call-1", "sunny").toolResult("call-2", "rain").build();
        assertEquals(4, next.messages().size());
    }

    @Test
    void theCallsReturnedAreACopy() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.ToolUse(PARIS));
        List<ToolCall> before = a.toolCalls();
        a.add(new ChatChunk.ToolUse(LYON));
        assertEquals(List.of(PARIS), before);
        assertThrows(UnsupportedOperationException.class, () -> a.toolCalls().add(LYON));
    }

    @Test
    void aChunkAfterTheFinishIsRefused() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.TextDelta("Hi"));
        a.add(new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.empty()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.add(new ChatChunk.TextDelta("more")));
        assertEquals("chunk: the stream already finished; a stream ends with one Finished chunk", e.getMessage());
        assertEquals("Hi", a.text());
    }

    @Test
    void anEmptyAnswerHasNoMessage() {
        StreamedAnswer a = new StreamedAnswer();
        a.add(new ChatChunk.Finished(FinishReason.MAX_TOKENS, Optional.empty(), Optional.empty()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::toMessage);
        assertEquals("text: an assistant message without tool calls must not be blank", e.getMessage());
    }
}

package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages with parts, tool calls, tool results and kept reasoning. */
class ChatMessageTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    static final ToolCall CALL = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");

    @Test
    void textJoinsTheTextPartsWithNoSeparator() {
        ChatMessage m = ChatMessage.user(ContentPart.text("What is "), ContentPart.image(PNG, "image/png"),
                ContentPart.text("in this picture?"));
        assertEquals("What is in this picture?", m.text());
        assertEquals(3, m.parts().size());
        assertTrue(m.hasMedia());
        assertFalse(ChatMessage.user("plain").hasMedia());
    }

    @Test
    void aUserMessageMayBeAnImageAlone() {
        ChatMessage m = ChatMessage.user(List.of(ContentPart.image(PNG, "image/png")));
        assertEquals("", m.text());
        assertEquals(Role.USER, m.role());
        assertTrue(m.hasMedia());
        assertEquals(m, ChatMessage.user(ContentPart.image(PNG.clone(), "image/png")));
    }

    @Test
    void aUserMessageNeedsAPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatMessage.user(List.of()));
        assertEquals("parts: a user message needs at least one part", e.getMessage());
    }

    @Test
    void thePartsAreCopied() {
        List<ContentPart> mine = new ArrayList<>(List.of(ContentPart.text("a")));
        ChatMessage m = ChatMessage.user(mine);
        mine.add(ContentPart.text("b"));
        assertEquals("a", m.text());
        assertThrows(UnsupportedOperationException.class, () -> m.parts().add(ContentPart.text("c")));
    }

    @Test
    void anAssistantMessageWithBlankTextAndNoCallsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatMessage.assistant(" ", List.of()));
        assertEquals("text: an assistant message without tool calls must not be blank", e.getMessage());
        assertEquals(List.of(CALL), ChatMessage.assistant(" ", List.of(CALL)).toolCalls());
        assertEquals(List.of(), ChatMessage.assistant(" ", List.of(CALL)).parts());
    }

    @Test
    void aCallIdUsedTwiceInOneAnswerIsRefused() {
        ToolCall again = new ToolCall("call-1", "get_time", "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatMessage.assistant("", List.of(CALL, new ToolCall("call-2", "x", "{}"), again)));
        assertEquals("toolCalls[2].id: \"call-1\" is used twice in one answer", e.getMessage());
    }

    @Test
    void aBlankToolResultIsRefusedNamingTheCall() {
        IllegalArgumentException result = assertThrows(IllegalArgumentException.class,
                () -> ChatMessage.toolResult("call-1", " "));
        assertEquals("content: the result of tool call \"call-1\" must not be blank; send \"{}\" or a word when the"
                + " tool returns nothing", result.getMessage());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ChatMessage.toolError("call-1", ""));
        assertTrue(error.getMessage().startsWith("message: the result of tool call \"call-1\""), error.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> ChatMessage.toolResult(" ", "{}"));
        assertEquals("toolCallId: must name the tool call this result answers", id.getMessage());
    }

    @Test
    void reasoningIsKeptOnlyWhenThereIsSome() {
        ChatMessage kept = ChatMessage.assistant("", List.of(CALL), "thinking", "sig");
        assertEquals(Optional.of("thinking"), kept.reasoning());
        assertEquals(Optional.of("sig"), kept.reasoningSignature());
        ChatMessage blank = ChatMessage.assistant("", List.of(CALL), " ", "");
        assertEquals(Optional.empty(), blank.reasoning());
        assertEquals(Optional.empty(), blank.reasoningSignature());
        assertEquals(ChatMessage.assistant("", List.of(CALL)), blank);
        assertNotEquals(kept, blank);
    }

    @Test
    void equalityCoversToolFields() {
        assertEquals(ChatMessage.toolResult("c", "x"), ChatMessage.toolResult("c", "x"));
        assertEquals(ChatMessage.toolResult("c", "x").hashCode(), ChatMessage.toolResult("c", "x").hashCode());
        assertNotEquals(ChatMessage.toolResult("c", "x"), ChatMessage.toolError("c", "x"));
        assertNotEquals(ChatMessage.toolResult("c", "x"), ChatMessage.toolResult("d", "x"));
        assertNotEquals(ChatMessage.assistant("a", List.of(CALL)), ChatMessage.assistant("a"));
    }

    @Test
    void toStringShowsTheShapeButNoText() {
        ChatMessage m = ChatMessage.assistant("my secret plan", List.of(CALL), "private thoughts", "sig");
        String s = m.toString();
        assertEquals("ChatMessage[ASSISTANT, parts=1, toolCalls=1, reasoning]", s);
        assertEquals("ChatMessage[TOOL, parts=1, toolCallId=call-1, error]",
                ChatMessage.toolError("call-1", "secret failure").toString());
    }
}

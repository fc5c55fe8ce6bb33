package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a built request holds, and that reading it, as every call does, derives nothing again. */
class ChatRequestTest {

    @Test
    void theConversationIsDerivedOnceWhenBuiltNotOnEveryRead() {
        ChatRequest r = ChatRequest.builder().system("Be brief.").user("Q1").assistant("A1").user("Q2").build();
        assertSame(r.conversation(), r.conversation(), "validation and every adapter call read it");
        assertEquals(List.of(ChatMessage.user("Q1"), ChatMessage.assistant("A1"), ChatMessage.user("Q2")), r.conversation());
        assertThrows(UnsupportedOperationException.class, () -> r.conversation().add(ChatMessage.user("Q3")));

        ChatRequest plain = ChatRequest.builder().user("Q1").assistant("A1").user("Q2").build();
        assertSame(plain.messages(), plain.conversation(), "without system messages it is the messages, not a copy");
    }

    @Test
    void systemMessagesAreJoinedWithABlankLineWhereverTheyStand() {
        ChatRequest r = ChatRequest.builder().system("Be brief.").user("Q1").system("Use metric units.").build();
        assertEquals(Optional.of("Be brief.\n\nUse metric units."), r.systemPrompt());
        assertEquals(List.of(ChatMessage.user("Q1")), r.conversation());
        assertEquals(Optional.empty(), ChatRequest.ofUser("Q1").systemPrompt());
    }

    @Test
    void ofUserIsTheSameRequestAsTheBuilderMakes() {
        ChatRequest built = ChatRequest.builder().user("Q1").build();
        ChatRequest of = ChatRequest.ofUser("Q1");
        assertEquals(built, of);
        assertEquals(built.hashCode(), of.hashCode());
        assertEquals(built.toString(), of.toString());
        assertEquals(of, of.toBuilder().build());
    }
}

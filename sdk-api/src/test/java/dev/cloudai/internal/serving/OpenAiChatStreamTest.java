package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.cloudai.internal.serving.Fixtures.decode;
import static dev.cloudai.internal.serving.Fixtures.sameAtEverySplit;
import static dev.cloudai.internal.serving.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI chat completions stream, as vLLM writes it, read from parts split anywhere. */
class OpenAiChatStreamTest {
    private static final ChatCodec CODEC = ChatCodec.of(ServingProtocol.OPENAI_CHAT);
    private static final String HEAD = "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"Qwen/Qwen3-8B\",\"choices\":[{\"index\":0,\"delta\":";

    private static String event(String delta, String finish) {
        return "data: " + HEAD + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
    }

    /**
     * A recorded vLLM stream (shapes from the OpenAI reference's "chat completion chunk" object and vLLM's
     * reasoning-outputs and tool-calling docs): a role chunk, reasoning, text with 2-, 3- and 4-byte UTF-8
     * characters, a comment, a data line without the space, two tool calls in pieces, the finish reason, the usage
     * chunk and [DONE].
     */
    private static final String RECORDED = event("{\"role\":\"assistant\",\"content\":\"\"}", "null")
            + event("{\"reasoning_content\":\"Need the weather\"}", "null")
            + ": keep-alive\n\n"
            + event("{\"content\":\"Zürich € \"}", "null")
            + event("{\"content\":\"😀\"}", "null").replace("data: ", "data:")
            + event("{\"tool_calls\":[{\"index\":0,\"id\":\"chatcmpl-tool-1\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null")
            + event("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \"}}]}", "null")
            + event("{\"tool_calls\":[{\"index\":1,\"id\":\"chatcmpl-tool-2\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"now\",\"arguments\":\"\"}}]}", "null")
            + event("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Zürich\\\"}\"}}]}", "null")
            + event("{}", "\"tool_calls\"")
            + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":31,\"total_tokens\":55,\"completion_tokens\":24,"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":5}}}\n\n"
            + "data: [DONE]\n\n";

    private static final List<ChatChunk> EXPECTED = List.of(
            new ChatChunk.ReasoningDelta("Need the weather"),
            new ChatChunk.TextDelta("Zürich € "),
            new ChatChunk.TextDelta("😀"),
            new ChatChunk.ToolUse(new ToolCall("chatcmpl-tool-1", "get_weather", "{\"city\": \"Zürich\"}")),
            new ChatChunk.ToolUse(new ToolCall("chatcmpl-tool-2", "now", "{}")),
            new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_calls"),
                    Optional.of(new TokenUsage(31, 24, 0, 0, 5))));

    @Test
    void aRecordedStreamSplitAtEveryByteGivesTheSameChunks() {
        assertEquals(EXPECTED, sameAtEverySplit(CODEC::streamDecoder, RECORDED));
    }

    @Test
    void aSplitInsideAFourByteCharacterLosesNothing() {
        byte[] bytes = utf8(event("{\"content\":\"a😀b\"}", "\"stop\"") + "data: [DONE]\n\n");
        int emoji = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf("😀");
        int at = utf8(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).substring(0, emoji)).length + 2;
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(), d.feed(Arrays.copyOfRange(bytes, 0, at)));
        List<ChatChunk> rest = d.feed(Arrays.copyOfRange(bytes, at, bytes.length));
        assertEquals(new ChatChunk.TextDelta("a😀b"), rest.get(0));
        assertEquals(List.of(), d.end());
    }

    @Test
    void crlfLineEndsSplitBetweenCarriageReturnAndLineFeedWork() {
        String body = (event("{\"content\":\"Hi\"}", "\"length\"") + "data: [DONE]\n\n").replace("\n", "\r\n");
        List<ChatChunk> chunks = sameAtEverySplit(CODEC::streamDecoder, body);
        assertEquals(List.of(new ChatChunk.TextDelta("Hi"),
                new ChatChunk.Finished(FinishReason.MAX_TOKENS, Optional.of("length"), Optional.empty())), chunks);
    }

    @Test
    void finishedComesOnceAndNothingAfterDone() {
        StreamDecoder d = CODEC.streamDecoder();
        List<ChatChunk> first = d.feed(utf8(event("{\"content\":\"Hi\"}", "\"stop\"") + "data: [DONE]\n\n"));
        assertEquals(2, first.size());
        assertEquals(List.of(), d.feed(utf8(event("{\"content\":\"late\"}", "null") + "data: [DONE]\n\n")));
        assertEquals(List.of(), d.end());
    }

    @Test
    void aFinishReasonThenTheBodysEndFinishesWithoutDone() {
        List<ChatChunk> chunks = decode(CODEC.streamDecoder(), event("{\"content\":\"Hi\"}", "\"stop\""));
        assertEquals(new ChatChunk.Finished(FinishReason.STOP, Optional.of("stop"), Optional.empty()),
                chunks.get(chunks.size() - 1));
    }

    @Test
    void aStreamCutBeforeItsFinishReasonIsAnUncheckedIoException() {
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(new ChatChunk.TextDelta("Hel")), d.feed(utf8(event("{\"content\":\"Hel\"}", "null"))));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, d::end);
        assertTrue(e.getMessage().contains("the stream ended before"), e.getMessage());
    }

    @Test
    void aStreamCutInsideAnEventIsAlsoACut() {
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(), d.feed(utf8(event("{\"content\":\"Hel\"}", "null").substring(0, 40))));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, d::end);
        assertTrue(e.getMessage().contains("the stream ended inside an event"), e.getMessage());
    }

    @Test
    void toolCallsCutBeforeTheirFinishAreNotDelivered() {
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(), d.feed(utf8(event("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"now\",\"arguments\":\"{\"}}]}", "null"))));
        assertThrows(UncheckedIOException.class, d::end);
    }

    @Test
    void anErrorEventMidStreamIsTheServersError() {
        StreamDecoder d = CODEC.streamDecoder();
        d.feed(utf8(event("{\"content\":\"Hi\"}", "null")));
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> d.feed(utf8(
                "data: {\"object\":\"error\",\"message\":\"engine dead\",\"type\":\"InternalServerError\","
                        + "\"param\":null,\"code\":500}\n\n")));
        assertTrue(e.getMessage().contains("engine dead"));
    }

    @Test
    void aPlainJsonErrorInsteadOfAStreamIsTheServersError() {
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(), d.feed(utf8("{\"object\":\"error\",\"message\":\"busy\",\"code\":503}")));
        assertEquals(503, assertThrows(ServerErrorException.class, d::end).code().orElseThrow());
    }

    @Test
    void aServerThatDoesNotStreamStillGivesTheAnswerAsChunks() {
        String whole = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
        assertEquals(List.of(new ChatChunk.TextDelta("Hi"), new ChatChunk.Finished(FinishReason.STOP,
                Optional.of("stop"), Optional.of(new TokenUsage(3, 1)))), decode(CODEC.streamDecoder(), whole));
    }

    @Test
    void tgiEventsAreAMismatchNamingTgi() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> CODEC.streamDecoder().feed(
                utf8("data:{\"index\":1,\"token\":{\"id\":5,\"text\":\"private\",\"logprob\":-0.1,\"special\":false},"
                        + "\"generated_text\":null,\"details\":null}\n\n")));
        assertEquals(Optional.of(ServingProtocol.TGI), e.lookedLike());
        assertFalse(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void anEventThatIsNotJsonIsAMismatch() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class,
                () -> CODEC.streamDecoder().feed(utf8("data: private words\n\n")));
        assertEquals(Optional.empty(), e.lookedLike());
        assertFalse(e.getMessage().contains("private"), e.getMessage());
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import static dev.cloudai.internal.serving.Fixtures.decode;
import static dev.cloudai.internal.serving.Fixtures.response;
import static dev.cloudai.internal.serving.Fixtures.sameAtEverySplit;
import static dev.cloudai.internal.serving.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TGI's own /generate and /generate_stream, per the text-generation-inference API reference. */
class TgiCodecTest {
    private static final ChatCodec CODEC = ChatCodec.of(ServingProtocol.TGI);

    @Test
    void oneUserMessageIsSentAsTheRawPromptWithDetailsAndWithoutTheInput() {
        InvokeRequest r = CODEC.encode(ChatRequest.ofUser("<s>[INST] Hi [/INST]"), false);
        assertEquals("{\"inputs\":\"<s>[INST] Hi [/INST]\",\"parameters\":{\"details\":true,"
                + "\"return_full_text\":false}}", r.bodyAsString());
        assertEquals("application/json", r.contentType());
    }

    @Test
    void settingsTravelAsParametersAndStreamingAsksForEvents() {
        ChatRequest request = ChatRequest.builder().user("Hi").maxTokens(64).temperature(0.7).topP(0.9)
                .stopSequences(List.of("\n\n")).build();
        InvokeRequest r = CODEC.encode(request, true);
        assertEquals("{\"inputs\":\"Hi\",\"parameters\":{\"max_new_tokens\":64,\"temperature\":0.7,\"top_p\":0.9,"
                + "\"stop\":[\"\\n\\n\"],\"details\":true,\"return_full_text\":false},\"stream\":true}", r.bodyAsString());
        assertEquals(Optional.of("text/event-stream"), r.accept());
    }

    @Test
    void temperatureZeroAndTopPOneAreLeftOutBecauseTgiRefusesThem() {
        String body = CODEC.encode(ChatRequest.builder().user("Hi").temperature(0).topP(1).build(), false)
                .bodyAsString();
        assertEquals("{\"inputs\":\"Hi\",\"parameters\":{\"details\":true,\"return_full_text\":false}}", body);
    }

    @Test
    void aConversationIsAPlainTranscriptEndingWithTheAssistantsTurn() {
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Hi").assistant("Hello!")
                .user("Who are you?").build();
        assertEquals("Be brief.\n\nUser: Hi\n\nAssistant: Hello!\n\nUser: Who are you?\n\nAssistant:",
                TgiCodec.prompt(request));
        assertEquals("Be brief.\n\nUser: Hi\n\nAssistant:",
                TgiCodec.prompt(ChatRequest.builder().system("Be brief.").user("Hi").build()));
    }

    @Test
    void aJsonSchemaIsTgisJsonGrammar() {
        String schema = CODEC.encode(ChatRequest.builder().user("Hi")
                .responseFormat(ResponseFormat.jsonSchema("city", "{\"type\":\"object\",\"properties\":{\"name\":"
                        + "{\"type\":\"string\"}}}")).build(), false).bodyAsString();
        assertEquals("{\"inputs\":\"Hi\",\"parameters\":{\"grammar\":{\"type\":\"json\",\"value\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"}}}},\"details\":true,\"return_full_text\":false}}", schema);
        String any = CODEC.encode(ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.json()).build(), false)
                .bodyAsString();
        assertTrue(any.contains("\"grammar\":{\"type\":\"json\",\"value\":{\"type\":\"object\"}}"), any);
    }

    @Test
    void toolsAreRefusedPointingToTheMessagesApi() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> CODEC.encode(
                ChatRequest.builder().user("Hi").tools(ToolSpec.of("now", "")).build(), false));
        assertTrue(e.getMessage().startsWith("tools is not supported by provider tgi"), e.getMessage());
        assertTrue(e.getMessage().contains("ServingProtocol.OPENAI_CHAT"), e.getMessage());
    }

    @Test
    void imagesAreRefusedNamingThePart() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> CODEC.encode(
                ChatRequest.builder().user(ContentPart.text("What?"), ContentPart.image(new byte[] {1}, "image/png"))
                        .build(), false));
        assertTrue(e.getMessage().startsWith("messages[0].parts[1]: an image is not supported by provider tgi"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ServingProtocol.OPENAI_CHAT"), e.getMessage());
    }

    @Test
    void documentsAreRefusedNamingThePart() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> CODEC.encode(
                ChatRequest.builder().user(ContentPart.document(new byte[] {1}, "text/plain", "a.txt")).build(), false));
        assertTrue(e.getMessage().startsWith("messages[0].parts[0]: a document (a.txt) is not supported"),
                e.getMessage());
    }

    @Test
    void reasoningIsRefusedNamingTheSetting() {
        UnsupportedOperationException effort = assertThrows(UnsupportedOperationException.class, () -> CODEC.encode(
                ChatRequest.builder().user("Hi").reasoningEffort(ReasoningEffort.LOW).build(), false));
        assertTrue(effort.getMessage().startsWith("reasoningEffort is not supported by provider tgi"));
        UnsupportedOperationException budget = assertThrows(UnsupportedOperationException.class, () -> CODEC.encode(
                ChatRequest.builder().user("Hi").reasoningBudget(2000).build(), false));
        assertTrue(budget.getMessage().startsWith("reasoningBudget is not supported by provider tgi"));
    }

    // ---- decoding ----

    @Test
    void generatesObjectAnswerIsRead() {
        // shape from the TGI API reference, POST /generate: GenerateResponse {generated_text, details}
        ChatResponse r = CODEC.decode(response("{\"generated_text\":\" Rayleigh scattering\",\"details\":{"
                + "\"finish_reason\":\"length\",\"generated_tokens\":20,\"seed\":null,\"prefill\":[],\"tokens\":[]}}"))
                .provider("gcp").model("123").build();
        assertEquals(" Rayleigh scattering", r.text());
        assertEquals(FinishReason.MAX_TOKENS, r.finishReason());
        assertEquals(Optional.of("length"), r.finishDetail());
        assertEquals(new TokenUsage(0, 20), r.usage());
    }

    @Test
    void theContainersListOfOneAnswerIsRead() {
        // the Hugging Face inference containers (SageMaker, Vertex AI) answer the compat route as [GenerateResponse]
        ChatResponse r = CODEC.decode(response("[{\"generated_text\":\"Hi\",\"details\":{\"finish_reason\":"
                + "\"eos_token\",\"generated_tokens\":2,\"input_length\":7}}]")).provider("p").model("m").build();
        assertEquals("Hi", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenUsage(7, 2), r.usage());
    }

    @ParameterizedTest
    @CsvSource({"length, MAX_TOKENS", "eos_token, STOP", "stop_sequence, STOP_SEQUENCE", "something_new, OTHER"})
    void finishReasonsMapToTheNeutralOnes(String reason, FinishReason expected) {
        assertEquals(expected, CODEC.decode(response("{\"generated_text\":\"x\",\"details\":{\"finish_reason\":\""
                + reason + "\",\"generated_tokens\":1}}")).provider("p").model("m").build().finishReason());
    }

    @Test
    void tgisErrorBodyIsTheServersError() {
        // shape from the TGI API reference: ErrorResponse {error, error_type}
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> CODEC.decode(response(
                "{\"error\":\"Input validation error: inputs too long\",\"error_type\":\"validation\"}")));
        assertTrue(e.getMessage().contains("Input validation error"), e.getMessage());
        assertFalse(e.code().isPresent());
    }

    @Test
    void anOpenAiCompletionIsAMismatchNamingOpenAiChat() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> CODEC.decode(response(
                "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"private\"},\"finish_reason\":\"stop\"}]}")));
        assertEquals(Optional.of(ServingProtocol.OPENAI_CHAT), e.lookedLike());
        assertFalse(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void teiVectorsAreAMismatchNamingTei() {
        assertEquals(Optional.of(ServingProtocol.TEI), assertThrows(ProtocolMismatchException.class,
                () -> CODEC.decode(response("[[0.5,0.25]]"))).lookedLike());
    }

    // ---- streaming ----

    private static String token(int index, String text, boolean special, String last) {
        return "data:{\"index\":" + index + ",\"token\":{\"id\":" + (100 + index) + ",\"text\":\"" + text
                + "\",\"logprob\":-0.25,\"special\":" + special + "},\"generated_text\":"
                + (last == null ? "null,\"details\":null" : last) + "}\n\n";
    }

    /**
     * A recorded generate_stream (shape from the TGI API reference, StreamResponse; TGI writes "data:" without a
     * space): tokens with 2- and 4-byte UTF-8 characters and a special end-of-sequence token last.
     */
    private static final String RECORDED = token(1, "Grüße", false, null) + token(2, " 👋", false, null)
            + token(3, "</s>", true, "\"Grüße 👋\",\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":3,"
            + "\"input_length\":5,\"seed\":null}");

    @Test
    void aRecordedStreamSplitAtEveryByteGivesTheSameChunksWithoutSpecialTokens() {
        assertEquals(List.of(new ChatChunk.TextDelta("Grüße"), new ChatChunk.TextDelta(" 👋"),
                new ChatChunk.Finished(FinishReason.STOP, Optional.of("eos_token"), Optional.of(new TokenUsage(5, 3)))),
                sameAtEverySplit(CODEC::streamDecoder, RECORDED));
    }

    @Test
    void aStreamCutBeforeTheLastEventIsAnUncheckedIoException() {
        StreamDecoder d = CODEC.streamDecoder();
        assertEquals(List.of(new ChatChunk.TextDelta("Grüße")), d.feed(utf8(token(1, "Grüße", false, null))));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, d::end);
        assertTrue(e.getMessage().contains("the stream ended before"), e.getMessage());
    }

    @Test
    void anErrorEventIsTheServersError() {
        // TGI sends a failed generation as an event {"error":..,"error_type":"generation"}
        StreamDecoder d = CODEC.streamDecoder();
        d.feed(utf8(token(1, "Hi", false, null)));
        assertThrows(ServerErrorException.class, () -> d.feed(utf8("data:{\"error\":\"CUDA out of memory\","
                + "\"error_type\":\"generation\"}\n\n")));
    }

    @Test
    void openAiChunksAreAMismatchNamingOpenAiChat() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> CODEC.streamDecoder().feed(
                utf8("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n")));
        assertEquals(Optional.of(ServingProtocol.OPENAI_CHAT), e.lookedLike());
    }

    @Test
    void aWholeAnswerInsteadOfEventsIsGivenAsChunks() {
        assertEquals(List.of(new ChatChunk.TextDelta("Hi"), new ChatChunk.Finished(FinishReason.STOP_SEQUENCE,
                        Optional.of("stop_sequence"), Optional.of(new TokenUsage(0, 1)))),
                decode(CODEC.streamDecoder(), "[{\"generated_text\":\"Hi\",\"details\":{\"finish_reason\":"
                        + "\"stop_sequence\",\"generated_tokens\":1}}]"));
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static dev.cloudai.internal.serving.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI chat completions body both ways, per the OpenAI API reference and vLLM's server documentation. */
class OpenAiChatCodecTest {
    private static final ChatCodec CODEC = ChatCodec.of(ServingProtocol.OPENAI_CHAT);
    private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

    private static String body(ChatRequest request) {
        return CODEC.encode(request, false).bodyAsString();
    }

    @Test
    void aPlainQuestionIsOneUserMessageWithoutModel() {
        InvokeRequest r = CODEC.encode(ChatRequest.ofUser("Hello"), false);
        assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", r.bodyAsString());
        assertEquals("application/json", r.contentType());
        assertEquals(Optional.of("application/json"), r.accept());
    }

    @Test
    void settingsAndSystemPromptsTravelUnderTheReferenceNames() {
        ChatRequest request = ChatRequest.builder().system("Be brief.").system("Use French.").user("Hi")
                .maxTokens(50).temperature(0.2).topP(0.9).stopSequences(List.of("END", "STOP")).build();
        assertEquals("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\\n\\nUse French.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":50,\"temperature\":0.2,\"top_p\":0.9,"
                + "\"stop\":[\"END\",\"STOP\"]}", body(request));
    }

    @Test
    void streamingAsksForUsageAndEventStream() {
        InvokeRequest r = CODEC.encode(ChatRequest.ofUser("Hi"), true);
        assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}", r.bodyAsString());
        assertEquals("application/json", r.contentType());
        assertEquals(Optional.of("text/event-stream"), r.accept());
    }

    @Test
    void imagesBecomeImageUrlItemsWithDataUrls() {
        ChatRequest request = ChatRequest.builder()
                .user(ContentPart.text("What is this?"), ContentPart.image(new byte[] {1, 2, 3}, "image/png")).build();
        assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}}]}]}", body(request));
    }

    @Test
    void aDocumentIsRefusedNamingThePartAndTheAlternative() {
        ChatRequest request = ChatRequest.builder().user(ContentPart.text("Summarise"),
                ContentPart.document(new byte[] {1}, "application/pdf", "report.pdf")).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CODEC.encode(request, false));
        assertTrue(e.getMessage().startsWith("messages[0].parts[1]: a document (report.pdf) is not supported"),
                e.getMessage());
        assertTrue(e.getMessage().contains("send the document's text as a text part"), e.getMessage());
    }

    @Test
    void anImageTypeTheReferenceDoesNotListIsRefusedBeforeSending() {
        ChatRequest request = ChatRequest.builder().user(ContentPart.image(new byte[] {1}, "image/heic")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CODEC.encode(request, false));
        assertTrue(e.getMessage().startsWith("messages[0].parts[0]: openai-chat does not take images of type image/heic"),
                e.getMessage());
    }

    @Test
    void toolsToolChoiceCallsAndResultsFollowTheReference() {
        ChatRequest request = ChatRequest.builder().user("Weather in Paris and Rome?").tools(WEATHER)
                .toolChoice(ToolChoice.tool("get_weather"))
                .assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}")))
                .toolResult("call_1", "{\"celsius\":21}")
                .toolError("call_2", "station offline")
                .build();
        assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"celsius\\\":21}\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"{\\\"error\\\":\\\"station offline\\\"}\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Current weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}", body(request));
    }

    @ParameterizedTest
    @CsvSource({"AUTO,\"auto\"", "NONE,\"none\"", "REQUIRED,\"required\""})
    void toolChoiceModesAreTheReferenceStrings(ToolChoice.Mode mode, String json) {
        ToolChoice choice = switch (mode) {
            case AUTO -> ToolChoice.auto();
            case NONE -> ToolChoice.none();
            default -> ToolChoice.required();
        };
        String body = body(ChatRequest.builder().user("Hi").tools(ToolSpec.of("now", "")).toolChoice(choice).build());
        assertTrue(body.endsWith(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{}}}}],\"tool_choice\":" + json + "}"), body);
    }

    @Test
    void jsonModesAreResponseFormats() {
        assertTrue(body(ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.json()).build())
                .endsWith(",\"response_format\":{\"type\":\"json_object\"}}"));
        String schema = body(ChatRequest.builder().user("Hi")
                .responseFormat(ResponseFormat.jsonSchema("city", "{\"type\":\"object\"}")).build());
        assertTrue(schema.endsWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
                + "\"schema\":{\"type\":\"object\"},\"strict\":true}}}"), schema);
    }

    @Test
    void reasoningIsAnEffortEvenWhenAskedAsABudget() {
        assertTrue(body(ChatRequest.builder().user("Hi").reasoningEffort(ReasoningEffort.HIGH).build())
                .endsWith(",\"reasoning_effort\":\"high\"}"));
        assertTrue(body(ChatRequest.builder().user("Hi").reasoningBudget(5_000).build())
                .endsWith(",\"reasoning_effort\":\"medium\"}"));
    }

    // ---- decoding ----

    @Test
    void aCompletionGivesTextFinishAndUsageWithCacheAndReasoningCounts() {
        // shape from the OpenAI chat completions API reference, "The chat completion object"
        ChatResponse r = CODEC.decode(response("{\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion\","
                + "\"created\":1741569952,\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"Hello there\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,"
                + "\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":4,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":3,\"audio_tokens\":0}}}"))
                .provider("aws").model("my-llama").build();
        assertEquals("Hello there", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(Optional.of("stop"), r.finishDetail());
        assertEquals(new TokenUsage(19, 10, 4, 0, 3), r.usage());
        assertEquals(List.of(), r.toolCalls());
    }

    @Test
    void vllmToolCallsAndReasoningContentAreRead() {
        // shape from vLLM's OpenAI-compatible server (tool calling and reasoning outputs docs): null content,
        // reasoning_content beside it, arguments as a JSON string; an empty arguments string means no arguments
        ChatResponse r = CODEC.decode(response("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"Qwen/Qwen3-8B\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"reasoning_content\":\"The user wants weather.\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"chatcmpl-tool-a1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}},"
                + "{\"id\":\"chatcmpl-tool-a2\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":\"tool_calls\",\"stop_reason\":null}],"
                + "\"usage\":{\"prompt_tokens\":80,\"total_tokens\":120,\"completion_tokens\":40}}"))
                .provider("aws").model("m").build();
        assertEquals("", r.text());
        assertEquals(Optional.of("The user wants weather."), r.reasoning());
        assertEquals(List.of(new ToolCall("chatcmpl-tool-a1", "get_weather", "{\"city\": \"Paris\"}"),
                new ToolCall("chatcmpl-tool-a2", "now", "{}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(new TokenUsage(80, 40), r.usage());
    }

    @Test
    void toolCallsFinishWithToolUseWhateverTheServerSays() {
        // vLLM answers a named tool_choice with finish_reason "stop"
        ChatResponse r = CODEC.decode(response("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"now\","
                + "\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":1}}")).provider("p").model("m").build();
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(Optional.of("stop"), r.finishDetail());
    }

    @ParameterizedTest
    @CsvSource({"'\"stop\"', null, STOP", "'\"stop\"', '\"END\"', STOP_SEQUENCE", "'\"length\"', null, MAX_TOKENS",
            "'\"content_filter\"', null, CONTENT_FILTERED", "'\"abort\"', null, OTHER"})
    void finishReasonsMapToTheNeutralOnes(String finish, String stopReason, FinishReason expected) {
        ChatResponse r = CODEC.decode(response("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"x\"},\"finish_reason\":" + finish + ",\"stop_reason\":" + stopReason + "}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}")).provider("p").model("m").build();
        assertEquals(expected, r.finishReason());
    }

    @Test
    void vllmsErrorBodyInASuccessIsTheServersErrorWithItsCode() {
        // vLLM's ErrorResponse: {"object":"error","message":...,"type":...,"param":null,"code":...}
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> CODEC.decode(response(
                "{\"object\":\"error\",\"message\":\"The model is overloaded\",\"type\":\"ServiceUnavailableError\","
                        + "\"param\":null,\"code\":503}")));
        assertTrue(e.getMessage().contains("The model is overloaded"), e.getMessage());
        assertEquals(503, e.code().orElseThrow());
        assertTrue(e.isRetryable());
        ServerErrorException nested = assertThrows(ServerErrorException.class, () -> CODEC.decode(response(
                "{\"error\":{\"message\":\"context too long\",\"type\":\"BadRequestError\",\"code\":400}}")));
        assertEquals(400, nested.code().orElseThrow());
        assertFalse(nested.isRetryable());
    }

    @Test
    void aTgiAnswerIsAMismatchThatNamesTgiWithoutTheBodysText() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> CODEC.decode(response(
                "[{\"generated_text\":\"secret words\",\"details\":{\"finish_reason\":\"eos_token\"}}]")));
        assertEquals(ServingProtocol.OPENAI_CHAT, e.expected());
        assertEquals(Optional.of(ServingProtocol.TGI), e.lookedLike());
        assertTrue(e.getMessage().contains("ServingProtocol.TGI"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void embeddingAnswersAreMismatchesNamingTheirProtocol() {
        assertEquals(Optional.of(ServingProtocol.TEI), assertThrows(ProtocolMismatchException.class,
                () -> CODEC.decode(response("[[0.1,0.2],[0.3,0.4]]"))).lookedLike());
        assertEquals(Optional.of(ServingProtocol.OPENAI_EMBEDDINGS), assertThrows(ProtocolMismatchException.class,
                () -> CODEC.decode(response("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                        + "\"embedding\":[0.1]}]}"))).lookedLike());
    }

    @Test
    void anUnknownShapeIsAMismatchLookingLikeNothing() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class,
                () -> CODEC.decode(response("{\"predictions\":[\"private text\"]}")));
        assertEquals(Optional.empty(), e.lookedLike());
        assertTrue(e.getMessage().contains("a JSON object with predictions"), e.getMessage());
        assertFalse(e.getMessage().contains("private"), e.getMessage());
        ProtocolMismatchException notJson = assertThrows(ProtocolMismatchException.class,
                () -> CODEC.decode(response("private plain text")));
        assertFalse(notJson.getMessage().contains("private"), notJson.getMessage());
    }

    @Test
    void aStreamWhereAnAnswerWasExpectedSaysWhoseStreamItIs() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> CODEC.decode(response(
                "data:{\"index\":1,\"token\":{\"id\":1,\"text\":\"Hi\",\"special\":false},\"generated_text\":null,"
                        + "\"details\":null}\n\n")));
        assertEquals(Optional.of(ServingProtocol.TGI), e.lookedLike());
    }
}

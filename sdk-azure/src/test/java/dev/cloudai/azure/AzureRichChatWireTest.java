package dev.cloudai.azure;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.JsonRecords;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Chunks;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tools, tool results, images, JSON output and reasoning on the wire to Azure OpenAI: the exact request body, the
 * api-version, and what the adapter makes of the answers (the emulator's, which follow the 2024-10-21
 * {@code ChatCompletions_Create} reference shapes, or hand-made ones where a test says so).
 */
class AzureRichChatWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud().serveModels(AzureRichChatWireTest.DEPLOYMENT));

    static final String DEPLOYMENT = "gpt4o-deployment";
    private static final String CHAT_PATH = "/openai/deployments/" + DEPLOYMENT + "/chat/completions";
    private static final String CHAT_URL = CHAT_PATH + "?api-version=2024-10-21";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA);
    private static final ToolSpec TIME = ToolSpec.of("get_time", "");
    private static final String TOOLS_JSON = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather in a city\",\"parameters\":" + WEATHER_SCHEMA + "}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]";

    private static CloudAi ai() {
        return CloudAi.create(EMULATOR.config("azure").retry(Canned.FAST_RETRY).build());
    }

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static ChatResponse chat(ChatRequest request) {
        try (CloudAi ai = ai()) {
            return ai.chatModel(DEPLOYMENT).chat(request);
        }
    }

    private static void verifyBody(String url, String json) {
        cloud().server().verify(1, postRequestedFor(urlEqualTo(url)).withRequestBody(equalToJson(json, false, false)));
        assertEquals(1, cloud().requestCount());
    }

    // ---- tools ----

    @Test
    void toolsGoAsFunctionsAndTheModelsCallComesBackWithItsIdArgumentsAndToolUse() {
        ChatResponse r = chat(ChatRequest.builder().user("What does get_weather say for Paris?").tools(WEATHER, TIME)
                .toolChoice(ToolChoice.auto()).build());

        assertEquals(List.of(new ToolCall("call_emu0_0", "get_weather", "{\"city\":\"emulated\"}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(Optional.of("tool_calls"), r.finishDetail());
        assertEquals("", r.text());
        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"user\",\"content\":\"What does get_weather say for Paris?\"}],"
                + "\"tools\":" + TOOLS_JSON + ",\"tool_choice\":\"auto\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "none     | \"none\"",
            "required | \"required\"",
            "tool     | {\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"})
    void eachToolChoiceHasItsWireForm(String mode, String wire) {
        ToolChoice choice = switch (mode) {
            case "none" -> ToolChoice.none();
            case "required" -> ToolChoice.required();
            default -> ToolChoice.tool("get_time");
        };
        ChatResponse r = chat(ChatRequest.builder().user("Hello").tools(WEATHER, TIME).toolChoice(choice).build());

        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"tools\":" + TOOLS_JSON
                + ",\"tool_choice\":" + wire + "}");
        switch (mode) {
            case "none" -> assertEquals(List.of(), r.toolCalls());
            case "required" -> assertEquals("get_weather", r.toolCalls().get(0).name(), "required: the first tool");
            default -> assertEquals(List.of(new ToolCall("call_emu0_0", "get_time", "{}")), r.toolCalls(),
                    "a tool without arguments gets {}");
        }
    }

    @Test
    void aUserTextNamingTwoToolsGetsParallelCallsInDeclarationOrder() {
        ChatResponse r = chat(ChatRequest.builder().user("get_time and get_weather, please").tools(WEATHER, TIME).build());
        assertEquals(List.of(new ToolCall("call_emu0_0", "get_weather", "{\"city\":\"emulated\"}"),
                new ToolCall("call_emu0_1", "get_time", "{}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
    }

    @Test
    void toolResultsGoOneToolMessageEachAfterTheAssistantsCallsAndAnErrorAsAnErrorObject() {
        ChatRequest ask = ChatRequest.builder().user("get_time and get_weather, please").tools(WEATHER, TIME).build();
        ChatResponse first = chat(ask);
        cloud().server().resetRequests();
        ChatResponse r = chat(ask.toBuilder().assistant(first)
                .toolResult("call_emu0_0", "{\"celsius\":21}")
                .toolError("call_emu0_1", "clock unavailable").build());

        assertEquals(EmulatedChat.toolResultsAnswer(List.of(new EmulatedChat.Result("get_weather", false),
                new EmulatedChat.Result("get_time", true))), r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        verifyBody(CHAT_URL, "{\"messages\":["
                + "{\"role\":\"user\",\"content\":\"get_time and get_weather, please\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_emu0_0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"emulated\\\"}\"}},"
                + "{\"id\":\"call_emu0_1\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_emu0_0\",\"content\":\"{\\\"celsius\\\":21}\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_emu0_1\",\"content\":\"{\\\"error\\\":\\\"clock unavailable\\\"}\"}],"
                + "\"tools\":" + TOOLS_JSON + "}");
    }

    @Test
    void aTextToolResultAndAnAssistantTextBesideItsCallsTravelAsText() {
        ChatResponse r = chat(ChatRequest.builder().user("Weather?").tools(WEATHER)
                .assistant("Let me look.", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")))
                .toolResult("call_1", "sunny").build());
        assertEquals("Tool results: get_weather", r.text());
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_URL))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Let me look.")))
                .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("sunny"))));
    }

    // ---- images and documents ----

    @Test
    void anImageGoesAsADataUrlBesideTheText() {
        ChatResponse r = chat(ChatRequest.builder()
                .user(ContentPart.text("What is in this picture?"), ContentPart.image(new byte[] {1, 2, 3}, "image/png")).build());
        assertEquals(EmulatedChat.mediaAnswer(1, 0), r.text());
        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}}]}]}");
    }

    @Test
    void aDocumentIsUnsupportedNamingTheAlternativesAndNothingIsSent() {
        try (CloudAi ai = ai()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> ai.chatModel(DEPLOYMENT).chat(ChatRequest.builder().user(ContentPart.text("Summarize"),
                            ContentPart.document(new byte[] {1}, "application/pdf", "report.pdf")).build()));
            assertTrue(e.getMessage().contains("messages[0].parts[1]") && e.getMessage().contains("azure")
                    && e.getMessage().contains("aws or gcp"), e.getMessage());
        }
        assertEquals(0, cloud().requestCount());
    }

    @Test
    void imagesAzureRefusesFailBeforeSendingNamingThePart() {
        byte[] big = new byte[30_000_000];
        List<ContentPart> eleven = new ArrayList<>();
        eleven.add(ContentPart.text("Compare"));
        for (int i = 0; i < 11; i++) eleven.add(ContentPart.image(new byte[] {1}, "image/png"));
        try (CloudAi ai = ai()) {
            ChatModel chat = ai.chatModel(DEPLOYMENT);
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> chat.chat(
                    ChatRequest.builder().user(ContentPart.text("Look"), ContentPart.image(big, "image/jpeg")).build()));
            assertTrue(tooBig.getMessage().contains("messages[0].parts[1]") && tooBig.getMessage().contains("20.97 MB"),
                    tooBig.getMessage());
            IllegalArgumentException heic = assertThrows(IllegalArgumentException.class, () -> chat.chat(
                    ChatRequest.builder().user(ContentPart.text("Look"), ContentPart.image(new byte[] {1}, "image/heic")).build()));
            assertTrue(heic.getMessage().contains("image/heic"), heic.getMessage());
            IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                    () -> chat.chat(ChatRequest.builder().user(eleven.toArray(ContentPart[]::new)).build()));
            assertTrue(many.getMessage().contains("messages[0].parts[11]") && many.getMessage().contains("10 images"),
                    many.getMessage());
        }
        assertEquals(0, cloud().requestCount());
    }

    // ---- JSON output ----

    record Tpu(String name, int memoryGib, Optional<String> note) {
    }

    record Tpus(List<Tpu> tpus) {
    }

    @Test
    void aJsonSchemaGoesStrictAndTheAnswerReadsBackAsTheRecord() {
        ChatResponse r = chat(ChatRequest.builder().user("List three TPUs").responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build());
        Tpus tpus = JsonRecords.read(r.text(), Tpus.class);
        assertEquals(List.of(new Tpu(EmulatedChat.SAMPLE_STRING, 1, Optional.of(EmulatedChat.SAMPLE_STRING))), tpus.tpus());
        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"user\",\"content\":\"List three TPUs\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"Tpus\",\"schema\":" + JsonRecords.schema(Tpus.class)
                + ",\"strict\":true}}}");
    }

    @Test
    void aSchemaStrictModeWouldRefuseFailsBeforeSendingNamingThePath() {
        String open = "{\"type\":\"object\",\"properties\":{\"tpus\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}},\"required\":[\"tpus\"],"
                + "\"additionalProperties\":false}";
        String partial = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},"
                + "\"required\":[\"a\"],\"additionalProperties\":false}";
        try (CloudAi ai = ai()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.chatModel(DEPLOYMENT).chat(
                    ChatRequest.builder().user("List").responseFormat(ResponseFormat.jsonSchema("tpus", open)).build()));
            assertTrue(e.getMessage().startsWith("responseFormat:") && e.getMessage().contains("$.properties.tpus.items")
                    && e.getMessage().contains("additionalProperties"), e.getMessage());
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> ai.chatModel(DEPLOYMENT).chat(
                    ChatRequest.builder().user("List").responseFormat(ResponseFormat.jsonSchema("ab", partial)).build()));
            assertTrue(r.getMessage().startsWith("responseFormat:") && r.getMessage().contains("[b]"), r.getMessage());
        }
        assertEquals(0, cloud().requestCount());
    }

    @Test
    void jsonModeGoesAsJsonObjectAndNeedsTheWordJsonInTheMessages() {
        ChatResponse r = chat(ChatRequest.builder().system("Answer in JSON.").user("Hello").responseFormat(ResponseFormat.json()).build());
        assertEquals(EmulatedChat.JSON_ANSWER, r.text());
        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer in JSON.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"}],\"response_format\":{\"type\":\"json_object\"}}");

        cloud().server().resetRequests();
        try (CloudAi ai = ai()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.chatModel(DEPLOYMENT).chat(
                    ChatRequest.builder().user("Hello").responseFormat(ResponseFormat.json()).build()));
            assertTrue(e.getMessage().startsWith("responseFormat:") && e.getMessage().contains("\"json\""), e.getMessage());
        }
        assertEquals(0, cloud().requestCount());
    }

    // ---- reasoning, usage, cache points ----

    @Test
    void reasoningEffortGoesWithMaxCompletionTokensOnThePreviewVersionAndReasoningTokensComeBack() {
        ChatResponse r = chat(ChatRequest.builder().user(Canned.CHAT_PROMPT).reasoningEffort(ReasoningEffort.HIGH)
                .maxTokens(500).build());
        assertEquals(Canned.CHAT_TEXT, r.text());
        assertEquals(Optional.empty(), r.reasoning(), "Azure OpenAI returns no reasoning text");
        assertEquals(new TokenUsage(Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS, 0, 0, EmulatedChat.REASONING_TOKENS), r.usage());
        verifyBody(CHAT_PATH + "?api-version=2024-12-01-preview", "{\"messages\":[{\"role\":\"user\",\"content\":\""
                + Canned.CHAT_PROMPT + "\"}],\"reasoning_effort\":\"high\",\"max_completion_tokens\":500}");
    }

    @Test
    void aReasoningBudgetBecomesTheEffortItAffords() {
        chat(ChatRequest.builder().user(Canned.CHAT_PROMPT).reasoningBudget(5_000).build());
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_PATH + "?api-version=2024-12-01-preview"))
                .withRequestBody(matchingJsonPath("$.reasoning_effort", equalTo("medium"))));
    }

    @Test
    void cachedAndReasoningTokensAreMappedFromTheUsageDetails() {
        // shape from the 2024-10-21 ChatCompletions_Create reference, completionUsage with its details
        cloud().server().stubFor(post(urlPathEqualTo(CHAT_PATH)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                        + "\"created\":1767225600,\"model\":\"o3-mini\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}],\"usage\":{\"prompt_tokens\":2048,"
                        + "\"completion_tokens\":300,\"total_tokens\":2348,\"prompt_tokens_details\":{\"cached_tokens\":1024},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":256}}}")));
        assertEquals(new TokenUsage(2048, 300, 1024, 0, 256), chat(ChatRequest.ofUser("Hi")).usage());
    }

    @Test
    void cachePointsSendNothingBecauseAzureCachesOnItsOwn() {
        chat(ChatRequest.builder().system("A long system prompt").cachePoint().user(Canned.CHAT_PROMPT).build());
        verifyBody(CHAT_URL, "{\"messages\":[{\"role\":\"system\",\"content\":\"A long system prompt\"},"
                + "{\"role\":\"user\",\"content\":\"" + Canned.CHAT_PROMPT + "\"}]}");
    }

    // ---- streams ----

    @Test
    void aStreamedToolCallIsGatheredFromItsPiecesAndDeliveredOnceBeforeFinished() {
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ChatRequest.builder().user("get_time and get_weather, please")
                    .tools(WEATHER, TIME).build()).subscribe(s);
            assertEquals(List.of(
                    new ChatChunk.ToolUse(new ToolCall("call_emu0_0", "get_weather", "{\"city\":\"emulated\"}")),
                    new ChatChunk.ToolUse(new ToolCall("call_emu0_1", "get_time", "{}")),
                    new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_calls"), Optional.of(Canned.USAGE))),
                    Chunks.unpriced(s.awaitCompletion(WAIT)));
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_URL)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tools.length()", equalTo("2"))));
    }

    @Test
    void interleavedPiecesOfParallelCallsAreGatheredByIndex() {
        // chunk shapes from the 2024-10-21 reference, chatCompletionMessageToolCallChunk (index, id, type, function)
        String body = sseOf(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}},"
                        + "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"tz\\\"\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\":\\\"UTC\\\"}\"}}]},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}") + "data: [DONE]\n\n";
        stubStream(body);
        List<ChatChunk> chunks = streamAll();
        assertEquals(List.of(new ChatChunk.ToolUse(new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}")),
                new ChatChunk.ToolUse(new ToolCall("call_b", "get_time", "{\"tz\":\"UTC\"}")),
                new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_calls"), Optional.empty())), Chunks.unpriced(chunks));
    }

    @Test
    void aStreamWithItsFinishReasonButWithoutDoneFailsAsUnavailable() {
        stubStream(sseOf("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}"));
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ChatRequest.ofUser("Hi")).subscribe(s);
            assertInstanceOf(UnavailableException.class, s.awaitError(WAIT));
            assertEquals(List.of(new ChatChunk.TextDelta("Hi")), s.items());
        }
    }

    @Test
    void aStreamCutInsideItsToolCallDeliversNoPartialCallAndIsRetriedWhileNothingWasDelivered() {
        ChatRequest ask = ChatRequest.builder().user("get_weather in Paris?").tools(WEATHER).build();
        cloud().inject(Fault.streamCut(), 1);
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ask).subscribe(s);
            List<ChatChunk> chunks = s.awaitCompletion(WAIT);
            assertEquals(new ChatChunk.ToolUse(new ToolCall("call_emu0_0", "get_weather", "{\"city\":\"emulated\"}")), chunks.get(0));
            assertEquals(2, chunks.size());
        }
        assertEquals(2, cloud().requestCount(), "the cut stream, then its retry");

        cloud().reset();
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ask).subscribe(s);
            assertInstanceOf(UnavailableException.class, s.awaitError(WAIT));
            assertEquals(List.of(), s.items(), "no partial ToolUse");
        }
        assertEquals(cloud().requestCount(), cloud().server().findAll(postRequestedFor(urlPathEqualTo(CHAT_PATH))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))).size(), "only streams were sent");
    }

    private static String sseOf(String... events) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) {
            sb.append("data: ").append(e.replace("{\"choices\"", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1767225600,\"model\":\"gpt-4o\",\"choices\"")).append("\n\n");
        }
        return sb.toString();
    }

    private static void stubStream(String body) {
        cloud().server().stubFor(post(urlPathEqualTo(CHAT_PATH)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    private static List<ChatChunk> streamAll() {
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ChatRequest.builder().user("Both").tools(WEATHER, TIME).build()).subscribe(s);
            return s.awaitCompletion(WAIT);
        }
    }
}

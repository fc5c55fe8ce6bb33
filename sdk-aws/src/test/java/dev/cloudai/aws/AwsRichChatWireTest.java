package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
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
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Chunks;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.aws.EventStreamFrames;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rich chat on Bedrock: the exact Converse JSON the adapter sends for tools, tool choice, tool results, images,
 * documents, output formats, reasoning and cache points, the neutral answers it reads back from the emulator
 * (shapes of the Bedrock Converse API reference), the streamed tool calls and reasoning, cut streams, and the bad
 * input refused before any request.
 */
class AwsRichChatWireTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String THINKING_MODEL = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    private static final String NOVA = "amazon.nova-lite-v1:0";
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA);
    private static final ToolSpec TIME = ToolSpec.of("get_time", "");
    private static final String TOOLS_JSON = "\"tools\":["
            + "{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather in a city\",\"inputSchema\":{\"json\":" + WEATHER_SCHEMA + "}}},"
            + "{\"toolSpec\":{\"name\":\"get_time\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{}}}}}]";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud().serveModels(THINKING_MODEL, NOVA));

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("aws")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    /** The one request's body must be {@code json}, exactly (no extra fields). */
    private static void assertSent(String path, String json) {
        List<LoggedRequest> requests = cloud().server().findAll(postRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "one request");
        cloud().server().verify(1, postRequestedFor(urlPathMatching(path)).withRequestBody(equalToJson(json)));
    }

    // ---- tools ----

    @Test
    void toolsGoAsToolSpecsWithoutABlankDescriptionAndTheCallComesBackWithBedrocksIdAndTheToolUseReason() {
        ChatResponse r;
        try (CloudAi ai = newCloudAi(1)) {
            r = ai.chatModel(MODEL).chat(ChatRequest.builder().user("What is the get_weather in Paris?")
                    .tools(WEATHER, TIME).toolChoice(ToolChoice.auto()).build());
        }
        assertSent("/model/.+/converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is the get_weather in Paris?\"}]}],"
                + "\"toolConfig\":{" + TOOLS_JSON + ",\"toolChoice\":{\"auto\":{}}}}");
        assertEquals(List.of(new ToolCall("tooluse_emu0_0", "get_weather", "{\"city\":\"emulated\"}")), r.toolCalls());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(Optional.of("tool_use"), r.finishDetail());
        assertEquals("", r.text());
    }

    @Test
    void eachToolChoiceHasItsConverseShapeAndNoneWithoutToolHistorySendsNoTools() {
        String user = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]";
        checkChoice(null, user + ",\"toolConfig\":{" + TOOLS_JSON + "}}");
        checkChoice(ToolChoice.required(), user + ",\"toolConfig\":{" + TOOLS_JSON + ",\"toolChoice\":{\"any\":{}}}}");
        checkChoice(ToolChoice.tool("get_time"), user + ",\"toolConfig\":{" + TOOLS_JSON + ",\"toolChoice\":{\"tool\":{\"name\":\"get_time\"}}}}");
        checkChoice(ToolChoice.none(), user + "}");
    }

    private static void checkChoice(ToolChoice choice, String expected) {
        cloud().reset();
        ChatRequest.Builder b = ChatRequest.builder().user("Hi").tools(WEATHER, TIME);
        if (choice != null) b.toolChoice(choice);
        try (CloudAi ai = newCloudAi(1)) {
            ai.chatModel(MODEL).chat(b.build());
        }
        assertSent("/model/.+/converse", expected);
    }

    @Test
    void aRequiredToolIsCalledWithEmptyArgumentsAsTheEmptyObject() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel(MODEL).chat(ChatRequest.builder().user("Hi").tools(TIME)
                    .toolChoice(ToolChoice.required()).build());
            assertEquals(List.of(new ToolCall("tooluse_emu0_0", "get_time", "{}")), r.toolCalls());
        }
    }

    @Test
    void parallelCallsComeBackInOrderAndTheirResultsGoInOneUserMessageJsonAsJsonTextAsTextErrorsMarked() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatModel chat = ai.chatModel(MODEL);
            ChatRequest ask = ChatRequest.builder().user("Use get_weather and get_time").tools(WEATHER, TIME).build();
            ChatResponse calls = chat.chat(ask);
            assertEquals(List.of(new ToolCall("tooluse_emu0_0", "get_weather", "{\"city\":\"emulated\"}"),
                    new ToolCall("tooluse_emu0_1", "get_time", "{}")), calls.toolCalls());

            cloud().server().resetRequests();
            ChatResponse answer = chat.chat(ask.toBuilder().assistant(calls)
                    .toolResult("tooluse_emu0_0", "{\"celsius\":21}").toolError("tooluse_emu0_1", "clock broken").build());
            assertEquals("Tool results: get_weather, get_time (error)", answer.text());
            assertEquals(FinishReason.STOP, answer.finishReason());
        }
        assertSent("/model/.+/converse", "{\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"text\":\"Use get_weather and get_time\"}]},"
                + "{\"role\":\"assistant\",\"content\":["
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_emu0_0\",\"name\":\"get_weather\",\"input\":{\"city\":\"emulated\"}}},"
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_emu0_1\",\"name\":\"get_time\",\"input\":{}}}]},"
                + "{\"role\":\"user\",\"content\":["
                + "{\"toolResult\":{\"toolUseId\":\"tooluse_emu0_0\",\"content\":[{\"json\":{\"celsius\":21}}]}},"
                + "{\"toolResult\":{\"toolUseId\":\"tooluse_emu0_1\",\"content\":[{\"text\":\"clock broken\"}],\"status\":\"error\"}}]}],"
                + "\"toolConfig\":{" + TOOLS_JSON + "}}");
    }

    @Test
    void toolChoiceNoneOnAConversationWithToolHistoryIsUnsupportedBeforeAnyRequest() {
        ChatRequest request = ChatRequest.builder().user("Weather?").tools(WEATHER)
                .assistant("", List.of(new ToolCall("t1", "get_weather", "{\"city\":\"Paris\"}"))).toolResult("t1", "sunny")
                .toolChoice(ToolChoice.none()).build();
        assertRefused(UnsupportedOperationException.class, "toolChoice none", () -> chat(MODEL, request));
    }

    // ---- media ----

    @Test
    void imagesAndDocumentsTravelAsBytesWithTheirFormatAndADocumentNameBedrockTakes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        byte[] pdf = "%PDF-1.7 tiny".getBytes(StandardCharsets.US_ASCII);
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII);
        ChatResponse r = chat(MODEL, ChatRequest.builder().user(ContentPart.text("Compare these"),
                ContentPart.image(png, "image/png"), ContentPart.document(pdf, "application/pdf", "Q3 report_v2.final.pdf"),
                ContentPart.document(csv, "text/csv", "Q3 report_v2.final.csv")).build());
        assertEquals(EmulatedChat.mediaAnswer(1, 2), r.text());
        String b64 = "{\"bytes\":\"%s\"}";
        assertSent("/model/.+/converse", "{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"text\":\"Compare these\"},"
                + "{\"image\":{\"format\":\"png\",\"source\":" + b64.formatted(base64(png)) + "}},"
                + "{\"document\":{\"format\":\"pdf\",\"name\":\"Q3 report-v2-final\",\"source\":" + b64.formatted(base64(pdf)) + "}},"
                + "{\"document\":{\"format\":\"csv\",\"name\":\"Q3 report-v2-final (2)\",\"source\":" + b64.formatted(base64(csv)) + "}}]}]}");
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void mediaOverBedrocksLimitsOrOfTypesItRefusesFailsNamingThePartBeforeAnyRequest() {
        byte[] big = new byte[30_000_000];
        assertRefused(IllegalArgumentException.class, "messages[0].parts[1]: image of 30.00 MB",
                () -> chat(MODEL, ChatRequest.builder().user(ContentPart.text("Look"), ContentPart.image(big, "image/png")).build()));
        assertRefused(IllegalArgumentException.class, "messages[0].parts[1]: aws does not take images of type image/heic",
                () -> chat(MODEL, ChatRequest.builder().user(ContentPart.text("Look"), ContentPart.image(new byte[]{1}, "image/heic")).build()));
        assertRefused(IllegalArgumentException.class, "messages[0].parts[0]: document of 5.00 MB",
                () -> chat(MODEL, ChatRequest.builder().user(ContentPart.document(new byte[5_000_000], "application/pdf", "a.pdf")).build()));
        List<ContentPart> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) six.add(ContentPart.document(new byte[]{'x'}, "text/plain", "n" + i + ".txt"));
        assertRefused(IllegalArgumentException.class, "messages[0].parts[5]: aws takes at most 5 documents",
                () -> chat(MODEL, ChatRequest.builder().user(six.toArray(ContentPart[]::new)).build()));
    }

    // ---- output formats ----

    @Test
    void jsonIsAForcedJsonAnswerToolWhoseInputIsTheAnswersText() {
        ChatResponse r = chat(MODEL, ChatRequest.builder().user("Answer in JSON").responseFormat(ResponseFormat.json()).build());
        assertEquals(EmulatedChat.JSON_ANSWER, r.text());
        assertEquals(List.of(), r.toolCalls());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertSent("/model/.+/converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Answer in JSON\"}]}],"
                + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"json_answer\",\"description\":\"Give the answer as a JSON object.\","
                + "\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}],\"toolChoice\":{\"tool\":{\"name\":\"json_answer\"}}}}");
    }

    @Test
    void jsonBesideToolsIsUnsupportedBeforeAnyRequest() {
        assertRefused(UnsupportedOperationException.class, "responseFormat json() together with tools",
                () -> chat(MODEL, ChatRequest.builder().user("Hi").tools(WEATHER).responseFormat(ResponseFormat.json()).build()));
    }

    @Test
    void aJsonSchemaGoesAsOutputConfigAndTheAnswerFollowsIt() {
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"memoryGib\":{\"type\":\"integer\"}},"
                + "\"required\":[\"name\",\"memoryGib\"],\"additionalProperties\":false}";
        ChatResponse r = chat(MODEL, ChatRequest.builder().user("One TPU").responseFormat(ResponseFormat.jsonSchema("tpu", schema)).build());
        assertEquals("{\"name\":\"emulated\",\"memoryGib\":1}", r.text());
        assertSent("/model/.+/converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"One TPU\"}]}],"
                + "\"outputConfig\":{\"textFormat\":{\"type\":\"json_schema\",\"structure\":{\"jsonSchema\":{\"schema\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + ",\"name\":\"tpu\"}}}}}");
    }

    // ---- reasoning ----

    @Test
    void reasoningIsClaudesThinkingWithRoomForTheAnswerAndComesBackWithItsSignature() {
        ChatResponse r = chat(THINKING_MODEL, ChatRequest.builder().user("Plan it").reasoningBudget(2048).build());
        assertEquals(Optional.of(EmulatedChat.REASONING_TEXT), r.reasoning());
        assertEquals(Optional.of(EmulatedChat.REASONING_SIGNATURE), r.reasoningSignature());
        assertEquals(Canned.CHAT_TEXT, r.text());
        assertSent("/model/.+/converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Plan it\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":6144},"
                + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}}");
    }

    @Test
    void aThinkingToolTurnSendsItsReasoningBlockBackFirstWhichBedrockRequires() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatModel chat = ai.chatModel(THINKING_MODEL);
            ChatRequest ask = ChatRequest.builder().user("get_weather in Paris").tools(WEATHER)
                    .reasoningEffort(ReasoningEffort.LOW).maxTokens(4000).build();
            ChatResponse calls = chat.chat(ask);
            assertEquals(1, calls.toolCalls().size());
            cloud().server().resetRequests();
            ChatResponse answer = chat.chat(ask.toBuilder().assistant(calls).toolResult("tooluse_emu0_0", "sunny").build());
            assertEquals("Tool results: get_weather", answer.text());

            // without its reasoning, Bedrock (Claude) refuses the turn
            ChatRequest forgetful = ask.toBuilder().assistant("", calls.toolCalls()).toolResult("tooluse_emu0_0", "sunny").build();
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat.chat(forgetful));
            assertTrue(e.getMessage().contains("must start with a thinking block"), e::getMessage);
        }
        cloud().server().verify(1, postRequestedFor(urlPathMatching("/model/.+/converse")).withRequestBody(equalToJson(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"get_weather in Paris\"}]},"
                        + "{\"role\":\"assistant\",\"content\":["
                        + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"" + EmulatedChat.REASONING_TEXT + "\",\"signature\":\"" + EmulatedChat.REASONING_SIGNATURE + "\"}}},"
                        + "{\"toolUse\":{\"toolUseId\":\"tooluse_emu0_0\",\"name\":\"get_weather\",\"input\":{\"city\":\"emulated\"}}}]},"
                        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_emu0_0\",\"content\":[{\"text\":\"sunny\"}]}}]}],"
                        + "\"inferenceConfig\":{\"maxTokens\":4000},"
                        + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather in a city\",\"inputSchema\":{\"json\":" + WEATHER_SCHEMA + "}}}]},"
                        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}}")));
        assertEquals(2, cloud().requestCount(), "the answer and the refused turn");
    }

    @Test
    void reasoningSettingsClaudeOrBedrockCannotTakeFailBeforeAnyRequest() {
        assertRefused(UnsupportedOperationException.class, "reasoning (reasoningEffort/reasoningBudget) on model " + NOVA,
                () -> chat(NOVA, ChatRequest.builder().user("Hi").reasoningEffort(ReasoningEffort.HIGH).build()));
        assertRefused(IllegalArgumentException.class, "reasoningBudget: Claude's extended thinking needs at least 1024",
                () -> chat(THINKING_MODEL, ChatRequest.builder().user("Hi").reasoningBudget(500).build()));
        assertRefused(IllegalArgumentException.class, "maxTokens: must be above the reasoning budget of 2048",
                () -> chat(THINKING_MODEL, ChatRequest.builder().user("Hi").reasoningBudget(2048).maxTokens(2048).build()));
        assertRefused(UnsupportedOperationException.class, "toolChoice REQUIRED together with reasoning",
                () -> chat(THINKING_MODEL, ChatRequest.builder().user("Hi").tools(WEATHER).toolChoice(ToolChoice.required())
                        .reasoningBudget(2048).build()));
    }

    // ---- cache points and usage ----

    @Test
    void cachePointsFollowTheSystemBlocksAndTheMarkedMessageAndTheCacheFiguresComeBack() {
        ChatResponse r = chat(MODEL, ChatRequest.builder().system("Long rules.").cachePoint().user("Long context.").cachePoint()
                .assistant("Noted.").user("Question?").build());
        assertEquals(new TokenUsage(Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS, AwsCloud.CACHE_READ_TOKENS,
                AwsCloud.CACHE_WRITE_TOKENS, 0), r.usage());
        assertSent("/model/.+/converse", "{\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"text\":\"Long context.\"},{\"cachePoint\":{\"type\":\"default\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"Noted.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"text\":\"Question?\"}]}],"
                + "\"system\":[{\"text\":\"Long rules.\"},{\"cachePoint\":{\"type\":\"default\"}}]}");
    }

    @Test
    void bedrocksCacheReadAndWriteCountsAreAddedToTheInputTokens() {
        // shape from the Bedrock Converse API reference, TokenUsage (cacheReadInputTokens, cacheWriteInputTokens)
        cloud().server().stubFor(post(urlPathMatching("/model/[^/]+/converse")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"output\":{\"message\":{\"role\":"
                        + "\"assistant\",\"content\":[{\"text\":\"ok\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":4,"
                        + "\"outputTokens\":3,\"totalTokens\":2413,\"cacheReadInputTokens\":300,\"cacheWriteInputTokens\":2106},"
                        + "\"metrics\":{\"latencyMs\":1}}")));
        assertEquals(new TokenUsage(2410, 3, 300, 2106, 0), chat(MODEL, ChatRequest.ofUser("Hi")).usage());
    }

    // ---- streams ----

    @Test
    void aStreamedToolCallIsGatheredFromItsPiecesAndDeliveredOnceBeforeFinished() {
        List<ChatChunk> chunks = stream(MODEL, ChatRequest.builder().user("get_weather and get_time").tools(WEATHER, TIME).build());
        assertEquals(List.of(
                new ChatChunk.ToolUse(new ToolCall("tooluse_emu0_0", "get_weather", "{\"city\":\"emulated\"}")),
                new ChatChunk.ToolUse(new ToolCall("tooluse_emu0_1", "get_time", "{}")),
                new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_use"), Optional.of(Canned.USAGE))), chunks);
    }

    @Test
    void streamedReasoningArrivesAsReasoningDeltasWithTheSignatureBeforeTheText() {
        List<ChatChunk> chunks = stream(THINKING_MODEL, ChatRequest.builder().user("Plan it").reasoningBudget(1024).build());
        List<ChatChunk> expected = new ArrayList<>(List.of(new ChatChunk.ReasoningDelta(EmulatedChat.REASONING_TEXT),
                new ChatChunk.ReasoningDelta("", Optional.of(EmulatedChat.REASONING_SIGNATURE))));
        for (String d : Canned.STREAM_DELTAS) expected.add(new ChatChunk.TextDelta(d));
        expected.add(new ChatChunk.Finished(FinishReason.STOP, Optional.of("end_turn"), Optional.of(Canned.USAGE)));
        assertEquals(expected, chunks);
    }

    @Test
    void aStreamedJsonAnswerIsTheJsonToolsInputAsText() {
        List<ChatChunk> chunks = stream(MODEL, ChatRequest.builder().user("JSON please").responseFormat(ResponseFormat.json()).build());
        StringBuilder text = new StringBuilder();
        for (ChatChunk c : chunks) {
            if (c instanceof ChatChunk.TextDelta d) text.append(d.text());
            assertFalse(c instanceof ChatChunk.ToolUse, "the JSON tool is the answer, not a tool call");
        }
        assertEquals(EmulatedChat.JSON_ANSWER, text.toString());
        assertEquals(new ChatChunk.Finished(FinishReason.STOP, Optional.of("tool_use"), Optional.of(Canned.USAGE)),
                chunks.get(chunks.size() - 1));
    }

    @Test
    void aStreamCutInsideAToolCallIsRetriedAndTheCallIsDeliveredOnce() {
        cloud().inject(Fault.streamCut(), 1);
        List<ChatChunk> chunks = stream(MODEL, ChatRequest.builder().user("get_weather").tools(WEATHER).build());
        assertEquals(List.of(new ChatChunk.ToolUse(new ToolCall("tooluse_emu0_0", "get_weather", "{\"city\":\"emulated\"}")),
                new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_use"), Optional.of(Canned.USAGE))), chunks);
        assertEquals(2, cloud().requestCount(), "the cut attempt and the retry");
    }

    @Test
    void aStreamAlwaysCutInsideAToolCallFailsRetryablyWithoutAPartialCall() {
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.builder().user("get_weather").tools(WEATHER).build()).subscribe(chunks);
            UnavailableException e = assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertTrue(e.isRetryable() && e.getMessage().contains("ended before its messageStop"), e::getMessage);
            assertEquals(List.of(), chunks.items());
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void aCutTextStreamDeliversItsFirstDeltaThenOneErrorAndTheBlockingCallIsNotCut() {
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        assertEquals(Canned.CHAT_TEXT, chat(MODEL, ChatRequest.ofUser("Hello")).text(), "only streams are cut");
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.ofUser("Hello")).subscribe(chunks);
            assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertEquals(List.of(new ChatChunk.TextDelta(Canned.STREAM_DELTAS.get(0))), chunks.items());
        }
        assertEquals(2, cloud().requestCount(), "the blocking call and the one stream attempt");
    }

    @Test
    void aReasoningSignatureDeltaAndAToolUseFromBedrocksStreamShapesMapToChunks() {
        // event shapes from the Bedrock API reference: ContentBlockStartEvent (start.toolUse), ContentBlockDelta
        // (toolUse.input, reasoningContent.text / .signature), ContentBlockStopEvent, MessageStopEvent
        byte[] body = concat(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Hmm\"}}}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"sig\"}}}"),
                EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                EventStreamFrames.event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_x\",\"name\":\"get_weather\"}}}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"),
                EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":1}"),
                EventStreamFrames.event("messageStop", "{\"stopReason\":\"tool_use\"}"));
        cloud().server().stubFor(post(urlPathMatching("/model/[^/]+/converse-stream")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream").withBody(body)));
        assertEquals(List.of(new ChatChunk.ReasoningDelta("Hmm"), new ChatChunk.ReasoningDelta("", Optional.of("sig")),
                        new ChatChunk.ToolUse(new ToolCall("tooluse_x", "get_weather", "{\"city\":\"Paris\"}")),
                        new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.of("tool_use"), Optional.empty())),
                stream(MODEL, ChatRequest.builder().user("Weather?").tools(WEATHER).build()));
    }

    // ---- the emulator's strictness, straight on the wire ----

    @Test
    void theEmulatorRefusesToolBlocksWithoutToolConfigAndResultsThatAnswerNoCallAsBedrockDoes() throws Exception {
        String use = "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"f\",\"input\":{}}}]}";
        String user = "{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}";
        String config = ",\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"f\",\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}]}";
        assertValidationError("{\"messages\":[" + user + "," + use + "," + result("t1") + "]}",
                "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        String twoResults = result("t1").replace("}}]}", "}},{\"toolResult\":{\"toolUseId\":\"t2\",\"content\":[{\"text\":\"ok\"}]}}]}");
        assertValidationError("{\"messages\":[" + user + "," + use + "," + twoResults + "]" + config + "}",
                "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.");
        assertValidationError("{\"messages\":[" + user + "," + use + "," + user + "]" + config + "}",
                "Expected toolResult blocks at messages.2.content for the following Ids: t1");
        assertValidationError("{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":{\"format\":\"heic\",\"source\":{\"bytes\":\"AQ==\"}}}]}]}",
                "1 validation error detected: Value 'heic' at 'messages.0.member.content.0.member.image.format' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]");
    }

    private static String result(String id) {
        return "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"" + id + "\",\"content\":[{\"text\":\"ok\"}]}}]}";
    }

    private static void assertValidationError(String body, String message) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cloud().baseUrl() + "/model/" + MODEL.replace(":", "%3A") + "/converse"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("x-amzn-ErrorType").orElse("").startsWith("ValidationException:"), r.headers()::toString);
        assertEquals("{\"__type\":\"ValidationException\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}", r.body());
    }

    // ---- helpers ----

    private static ChatResponse chat(String model, ChatRequest request) {
        try (CloudAi ai = newCloudAi(1)) {
            return ai.chatModel(model).chat(request);
        }
    }

    private static List<ChatChunk> stream(String model, ChatRequest request) {
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(model).stream(request).subscribe(chunks);
            List<ChatChunk> all = chunks.awaitCompletion(Duration.ofSeconds(5));
            assertEquals(List.of(), chunks.violations());
            return Chunks.unpriced(all);
        }
    }

    /** {@code call} fails with {@code type} whose message contains {@code message}, and nothing reaches the wire. */
    private static void assertRefused(Class<? extends RuntimeException> type, String message, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(message), e::getMessage);
        cloud().server().verify(0, anyRequestedFor(anyUrl()));
    }

    private static byte[] concat(byte[]... frames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] f : frames) out.write(f, 0, f.length);
        return out.toByteArray();
    }
}

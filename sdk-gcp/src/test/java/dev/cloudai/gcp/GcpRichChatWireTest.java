package dev.cloudai.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.aiplatform.v1.Blob;
import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.FunctionCall;
import com.google.cloud.aiplatform.v1.FunctionCallingConfig;
import com.google.cloud.aiplatform.v1.FunctionDeclaration;
import com.google.cloud.aiplatform.v1.FunctionResponse;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GenerationConfig;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.cloud.aiplatform.v1.Tool;
import com.google.cloud.aiplatform.v1.ToolConfig;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.gcp.errors.VertexErrorMapper;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
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
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tools, tool results, images, documents, JSON output and thinking on Vertex AI: the exact GenerateContentRequest
 * on the wire and the mapped answers. Answers the emulator does not make itself follow the Vertex AI v1 reference
 * ({@code GenerateContentResponse}, {@code Part}: {@code functionCall}, {@code thought}, {@code thoughtSignature};
 * {@code UsageMetadata}: {@code thoughtsTokenCount}, {@code cachedContentTokenCount}).
 */
class GcpRichChatWireTest {
    private static final String MODEL = "gemini-2.5-flash";
    private static final String MODEL_NAME = "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION
            + "/publishers/google/models/" + MODEL;
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"],\"additionalProperties\":false}";
    private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA);
    private static final ToolSpec TIME = ToolSpec.of("get_time", "The time in UTC");

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(
            new GcpCloud().serveModels(MODEL, "gemini-2.0-flash-001"));

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("gcp")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    private static GenerateContentRequest sent(int index) {
        return cloud().calls().get(index).request(GenerateContentRequest.getDefaultInstance());
    }

    private static Value json(String text) {
        Value.Builder v = Value.newBuilder();
        try {
            JsonFormat.parser().merge(text, v);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        return v.build();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Content user(String text) {
        return Content.newBuilder().setRole("user").addParts(Part.newBuilder().setText(text)).build();
    }

    private static Tool weatherAndTimeDeclarations() {
        return Tool.newBuilder()
                .addFunctionDeclarations(FunctionDeclaration.newBuilder().setName("get_weather")
                        .setDescription("Current weather in a city").setParametersJsonSchema(json(WEATHER_SCHEMA)))
                .addFunctionDeclarations(FunctionDeclaration.newBuilder().setName("get_time")
                        .setDescription("The time in UTC").setParametersJsonSchema(json("{\"type\":\"object\",\"properties\":{}}")))
                .build();
    }

    @Test
    void toolsAreOneToolOfFunctionDeclarationsWithTheirJsonSchemaAndTheCallsComeBackWithIds() {
        ChatResponse r;
        try (CloudAi ai = newCloudAi(1)) {
            r = ai.chatModel(MODEL).chat(ChatRequest.builder().user("Use get_weather and get_time for Paris")
                    .tools(WEATHER, TIME).toolChoice(ToolChoice.auto()).build());
        }
        GenerateContentRequest expected = GenerateContentRequest.newBuilder().setModel(MODEL_NAME)
                .addContents(user("Use get_weather and get_time for Paris"))
                .addTools(weatherAndTimeDeclarations())
                .setToolConfig(ToolConfig.newBuilder().setFunctionCallingConfig(FunctionCallingConfig.newBuilder()
                        .setMode(FunctionCallingConfig.Mode.AUTO)))
                .build();
        assertEquals(List.of(GcpCloud.GENERATE_CONTENT), cloud().calls().stream().map(c -> c.method()).toList());
        assertEquals(expected, sent(0), "the JSON schema travels unchanged, additionalProperties included");
        assertEquals(List.of(new ToolCall("call_0_0", "get_weather", "{\"city\":\"emulated\",\"days\":1}"),
                new ToolCall("call_0_1", "get_time", "{}")), r.toolCalls(), "integers stay integers; no arguments is {}");
        assertEquals(FinishReason.TOOL_USE, r.finishReason(), "Vertex said STOP beside the calls");
        assertEquals("", r.text());
    }

    @Test
    void eachToolChoiceIsItsFunctionCallingMode() {
        Map<ToolChoice, FunctionCallingConfig> expected = Map.of(
                ToolChoice.none(), FunctionCallingConfig.newBuilder().setMode(FunctionCallingConfig.Mode.NONE).build(),
                ToolChoice.required(), FunctionCallingConfig.newBuilder().setMode(FunctionCallingConfig.Mode.ANY).build(),
                ToolChoice.tool("get_time"), FunctionCallingConfig.newBuilder().setMode(FunctionCallingConfig.Mode.ANY)
                        .addAllowedFunctionNames("get_time").build());
        try (CloudAi ai = newCloudAi(1)) {
            for (Map.Entry<ToolChoice, FunctionCallingConfig> e : expected.entrySet()) {
                cloud().reset();
                ChatResponse r = ai.chatModel(MODEL).chat(ChatRequest.builder().user("Hello").tools(WEATHER, TIME)
                        .toolChoice(e.getKey()).build());
                assertEquals(e.getValue(), sent(0).getToolConfig().getFunctionCallingConfig(), e.getKey()::toString);
                List<String> called = r.toolCalls().stream().map(ToolCall::name).toList();
                assertEquals(e.getKey().mode() == ToolChoice.Mode.NONE ? List.of()
                        : e.getKey().mode() == ToolChoice.Mode.TOOL ? List.of("get_time") : List.of("get_weather"), called);
            }
            cloud().reset();
            ai.chatModel(MODEL).chat(ChatRequest.builder().user("Hello").tools(WEATHER).build());
            assertEquals(false, sent(0).hasToolConfig(), "no choice, no config: Vertex's default is AUTO");
        }
    }

    @Test
    void toolResultsAreOneUserTurnOfFunctionResponsesNamedAfterTheirCalls() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatModel chat = ai.chatModel(MODEL);
            ChatRequest ask = ChatRequest.builder().user("Use get_weather and get_time").tools(WEATHER, TIME).build();
            ChatResponse calls = chat.chat(ask);
            ChatResponse answer = chat.chat(ask.toBuilder().assistant(calls)
                    .toolResult("call_0_0", "{\"celsius\":21,\"sky\":\"clear\"}")
                    .toolError("call_0_1", "clock unavailable")
                    .user("And with get_weather, text and list results?").build());
            assertEquals(FinishReason.TOOL_USE, answer.finishReason());
            assertEquals(List.of(new ToolCall("call_1_0", "get_weather", "{\"city\":\"emulated\",\"days\":1}")),
                    answer.toolCalls(), "the second answer's ids count the assistant turn before it");
            ChatResponse last = chat.chat(ask.toBuilder().assistant(calls)
                    .toolResult("call_0_0", "{\"celsius\":21,\"sky\":\"clear\"}")
                    .toolError("call_0_1", "clock unavailable")
                    .user("And with get_weather, text and list results?").assistant(answer)
                    .toolResult("call_1_0", "sunny").build());
            assertEquals("Tool results: get_weather", last.text());
            assertEquals(FinishReason.STOP, last.finishReason());

            GenerateContentRequest third = sent(2);
            assertEquals(List.of(user("Use get_weather and get_time"),
                    Content.newBuilder().setRole("model")
                            .addParts(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName("get_weather")
                                    .setArgs(json("{\"city\":\"emulated\",\"days\":1}").getStructValue())))
                            .addParts(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName("get_time")
                                    .setArgs(Struct.getDefaultInstance()))).build(),
                    Content.newBuilder().setRole("user")
                            .addParts(Part.newBuilder().setFunctionResponse(FunctionResponse.newBuilder().setName("get_weather")
                                    .setResponse(json("{\"celsius\":21,\"sky\":\"clear\"}").getStructValue())))
                            .addParts(Part.newBuilder().setFunctionResponse(FunctionResponse.newBuilder().setName("get_time")
                                    .setResponse(Struct.newBuilder().putFields("error", string("clock unavailable"))))).build(),
                    user("And with get_weather, text and list results?"),
                    Content.newBuilder().setRole("model")
                            .addParts(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName("get_weather")
                                    .setArgs(json("{\"city\":\"emulated\",\"days\":1}").getStructValue()))).build(),
                    Content.newBuilder().setRole("user")
                            .addParts(Part.newBuilder().setFunctionResponse(FunctionResponse.newBuilder().setName("get_weather")
                                    .setResponse(Struct.newBuilder().putFields("output", string("sunny"))))).build()),
                    third.getContentsList());
        }
        assertEquals("Tool results: get_weather, get_time (error)", answerTextOf(1),
                "the emulator read the error key as an error");
    }

    /** What the emulator answered the call {@code index}, replayed on the raw client. */
    private static String answerTextOf(int index) {
        GenerateContentRequest request = sent(index).toBuilder().removeContents(sent(index).getContentsCount() - 1).build();
        try (CloudAi ai = newCloudAi(1)) {
            return ai.unwrap(PredictionServiceClient.class).generateContent(request)
                    .getCandidates(0).getContent().getParts(0).getText();
        }
    }

    @Test
    void aResultThatIsJsonButNoObjectIsTheOutputValue() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatRequest ask = ChatRequest.builder().user("Use get_time").tools(TIME).build();
            ChatResponse calls = ai.chatModel(MODEL).chat(ask);
            ai.chatModel(MODEL).chat(ask.toBuilder().assistant(calls).toolResult("call_0_0", "[1, 2.5, \"x\"]").build());
        }
        ListValue list = json("[1,2.5,\"x\"]").getListValue();
        assertEquals(Struct.newBuilder().putFields("output", Value.newBuilder().setListValue(list).build()).build(),
                sent(1).getContents(2).getParts(0).getFunctionResponse().getResponse());
    }

    @Test
    void aKeptThoughtSignatureGoesBackOnTheFirstFunctionCallAndTheThoughtTextStaysHome() {
        byte[] signature = {1, 2, 3, (byte) 0xFE};
        // shape from the Vertex AI reference: a thought summary part, then a functionCall part with its thoughtSignature
        cloud().chatAnswer(GenerateContentResponse.newBuilder().addCandidates(Candidate.newBuilder()
                        .setContent(Content.newBuilder().setRole("model")
                                .addParts(Part.newBuilder().setText("I should look it up.").setThought(true))
                                .addParts(Part.newBuilder().setThoughtSignature(ByteString.copyFrom(signature))
                                        .setFunctionCall(FunctionCall.newBuilder().setName("get_weather")
                                                .setArgs(json("{\"city\":\"Paris\"}").getStructValue())))
                                .addParts(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName("get_time"))))
                        .setFinishReason(Candidate.FinishReason.STOP))
                .setUsageMetadata(GenerateContentResponse.UsageMetadata.newBuilder().setPromptTokenCount(20)
                        .setCandidatesTokenCount(10).setThoughtsTokenCount(30).setCachedContentTokenCount(16))
                .build());
        try (CloudAi ai = newCloudAi(1)) {
            ChatRequest ask = ChatRequest.builder().user("Weather and time in Paris?").tools(WEATHER, TIME)
                    .reasoningBudget(1024).build();
            ChatResponse r = ai.chatModel(MODEL).chat(ask);
            assertEquals(Optional.of("I should look it up."), r.reasoning());
            assertEquals(Optional.of(Base64.getEncoder().encodeToString(signature)), r.reasoningSignature());
            assertEquals(new TokenUsage(20, 40, 16, 0, 30), r.usage(), "thoughts are output and reasoning; cache hits cached");
            assertEquals(List.of(new ToolCall("call_0_0", "get_weather", "{\"city\":\"Paris\"}"),
                    new ToolCall("call_0_1", "get_time", "{}")), r.toolCalls());
            ai.chatModel(MODEL).chat(ask.toBuilder().assistant(r).toolResult("call_0_0", "{\"celsius\":21}")
                    .toolResult("call_0_1", "12:00").build());
        }
        Content model = sent(1).getContents(1);
        assertEquals(Content.newBuilder().setRole("model")
                .addParts(Part.newBuilder().setThoughtSignature(ByteString.copyFrom(signature))
                        .setFunctionCall(FunctionCall.newBuilder().setName("get_weather")
                                .setArgs(json("{\"city\":\"Paris\"}").getStructValue())))
                .addParts(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName("get_time")
                        .setArgs(Struct.getDefaultInstance()))).build(), model);
    }

    @Test
    void imagesAndDocumentsAreInlineData() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        byte[] pdf = "%PDF-1.7".getBytes();
        ChatResponse r;
        try (CloudAi ai = newCloudAi(1)) {
            r = ai.chatModel(MODEL).chat(ChatRequest.builder().user(ContentPart.text("What is in these?"),
                    ContentPart.image(png, "image/png"), ContentPart.document(pdf, "application/pdf", "report.pdf")).build());
        }
        assertEquals(Content.newBuilder().setRole("user").addParts(Part.newBuilder().setText("What is in these?"))
                .addParts(Part.newBuilder().setInlineData(Blob.newBuilder().setMimeType("image/png").setData(ByteString.copyFrom(png))))
                .addParts(Part.newBuilder().setInlineData(Blob.newBuilder().setMimeType("application/pdf").setData(ByteString.copyFrom(pdf))))
                .build(), sent(0).getContents(0));
        assertEquals(EmulatedChat.mediaAnswer(1, 1), r.text());
    }

    @Test
    void jsonIsTheResponseMimeTypeAndASchemaTravelsAsResponseJsonSchema() {
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"memory\":{\"type\":[\"integer\",\"null\"]}},"
                + "\"required\":[\"name\"],\"additionalProperties\":false}";
        try (CloudAi ai = newCloudAi(1)) {
            assertEquals(EmulatedChat.JSON_ANSWER, ai.chatModel(MODEL).chat(ChatRequest.builder().user("A TPU as JSON")
                    .responseFormat(ResponseFormat.json()).build()).text());
            assertEquals("{\"name\":\"emulated\",\"memory\":1}", ai.chatModel(MODEL).chat(ChatRequest.builder()
                    .user("A TPU").responseFormat(ResponseFormat.jsonSchema("tpu", schema)).build()).text());
        }
        assertEquals(GenerationConfig.newBuilder().setResponseMimeType("application/json").build(), sent(0).getGenerationConfig());
        assertEquals(GenerationConfig.newBuilder().setResponseMimeType("application/json").setResponseJsonSchema(json(schema)).build(),
                sent(1).getGenerationConfig());
    }

    @Test
    void reasoningIsAThinkingConfigAndComesBackWithItsSignatureAndTokens() {
        ChatResponse r;
        try (CloudAi ai = newCloudAi(1)) {
            r = ai.chatModel(MODEL).chat(ChatRequest.builder().user("Plan a migration").reasoningBudget(2048).build());
        }
        assertEquals(GenerationConfig.newBuilder().setThinkingConfig(GenerationConfig.ThinkingConfig.newBuilder()
                .setThinkingBudget(2048).setIncludeThoughts(true)).build(), sent(0).getGenerationConfig());
        assertEquals(Optional.of(EmulatedChat.REASONING_TEXT), r.reasoning());
        assertEquals(Optional.of(EmulatedChat.REASONING_SIGNATURE), r.reasoningSignature());
        assertEquals(Canned.CHAT_TEXT, r.text());
        assertEquals(new TokenUsage(Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS + EmulatedChat.REASONING_TOKENS, 0, 0,
                EmulatedChat.REASONING_TOKENS), r.usage());
    }

    @Test
    void cachePointsSendNothingBecauseVertexCachesOnItsOwn() {
        try (CloudAi ai = newCloudAi(1)) {
            ai.chatModel(MODEL).chat(ChatRequest.builder().system("A long policy.").cachePoint().user("Hello").build());
            ai.chatModel(MODEL).chat(ChatRequest.builder().system("A long policy.").user("Hello").build());
        }
        assertEquals(sent(1), sent(0));
    }

    @Test
    void aStreamDeliversEachCallOnceWholeAfterTheReasoningAndFinishesWithToolUse() {
        try (CloudAi ai = newCloudAi(1)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.builder().user("get_weather and get_time, please")
                    .tools(WEATHER, TIME).reasoningEffort(dev.cloudai.invocation.ReasoningEffort.LOW).build()).subscribe(chunks);
            assertEquals(List.of(
                    new ChatChunk.ReasoningDelta(EmulatedChat.REASONING_TEXT, Optional.of(EmulatedChat.REASONING_SIGNATURE)),
                    new ChatChunk.ToolUse(new ToolCall("call_0_0", "get_weather", "{\"city\":\"emulated\",\"days\":1}")),
                    new ChatChunk.ToolUse(new ToolCall("call_0_1", "get_time", "{}")),
                    new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.empty(), Optional.of(new TokenUsage(
                            Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS + EmulatedChat.REASONING_TOKENS, 0, 0,
                            EmulatedChat.REASONING_TOKENS)))),
                    Chunks.unpriced(chunks.awaitCompletion(Duration.ofSeconds(5))));
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(GcpCloud.STREAM_GENERATE_CONTENT, cloud().calls().get(0).method());
        assertEquals(1024, sent(0).getGenerationConfig().getThinkingConfig().getThinkingBudget());
    }

    @Test
    void aStreamCutBeforeTheCallsIsRetriedAndDeliversEachCallOnce() {
        cloud().inject(Fault.streamCut(), 1);
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.builder().user("get_weather, please").tools(WEATHER).build())
                    .subscribe(chunks);
            assertEquals(List.of(new ChatChunk.ToolUse(new ToolCall("call_0_0", "get_weather", "{\"city\":\"emulated\",\"days\":1}")),
                    new ChatChunk.Finished(FinishReason.TOOL_USE, Optional.empty(),
                            Optional.of(new TokenUsage(Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS)))),
                    Chunks.unpriced(chunks.awaitCompletion(Duration.ofSeconds(5))));
        }
        assertEquals(2, cloud().requestCount(), "the cut stream had delivered nothing, so it was tried again");
    }

    @Test
    void aStreamCutEveryTimeFailsOnceAndNeverDeliversAPartOfTheCall() {
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            ai.chatModel(MODEL).chat(ChatRequest.builder().user("get_weather, please").tools(WEATHER).build());
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.builder().user("get_weather, please").tools(WEATHER).build())
                    .subscribe(chunks);
            assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertEquals(List.of(), chunks.items(), "no partial ToolUse");
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(3, cloud().requestCount(), "the blocking chat left the cut pending; the stream tried twice");
    }

    @Test
    void mediaVertexRefusesAndReasoningOnAModelWithoutThinkingFailBeforeAnyRequest() {
        try (CloudAi ai = newCloudAi(1)) {
            ChatModel chat = ai.chatModel(MODEL);
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> chat.chat(ChatRequest.builder()
                    .user(ContentPart.text("Look"), ContentPart.image(new byte[30_000_000], "image/png")).build()));
            assertTrue(big.getMessage().startsWith("messages[0].parts[1]: image of 30.00 MB (30,000,000 bytes) is over gcp's limit of 7.00 MB"),
                    big::getMessage);
            IllegalArgumentException gif = assertThrows(IllegalArgumentException.class, () -> chat.chat(ChatRequest.builder()
                    .user(ContentPart.text("Look"), ContentPart.image(new byte[10], "image/gif")).build()));
            assertTrue(gif.getMessage().startsWith("messages[0].parts[1]: gcp does not take images of type image/gif"),
                    gif::getMessage);
            IllegalArgumentException csv = assertThrows(IllegalArgumentException.class, () -> chat.chat(ChatRequest.builder()
                    .user(ContentPart.text("Read"), ContentPart.document(new byte[10], "text/csv", "a.csv")).build()));
            assertTrue(csv.getMessage().contains("gcp does not take documents of type text/csv"), csv::getMessage);
            IllegalArgumentException pdf = assertThrows(IllegalArgumentException.class, () -> chat.chat(ChatRequest.builder()
                    .user(ContentPart.text("Read"), ContentPart.document(new byte[50_000_001], "application/pdf", "big.pdf")).build()));
            assertTrue(pdf.getMessage().contains("over gcp's limit of 50.00 MB (50,000,000 bytes) per document"), pdf::getMessage);
            UnsupportedOperationException thinking = assertThrows(UnsupportedOperationException.class, () ->
                    ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.builder().user("Think").reasoningBudget(512).build()));
            assertTrue(thinking.getMessage().startsWith("reasoning (reasoningEffort/reasoningBudget) on model gemini-2.0-flash-001"
                    + " is not supported by provider gcp; use a Gemini model that thinks"), thinking::getMessage);
        }
        assertEquals(0, cloud().requestCount(), "nothing was sent");
    }

    @Test
    void theEmulatorRefusesWhatVertexRefusesWithInvalidArgument() {
        Content call = Content.newBuilder().setRole("model").addParts(Part.newBuilder()
                .setFunctionCall(FunctionCall.newBuilder().setName("get_weather"))).build();
        Content response = Content.newBuilder().setRole("user").addParts(Part.newBuilder()
                .setFunctionResponse(FunctionResponse.newBuilder().setName("get_time").setResponse(Struct.getDefaultInstance())))
                .build();
        GenerateContentRequest base = GenerateContentRequest.newBuilder().setModel(MODEL_NAME).addContents(user("Hi")).build();
        Map<GenerateContentRequest, String> refused = Map.of(
                base.toBuilder().addContents(call).addContents(response).addTools(weatherAndTimeDeclarations()).build(),
                "Please ensure that the number of function response parts is equal to the number of function call parts"
                        + " of the function call turn.",
                base.toBuilder().addContents(call).addContents(response).build(),
                "Unable to submit request because contents[1] has function call or function response parts but the"
                        + " request declares no function_declarations.",
                base.toBuilder().addContents(Content.newBuilder().setRole("user").addParts(Part.newBuilder()
                        .setInlineData(Blob.newBuilder().setMimeType("image/gif").setData(ByteString.copyFromUtf8("GIF89a"))))).build(),
                "Unable to submit request because it has a mimeType parameter with value image/gif, which is not supported.");
        try (CloudAi ai = newCloudAi(1)) {
            PredictionServiceClient raw = ai.unwrap(PredictionServiceClient.class);
            refused.forEach((request, message) -> {
                ApiException e = assertThrows(ApiException.class, () -> raw.generateContent(request));
                CloudAiException mapped = new VertexErrorMapper("gcp").map("chat", e);
                assertInstanceOf(InvalidRequestException.class, mapped, message);
                assertTrue(mapped.getMessage().contains(message), mapped::getMessage);
            });
        }
    }
}

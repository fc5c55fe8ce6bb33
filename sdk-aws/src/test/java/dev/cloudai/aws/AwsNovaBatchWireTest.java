package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Provider;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bedrock batch inference of Amazon Nova on the wire, through the raw {@link BatchPlatform} against the emulator:
 * the exact JSONL lines (Nova's messages-v1 InvokeModel body, mapped as on-demand Converse is), what the body cannot
 * carry, which Nova models batch, Nova's output lines mapped back (text, tool calls, a JSON answer, cache counts,
 * typed errors), and the emulator failing a line of the other family's body as Bedrock does.
 */
class AwsNovaBatchWireTest {
    private static final String NOVA = "amazon.nova-lite-v1:0";
    private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA);

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    @TempDir
    Path temp;

    private final List<Provider> made = new ArrayList<>();

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    @AfterEach
    void closeProviders() {
        made.forEach(Provider::close);
        made.clear();
    }

    private Provider provider() {
        Provider provider = RawProviders.create("aws", new HashMap<>(EMULATOR.emulator().properties("aws")));
        made.add(provider);
        return provider;
    }

    /** A submission of {@code n} lines as given, staged as the core stages the adapter's lines. */
    private BatchSubmission submission(String model, int n, IntFunction<String> line) throws IOException {
        Path file = Files.createTempFile(temp, "batch", ".jsonl");
        Files.writeString(file, IntStream.range(0, n).mapToObj(line).collect(Collectors.joining("\n", "", "\n")));
        return new BatchSubmission(BatchKind.CHAT, model, "triage", file, n, Files.size(file));
    }

    private static List<BatchResult> all(BatchPlatform batches, String jobId) {
        try (Stream<BatchResult> s = batches.results(jobId)) {
            return s.collect(Collectors.toList());
        }
    }

    // ---- the lines ----

    @Test
    void aNovaChatLineIsTheMessagesV1BodyWithSystemImageToolAndInferenceConfig() {
        BatchPlatform batches = provider().batchPlatform();
        ChatRequest request = ChatRequest.builder().system("You describe pictures.")
                .user(ContentPart.text("What is in this picture?"), ContentPart.image(new byte[]{1, 2, 3}, "image/png"))
                .maxTokens(200).temperature(0.5).topP(0.9).stopSequences(List.of("END"))
                .tools(WEATHER).toolChoice(ToolChoice.tool("get_weather")).build();
        assertEquals("{\"recordId\":\"t-1\",\"modelInput\":{\"schemaVersion\":\"messages-v1\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is in this picture?\"},"
                        + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AQID\"}}}]}],"
                        + "\"system\":[{\"text\":\"You describe pictures.\"}],"
                        + "\"inferenceConfig\":{\"maxTokens\":200,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"END\"]},"
                        + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather in a city\","
                        + "\"inputSchema\":{\"json\":" + WEATHER_SCHEMA + "}}}],\"toolChoice\":{\"tool\":{\"name\":\"get_weather\"}}}}}",
                batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-1", request)));
    }

    @Test
    void aJsonAnswerIsTheForcedToolAsOnDemandAndToolTurnsAreNovasBlocks() {
        BatchPlatform batches = provider().batchPlatform();
        ChatRequest json = ChatRequest.builder().user("List three TPUs").responseFormat(ResponseFormat.json())
                .maxTokens(300).temperature(0.2).build();
        assertEquals("{\"recordId\":\"t-2\",\"modelInput\":{\"schemaVersion\":\"messages-v1\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"List three TPUs\"}]}],"
                        + "\"inferenceConfig\":{\"maxTokens\":300,\"temperature\":0.2},"
                        + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"json_answer\",\"description\":\"Give the answer as a JSON object.\","
                        + "\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}],\"toolChoice\":{\"tool\":{\"name\":\"json_answer\"}}}}}",
                batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-2", json)));

        ChatRequest followUp = ChatRequest.builder().user("Weather in Paris and Rome?")
                .assistant("", List.of(new ToolCall("tooluse_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("tooluse_2", "get_weather", "{\"city\":\"Rome\"}")))
                .toolResult("tooluse_1", "{\"celsius\":21}").toolError("tooluse_2", "Rome is offline")
                .tools(WEATHER).toolChoice(ToolChoice.required()).build();
        assertEquals("{\"recordId\":\"t-3\",\"modelInput\":{\"schemaVersion\":\"messages-v1\",\"messages\":["
                        + "{\"role\":\"user\",\"content\":[{\"text\":\"Weather in Paris and Rome?\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}},"
                        + "{\"toolUse\":{\"toolUseId\":\"tooluse_2\",\"name\":\"get_weather\",\"input\":{\"city\":\"Rome\"}}}]},"
                        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_1\",\"content\":[{\"json\":{\"celsius\":21}}]}},"
                        + "{\"toolResult\":{\"toolUseId\":\"tooluse_2\",\"content\":[{\"text\":\"Rome is offline\"}],\"status\":\"error\"}}]}],"
                        + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather in a city\","
                        + "\"inputSchema\":{\"json\":" + WEATHER_SCHEMA + "}}}],\"toolChoice\":{\"any\":{}}}}}",
                batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-3", followUp)));
    }

    @Test
    void whatNovasBodyCannotCarryFailsBeforeAnyRequestAndReasoningFailsAsOnDemand() {
        Provider aws = provider();
        BatchPlatform batches = aws.batchPlatform();
        ChatRequest document = ChatRequest.builder().user(ContentPart.text("Summarise"),
                ContentPart.document(new byte[]{1}, "application/pdf", "report.pdf")).build();
        UnsupportedOperationException doc = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-1", document)));
        assertTrue(doc.getMessage().contains("messages[0].parts[1]: a document (report.pdf) is not supported by provider aws")
                && doc.getMessage().contains("Nova's InvokeModel body, which takes no documents"), doc.getMessage());
        ChatRequest schema = ChatRequest.builder().user("List TPUs").responseFormat(ResponseFormat.jsonSchema("tpus", "{\"type\":\"object\"}")).build();
        UnsupportedOperationException json = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-2", schema)));
        assertTrue(json.getMessage().startsWith("responseFormat jsonSchema(...) in a Bedrock batch job (Nova's InvokeModel body")
                && json.getMessage().contains("use ResponseFormat.json()"), json.getMessage());
        ChatRequest jsonWithTools = ChatRequest.builder().user("Weather?").responseFormat(ResponseFormat.json()).tools(WEATHER).build();
        UnsupportedOperationException both = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-3", jsonWithTools)));
        assertTrue(both.getMessage().startsWith("responseFormat json() together with tools in a Bedrock batch job"), both.getMessage());
        IllegalArgumentException hot = assertThrows(IllegalArgumentException.class, () -> batches.inputLine(BatchKind.CHAT, NOVA,
                BatchItem.chat("t-4", ChatRequest.builder().user("Hi").temperature(1.5).build())));
        assertEquals("temperature: Nova takes 0 to 1, was 1.5", hot.getMessage());

        ChatRequest thinking = ChatRequest.builder().user("Think first").reasoningBudget(2048).maxTokens(4096).build();
        UnsupportedOperationException batch = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, NOVA, BatchItem.chat("t-5", thinking)));
        UnsupportedOperationException live = assertThrows(UnsupportedOperationException.class,
                () -> aws.chatModel(NOVA).chat(thinking));
        assertEquals(live.getMessage(), batch.getMessage(), "the batch body refuses reasoning as on-demand Converse does");
        assertTrue(batch.getMessage().startsWith("reasoning (reasoningEffort/reasoningBudget) on model " + NOVA), batch.getMessage());
        assertEquals(0, cloud().requestCount(), "nothing is sent for lines, nor for a refused chat");
    }

    // ---- limits ----

    @Test
    void novaModelsAndTheirInferenceProfilesBatchChatAndOtherNovaModelsSayWhyNot() {
        BatchPlatform batches = provider().batchPlatform();
        for (String model : List.of("amazon.nova-micro-v1:0", NOVA, "amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0",
                "us.amazon.nova-lite-v1:0", "eu.amazon.nova-micro-v1:0", "apac.amazon.nova-pro-v1:0",
                "global.amazon.nova-premier-v1:0")) {
            assertEquals(Optional.empty(), batches.limits(BatchKind.CHAT, model).unsupported(), model);
        }
        String canvas = batches.limits(BatchKind.CHAT, "amazon.nova-canvas-v1:0").unsupported().orElseThrow();
        assertTrue(canvas.contains("writes for Anthropic Claude and Amazon Nova models only")
                && canvas.contains("amazon.nova-lite-v1:0") && canvas.contains("ai.chatModel(\"amazon.nova-canvas-v1:0\")"), canvas);
        assertTrue(batches.limits(BatchKind.EMBEDDINGS, NOVA).unsupported().orElseThrow().contains("use amazon.titan-embed-text-v2:0"));
        assertEquals(0, cloud().requestCount());
    }

    // ---- results ----

    @Test
    void theEmulatorsNovaAnswersComeBackAsChatResponsesAndAFailedLineIsTyped() throws IOException {
        BatchPlatform batches = provider().batchPlatform();
        List<BatchItem> items = IntStream.range(0, 100).mapToObj(i -> BatchItem.chat("t-" + i,
                ChatRequest.builder().system("Answer briefly.").user("Classify ticket " + i).maxTokens(64).build()))
                .collect(Collectors.toList());
        items.set(1, BatchItem.chat("t-1", ChatRequest.builder().user("Weather?").tools(WEATHER)
                .toolChoice(ToolChoice.tool("get_weather")).build()));
        items.set(2, BatchItem.chat("t-2", ChatRequest.builder().user("List TPUs").responseFormat(ResponseFormat.json()).build()));
        String id = batches.submit(stageAdapterLines(batches, items)).id();
        cloud().failBatchRecord("t-42");
        cloud().finishBatchJobs();

        List<BatchResult> results = all(batches, id);
        assertEquals(items.stream().map(BatchItem::customId).toList(), results.stream().map(BatchResult::customId).toList());
        ChatResponse text = results.get(0).chat().orElseThrow();
        assertEquals(Canned.CHAT_TEXT, text.text());
        assertEquals(FinishReason.STOP, text.finishReason());
        assertEquals(Canned.USAGE, text.usage());
        assertEquals(NOVA, text.model());
        assertEquals("aws", text.provider());
        assertEquals(Optional.empty(), text.requestId(), "Nova's body carries no request id");
        ChatResponse tool = results.get(1).chat().orElseThrow();
        assertEquals(List.of(new ToolCall("tooluse_emulator2", "get_weather", "{\"answer\":\"" + Canned.CHAT_TEXT + "\"}")),
                tool.toolCalls());
        assertEquals(FinishReason.TOOL_USE, tool.finishReason());
        ChatResponse json = results.get(2).chat().orElseThrow();
        assertEquals("{\"answer\":\"" + Canned.CHAT_TEXT + "\"}", json.text(), "the forced json_answer input is the answer");
        assertEquals(FinishReason.STOP, json.finishReason());
        assertEquals(List.of(), json.toolCalls());
        CloudAiException failed = results.get(42).error().orElseThrow();
        assertInstanceOf(InvalidRequestException.class, failed);
        assertTrue(failed.getMessage().contains("record 't-42': The emulator failed record t-42 as asked."), failed.getMessage());
    }

    @Test
    void realShapedNovaOutputLinesMapLikeOnDemandConverseAnswers() throws IOException {
        BatchPlatform batches = provider().batchPlatform();
        String id = batches.submit(stageAdapterLines(batches, IntStream.range(0, 100)
                .mapToObj(i -> BatchItem.chat("t-" + i, ChatRequest.ofUser("Hi " + i))).collect(Collectors.toList()))).id();
        cloud().finishBatchJobs();
        String forcedJson = "{\"schemaVersion\":\"messages-v1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"List TPUs\"}]}],"
                + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"json_answer\",\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}],"
                + "\"toolChoice\":{\"tool\":{\"name\":\"json_answer\"}}}}";
        cloud().putS3Object(AwsCloud.BATCH_BUCKET, outputKey(id), String.join("\n",
                "{\"recordId\":\"text\",\"modelInput\":{},\"modelOutput\":{\"output\":{\"message\":{\"role\":\"assistant\","
                        + "\"content\":[{\"text\":\"Paris is sunny.\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":30,"
                        + "\"outputTokens\":9,\"totalTokens\":39,\"cacheReadInputTokenCount\":4,\"cacheWriteInputTokenCount\":2}}}",
                "{\"recordId\":\"tool\",\"modelInput\":{},\"modelOutput\":{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                        + "{\"text\":\"Let me look.\"},{\"toolUse\":{\"toolUseId\":\"tooluse_9\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}}]}},"
                        + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":20,\"outputTokens\":7,\"totalTokens\":27}}}",
                "{\"recordId\":\"json\",\"modelInput\":" + forcedJson + ",\"modelOutput\":{\"output\":{\"message\":{\"role\":\"assistant\","
                        + "\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_2\",\"name\":\"json_answer\",\"input\":{\"tpus\":[\"v5e\"]}}}]}},"
                        + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":3}}}",
                "{\"recordId\":\"long\",\"modelInput\":{},\"modelOutput\":{\"output\":{\"message\":{\"role\":\"assistant\","
                        + "\"content\":[{\"text\":\"Once upon\"}]}},\"stopReason\":\"max_tokens\",\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":3}}}",
                "{\"recordId\":\"busy\",\"modelInput\":{},\"error\":{\"errorCode\":429,\"errorMessage\":\"Too many tokens\"}}",
                "{\"recordId\":\"bad\",\"modelInput\":{},\"error\":{\"errorCode\":400,\"errorMessage\":\"Malformed input request: #: required key [messages] not found, please reformat your input and try again.\"}}",
                "{\"recordId\":\"odd\",\"modelInput\":{},\"modelOutput\":{\"content\":[{\"type\":\"text\",\"text\":\"Claude's shape\"}]}}",
                "").getBytes(StandardCharsets.UTF_8));

        List<BatchResult> results = all(batches, id);
        assertEquals(List.of("text", "tool", "json", "long", "busy", "bad", "odd"), results.stream().map(BatchResult::customId).toList());
        ChatResponse text = results.get(0).chat().orElseThrow();
        assertEquals("Paris is sunny.", text.text());
        assertEquals(FinishReason.STOP, text.finishReason());
        assertEquals(Optional.of("end_turn"), text.finishDetail());
        assertEquals(new TokenUsage(36, 9, 4, 2, 0), text.usage(), "Nova's cache counts, inside the neutral input tokens");
        ChatResponse tool = results.get(1).chat().orElseThrow();
        assertEquals("Let me look.", tool.text());
        assertEquals(List.of(new ToolCall("tooluse_9", "get_weather", "{\"city\":\"Paris\"}")), tool.toolCalls());
        assertEquals(FinishReason.TOOL_USE, tool.finishReason());
        assertEquals(new TokenUsage(20, 7), tool.usage());
        ChatResponse json = results.get(2).chat().orElseThrow();
        assertEquals("{\"tpus\":[\"v5e\"]}", json.text());
        assertEquals(FinishReason.STOP, json.finishReason());
        assertEquals(List.of(), json.toolCalls());
        assertEquals(FinishReason.MAX_TOKENS, results.get(3).chat().orElseThrow().finishReason());
        assertInstanceOf(ThrottledException.class, results.get(4).error().orElseThrow());
        CloudAiException bad = results.get(5).error().orElseThrow();
        assertInstanceOf(InvalidRequestException.class, bad);
        assertEquals(Optional.of("400"), bad.providerCode());
        assertTrue(bad.getMessage().contains("record 'bad': Malformed input request"), bad.getMessage());
        CloudAiException odd = results.get(6).error().orElseThrow();
        assertInstanceOf(UnclassifiedException.class, odd, "an answer of another shape fails its line only");
        assertTrue(odd.getMessage().contains("Nova answered without an 'output.message.content' array"), odd.getMessage());
    }

    // ---- the emulator, strict as Bedrock ----

    @Test
    void theEmulatorFailsALineWhoseBodyIsOfTheOtherFamilyAsBedrockDoes() throws IOException {
        BatchPlatform batches = provider().batchPlatform();
        String claudeBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}";
        String novaBody = "{\"schemaVersion\":\"messages-v1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}";
        String noMessages = "{\"schemaVersion\":\"messages-v1\",\"system\":[{\"text\":\"Be brief.\"}]}";
        String onNova = batches.submit(submission(NOVA, 100, i -> "{\"recordId\":\"r-" + i + "\",\"modelInput\":"
                + (i == 0 ? novaBody : i == 1 ? noMessages : claudeBody) + "}")).id();
        String onClaude = batches.submit(submission(CLAUDE, 100, i -> "{\"recordId\":\"c-" + i + "\",\"modelInput\":"
                + (i == 0 ? claudeBody : novaBody) + "}")).id();
        cloud().finishBatchJobs();

        List<BatchResult> nova = all(batches, onNova);
        assertEquals(Canned.CHAT_TEXT, nova.get(0).chat().orElseThrow().text(), "Nova's own body is answered");
        assertLineError("record 'r-1': Malformed input request: #: required key [messages] not found", nova.get(1));
        assertLineError("record 'r-2': Malformed input request: #: extraneous key [anthropic_version] is not permitted", nova.get(2));
        assertEquals(new dev.cloudai.batch.BatchCounts(100, 1, 99), batches.get(onNova).orElseThrow().counts());

        List<BatchResult> claude = all(batches, onClaude);
        assertEquals(Canned.CHAT_TEXT, claude.get(0).chat().orElseThrow().text(), "Claude's own body is answered");
        assertLineError("record 'c-1': Malformed input request: #: required key [anthropic_version] not found", claude.get(1));
    }

    private static void assertLineError(String expected, BatchResult result) {
        CloudAiException error = result.error().orElseThrow(() -> new AssertionError(result.customId() + " should have failed"));
        assertInstanceOf(InvalidRequestException.class, error);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    /** Stages the adapter's own lines for {@code items} on Nova, as the core does. */
    private BatchSubmission stageAdapterLines(BatchPlatform batches, List<BatchItem> items) throws IOException {
        return submission(NOVA, items.size(), i -> batches.inputLine(BatchKind.CHAT, NOVA, items.get(i)));
    }

    /** The output object's key of the last job created: {@code <output prefix>/<job id>/input.jsonl.out}. */
    private static String outputKey(String jobArn) {
        List<LoggedRequest> creates = cloud().server().findAll(postRequestedFor(urlPathEqualTo("/model-invocation-job")));
        String folder = creates.get(creates.size() - 1).getBodyAsString()
                .replaceAll(".*\"s3Uri\":\"s3://cloudai-batch/(jobs/[^/]+)/output/\".*", "$1");
        return folder + "/output/" + jobArn.substring(jobArn.lastIndexOf('/') + 1) + "/input.jsonl.out";
    }
}

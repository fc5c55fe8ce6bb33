package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
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
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobInputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobOutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobS3InputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobS3OutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.S3InputFormat;
import software.amazon.awssdk.services.bedrock.model.ThrottlingException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bedrock batch inference on the wire, through the raw {@link BatchPlatform} against the emulator: the exact JSONL
 * lines (Claude's Messages body, Titan's embedding body), the S3 upload and the CreateModelInvocationJob request,
 * the status of every Bedrock state, the output lines mapped back (answers, typed errors, embeddings), results
 * streamed range by range, results of jobs over a folder of input files, stop, jobs that end early, unknown ids,
 * limits and the batch settings.
 */
class AwsBatchWireTest {
    private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String TITAN = "amazon.titan-embed-text-v2:0";
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final Pattern INPUT_KEY = Pattern.compile("/cloudai-batch/jobs/(triage-[0-9a-f]{8})/input\\.jsonl");

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    @TempDir
    Path temp;

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    /** The providers a test made: closed after it, so their SDK clients' threads do not outlive it. */
    private final List<Provider> made = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeProviders() {
        made.forEach(Provider::close);
        made.clear();
    }

    private Provider provider(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(EMULATOR.emulator().properties("aws"));
        p.putAll(overrides);
        Provider provider = RawProviders.create("aws", p);
        made.add(provider);
        return provider;
    }

    /** Stages the items as the core does: their lines into a file, then the submission. */
    private BatchSubmission stage(BatchPlatform batches, BatchKind kind, String model, List<BatchItem> items) throws IOException {
        Path file = Files.createTempFile(temp, "batch", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (BatchItem item : items) lines.append(batches.inputLine(kind, model, item)).append('\n');
        Files.writeString(file, lines);
        return new BatchSubmission(kind, model, "triage", file, items.size(), Files.size(file));
    }

    private static List<BatchItem> chats(int n) {
        return IntStream.range(0, n).mapToObj(i -> BatchItem.chat("t-" + i, ChatRequest.ofUser("Classify ticket " + i)))
                .collect(Collectors.toList());
    }

    private static List<BatchResult> all(BatchPlatform batches, String jobId) {
        try (Stream<BatchResult> s = batches.results(jobId)) {
            return s.collect(Collectors.toList());
        }
    }

    // ---- the lines ----

    @Test
    void aChatLineIsClaudesMessagesBodyUnderTheCustomId() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        ChatRequest request = ChatRequest.builder().system("You triage tickets.")
                .user(ContentPart.text("What is in this picture?"), ContentPart.image(new byte[]{1, 2, 3}, "image/png"))
                .maxTokens(200).temperature(0.5).topP(0.9).stopSequences(List.of("END"))
                .tools(ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA)).toolChoice(ToolChoice.required())
                .build();
        assertEquals("{\"recordId\":\"t-1\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,"
                        + "\"system\":[{\"type\":\"text\",\"text\":\"You triage tickets.\"}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
                        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AQID\"}}]}],"
                        + "\"temperature\":0.5,\"top_p\":0.9,\"stop_sequences\":[\"END\"],"
                        + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather in a city\",\"input_schema\":" + WEATHER_SCHEMA + "}],"
                        + "\"tool_choice\":{\"type\":\"any\"}}}",
                batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat("t-1", request)));
    }

    @Test
    void aConversationWithToolResultsAndAJsonAnswerKeepsClaudesTurns() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        ChatRequest followUp = ChatRequest.builder().user("Weather in Paris?")
                .assistant("", List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}")))
                .toolResult("toolu_1", "{\"celsius\":21}").cachePoint()
                .tools(ToolSpec.of("get_weather", "Current weather in a city", WEATHER_SCHEMA)).build();
        assertEquals("{\"recordId\":\"t-2\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4096,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Paris?\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"{\\\"celsius\\\":21}\","
                        + "\"cache_control\":{\"type\":\"ephemeral\"}}]}],"
                        + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather in a city\",\"input_schema\":" + WEATHER_SCHEMA + "}]}}",
                batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat("t-2", followUp)));
        ChatRequest json = ChatRequest.builder().user("List three TPUs").responseFormat(ResponseFormat.json()).build();
        assertEquals("{\"recordId\":\"t-3\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4096,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"List three TPUs\"}]}],"
                        + "\"tools\":[{\"name\":\"json_answer\",\"description\":\"Give the answer as a JSON object.\",\"input_schema\":{\"type\":\"object\"}}],"
                        + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"json_answer\"}}}",
                batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat("t-3", json)));
    }

    @Test
    void anEmbeddingLineIsTitansBody() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        assertEquals("{\"recordId\":\"doc-1\",\"modelInput\":{\"inputText\":\"The text \\\"to\\\" embed\",\"normalize\":true}}",
                batches.inputLine(BatchKind.EMBEDDINGS, TITAN, BatchItem.embedding("doc-1", "The text \"to\" embed")));
    }

    @Test
    void whatTheBatchBodyCannotCarryFailsBeforeAnyRequestNamingTheAlternative() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        ChatRequest document = ChatRequest.builder().user(ContentPart.text("Summarise"),
                ContentPart.document(new byte[]{1}, "application/pdf", "report.pdf")).build();
        UnsupportedOperationException doc = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat("t-1", document)));
        assertTrue(doc.getMessage().contains("messages[0].parts[1]: a document (report.pdf) is not supported by provider aws")
                && doc.getMessage().contains("chat on demand"), doc.getMessage());
        ChatRequest schema = ChatRequest.builder().user("List TPUs").responseFormat(ResponseFormat.jsonSchema("tpus", "{\"type\":\"object\"}")).build();
        UnsupportedOperationException json = assertThrows(UnsupportedOperationException.class,
                () -> batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat("t-2", schema)));
        assertTrue(json.getMessage().startsWith("responseFormat jsonSchema(...) in a Bedrock batch job")
                && json.getMessage().contains("use ResponseFormat.json()"), json.getMessage());
        IllegalArgumentException hot = assertThrows(IllegalArgumentException.class, () -> batches.inputLine(BatchKind.CHAT, CLAUDE,
                BatchItem.chat("t-3", ChatRequest.builder().user("Hi").temperature(1.5).build())));
        assertEquals("temperature: Claude takes 0 to 1, was 1.5", hot.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> batches.inputLine(BatchKind.EMBEDDINGS, TITAN, BatchItem.chat("t-4", ChatRequest.ofUser("Hi"))));
        assertEquals("items: 't-4' is a chat item in a EMBEDDINGS job; a job holds items of one kind", kind.getMessage());
        assertEquals(0, cloud().requestCount(), "nothing is sent for lines");
    }

    // ---- limits ----

    @Test
    void limitsAreBedrocksQuotasAndModelsItCannotBatchSayWhy() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        assertEquals(new BatchLimits(100, 50_000, 1_000_000_000L, Optional.empty()), batches.limits(BatchKind.CHAT, CLAUDE));
        assertEquals(Optional.empty(), batches.limits(BatchKind.CHAT, "us.anthropic.claude-3-5-haiku-20241022-v1:0").unsupported());
        assertEquals(Optional.empty(), batches.limits(BatchKind.EMBEDDINGS, TITAN).unsupported());
        String llama = batches.limits(BatchKind.CHAT, "meta.llama3-8b-instruct-v1:0").unsupported().orElseThrow();
        assertTrue(llama.contains("writes for Anthropic Claude and Amazon Nova models only") && llama.contains("ai.chatModel(\"meta.llama3-8b-instruct-v1:0\")"), llama);
        String cohere = batches.limits(BatchKind.EMBEDDINGS, "cohere.embed-english-v3").unsupported().orElseThrow();
        assertTrue(cohere.contains("use amazon.titan-embed-text-v2:0"), cohere);
        assertTrue(batches.limits(BatchKind.CHAT, "anthropic.claude-v2:1").unsupported().orElseThrow().contains("Claude 2"));
        assertTrue(batches.limits(BatchKind.CHAT, TITAN).unsupported().isPresent(), "an embedding model cannot batch chat");
        assertEquals(0, cloud().requestCount());
    }

    // ---- submit ----

    @Test
    void submitUploadsTheInputFileThenCreatesTheJobWithItsLocationsRoleAndToken() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        BatchSubmission submission = stage(batches, BatchKind.CHAT, CLAUDE, chats(100));
        BatchJob job = batches.submit(submission);

        List<LoggedRequest> puts = cloud().server().findAll(putRequestedFor(urlPathMatching("/cloudai-batch/.*")));
        assertEquals(1, puts.size());
        Matcher key = INPUT_KEY.matcher(puts.get(0).getUrl().replaceAll("\\?.*", ""));
        assertTrue(key.matches(), puts.get(0).getUrl());
        assertTrue(puts.get(0).getHeader("Authorization").contains("/us-east-1/s3/aws4_request"));
        assertEquals("application/jsonl", puts.get(0).getHeader("Content-Type"));
        assertArrayEquals(Files.readAllBytes(submission.file()),
                cloud().s3Object(AwsCloud.BATCH_BUCKET, "jobs/" + key.group(1) + "/input.jsonl").orElseThrow(),
                "the object S3 stored is the staged file, byte for byte");

        String token = cloud().server().findAll(postRequestedFor(urlPathEqualTo("/model-invocation-job"))).get(0)
                .getBodyAsString().replaceAll(".*\"clientRequestToken\":\"([^\"]+)\".*", "$1");
        assertTrue(token.startsWith(key.group(1).substring("triage-".length())), "the folder carries the token: " + token);
        cloud().server().verify(1, postRequestedFor(urlPathEqualTo("/model-invocation-job"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/bedrock/aws4_request, .*"))
                .withRequestBody(equalToJson("{\"jobName\":\"triage\",\"roleArn\":\"" + AwsCloud.BATCH_ROLE + "\","
                        + "\"modelId\":\"" + CLAUDE + "\",\"clientRequestToken\":\"" + token + "\","
                        + "\"inputDataConfig\":{\"s3InputDataConfig\":{\"s3Uri\":\"s3://cloudai-batch/jobs/" + key.group(1) + "/input.jsonl\",\"s3InputFormat\":\"JSONL\"}},"
                        + "\"outputDataConfig\":{\"s3OutputDataConfig\":{\"s3Uri\":\"s3://cloudai-batch/jobs/" + key.group(1) + "/output/\"}}}")));
        assertEquals(2, cloud().requestCount(), "one upload, one create");

        assertEquals("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/emu000000001", job.id());
        assertEquals(BatchStatus.QUEUED, job.status());
        assertEquals(100, job.counts().total());
        assertEquals(BatchKind.CHAT, job.kind());
        assertEquals(CLAUDE, job.model());
    }

    @Test
    void aRetriedSubmitOfTheSameStagedFileGetsTheSameJob() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        BatchSubmission submission = stage(batches, BatchKind.CHAT, CLAUDE, chats(100));
        BatchJob first = batches.submit(submission);
        BatchJob again = batches.submit(submission);
        assertEquals(first.id(), again.id(), "Bedrock answers a repeated clientRequestToken with the job it made");
        assertEquals(1, batches.list().size());
        BatchJob other = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100)));
        assertFalse(other.id().equals(first.id()), "another staging is another job");
    }

    @Test
    void aBucketThatDoesNotExistIsS3sNoSuchBucketAndNoJob() throws IOException {
        Provider aws = provider(Map.of("cloudai.aws.batch-bucket", "s3://no-such-bucket/jobs"));
        BatchPlatform batches = aws.batchPlatform();
        NoSuchBucketException e = assertThrows(NoSuchBucketException.class,
                () -> batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))));
        assertInstanceOf(NotFoundException.class, aws.errorMapper().map("batch.submit", e));
        cloud().server().verify(0, postRequestedFor(urlPathEqualTo("/model-invocation-job")));
    }

    @Test
    void aRoleOfAnotherAccountIsRefusedAsBedrockRefusesPassingIt() throws IOException {
        Provider aws = provider(Map.of("cloudai.aws.batch-role", "arn:aws:iam::999999999999:role/elsewhere"));
        BatchPlatform batches = aws.batchPlatform();
        RuntimeException e = assertThrows(RuntimeException.class, () -> batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))));
        CloudAiException mapped = aws.errorMapper().map("batch.submit", e);
        assertInstanceOf(AuthenticationException.class, mapped);
        assertEquals(Optional.of("AccessDeniedException"), mapped.providerCode());
        assertTrue(mapped.getMessage().contains("iam:PassRole"), mapped.getMessage());
    }

    // ---- states ----

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"Submitted, QUEUED", "Validating, QUEUED", "Scheduled, QUEUED", "InProgress, RUNNING",
            "Completed, COMPLETED", "PartiallyCompleted, COMPLETED", "Failed, FAILED", "Stopping, CANCELLING",
            "Stopped, CANCELLED", "Expired, EXPIRED", "SomethingNew, RUNNING"})
    void everyBedrockStatusReadsAsANeutralOne(String bedrock, BatchStatus neutral) {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl";
        cloud().server().stubFor(get(urlPathEqualTo("/model-invocation-job/" + URLEncoder.encode(arn, StandardCharsets.UTF_8)))
                .atPriority(2).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"jobArn\":\"" + arn + "\",\"jobName\":\"triage\",\"modelId\":\"" + CLAUDE + "\",\"roleArn\":\""
                                + AwsCloud.BATCH_ROLE + "\",\"status\":\"" + bedrock + "\",\"message\":\"as Bedrock says\","
                                + "\"submitTime\":\"2025-03-01T10:00:00Z\",\"endTime\":\"2025-03-01T11:00:00Z\","
                                + "\"totalRecordCount\":120,\"successRecordCount\":100,\"errorRecordCount\":7,"
                                + "\"inputDataConfig\":{\"s3InputDataConfig\":{\"s3Uri\":\"s3://b/in.jsonl\"}},"
                                + "\"outputDataConfig\":{\"s3OutputDataConfig\":{\"s3Uri\":\"s3://b/out/\"}}}")));
        BatchJob job = provider(Map.of()).batchPlatform().get(arn).orElseThrow();
        assertEquals(neutral, job.status());
        assertEquals(new dev.cloudai.batch.BatchCounts(120, 100, 7), job.counts());
        assertEquals(java.time.Instant.parse("2025-03-01T10:00:00Z"), job.createdAt());
        assertEquals(neutral.isTerminal() ? Optional.of(java.time.Instant.parse("2025-03-01T11:00:00Z")) : Optional.empty(), job.endedAt());
        assertEquals(bedrock.equals("SomethingNew") ? "Bedrock status SomethingNew: as Bedrock says" : "as Bedrock says",
                job.message().orElseThrow());
    }

    @Test
    void aJobMovesThroughBedrocksStatesAsItIsPolledAndCountsItsRecords() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        List<BatchStatus> seen = new ArrayList<>();
        BatchJob job;
        do {
            job = batches.get(id).orElseThrow();
            seen.add(job.status());
        } while (!job.status().isTerminal());
        assertEquals(List.of(BatchStatus.QUEUED, BatchStatus.QUEUED, BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.COMPLETED), seen);
        assertEquals(new dev.cloudai.batch.BatchCounts(100, 100, 0), job.counts());
        cloud().server().verify(5, getRequestedFor(urlPathEqualTo("/model-invocation-job/" + URLEncoder.encode(id, StandardCharsets.UTF_8))));
    }

    @Test
    void aThrottledStatusCheckIsBedrocksThrottlingExceptionWhichTheCoreRetries() throws IOException {
        Provider aws = provider(Map.of());
        BatchPlatform batches = aws.batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        cloud().throttleNextBatchStatusCheck();
        ThrottlingException e = assertThrows(ThrottlingException.class, () -> batches.get(id));
        assertEquals(429, e.statusCode());
        assertInstanceOf(ThrottledException.class, aws.errorMapper().map("batch.get", e));
        assertEquals(BatchStatus.QUEUED, batches.get(id).orElseThrow().status(), "the next poll answers");
    }

    @Test
    void getOfAnIdThatIsNoJobIsEmpty() {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        assertEquals(Optional.empty(), batches.get("not-a-job"));
        assertEquals(0, cloud().requestCount(), "an id of the wrong form is asked nothing");
        assertEquals(Optional.empty(), batches.get("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/zzzzzzzzzzzz"));
        assertEquals(1, cloud().requestCount(), "a well-formed id Bedrock does not have: its 404, read as no job");
    }

    @Test
    void listShowsEveryJobNewestFirst() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String first = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        String second = batches.submit(stage(batches, BatchKind.EMBEDDINGS, TITAN,
                List.of(BatchItem.embedding("d", "text")))).id();
        List<BatchJob> jobs = batches.list();
        assertEquals(List.of(second, first), jobs.stream().map(BatchJob::id).toList());
        assertEquals(List.of(BatchKind.EMBEDDINGS, BatchKind.CHAT), jobs.stream().map(BatchJob::kind).toList());
        cloud().server().verify(1, getRequestedFor(urlPathEqualTo("/model-invocation-jobs"))
                .withQueryParam("sortBy", equalTo("CreationTime")).withQueryParam("sortOrder", equalTo("Descending")));
    }

    // ---- results ----

    @Test
    void resultsMapEachOutputLineAndAFailedLineIsATypedErrorWithBedrocksCode() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        List<BatchItem> items = chats(100);
        items.set(7, BatchItem.chat("t-7", ChatRequest.ofUser("Please " + AwsCloud.BATCH_FAIL_TEXT)));
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, items)).id();
        cloud().failBatchRecord("t-42");
        cloud().finishBatchJobs();
        assertEquals(new dev.cloudai.batch.BatchCounts(100, 98, 2), batches.get(id).orElseThrow().counts());

        List<BatchResult> results = all(batches, id);
        assertEquals(items.stream().map(BatchItem::customId).toList(), results.stream().map(BatchResult::customId).toList());
        ChatResponse answer = results.get(0).chat().orElseThrow();
        assertEquals(Canned.CHAT_TEXT, answer.text());
        assertEquals(FinishReason.STOP, answer.finishReason());
        assertEquals(Canned.USAGE, answer.usage());
        assertEquals("aws", answer.provider());
        assertEquals(CLAUDE, answer.model());
        assertEquals(Optional.of("msg_bdrk_emulator1"), answer.requestId());
        for (int failed : new int[]{7, 42}) {
            CloudAiException error = results.get(failed).error().orElseThrow();
            assertInstanceOf(InvalidRequestException.class, error);
            assertEquals(Optional.of("400"), error.providerCode());
            assertEquals(400, error.httpStatus().orElseThrow());
            assertEquals("batch.result", error.operation());
            assertTrue(error.getMessage().contains("record 't-" + failed + "': The emulator failed record t-" + failed + " as asked."),
                    error.getMessage());
        }
    }

    @Test
    void errorCodesToolCallsJsonAnswersAndReasoningInOutputLinesMapLikeOnDemandAnswers() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        cloud().finishBatchJobs();
        String key = outputKey(id);
        String json = "{\"tool_choice\":{\"type\":\"tool\",\"name\":\"json_answer\"}}";
        cloud().putS3Object(AwsCloud.BATCH_BUCKET, key, String.join("\n",
                "{\"recordId\":\"busy\",\"modelInput\":{},\"error\":{\"errorCode\":429,\"errorMessage\":\"Too many tokens\"}}",
                "{\"recordId\":\"down\",\"modelInput\":{},\"error\":{\"errorCode\":500,\"errorMessage\":\"Internal error\"}}",
                "{\"recordId\":\"odd\",\"modelInput\":{},\"modelOutput\":{\"outputs\":[\"not Claude's shape\"]}}",
                "{\"recordId\":\"tool\",\"modelInput\":{},\"modelOutput\":{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}],"
                        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":30,\"output_tokens\":9,\"cache_read_input_tokens\":4}}}",
                "{\"recordId\":\"json\",\"modelInput\":" + json + ",\"modelOutput\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                        + "\"name\":\"json_answer\",\"input\":{\"tpus\":[\"v5e\"]}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}",
                "{\"recordId\":\"think\",\"modelInput\":{},\"modelOutput\":{\"content\":[{\"type\":\"thinking\",\"thinking\":\"Hmm.\",\"signature\":\"sig\"},"
                        + "{\"type\":\"text\",\"text\":\"42\"}],\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}",
                "").getBytes(StandardCharsets.UTF_8));
        List<BatchResult> results = all(batches, id);
        assertEquals(List.of("busy", "down", "odd", "tool", "json", "think"), results.stream().map(BatchResult::customId).toList());
        assertInstanceOf(ThrottledException.class, results.get(0).error().orElseThrow());
        assertEquals(Optional.of("429"), results.get(0).error().orElseThrow().providerCode());
        assertInstanceOf(UnavailableException.class, results.get(1).error().orElseThrow());
        assertInstanceOf(UnclassifiedException.class, results.get(2).error().orElseThrow(), "an answer of another shape fails its line only");
        ChatResponse tool = results.get(3).chat().orElseThrow();
        assertEquals(FinishReason.TOOL_USE, tool.finishReason());
        assertEquals("Let me look.", tool.text());
        assertEquals(List.of(new ToolCall("toolu_9", "get_weather", "{\"city\":\"Paris\"}")), tool.toolCalls());
        assertEquals(new TokenUsage(34, 9, 4, 0, 0), tool.usage());
        ChatResponse answer = results.get(4).chat().orElseThrow();
        assertEquals("{\"tpus\":[\"v5e\"]}", answer.text());
        assertEquals(FinishReason.STOP, answer.finishReason());
        assertEquals(List.of(), answer.toolCalls());
        ChatResponse thought = results.get(5).chat().orElseThrow();
        assertEquals(Optional.of("Hmm."), thought.reasoning());
        assertEquals(Optional.of("sig"), thought.reasoningSignature());
        assertEquals(FinishReason.MAX_TOKENS, thought.finishReason());
    }

    @Test
    void embeddingResultsCarryTitansVectors() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        List<BatchItem> items = IntStream.range(0, 100).mapToObj(i -> BatchItem.embedding("d-" + i, "text " + i))
                .collect(Collectors.toList());
        String id = batches.submit(stage(batches, BatchKind.EMBEDDINGS, TITAN, items)).id();
        cloud().finishBatchJobs();
        List<BatchResult> results = all(batches, id);
        assertEquals(100, results.size());
        assertArrayEquals(EmulatedEmbeddings.vector("text 3", EmulatedEmbeddings.dimensions(TITAN)),
                results.get(3).embedding().orElseThrow().vector());
    }

    @Test
    void resultsAreReadOneRangeAtATimeAndClosingStopsTheDownload() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String prompt = "x".repeat(100_000);   // the output echoes each input: 100 lines of 100 kB, over one 8 MiB range
        List<BatchItem> items = IntStream.range(0, 100).mapToObj(i -> BatchItem.chat("t-" + i, ChatRequest.ofUser(prompt)))
                .collect(Collectors.toList());
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, items)).id();
        cloud().finishBatchJobs();
        String outputPath = "/cloudai-batch/" + outputKey(id);
        int size = cloud().s3Object(AwsCloud.BATCH_BUCKET, outputKey(id)).orElseThrow().length;
        assertTrue(size > 8 * 1024 * 1024, "the output spans more than one range: " + size);

        cloud().server().resetRequests();
        try (Stream<BatchResult> results = batches.results(id)) {
            Iterator<BatchResult> it = results.iterator();
            assertEquals("t-0", it.next().customId());
        }
        List<LoggedRequest> gets = cloud().server().findAll(getRequestedFor(urlPathEqualTo(outputPath)));
        assertEquals(1, gets.size(), "one result read, one range fetched");
        assertEquals("bytes=0-8388607", gets.get(0).getHeader("Range"));

        cloud().server().resetRequests();
        assertEquals(100, all(batches, id).size());
        List<String> ranges = cloud().server().findAll(getRequestedFor(urlPathEqualTo(outputPath))).stream()
                .map(r -> r.getHeader("Range")).toList();
        assertEquals(List.of("bytes=0-8388607", "bytes=8388608-16777215"), ranges, "all results: each range once, in order");
    }

    @Test
    void resultsOfAJobStillRunningAreRefused() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batches.results(id));
        assertEquals("results: job " + id + " is Submitted, not finished; await it first", e.getMessage());
    }

    // ---- jobs over a folder of input files (made with other tools) ----

    /**
     * Stages input files under {@code s3://cloudai-batch/<folder>/} (each {@code name=count} file of that many chat
     * lines, ids {@code <file stem>-<n>}, the {@code failing} id asking to fail) and creates a job over the folder
     * with the native Bedrock client, as the console or boto3 would; returns its ARN.
     */
    private String folderJob(Provider aws, String folder, Map<String, Integer> files, String failing) {
        BatchPlatform batches = aws.batchPlatform();
        files.forEach((name, count) -> {
            String stem = name.substring(name.lastIndexOf('/') + 1).replace(".jsonl", "");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String id = stem + "-" + i;
                String text = id.equals(failing) ? "Please " + AwsCloud.BATCH_FAIL_TEXT : "Classify " + id;
                lines.append(batches.inputLine(BatchKind.CHAT, CLAUDE, BatchItem.chat(id, ChatRequest.ofUser(text)))).append('\n');
            }
            cloud().putS3Object(AwsCloud.BATCH_BUCKET, folder + "/" + name, lines.toString().getBytes(StandardCharsets.UTF_8));
        });
        return aws.unwrap(BedrockClient.class).createModelInvocationJob(r -> r.jobName("console-job").modelId(CLAUDE)
                .roleArn(AwsCloud.BATCH_ROLE)
                .inputDataConfig(ModelInvocationJobInputDataConfig.fromS3InputDataConfig(ModelInvocationJobS3InputDataConfig
                        .builder().s3Uri("s3://cloudai-batch/" + folder + "/").s3InputFormat(S3InputFormat.JSONL).build()))
                .outputDataConfig(ModelInvocationJobOutputDataConfig.fromS3OutputDataConfig(ModelInvocationJobS3OutputDataConfig
                        .builder().s3Uri("s3://cloudai-batch/console/out/").build()))).jobArn();
    }

    /** The ids {@code <stem>-0 .. <stem>-(count - 1)}. */
    private static List<String> ids(String stem, int count) {
        return IntStream.range(0, count).mapToObj(i -> stem + "-" + i).toList();
    }

    /** The S3 requests since the last reset, in the order sent: method, path and query, and Range. */
    private static List<String> s3Requests() {
        List<ServeEvent> events = new ArrayList<>(cloud().server().getAllServeEvents());
        java.util.Collections.reverse(events);   // WireMock keeps the newest first
        return events.stream().map(ServeEvent::getRequest)
                .filter(r -> r.containsHeader("Authorization") && r.getHeader("Authorization").contains("/s3/aws4_request"))
                .map(r -> r.getMethod() + " " + r.getUrl() + (r.containsHeader("Range") ? " " + r.getHeader("Range") : ""))
                .toList();
    }

    @Test
    void deleteFilesDeletesTheInputTheOutputAndTheManifestOnceAndTheResultsAreThenNotFound() throws IOException {
        Provider aws = provider(Map.of());
        BatchPlatform batches = aws.batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        cloud().finishBatchJobs();
        String output = outputKey(id);
        String folder = output.substring(0, output.indexOf("/output/"));
        String job = id.substring(id.lastIndexOf('/') + 1);

        cloud().server().resetRequests();
        assertEquals(3, batches.deleteFiles(id), "input.jsonl, input.jsonl.out and manifest.json.out");

        assertEquals(List.of("HEAD /cloudai-batch/" + folder + "/input.jsonl",
                "GET /cloudai-batch?list-type=2&prefix=" + (folder + "/output/" + job + "/").replace("/", "%2F"),
                "DELETE /cloudai-batch/" + folder + "/input.jsonl",
                "DELETE /cloudai-batch/" + folder + "/output/" + job + "/input.jsonl.out",
                "DELETE /cloudai-batch/" + folder + "/output/" + job + "/manifest.json.out"), s3Requests());
        assertEquals(Optional.empty(), cloud().s3Object(AwsCloud.BATCH_BUCKET, output));
        assertEquals(0, batches.deleteFiles(id), "nothing left: the HEAD is a 404 and the listing empty");
        NoSuchKeyException gone = assertThrows(NoSuchKeyException.class, () -> all(batches, id));
        assertInstanceOf(dev.cloudai.errors.NotFoundException.class, aws.errorMapper().map("batch.results", gone));
    }

    @Test
    void deleteFilesOfAFolderJobDeletesItsJsonlFilesButNotTheOtherFilesThere() {
        Provider aws = provider(Map.of());
        String id = folderJob(aws, "console/in", Map.of("a.jsonl", 50, "b.jsonl", 50), null);
        cloud().putS3Object(AwsCloud.BATCH_BUCKET, "console/in/notes.txt", "the user's".getBytes(StandardCharsets.UTF_8));
        cloud().finishBatchJobs();

        assertEquals(5, aws.batchPlatform().deleteFiles(id), "a.jsonl, b.jsonl, their two .out and the manifest");

        assertTrue(cloud().s3Object(AwsCloud.BATCH_BUCKET, "console/in/notes.txt").isPresent(), "not a record file: kept");
        assertEquals(Optional.empty(), cloud().s3Object(AwsCloud.BATCH_BUCKET, "console/in/a.jsonl"));
    }

    @Test
    void resultsOfAJobOverAFolderAreTheOutputOfEachJsonlFileInKeyOrder() {
        Provider aws = provider(Map.of());
        Map<String, Integer> files = new java.util.LinkedHashMap<>();
        files.put("b.jsonl", 40);
        files.put("a.jsonl", 40);
        files.put("c.jsonl", 30);
        String id = folderJob(aws, "console/in", files, "b-17");
        cloud().putS3Object(AwsCloud.BATCH_BUCKET, "console/in/notes.txt", "not records".getBytes(StandardCharsets.UTF_8));
        cloud().finishBatchJobs();
        BatchPlatform batches = aws.batchPlatform();
        assertEquals(new dev.cloudai.batch.BatchCounts(110, 109, 1), batches.get(id).orElseThrow().counts());

        cloud().server().resetRequests();
        List<BatchResult> results = all(batches, id);
        List<String> expected = new ArrayList<>(ids("a", 40));
        expected.addAll(ids("b", 40));
        expected.addAll(ids("c", 30));
        assertEquals(expected, results.stream().map(BatchResult::customId).toList(), "file after file, in key order");
        assertEquals(List.of("b-17"), results.stream().filter(r -> !r.succeeded()).map(BatchResult::customId).toList());
        CloudAiException failed = results.get(57).error().orElseThrow();
        assertInstanceOf(InvalidRequestException.class, failed);
        assertEquals(Optional.of("400"), failed.providerCode());
        assertEquals(Canned.CHAT_TEXT, results.get(109).chat().orElseThrow().text());

        String job = id.substring(id.lastIndexOf('/') + 1);
        assertEquals(List.of("GET /cloudai-batch?list-type=2&prefix=console%2Fin%2F",
                "GET /cloudai-batch/console/out/" + job + "/a.jsonl.out bytes=0-8388607",
                "GET /cloudai-batch/console/out/" + job + "/b.jsonl.out bytes=0-8388607",
                "GET /cloudai-batch/console/out/" + job + "/c.jsonl.out bytes=0-8388607"), s3Requests(),
                "one listing of the folder, then each output once, ranged, one after another");
    }

    @Test
    void readingAFolderJobsResultsFetchesEachOutputOnlyWhenReachedAndClosingStopsThere() {
        Provider aws = provider(Map.of());
        String id = folderJob(aws, "console/in", Map.of("a.jsonl", 50, "b.jsonl", 50, "c.jsonl", 50), null);
        cloud().finishBatchJobs();
        BatchPlatform batches = aws.batchPlatform();
        cloud().server().resetRequests();
        try (Stream<BatchResult> results = batches.results(id)) {
            assertEquals("a-0", results.iterator().next().customId());
        }
        String job = id.substring(id.lastIndexOf('/') + 1);
        assertEquals(List.of("GET /cloudai-batch?list-type=2&prefix=console%2Fin%2F",
                "GET /cloudai-batch/console/out/" + job + "/a.jsonl.out bytes=0-8388607"), s3Requests());

        cloud().putS3Object(AwsCloud.BATCH_BUCKET, "console/in/b2.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8));
        try (Stream<BatchResult> results = batches.results(id)) {
            Iterator<BatchResult> it = results.iterator();
            for (int i = 0; i < 100; i++) it.next();
            assertThrows(NoSuchKeyException.class, it::next,
                    "a completed job's input file without an output (added after the job ran) fails, not skipped");
        }
    }

    @Test
    void aFolderJobThatEndedEarlyGivesEveryFilesUnprocessedRecordsFailed() {
        Provider aws = provider(Map.of());
        cloud().endNextBatchJob("PartiallyCompleted", null);
        Map<String, Integer> files = new java.util.LinkedHashMap<>();
        files.put("a.jsonl", 40);
        files.put("b.jsonl", 40);
        files.put("later/c.jsonl", 30);   // in a sub-folder: its output is later/c.jsonl.out
        String id = folderJob(aws, "console/in", files, null);
        cloud().finishBatchJobs();
        String job = id.substring(id.lastIndexOf('/') + 1);
        assertTrue(cloud().s3Object(AwsCloud.BATCH_BUCKET, "console/out/" + job + "/b.jsonl.out").isPresent());
        assertTrue(cloud().s3Object(AwsCloud.BATCH_BUCKET, "console/out/" + job + "/later/c.jsonl.out").isEmpty(),
                "the job ended before the third file: it has no output");

        List<BatchResult> results = all(aws.batchPlatform(), id);
        List<String> expected = new ArrayList<>(ids("a", 40));
        expected.addAll(ids("b", 40));
        expected.addAll(ids("c", 30));
        assertEquals(expected, results.stream().map(BatchResult::customId).toList(), "no item is dropped, file order kept");
        assertEquals(55, results.stream().filter(BatchResult::succeeded).count(), "the first half of the 110 records");
        assertTrue(results.subList(0, 55).stream().allMatch(BatchResult::succeeded));
        for (BatchResult notRun : results.subList(55, 110)) {
            CloudAiException e = notRun.error().orElseThrow();
            assertInstanceOf(DeadlineExceededException.class, e);
            assertEquals(Optional.of("PartiallyCompleted"), e.providerCode());
        }
    }

    /**
     * The paging the adapter's folder listing relies on, seen through the SDK's own paginator: 1,000 keys a page by
     * default (a folder of 1,001 files would take 1,001 downloads to show here), so pages of two here.
     */
    @Test
    void theSdksListingPaginatorReadsTheEmulatorsPagesInKeyOrder() {
        Provider aws = provider(Map.of());
        for (String key : List.of("many/e.jsonl", "many/a.jsonl", "many/d.jsonl", "many/b.jsonl", "many/c.jsonl", "manyother/x.jsonl")) {
            cloud().putS3Object(AwsCloud.BATCH_BUCKET, key, new byte[]{'{', '}'});
        }
        cloud().server().resetRequests();
        List<String> keys = aws.unwrap(S3Client.class).listObjectsV2Paginator(r -> r.bucket(AwsCloud.BATCH_BUCKET)
                .prefix("many/").maxKeys(2)).contents().stream().map(S3Object::key).toList();
        assertEquals(List.of("many/a.jsonl", "many/b.jsonl", "many/c.jsonl", "many/d.jsonl", "many/e.jsonl"), keys);
        List<LoggedRequest> listings = cloud().server().findAll(getRequestedFor(urlPathMatching("/cloudai-batch/?"))
                .withQueryParam("list-type", equalTo("2")).withQueryParam("prefix", equalTo("many/"))
                .withQueryParam("max-keys", equalTo("2")));
        assertEquals(3, listings.size(), "2 + 2 + 1 keys");
        assertFalse(listings.get(0).queryParameter("continuation-token").isPresent());
        assertTrue(listings.get(1).queryParameter("continuation-token").isPresent());
        assertTrue(listings.get(2).queryParameter("continuation-token").isPresent());
        assertFalse(listings.get(1).queryParameter("continuation-token").firstValue()
                .equals(listings.get(2).queryParameter("continuation-token").firstValue()), "each page its own token");
    }

    // ---- jobs that end early ----

    @Test
    void cancelStopsTheJobAndItsUnprocessedRecordsComeBackFailed() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        while (batches.get(id).orElseThrow().status() != BatchStatus.RUNNING) {
            // polls move the emulated job on: Submitted, Validating, Scheduled, InProgress
        }
        BatchJob cancelling = batches.cancel(id);
        assertEquals(BatchStatus.CANCELLING, cancelling.status());
        cloud().server().verify(1, postRequestedFor(urlPathEqualTo("/model-invocation-job/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/stop")));
        assertEquals(BatchStatus.CANCELLED, batches.get(id).orElseThrow().status());

        List<BatchResult> results = all(batches, id);
        assertEquals(100, results.size(), "no item is dropped");
        assertEquals(50, results.stream().filter(BatchResult::succeeded).count(), "the emulator stops half way");
        CloudAiException notRun = results.get(99).error().orElseThrow();
        assertInstanceOf(UnclassifiedException.class, notRun);
        assertEquals(Optional.of("Stopped"), notRun.providerCode());
        assertTrue(notRun.getMessage().contains("record 't-99' was not processed: the batch job ended Stopped"), notRun.getMessage());
    }

    @Test
    void anExpiredJobGivesWhatItProcessedAndTheRestAsDeadlinesExceeded() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        cloud().endNextBatchJob("Expired", "The job timed out after 168 hours.");
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        cloud().finishBatchJobs();
        BatchJob job = batches.get(id).orElseThrow();
        assertEquals(BatchStatus.EXPIRED, job.status());
        assertEquals(Optional.of("The job timed out after 168 hours."), job.message());
        List<BatchResult> results = all(batches, id);
        assertEquals(chats(100).stream().map(BatchItem::customId).toList(), results.stream().map(BatchResult::customId).toList());
        assertTrue(results.subList(0, 50).stream().allMatch(BatchResult::succeeded));
        assertTrue(results.subList(50, 100).stream().allMatch(r -> r.error().orElseThrow() instanceof DeadlineExceededException));
    }

    @Test
    void aPartiallyCompletedJobIsCompletedWithItsUnprocessedRecordsFailed() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        cloud().endNextBatchJob("PartiallyCompleted", null);
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(100))).id();
        cloud().finishBatchJobs();
        assertEquals(BatchStatus.COMPLETED, batches.get(id).orElseThrow().status());
        List<BatchResult> results = all(batches, id);
        assertEquals(50, results.stream().filter(BatchResult::succeeded).count());
        assertEquals(Optional.of("PartiallyCompleted"), results.get(80).error().orElseThrow().providerCode());
    }

    @Test
    void aFailedJobHasNoOutputAndEveryRecordComesBackWithItsMessage() throws IOException {
        BatchPlatform batches = provider(Map.of()).batchPlatform();
        String id = batches.submit(stage(batches, BatchKind.CHAT, CLAUDE, chats(3))).id();   // under Bedrock's minimum
        cloud().finishBatchJobs();
        BatchJob job = batches.get(id).orElseThrow();
        assertEquals(BatchStatus.FAILED, job.status());
        assertTrue(job.message().orElseThrow().contains("not within the limits of 100 to 50000"), job.message().orElseThrow());
        List<BatchResult> results = all(batches, id);
        assertEquals(List.of("t-0", "t-1", "t-2"), results.stream().map(BatchResult::customId).toList());
        assertTrue(results.get(0).error().orElseThrow().getMessage().contains("not within the limits"));
    }

    // ---- settings ----

    @Test
    void batchSettingsOfTheWrongFormFailAtStartUpNamingTheKey() {
        ConfigurationException bucket = assertThrows(ConfigurationException.class,
                () -> provider(Map.of("cloudai.aws.batch-bucket", "my-bucket/jobs")));
        assertTrue(bucket.getMessage().endsWith("cloudai.aws.batch-bucket: 'my-bucket/jobs' is not an S3 location; use"
                + " s3://bucket or s3://bucket/prefix, for example s3://my-bucket/bedrock-batch"), bucket.getMessage());
        ConfigurationException name = assertThrows(ConfigurationException.class,
                () -> provider(Map.of("cloudai.aws.batch-bucket", "s3://My_Bucket")));
        assertTrue(name.getMessage().contains("cloudai.aws.batch-bucket: 's3://My_Bucket' has bucket name 'My_Bucket', which S3 does not allow"),
                name.getMessage());
        ConfigurationException role = assertThrows(ConfigurationException.class,
                () -> provider(Map.of("cloudai.aws.batch-role", "BedrockBatch")));
        assertTrue(role.getMessage().contains("cloudai.aws.batch-role: 'BedrockBatch' is not an IAM role ARN;"), role.getMessage());
    }

    @Test
    void batchWithoutItsSettingsNamesTheMissingKey() {
        Map<String, String> p = new HashMap<>(EMULATOR.emulator().properties("aws"));
        p.remove("cloudai.aws.batch-role");
        Provider aws = RawProviders.create("aws", p);
        made.add(aws);
        ConfigurationException e = assertThrows(ConfigurationException.class, aws::batchPlatform);
        assertTrue(e.getMessage().contains("cloudai.aws.batch-role is required by provider 'aws' for batch (The IAM role ARN"),
                e.getMessage());
    }

    /** The output object's key: {@code <output prefix>/<job id>/input.jsonl.out}. */
    private static String outputKey(String jobArn) {
        String folder = cloud().server().findAll(postRequestedFor(urlPathEqualTo("/model-invocation-job"))).stream()
                .map(LoggedRequest::getBodyAsString).filter(b -> true)
                .map(b -> b.replaceAll(".*\"s3Uri\":\"s3://cloudai-batch/(jobs/[^/]+)/output/\".*", "$1")).reduce((a, b) -> b)
                .orElseThrow();
        return folder + "/output/" + jobArn.substring(jobArn.lastIndexOf('/') + 1) + "/input.jsonl.out";
    }
}

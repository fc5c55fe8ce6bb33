package dev.cloudai.gcp.batch;

import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.cloud.aiplatform.v1.BatchPredictionJob;
import com.google.cloud.aiplatform.v1.CreateBatchPredictionJobRequest;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GetBatchPredictionJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.protobuf.util.JsonFormat;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Provider;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.gcp.RecordedCall;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vertex AI batch prediction against the emulator: the JSONL lines, the Cloud Storage upload, the JobService calls, the results. */
class VertexBatchWireTest {
    private static final String MODEL = "gemini-2.0-flash-001";
    private static final String PARENT = "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION;
    private static final String MODEL_NAME = PARENT + "/publishers/google/models/" + MODEL;
    private static final String EMBEDDING_MODEL = "text-embedding-005";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    @TempDir
    Path dir;

    private Provider provider;
    private BatchPlatform batches;

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    @BeforeEach
    void open() {
        provider = RawProviders.create("gcp", cloud().properties());
        batches = provider.batchPlatform();
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private String line(String id, String prompt) {
        return batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat(id, ChatRequest.ofUser(prompt)));
    }

    private BatchJob submit(String... prompts) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < prompts.length; i++) jsonl.append(line("q" + (i + 1), prompts[i])).append('\n');
        Path file = dir.resolve("input.jsonl");
        Files.writeString(file, jsonl);
        return batches.submit(new BatchSubmission(BatchKind.CHAT, MODEL, "nightly-1", file, prompts.length, Files.size(file)));
    }

    @Test
    void theInputLineIsTheCustomIdAsKeyAndTheLiveGenerateContentRequestAsProtobufJson() throws Exception {
        ChatRequest request = ChatRequest.builder().system("Answer in one word.").user("Hi").maxTokens(20).build();

        String line = batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat("q-1", request));

        provider.chatModel(MODEL).chat(request);
        GenerateContentRequest live = cloud().calls(GcpCloud.GENERATE_CONTENT).get(0).request(GenerateContentRequest.getDefaultInstance());
        assertEquals("{\"key\":\"q-1\",\"request\":" + JsonFormat.printer().omittingInsignificantWhitespace().print(live) + "}", line);
        assertTrue(line.startsWith("{\"key\":\"q-1\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"), line);
        assertTrue(line.contains("\"model\":\"" + MODEL_NAME + "\""), line);
        assertTrue(line.endsWith("\"systemInstruction\":{\"parts\":[{\"text\":\"Answer in one word.\"}]}}}"), line);
        assertTrue(line.contains("\"maxOutputTokens\":20"), line);
    }

    @Test
    void submitUploadsTheFileToTheBucketAndCreatesTheJobWithGcsInputAndOutput() throws Exception {
        BatchJob job = submit("one", "two");

        byte[] uploaded = cloud().storedObject(GcpCloud.BATCH_BUCKET, "batches/nightly-1/input.jsonl");
        assertArrayEquals(Files.readAllBytes(dir.resolve("input.jsonl")), uploaded);
        List<LoggedRequest> starts = cloud().server().findAll(postRequestedFor(urlPathEqualTo("/upload/storage/v1/b/" + GcpCloud.BATCH_BUCKET + "/o")));
        assertEquals(1, starts.size());
        assertEquals("resumable", starts.get(0).queryParameter("uploadType").firstValue());
        assertEquals(List.of(GcpCloud.BATCH_BUCKET + "/batches/nightly-1/input.jsonl"), cloud().storedObjects());
        List<RecordedCall> creates = cloud().calls(GcpCloud.CREATE_BATCH_JOB);
        assertEquals(1, creates.size());
        CreateBatchPredictionJobRequest create = creates.get(0).request(CreateBatchPredictionJobRequest.getDefaultInstance());
        assertEquals(PARENT, create.getParent());
        assertEquals("nightly-1", create.getBatchPredictionJob().getDisplayName());
        assertEquals(MODEL_NAME, create.getBatchPredictionJob().getModel());
        assertEquals("jsonl", create.getBatchPredictionJob().getInputConfig().getInstancesFormat());
        assertEquals(List.of("gs://" + GcpCloud.BATCH_BUCKET + "/batches/nightly-1/input.jsonl"),
                create.getBatchPredictionJob().getInputConfig().getGcsSource().getUrisList());
        assertEquals("jsonl", create.getBatchPredictionJob().getOutputConfig().getPredictionsFormat());
        assertEquals("gs://" + GcpCloud.BATCH_BUCKET + "/batches/nightly-1/output",
                create.getBatchPredictionJob().getOutputConfig().getGcsDestination().getOutputUriPrefix());
        assertEquals("7007", job.id());
        assertEquals("gcp", job.provider());
        assertEquals(MODEL, job.model());
        assertEquals(BatchStatus.QUEUED, job.status());
    }

    @Test
    void pollsMoveTheJobToCompletedAndTheResultsMapEachLineUnderItsCustomIdWithTheFailedLineTyped() throws Exception {
        BatchJob job = submit("one", "please " + GcpCloud.FAIL_BATCH_ITEM, "three");

        assertEquals(BatchStatus.RUNNING, batches.get(job.id()).orElseThrow().status());
        BatchJob done = batches.get(job.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertEquals(3, done.counts().total());
        assertEquals(2, done.counts().succeeded());
        assertEquals(1, done.counts().failed());
        assertTrue(done.endedAt().isPresent());
        assertEquals(PARENT + "/batchPredictionJobs/7007",
                cloud().calls(GcpCloud.GET_BATCH_JOB).get(0).request(GetBatchPredictionJobRequest.getDefaultInstance()).getName());

        List<BatchResult> results;
        try (Stream<BatchResult> stream = batches.results(job.id())) {
            results = stream.toList();
        }
        assertEquals(List.of("q1", "q2", "q3"), results.stream().map(BatchResult::customId).toList());
        assertEquals(Canned.CHAT_TEXT, results.get(0).chat().orElseThrow().text());
        assertEquals(Canned.INPUT_TOKENS, results.get(0).chat().orElseThrow().usage().inputTokens());
        assertEquals(MODEL, results.get(0).chat().orElseThrow().model());
        InvalidRequestException error = assertInstanceOf(InvalidRequestException.class, results.get(1).error().orElseThrow());
        assertTrue(error.getMessage().contains("told to fail this item"), error.getMessage());
        assertEquals(Canned.CHAT_TEXT, results.get(2).chat().orElseThrow().text());
    }

    @Test
    void outputLinesThatComeBackWithoutTheirKeyAreMatchedByTheirRequestWhateverTheOrder() throws Exception {
        cloud().dropBatchKeys();
        BatchJob job = submit("one", "please " + GcpCloud.FAIL_BATCH_ITEM, "three", "one");
        batches.get(job.id());
        batches.get(job.id());

        List<BatchResult> results;
        try (Stream<BatchResult> stream = batches.results(job.id())) {
            results = stream.toList();
        }
        // written in reverse and without keys: the ids come from the input lines with the same request
        assertEquals(List.of("q1", "q3", "q2", "q4"), results.stream().map(BatchResult::customId).toList());
        assertTrue(results.get(2).error().isPresent(), () -> "q2 asked to fail: " + results.get(2));
        assertEquals(3, results.stream().filter(BatchResult::succeeded).count());
        String input = GcpCloud.BATCH_BUCKET + "/o/batches%2Fnightly-1%2Finput\\.jsonl";
        assertEquals(1, cloud().server().findAll(getRequestedFor(urlPathMatching("/download/storage/v1/b/" + input))).size(),
                "the input file is read once, when the first line without a key turns up");
    }

    @Test
    void aRequestIsFingerprintedByItsContentNotItsJsonSpelling() {
        String camel = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"generationConfig\":{\"maxOutputTokens\":5}}";
        String snake = "{ \"generation_config\": {\"max_output_tokens\": 5}, \"contents\": [{\"parts\": [{\"text\": \"Hi\"}], \"role\": \"user\"}] }";
        assertEquals(RequestKeys.fingerprint(RequestKeys.parse(camel)), RequestKeys.fingerprint(RequestKeys.parse(snake)));
        assertTrue(!RequestKeys.fingerprint(RequestKeys.parse(camel)).equals(
                RequestKeys.fingerprint(RequestKeys.parse(camel.replace("Hi", "Ho")))));
        RequestKeys keys = new RequestKeys(() -> new java.io.BufferedReader(new java.io.StringReader(
                "{\"key\":\"a\",\"request\":" + camel + "}\n{\"key\":\"b\",\"request\":" + camel + "}\n")));
        assertEquals("a", keys.claim(RequestKeys.parse(snake)));
        assertEquals("b", keys.claim(RequestKeys.parse(camel)));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> keys.claim(RequestKeys.parse(camel)));
        assertTrue(none.getMessage().contains("matches no input line"), none.getMessage());
    }

    @Test
    void resultsAreReadLazilySoReadingOneAndClosingStopsThere() throws Exception {
        BatchJob job = submit("one", "two", "three");
        batches.get(job.id());
        batches.get(job.id());

        try (Stream<BatchResult> stream = batches.results(job.id())) {
            assertEquals("q1", stream.findFirst().orElseThrow().customId());
        }
        assertEquals(1, cloud().server().findAll(getRequestedFor(urlPathMatching("/download/storage/v1/b/" + GcpCloud.BATCH_BUCKET
                + "/o/batches%2Fnightly-1%2Foutput%2Fprediction-model-7007%2Fpredictions\\.jsonl"))).size());
    }

    @Test
    void cancelAsksForCancellingAndTheNextPollSaysCancelled() throws Exception {
        BatchJob job = submit("one");

        BatchJob cancelling = batches.cancel(job.id());

        assertEquals(BatchStatus.CANCELLING, cancelling.status());
        assertEquals(1, cloud().calls(GcpCloud.CANCEL_BATCH_JOB).size());
        assertEquals(1, cloud().calls(GcpCloud.GET_BATCH_JOB).size());
        assertEquals(BatchStatus.CANCELLED, batches.get(job.id()).orElseThrow().status());
    }

    @Test
    void anExpiredJobSaysExpiredWithVertexsMessage() throws Exception {
        BatchJob job = submit("one");
        cloud().expireNextBatchJob();
        batches.get(job.id());

        BatchJob expired = batches.get(job.id()).orElseThrow();

        assertEquals(BatchStatus.EXPIRED, expired.status());
        assertEquals("The batch prediction job did not complete within 24 hours.", expired.message().orElseThrow());
        assertTrue(expired.endedAt().isPresent());
    }

    @Test
    void aModelVertexDoesNotServeIsTheSdksOwnNotFoundAfterTheUpload() throws Exception {
        Path file = dir.resolve("input.jsonl");
        Files.writeString(file, line("q1", "one") + "\n");

        assertThrows(com.google.api.gax.rpc.NotFoundException.class, () -> batches.submit(
                new BatchSubmission(BatchKind.CHAT, "gemini-9.9-nope", "nightly-2", file, 1, Files.size(file))));
        assertEquals(1, cloud().calls(GcpCloud.CREATE_BATCH_JOB).size());
    }

    @Test
    void deleteFilesDeletesTheInputAndEveryOutputObjectOnceAndTheResultsAreThenNotFound() throws Exception {
        BatchJob job = submit("one", "two");
        batches.get(job.id());
        batches.get(job.id());
        assertEquals(List.of(GcpCloud.BATCH_BUCKET + "/batches/nightly-1/input.jsonl",
                GcpCloud.BATCH_BUCKET + "/batches/nightly-1/output/prediction-model-7007/predictions.jsonl"), cloud().storedObjects());

        assertEquals(2, batches.deleteFiles(job.id()));

        assertEquals(List.of(), cloud().storedObjects());
        List<LoggedRequest> deletes = cloud().server().findAll(deleteRequestedFor(urlPathMatching("/storage/v1/b/.*")));
        assertEquals(List.of("/storage/v1/b/" + GcpCloud.BATCH_BUCKET + "/o/batches%2Fnightly-1%2Finput.jsonl",
                "/storage/v1/b/" + GcpCloud.BATCH_BUCKET + "/o/batches%2Fnightly-1%2Foutput%2Fprediction-model-7007%2Fpredictions.jsonl"),
                deletes.stream().map(r -> r.getUrl().replaceAll("\\?.*", "")).toList());
        assertEquals(0, batches.deleteFiles(job.id()), "the input answers 404 now and the output lists nothing");
        assertEquals(3, cloud().server().findAll(deleteRequestedFor(urlPathMatching("/storage/v1/b/.*"))).size());

        RuntimeException gone = assertThrows(RuntimeException.class, () -> batches.results(job.id()));
        assertInstanceOf(dev.cloudai.errors.NotFoundException.class, provider.errorMapper().map("batch.results", gone));
    }

    @Test
    void aCloudStorageRefusalIsMappedByItsHttpStatus() {
        com.google.cloud.storage.StorageException denied = new com.google.cloud.storage.StorageException(403, "no access", "forbidden", null);
        dev.cloudai.errors.CloudAiException e = provider.errorMapper().map("batch.submit", denied);
        assertInstanceOf(dev.cloudai.errors.AuthenticationException.class, e);
        assertEquals(403, e.httpStatus().orElseThrow());
        assertEquals("forbidden", e.providerCode().orElseThrow());
    }

    @Test
    void anUnknownJobIdIsEmpty() {
        assertTrue(batches.get("424242").isEmpty());
    }

    @Test
    void listShowsTheJobsNewestFirst() throws Exception {
        submit("one");
        submit("two");

        assertEquals(List.of("7008", "7007"), batches.list().stream().map(BatchJob::id).toList());
    }

    @Test
    void aThrottledPollIsTheSdksOwnResourceExhaustedForTheCoreToRetry() throws Exception {
        BatchJob job = submit("one");
        cloud().throttleBatchPolls(1);

        assertThrows(ResourceExhaustedException.class, () -> batches.get(job.id()));
        assertEquals(BatchStatus.RUNNING, batches.get(job.id()).orElseThrow().status());
    }

    @Test
    void everyVertexJobStateMapsToItsNeutralStatus() {
        Map<JobState, BatchStatus> expected = new HashMap<>();
        expected.put(JobState.JOB_STATE_UNSPECIFIED, BatchStatus.QUEUED);
        expected.put(JobState.JOB_STATE_QUEUED, BatchStatus.QUEUED);
        expected.put(JobState.JOB_STATE_PENDING, BatchStatus.QUEUED);
        expected.put(JobState.JOB_STATE_RUNNING, BatchStatus.RUNNING);
        expected.put(JobState.JOB_STATE_UPDATING, BatchStatus.RUNNING);
        expected.put(JobState.JOB_STATE_PAUSED, BatchStatus.RUNNING);
        expected.put(JobState.JOB_STATE_SUCCEEDED, BatchStatus.COMPLETED);
        expected.put(JobState.JOB_STATE_PARTIALLY_SUCCEEDED, BatchStatus.COMPLETED);
        expected.put(JobState.JOB_STATE_FAILED, BatchStatus.FAILED);
        expected.put(JobState.JOB_STATE_CANCELLING, BatchStatus.CANCELLING);
        expected.put(JobState.JOB_STATE_CANCELLED, BatchStatus.CANCELLED);
        expected.put(JobState.JOB_STATE_EXPIRED, BatchStatus.EXPIRED);
        for (JobState state : JobState.values()) {
            if (state == JobState.UNRECOGNIZED) continue;
            assertTrue(expected.containsKey(state), "no expectation for " + state);
            assertEquals(expected.get(state), VertexBatches.status(state), state.name());
        }
    }

    @Test
    void geminiModelsTakeUpTo200000RequestsTextEmbeddingModels30000AndOtherModelsAreRefusedWithAReason() {
        BatchLimits gemini = batches.limits(BatchKind.CHAT, "gemini-2.5-flash");
        assertEquals(200_000, gemini.maxRecords());
        assertEquals(1L << 30, gemini.maxInputBytes());
        assertTrue(gemini.unsupported().isEmpty());
        assertTrue(batches.limits(BatchKind.CHAT, "gemini-2.0-flash-live-001").unsupported().orElseThrow().contains("gemini-2.0-flash-live-001"));
        assertTrue(batches.limits(BatchKind.CHAT, "claude-3-haiku").unsupported().isPresent());
        BatchLimits embeddings = batches.limits(BatchKind.EMBEDDINGS, "text-embedding-005");
        assertTrue(embeddings.unsupported().isEmpty());
        assertEquals(30_000, embeddings.maxRecords());
        assertTrue(batches.limits(BatchKind.EMBEDDINGS, "text-multilingual-embedding-002").unsupported().isEmpty());
        String gemini001 = batches.limits(BatchKind.EMBEDDINGS, "gemini-embedding-001").unsupported().orElseThrow();
        assertTrue(gemini001.contains("gemini-embedding-001") && gemini001.contains("text-embedding-005"), gemini001);
        assertTrue(batches.limits(BatchKind.EMBEDDINGS, "gemini-2.5-flash").unsupported().isPresent());
    }

    @Test
    void aChatLineWithToolsAndJsonOutputCarriesThemAsTheLiveRequestDoes() throws Exception {
        ChatRequest request = ChatRequest.builder().user("Weather in Paris, as JSON")
                .tools(ToolSpec.of("get_weather", "Current weather in a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
                .toolChoice(ToolChoice.tool("get_weather")).temperature(0.2).build();
        ChatRequest json = ChatRequest.builder().user("A TPU as JSON")
                .responseFormat(ResponseFormat.jsonSchema("tpu", "{\"type\":\"object\",\"properties\":{\"chips\":{\"type\":\"integer\"}}}"))
                .build();

        String toolLine = batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat("t-1", request));
        String jsonLine = batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat("j-1", json));

        provider.chatModel(MODEL).chat(request);
        provider.chatModel(MODEL).chat(json);
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        List<RecordedCall> live = cloud().calls(GcpCloud.GENERATE_CONTENT);
        assertEquals("{\"key\":\"t-1\",\"request\":" + printer.print(live.get(0).request(GenerateContentRequest.getDefaultInstance())) + "}", toolLine);
        assertEquals("{\"key\":\"j-1\",\"request\":" + printer.print(live.get(1).request(GenerateContentRequest.getDefaultInstance())) + "}", jsonLine);
        assertTrue(toolLine.contains("\"functionDeclarations\":[{\"name\":\"get_weather\""), toolLine);
        assertTrue(toolLine.contains("\"allowedFunctionNames\":[\"get_weather\"]"), toolLine);
        assertTrue(jsonLine.contains("\"responseMimeType\":\"application/json\""), jsonLine);
    }

    @Test
    void anEmbeddingLineIsTheKeyAndTheContentAndTheJobNamesTheKeyField() throws Exception {
        assertEquals("{\"key\":\"doc-1\",\"content\":\"A \\\"quoted\\\" text\"}",
                batches.inputLine(BatchKind.EMBEDDINGS, EMBEDDING_MODEL, BatchItem.embedding("doc-1", "A \"quoted\" text")));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> batches.inputLine(BatchKind.EMBEDDINGS, EMBEDDING_MODEL, BatchItem.chat("q-1", ChatRequest.ofUser("Hi"))));
        assertTrue(mixed.getMessage().contains("q-1"), mixed.getMessage());

        BatchJob job = submitEmbeddings("first text", "second " + GcpCloud.FAIL_BATCH_ITEM, "third text");

        BatchPredictionJob created = cloud().calls(GcpCloud.CREATE_BATCH_JOB).get(0)
                .request(CreateBatchPredictionJobRequest.getDefaultInstance()).getBatchPredictionJob();
        assertEquals(PARENT + "/publishers/google/models/" + EMBEDDING_MODEL, created.getModel());
        assertEquals("key", created.getInstanceConfig().getKeyField());
        assertEquals(BatchKind.EMBEDDINGS, job.kind());
    }

    @Test
    void embeddingResultsAreEachTextsVectorUnderItsKeyWithTheFailedLineTyped() throws Exception {
        BatchJob job = submitEmbeddings("first text", "second " + GcpCloud.FAIL_BATCH_ITEM, "third text");
        batches.get(job.id());
        BatchJob done = batches.get(job.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertEquals(BatchKind.EMBEDDINGS, done.kind());
        assertEquals(2, done.counts().succeeded());

        List<BatchResult> results;
        try (Stream<BatchResult> stream = batches.results(job.id())) {
            results = stream.toList();
        }
        assertEquals(List.of("e1", "e2", "e3"), results.stream().map(BatchResult::customId).toList());
        int dimensions = EmulatedEmbeddings.dimensions(EMBEDDING_MODEL);
        assertArrayEquals(EmulatedEmbeddings.vector("first text", dimensions), results.get(0).embedding().orElseThrow().vector());
        assertArrayEquals(EmulatedEmbeddings.vector("third text", dimensions), results.get(2).embedding().orElseThrow().vector());
        InvalidRequestException error = assertInstanceOf(InvalidRequestException.class, results.get(1).error().orElseThrow());
        assertTrue(error.getMessage().contains("told to fail this item"), error.getMessage());
    }

    @Test
    void anEmbeddingLineThatEchoesTheInstanceIsReadByTheInstancesKeyAndOneWithoutValuesIsAFormatError() {
        VertexBatches platform = (VertexBatches) batches;
        BatchResult echoed = platform.embeddingResult("{\"instance\":{\"content\":\"x\",\"key\":\"d-9\"},"
                + "\"predictions\":[{\"embeddings\":{\"statistics\":{\"token_count\":1,\"truncated\":false},\"values\":[0.5,-0.25]}}],\"status\":\"\"}");
        assertEquals("d-9", echoed.customId());
        assertArrayEquals(new float[] {0.5f, -0.25f}, echoed.embedding().orElseThrow().vector());
        BatchResult none = platform.embeddingResult("{\"key\":\"d-1\",\"status\":\"\"}");
        assertEquals("d-1", none.customId());
        assertTrue(none.error().orElseThrow().getMessage().contains("no predictions"), none.toString());
        IllegalStateException unreadable = assertThrows(IllegalStateException.class, () -> platform.embeddingResult(
                "{\"key\":\"d-2\",\"predictions\":[{\"embeddings\":{}}],\"status\":\"\"}"));
        assertTrue(unreadable.getMessage().contains("d-2"), unreadable.getMessage());
    }

    @Test
    void aGeminiEmbeddingJobIsRefusedByTheEmulatorAsByVertex() throws Exception {
        Path file = dir.resolve("embed.jsonl");
        Files.writeString(file, "{\"key\":\"e1\",\"content\":\"x\"}\n");
        cloud().serveModels("gemini-embedding-001");
        assertThrows(com.google.api.gax.rpc.InvalidArgumentException.class, () -> batches.submit(
                new BatchSubmission(BatchKind.EMBEDDINGS, "gemini-embedding-001", "embed-2", file, 1, Files.size(file))));
    }

    private BatchJob submitEmbeddings(String... texts) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            jsonl.append(batches.inputLine(BatchKind.EMBEDDINGS, EMBEDDING_MODEL, BatchItem.embedding("e" + (i + 1), texts[i]))).append('\n');
        }
        Path file = dir.resolve("embed.jsonl");
        Files.writeString(file, jsonl);
        return batches.submit(new BatchSubmission(BatchKind.EMBEDDINGS, EMBEDDING_MODEL, "embed-1", file, texts.length, Files.size(file)));
    }

    @Test
    void aBucketThatIsNotAGsLocationIsRefusedAtStartUpNamingTheKey() {
        Map<String, String> props = new HashMap<>(cloud().properties());
        props.put("cloudai.gcp.batch-bucket", "s3://bucket");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RawProviders.create("gcp", props));
        assertTrue(e.getMessage().contains("cloudai.gcp.batch-bucket: 's3://bucket' is not a Cloud Storage location"), e.getMessage());
    }

    @Test
    void aFailedOutputLineKeepsTheCodeItsStatusCarries() {
        VertexBatches platform = (VertexBatches) batches;
        assertEquals("NOT_FOUND", platform.error("{\"error\": {\"code\": 404, \"message\": \"gone\"}}").providerCode().orElseThrow());
        assertEquals("RESOURCE_EXHAUSTED", platform.error("{\"code\": 8, \"message\": \"quota\"}").providerCode().orElseThrow());
        assertEquals("INVALID_ARGUMENT", platform.error("refused").providerCode().orElseThrow());
    }
}

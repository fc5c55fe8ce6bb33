package dev.cloudai.azure;

import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
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
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Provider;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.azure.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Azure OpenAI Batch through the raw SPI against the emulator: the exact JSONL lines, the files and batches requests
 * (path, api-version, key, bodies, count), the job's states as it is read, and each result line's mapping.
 */
class AzureBatchWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud().serveModels("gpt4o-batch"));

    private static final String DEPLOYMENT = "gpt4o-batch";
    private static final String V = "?api-version=2024-10-21";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Provider provider() {
        return provider(Map.of());
    }

    private static Provider provider(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(EMULATOR.properties("azure"));
        p.putAll(extra);
        return RawProviders.create("azure", p);
    }

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    /** What the core does before submit: every item's line into a file. */
    private BatchSubmission stage(BatchPlatform batches, String deployment, String name, List<BatchItem> items) throws IOException {
        List<String> lines = new ArrayList<>();
        for (BatchItem item : items) lines.add(batches.inputLine(BatchKind.CHAT, deployment, item));
        Path file = dir.resolve(name + ".jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return new BatchSubmission(BatchKind.CHAT, deployment, name, file, lines.size(), Files.size(file));
    }

    private static List<BatchItem> hellos(int n) {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(BatchItem.chat("item-" + i, ChatRequest.ofUser(Canned.CHAT_PROMPT)));
        return items;
    }

    /** Reads the job until it is terminal, collecting each status seen. */
    private static List<BatchStatus> readUntilDone(BatchPlatform batches, String id) {
        List<BatchStatus> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BatchJob job = batches.get(id).orElseThrow();
            seen.add(job.status());
            if (job.status().isTerminal()) return seen;
        }
        throw new AssertionError("not terminal after 10 reads: " + seen);
    }

    private static List<BatchResult> results(BatchPlatform batches, String id) {
        try (Stream<BatchResult> results = batches.results(id)) {
            return results.toList();
        }
    }

    /** The lines of the files the adapter downloaded, by the file id in the request path. */
    private static Map<String, List<JsonNode>> downloaded() throws IOException {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (ServeEvent e : cloud().server().getAllServeEvents()) {
            String url = e.getRequest().getUrl();
            if (!url.matches("/openai/files/[^/]+/content\\?.*")) continue;
            List<JsonNode> lines = new ArrayList<>();
            for (String line : e.getResponse().getBodyAsString().split("\n")) {
                if (!line.isBlank()) lines.add(JSON.readTree(line));
            }
            out.put(url.replaceAll("/openai/files/([^/]+)/content.*", "$1"), lines);
        }
        return out;
    }

    // ---- the input ----

    @Test
    void chatItemsBecomeMicrosoftsLinesWithTheDeploymentAsModelAndTheBodyAChatCallSends() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            assertEquals("{\"custom_id\":\"t-1\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{"
                            + "\"model\":\"gpt4o-batch\",\"messages\":[{\"content\":\"Answer briefly.\",\"role\":\"system\"},"
                            + "{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":64,\"temperature\":0.25}}",
                    batches.inputLine(BatchKind.CHAT, DEPLOYMENT, BatchItem.chat("t-1", ChatRequest.builder()
                            .system("Answer briefly.").user("Hi").maxTokens(64).temperature(0.25).build())));
            assertEquals("{\"custom_id\":\"t-2\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{"
                            + "\"model\":\"gpt4o-batch\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                            + "\"tools\":[{\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
                            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                            + "\"required\":[\"city\"]}},\"type\":\"function\"}],\"tool_choice\":\"required\"}}",
                    batches.inputLine(BatchKind.CHAT, DEPLOYMENT, BatchItem.chat("t-2", ChatRequest.builder()
                            .user("Weather in Paris?").tools(ToolSpec.of("get_weather", "Current weather",
                                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
                            .toolChoice(ToolChoice.required()).build())));
            assertEquals("{\"custom_id\":\"t-3\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{"
                            + "\"model\":\"gpt4o-batch\",\"messages\":[{\"role\":\"user\",\"content\":\"Which city?\"}],"
                            + "\"response_format\":{\"json_schema\":{\"name\":\"answer\",\"schema\":{\"type\":\"object\","
                            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                            + "\"additionalProperties\":false},\"strict\":true},\"type\":\"json_schema\"}}}",
                    batches.inputLine(BatchKind.CHAT, DEPLOYMENT, BatchItem.chat("t-3", ChatRequest.builder()
                            .user("Which city?").responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\","
                                    + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                                    + "\"additionalProperties\":false}")).build())));
            assertEquals("{\"custom_id\":\"t-4\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{"
                            + "\"model\":\"gpt4o-batch\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is"
                            + " this?\",\"type\":\"text\"},{\"image_url\":{\"url\":\"data:image/png;base64,AQID\"},"
                            + "\"type\":\"image_url\"}]}]}}",
                    batches.inputLine(BatchKind.CHAT, DEPLOYMENT, BatchItem.chat("t-4", ChatRequest.builder()
                            .user(ContentPart.text("What is this?"), ContentPart.image(new byte[] {1, 2, 3}, "image/png")).build())));
        }
        assertEquals(0, cloud().requestCount(), "writing lines sends nothing");
    }

    @Test
    void theLimitsAreMicrosoftsAndEmbeddingsOrANonChatDeploymentCannotBatch() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchLimits chat = batches.limits(BatchKind.CHAT, DEPLOYMENT);
            assertEquals(1, chat.minRecords());
            assertEquals(100_000, chat.maxRecords());
            assertEquals(200_000_000L, chat.maxInputBytes());
            assertTrue(chat.unsupported().isEmpty());
            assertTrue(batches.limits(BatchKind.EMBEDDINGS, "text-embedding-3-small").unsupported().orElseThrow()
                    .contains("does not run embedding models"));
            assertTrue(batches.limits(BatchKind.CHAT, "my-text-embedding-3-large").unsupported().orElseThrow()
                    .contains("looks like an embedding model"));
            assertTrue(batches.limits(BatchKind.CHAT, "whisper").unsupported().orElseThrow().contains("speech-to-text"));
            UnsupportedOperationException embedding = assertThrows(UnsupportedOperationException.class,
                    () -> batches.inputLine(BatchKind.EMBEDDINGS, "text-embedding-3-small", BatchItem.embedding("e-1", "text")));
            assertTrue(embedding.getMessage().contains("embedding"));
            UnsupportedOperationException reasoning = assertThrows(UnsupportedOperationException.class,
                    () -> batches.inputLine(BatchKind.CHAT, DEPLOYMENT, BatchItem.chat("r-1", ChatRequest.builder().user("Think")
                            .reasoningEffort(ReasoningEffort.HIGH).build())));
            assertTrue(reasoning.getMessage().startsWith("reasoningEffort:"), reasoning.getMessage());
            assertTrue(reasoning.getMessage().contains("r-1"));
        }
        assertEquals(0, cloud().requestCount(), "limits are known without asking");
    }

    @Test
    void batchesNeedTheAzureOpenAiEndpointAndBuildNothingUntilTheirFirstCall() {
        try (Provider azure = RawProviders.create("azure", Map.of("cloudai.azure.subscription-id", "s"))) {
            RuntimeException e = assertThrows(RuntimeException.class, azure::batchPlatform);
            assertTrue(e.getMessage().contains("cloudai.azure.endpoint"), e.getMessage());
        }
        try (AzureProvider azure = (AzureProvider) provider()) {
            azure.batchPlatform().limits(BatchKind.CHAT, DEPLOYMENT);
            assertEquals(List.of(), azure.built(), "no client and no pool for what needs no request");
        }
    }

    // ---- submit ----

    @Test
    void submitUploadsTheFileAsMultipartWaitsUntilItIsProcessedAndCreatesTheBatchOnIt() throws IOException {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchSubmission submission = stage(batches, DEPLOYMENT, "tickets-2026", hellos(2));
            BatchJob job = batches.submit(submission);

            assertEquals(BatchStatus.QUEUED, job.status());
            assertEquals(DEPLOYMENT, job.model());
            assertEquals(BatchKind.CHAT, job.kind());
            assertEquals("azure", job.provider());
            assertTrue(job.id().startsWith("batch_"), job.id());
            assertTrue(job.endedAt().isEmpty());

            String fileId = uploadedFileId();
            cloud().server().verify(1, postRequestedFor(urlEqualTo("/openai/files" + V))
                    .withHeader("api-key", equalTo(AzureCloud.API_KEY))
                    .withHeader("Content-Type", matching("multipart/form-data; ?boundary=.+"))
                    .withRequestBodyPart(aMultipart().withName("purpose").withBody(equalTo("batch")).build())
                    .withRequestBodyPart(aMultipart().withName("file")
                            .withHeader("Content-Disposition", matching(".*filename=\"tickets-2026.jsonl\".*"))
                            .withBody(binaryEqualTo(Files.readAllBytes(submission.file()))).build()));
            cloud().server().verify(1, getRequestedFor(urlEqualTo("/openai/files/" + fileId + V))
                    .withHeader("api-key", equalTo(AzureCloud.API_KEY)));
            cloud().server().verify(1, postRequestedFor(urlEqualTo("/openai/batches" + V))
                    .withHeader("api-key", equalTo(AzureCloud.API_KEY))
                    .withRequestBody(equalToJson("{\"endpoint\":\"/chat/completions\",\"input_file_id\":\"" + fileId + "\","
                            + "\"completion_window\":\"24h\",\"metadata\":{\"cloudai_model\":\"gpt4o-batch\","
                            + "\"cloudai_display_name\":\"tickets-2026\"}}")));
            assertEquals(3, cloud().requestCount(), "upload, one read of the file, create");
            assertEquals(Files.readString(submission.file()), cloud().fileContent(fileId));
        }
    }

    @Test
    void aCreateThatFailsAfterTheUploadDeletesTheUploadedFile() throws IOException {
        cloud().inject(Fault.serverError(500), 1, urlPathEqualTo("/openai/batches"));
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            HttpResponseException e = assertThrows(HttpResponseException.class,
                    () -> batches.submit(stage(batches, DEPLOYMENT, "doomed", hellos(1))));
            assertInstanceOf(UnavailableException.class, azure.errorMapper().map("batch", e));
            String fileId = uploadedFileId();
            cloud().server().verify(1, deleteRequestedFor(urlEqualTo("/openai/files/" + fileId + V))
                    .withHeader("api-key", equalTo(AzureCloud.API_KEY)));
            assertThrows(IllegalArgumentException.class, () -> cloud().fileContent(fileId), "the file is gone");
        }
    }

    private static String uploadedFileId() throws IOException {
        for (ServeEvent e : cloud().server().getAllServeEvents()) {
            if (e.getRequest().getUrl().equals("/openai/files" + V)) {
                return JSON.readTree(e.getResponse().getBodyAsString()).path("id").asText();
            }
        }
        throw new AssertionError("no upload");
    }

    // ---- states and results ----

    @Test
    void aJobMovesOneStateAtEachReadAndEveryLineComesBackUnderItsCustomIdWithTheFailedOneTyped() throws IOException {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            List<BatchItem> items = List.of(
                    BatchItem.chat("ok-1", ChatRequest.ofUser(Canned.CHAT_PROMPT)),
                    BatchItem.chat("bad", ChatRequest.ofUser("Please " + AzureCloud.BATCH_FAIL_TRIGGER)),
                    BatchItem.chat("ok-2", ChatRequest.ofUser(Canned.CHAT_PROMPT)));
            BatchJob job = batches.submit(stage(batches, DEPLOYMENT, "three", items));

            assertEquals(List.of(BatchStatus.RUNNING, BatchStatus.RUNNING, BatchStatus.COMPLETED), readUntilDone(batches, job.id()),
                    "in_progress, finalizing, completed");
            BatchJob done = batches.get(job.id()).orElseThrow();
            assertEquals(3, done.counts().total());
            assertEquals(2, done.counts().succeeded());
            assertEquals(1, done.counts().failed());
            assertTrue(done.endedAt().isPresent());
            assertTrue(done.message().isEmpty());

            List<BatchResult> results = results(batches, job.id());
            assertEquals(List.of("ok-1", "ok-2", "bad"), results.stream().map(BatchResult::customId).toList(),
                    "the output file's lines, then the error file's");
            Map<String, List<JsonNode>> files = downloaded();
            assertEquals(2, files.size(), "the output and error files; not the input, every request has a line");
            Map<String, String> requestIds = new HashMap<>();
            files.values().forEach(lines -> lines.forEach(l -> requestIds.put(l.path("custom_id").asText(),
                    l.path("response").path("request_id").asText())));

            ChatResponse first = results.get(0).chat().orElseThrow();
            assertEquals(Canned.CHAT_TEXT, first.text());
            assertEquals(FinishReason.STOP, first.finishReason());
            assertEquals(Canned.INPUT_TOKENS, first.usage().inputTokens());
            assertEquals(Canned.OUTPUT_TOKENS, first.usage().outputTokens());
            assertEquals(DEPLOYMENT, first.model());
            assertEquals("azure", first.provider());
            assertEquals(requestIds.get("ok-1"), first.requestId().orElseThrow());

            CloudAiException failed = results.get(2).error().orElseThrow();
            assertInstanceOf(InvalidRequestException.class, failed);
            assertEquals("content_filter", failed.providerCode().orElseThrow());
            assertEquals(400, failed.httpStatus().orElseThrow());
            assertEquals(requestIds.get("bad"), failed.requestId().orElseThrow());
            assertTrue(failed.getMessage().contains("violence"), failed.getMessage());
        }
        cloud().server().verify(2, getRequestedFor(urlPathMatching("/openai/files/[^/]+/content"))
                .withHeader("api-key", equalTo(AzureCloud.API_KEY)));
        cloud().server().verify(2, getRequestedFor(urlMatchingContent()));
    }

    private static com.github.tomakehurst.wiremock.matching.UrlPattern urlMatchingContent() {
        return com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/openai/files/[^/]+/content\\?api-version=2024-10-21");
    }

    @Test
    void aRequestTheTestNamesFailsLikeATriggeredOne() {
        cloud().failBatchRequest("item-1");
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(3)));
            readUntilDone(batches, job.id());
            List<BatchResult> results = results(batches, job.id());
            assertEquals(List.of(true, true, false), results.stream().map(BatchResult::succeeded).toList());
            assertEquals("item-1", results.get(2).customId());
        }
    }

    @Test
    void deleteFilesDeletesTheInputOutputAndErrorFilesOnceAndTheResultsAreThenNotFound() {
        cloud().failBatchRequest("item-1");
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(3)));
            readUntilDone(batches, job.id());

            assertEquals(3, batches.deleteFiles(job.id()), "the input, output and error files");
            cloud().server().verify(3, deleteRequestedFor(urlPathMatching("/openai/files/[^/]+"))
                    .withQueryParam("api-version", equalTo("2024-10-21")).withHeader("api-key", equalTo(AzureCloud.API_KEY)));
            assertEquals(0, batches.deleteFiles(job.id()), "each file answers 404 now, which is not counted");
            cloud().server().verify(6, deleteRequestedFor(urlPathMatching("/openai/files/[^/]+")));

            HttpResponseException gone = assertThrows(HttpResponseException.class, () -> results(batches, job.id()));
            assertEquals(404, gone.getResponse().getStatusCode());
            assertInstanceOf(dev.cloudai.errors.NotFoundException.class, azure.errorMapper().map("batch.results", gone));
        }
    }

    private BatchSubmission stageQuietly(BatchPlatform batches, List<BatchItem> items) {
        try {
            return stage(batches, DEPLOYMENT, "job-" + items.size(), items);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aThrottledReadIsAzures429WithItsRetryAfterAndTheNextReadGoesOn() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(1)));
            cloud().inject(Fault.throttle(Duration.ofSeconds(2)), 1, urlPathMatching("/openai/batches/[^/]+"));
            HttpResponseException e = assertThrows(HttpResponseException.class, () -> batches.get(job.id()));
            ThrottledException mapped = assertInstanceOf(ThrottledException.class, azure.errorMapper().map("batch", e));
            assertEquals(Duration.ofSeconds(2), mapped.retryAfter().orElseThrow());
            assertEquals(BatchStatus.RUNNING, batches.get(job.id()).orElseThrow().status(), "the throttled read moved nothing");
        }
    }

    @Test
    void anUnknownJobIsEmptyAndCancellingOneIsNotFound() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            assertTrue(batches.get("batch_00000000-0000-0000-0000-000000000000").isEmpty());
            HttpResponseException e = assertThrows(HttpResponseException.class,
                    () -> batches.cancel("batch_00000000-0000-0000-0000-000000000000"));
            assertInstanceOf(NotFoundException.class, azure.errorMapper().map("batch", e));
        }
        cloud().server().verify(1, getRequestedFor(urlEqualTo("/openai/batches/batch_00000000-0000-0000-0000-000000000000" + V)));
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/openai/batches/batch_00000000-0000-0000-0000-000000000000/cancel" + V)));
    }

    @Test
    void cancelIsCancellingThenCancelledAndEveryRequestThatNeverRanFailsAsCancelled() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(3)));
            BatchJob cancelling = batches.cancel(job.id());
            assertEquals(BatchStatus.CANCELLING, cancelling.status());
            BatchJob cancelled = batches.get(job.id()).orElseThrow();
            assertEquals(BatchStatus.CANCELLED, cancelled.status());
            assertTrue(cancelled.endedAt().isPresent());

            List<BatchResult> results = results(batches, job.id());
            assertEquals(List.of("item-0", "item-1", "item-2"), results.stream().map(BatchResult::customId).toList(),
                    "one result per request, from the input file");
            for (BatchResult r : results) {
                CloudAiException e = r.error().orElseThrow();
                assertInstanceOf(UnclassifiedException.class, e);
                assertEquals("batch_cancelled", e.providerCode().orElseThrow());
            }
        }
        cloud().server().verify(postRequestedFor(urlPathMatching("/openai/batches/[^/]+/cancel"))
                .withHeader("api-key", equalTo(AzureCloud.API_KEY)));
        cloud().server().verify(3, getRequestedFor(urlPathMatching("/openai/files/[^/]+/content")));
    }

    @Test
    void anExpiredJobAnswersTheRequestsItRanAndTheOthersFailAsExpired() {
        cloud().expireNextBatch();
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(4)));
            assertEquals(List.of(BatchStatus.RUNNING, BatchStatus.EXPIRED), readUntilDone(batches, job.id()));
            BatchJob expired = batches.get(job.id()).orElseThrow();
            assertTrue(expired.message().orElseThrow().contains("24h"), expired.message().orElseThrow());
            assertEquals(2, expired.counts().succeeded());
            assertEquals(2, expired.counts().failed());

            List<BatchResult> results = results(batches, job.id());
            assertEquals(4, results.size());
            assertEquals(List.of(true, true, false, false), results.stream().map(BatchResult::succeeded).toList());
            CloudAiException e = results.get(3).error().orElseThrow();
            assertInstanceOf(DeadlineExceededException.class, e);
            assertEquals("batch_expired", e.providerCode().orElseThrow());
        }
    }

    @Test
    void aJobOnADeploymentTheResourceLacksFailsValidationAndEachRequestCarriesThatError() throws IOException {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stage(batches, "gpt4o-nope", "nope", List.of(BatchItem.chat("a", ChatRequest.ofUser("Hi")))));
            assertEquals(List.of(BatchStatus.FAILED), readUntilDone(batches, job.id()));
            BatchJob failed = batches.get(job.id()).orElseThrow();
            assertTrue(failed.message().orElseThrow().startsWith("model_not_found: "), failed.message().orElseThrow());
            assertTrue(failed.message().orElseThrow().endsWith("(line 1)"), failed.message().orElseThrow());

            List<BatchResult> results = results(batches, job.id());
            assertEquals(1, results.size());
            CloudAiException e = results.get(0).error().orElseThrow();
            assertInstanceOf(NotFoundException.class, e);
            assertEquals("model_not_found", e.providerCode().orElseThrow());
        }
    }

    @Test
    void resultsOfAJobStillRunningAreRefused() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(1)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> batches.results(job.id()));
            assertTrue(e.getMessage().contains("in_progress"), e.getMessage());
        }
    }

    @Test
    void readingOneResultAndClosingDownloadsNothingMoreAndGivesTheConnectionBack() {
        // one connection: had closing not given the output file's connection back, the next call would wait for it
        try (Provider azure = provider(Map.of("cloudai.http.max-connections", "1", "cloudai.timeout", "5s"))) {
            BatchPlatform batches = azure.batchPlatform();
            BatchJob job = batches.submit(stageQuietly(batches, hellos(2000)));   // an output file of some 1.5 MB
            readUntilDone(batches, job.id());
            try (Stream<BatchResult> results = batches.results(job.id())) {
                assertEquals("item-0", results.iterator().next().customId());
            }
            assertEquals(BatchStatus.COMPLETED, batches.get(job.id()).orElseThrow().status());
        }
        cloud().server().verify(1, getRequestedFor(urlPathMatching("/openai/files/[^/]+/content")));
    }

    @Test
    void listShowsTheResourcesJobsNewestFirst() {
        try (Provider azure = provider()) {
            BatchPlatform batches = azure.batchPlatform();
            String first = batches.submit(stageQuietly(batches, hellos(1))).id();
            String second = batches.submit(stageQuietly(batches, hellos(2))).id();
            assertEquals(List.of(second, first), batches.list().stream().map(BatchJob::id).toList());
        }
        cloud().server().verify(1, getRequestedFor(urlEqualTo("/openai/batches?limit=100&api-version=2024-10-21")));
    }
}

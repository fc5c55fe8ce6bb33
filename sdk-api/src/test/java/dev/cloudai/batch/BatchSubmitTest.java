package dev.cloudai.batch;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.fake.FakeBatchPlatform;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.fake.FakeProvider;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ToolSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CloudAi.batches()} up to the upload, on the fake provider's in-memory batch engine: the model alias
 * resolved, one adapter line per item staged in a temporary file that is gone after submit, and every check a cloud
 * would make later (kind, unique custom ids, limits, a model that cannot batch) made before anything is uploaded.
 */
class BatchSubmitTest {
    private FakeBatchPlatform platform;

    @BeforeEach
    void reset() {
        FakeProvider.reset();
        platform = FakeProvider.batches;
    }

    private static CloudAiConfig.Builder config() {
        return CloudAiConfig.builder().provider("fake").model("cheap", "fake", "fake-batch-model")
                .retry(RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build());
    }

    private static BatchItem chat(String id, String prompt) {
        return BatchItem.chat(id, ChatRequest.ofUser(prompt));
    }

    @Test
    void submitWritesOneAdapterLinePerItemHandsTheFileToTheAdapterAndDeletesItAfterwards() {
        BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "cheap").displayName("triage-1")
                .add(chat("t-1", "Classify: refund")).add(chat("t-2", "Classify: \"late\"")).build();
        try (CloudAi ai = CloudAi.create(config().build())) {
            BatchJob job = ai.batches().submit(request);

            assertEquals("job-1", job.id());
            assertEquals(BatchStatus.QUEUED, job.status());
            assertEquals(1, platform.submitCalls.get());
            List<String> lines = List.of("{\"custom_id\":\"t-1\",\"prompt\":\"Classify: refund\"}",
                    "{\"custom_id\":\"t-2\",\"prompt\":\"Classify: \\\"late\\\"\"}");
            assertEquals(List.of(lines), platform.submittedLines);
            var submission = platform.submissions.get(0);
            assertEquals(BatchKind.CHAT, submission.kind());
            assertEquals("fake-batch-model", submission.model(), "the alias's model on this provider");
            assertEquals("triage-1", submission.displayName());
            assertEquals(2, submission.records());
            assertEquals(lines.get(0).length() + 1 + lines.get(1).length() + 1, submission.bytes());
            assertEquals(List.of(true), platform.fileExistedAtSubmit);
            assertFalse(Files.exists(submission.file()), () -> "the staging file is deleted: " + submission.file());
        }
    }

    @Test
    void aNativeModelIdPassesThroughAndANameIsMadeWhenNoneIsGiven() {
        try (CloudAi ai = CloudAi.create(config().build())) {
            ai.batches().submit(BatchRequest.builder(BatchKind.EMBEDDINGS, "native-embedder")
                    .add(BatchItem.embedding("d-1", "first text")).build());
        }
        assertEquals(List.of("EMBEDDINGS native-embedder d-1"), platform.inputLines);
        String name = platform.submissions.get(0).displayName();
        assertTrue(name.matches("cloudai-\\d{8}-\\d{6}-[0-9a-f]{6}"), name);
    }

    @Test
    void withFallbackConfiguredANativeIdStillPassesBecauseBatchJobsNeverFallBack() {
        try (CloudAi ai = CloudAi.create(config().fallback("backup").build())) {
            ai.batches().submit(BatchRequest.builder(BatchKind.CHAT, "native-chat").add(chat("t-1", "hi")).build());
        }
        assertEquals("native-chat", platform.submissions.get(0).model());
    }

    @Test
    void anAliasDefinedForAnotherProviderOnlyFailsNamingTheKeyToSet() {
        try (CloudAi ai = CloudAi.create(config().model("other", "backup", "backup-model").build())) {
            BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "other").add(chat("t-1", "hi")).build();
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ai.batches().submit(request));
            assertTrue(e.getMessage().contains("cloudai.models.other.fake"), e.getMessage());
        }
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void aRepeatedCustomIdNamesBothPositionsAndNothingIsUploaded() {
        BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "cheap")
                .add(chat("t-1", "a")).add(chat("t-2", "b")).add(chat("t-1", "c")).build();
        try (CloudAi ai = CloudAi.create(config().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.batches().submit(request));
            assertTrue(e.getMessage().startsWith("items[2]: custom id 't-1' repeats items[0]"), e.getMessage());
            IllegalArgumentException estimated = assertThrows(IllegalArgumentException.class, () -> ai.batches().estimate(request));
            assertEquals(e.getMessage(), estimated.getMessage());
        }
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void anItemOfTheOtherKindFailsBeforeAnyUploadNamingItsPosition() {
        BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "cheap")
                .add(chat("t-1", "a")).add(BatchItem.embedding("e-1", "text")).build();
        try (CloudAi ai = CloudAi.create(config().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.batches().submit(request));
            assertEquals("items[1]: an embedding item (custom id 'e-1') in a CHAT batch; a job holds one kind of item:"
                    + " build it with BatchKind.EMBEDDINGS or use BatchItem.chat(...)", e.getMessage());
        }
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void tooFewItemsFailAfterReadingThemAllAndNameTheMinimum() {
        platform.limits = new BatchLimits(100, 1_000, 1_000_000, Optional.empty());
        try (CloudAi ai = CloudAi.create(config().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.batches()
                    .submit(BatchRequest.builder(BatchKind.CHAT, "cheap").add(chat("t-1", "a")).build()));
            assertTrue(e.getMessage().startsWith("items: 1 item(s); provider 'fake' needs at least 100 per batch job of"
                    + " model 'fake-batch-model'"), e.getMessage());
        }
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void tooManyItemsFailAtTheFirstOneOverWithoutReadingTheRest() {
        platform.limits = new BatchLimits(1, 3, 1_000_000, Optional.empty());
        AtomicInteger pulled = new AtomicInteger();
        Iterable<BatchItem> endless = () -> new Iterator<>() {
            public boolean hasNext() { return true; }
            public BatchItem next() { return chat("t-" + pulled.incrementAndGet(), "a"); }
        };
        try (CloudAi ai = CloudAi.create(config().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.batches()
                    .submit(BatchRequest.builder(BatchKind.CHAT, "cheap").items(endless).build()));
            assertTrue(e.getMessage().startsWith("items: more than 3 items; provider 'fake' takes at most 3 per batch job"),
                    e.getMessage());
        }
        assertEquals(4, pulled.get(), "items read: the three allowed and the first one over");
        assertEquals(3, platform.inputLines.size(), "lines written");
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void aFileOverTheSizeLimitFailsAtTheItemThatPassesIt() {
        String first = "{\"custom_id\":\"t-1\",\"prompt\":\"a\"}";
        platform.limits = new BatchLimits(1, 100, first.length() + 1 + 10, Optional.empty());
        try (CloudAi ai = CloudAi.create(config().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.batches()
                    .submit(BatchRequest.builder(BatchKind.CHAT, "cheap").add(chat("t-1", "a")).add(chat("t-2", "b"))
                            .build()));
            assertTrue(e.getMessage().startsWith("items: the input file passes " + (first.length() + 11)
                    + " bytes at items[1] (custom id 't-2')"), e.getMessage());
        }
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void aModelThatCannotBatchFailsBeforeStagingNamingModelProviderAndAlternative() {
        platform.unsupported.put("fake-batch-model", "this model has no batch inference; use fake-batch-v2");
        BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "cheap").add(chat("t-1", "a")).build();
        try (CloudAi ai = CloudAi.create(config().build())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> ai.batches().submit(request));
            assertEquals("batch: model 'fake-batch-model' cannot run CHAT batch jobs on provider 'fake': this model has no"
                    + " batch inference; use fake-batch-v2 (or send the items one by one with chatModel(...).chatAsync or"
                    + " embeddingModel(...).embedAsync)", e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> ai.batches().estimate(request));
        }
        assertEquals(List.of(), platform.inputLines, "nothing staged");
    }

    @Test
    void anAliasNamingADeployedEndpointCannotRunABatchJob() {
        try (CloudAi ai = CloudAi.create(config().model("mine", "fake", "endpoint:my-llama;protocol=tgi").build())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> ai.batches()
                    .submit(BatchRequest.builder(BatchKind.CHAT, "mine").add(chat("t-1", "a")).build()));
            assertTrue(e.getMessage().startsWith("batch: 'mine' names a deployed endpoint"), e.getMessage());
        }
    }

    @Test
    void aFailedSubmitIsNotRetriedAndStillDeletesTheFile() {
        platform.failSubmit.add(new FakeCloudException(503, "ServiceUnavailable", "req-1", null));
        try (CloudAi ai = CloudAi.create(config().build())) {
            UnavailableException e = assertThrows(UnavailableException.class, () -> ai.batches()
                    .submit(BatchRequest.builder(BatchKind.CHAT, "cheap").add(chat("t-1", "a")).build()));
            assertEquals("batch.submit", e.operation());
            assertTrue(e.isRetryable(), "retryable in general, yet submit does not repeat it");
        }
        assertEquals(1, platform.submitCalls.get(), "one attempt: a create that failed may have made the job");
        assertFalse(Files.exists(platform.submissions.get(0).file()));
    }

    @Test
    void theItemsOfALazyIterableAreReadOncePerSubmit() {
        AtomicInteger iterations = new AtomicInteger();
        List<BatchItem> items = List.of(chat("t-1", "a"), chat("t-2", "b"));
        Iterable<BatchItem> lazy = () -> {
            iterations.incrementAndGet();
            return items.iterator();
        };
        try (CloudAi ai = CloudAi.create(config().build())) {
            ai.batches().submit(BatchRequest.builder(BatchKind.CHAT, "cheap").items(lazy).build());
        }
        assertEquals(1, iterations.get());
        assertEquals(2, platform.submissions.get(0).records());
    }

    @Test
    void theEstimateCountsRecordsBytesAndAboutFourCharactersPerTokenWithoutARequest() {
        ToolSpec tool = ToolSpec.of("lookup", "Find", "{\"type\":\"object\"}");   // 6 + 4 + 17 = 27 characters
        BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "cheap")
                .add(BatchItem.chat("t-1", ChatRequest.builder().system("Be brief").user("12345678").build())) // 16 chars: 4 tokens
                .add(BatchItem.chat("t-2", ChatRequest.builder().user("123456789").tools(tool).build()))      // 36 chars: 9 tokens
                .add(chat("t-3", "x"))                                                                         // 1 char: 1 token
                .build();
        String l1 = "{\"custom_id\":\"t-1\",\"prompt\":\"12345678\"}";
        String l2 = "{\"custom_id\":\"t-2\",\"prompt\":\"123456789\"}";
        String l3 = "{\"custom_id\":\"t-3\",\"prompt\":\"x\"}";
        try (CloudAi ai = CloudAi.create(config().property(ConfigKeys.PRICING_FILE, priceFile()).build())) {
            BatchEstimate e = ai.batches().estimate(request);
            assertEquals(3, e.records());
            assertEquals(l1.length() + l2.length() + l3.length() + 3, e.inputBytes());
            assertEquals(4 + 9 + 1, e.inputTokens());
            assertTrue(e.tokensEstimated());
            assertEquals(platform.limits, e.limits());
            assertEquals(Optional.empty(), e.cost(), "provider fake publishes no batch discount: no price is guessed,"
                    + " even with an on-demand row for the model");
        }
        assertEquals(0, platform.submitCalls.get());
    }

    /** A price file with an on-demand row for the fake provider's model. */
    private static String priceFile() {
        try {
            java.nio.file.Path file = Files.createTempFile("prices", ".csv");
            file.toFile().deleteOnExit();
            Files.writeString(file, "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,"
                    + "cache_write_usd_per_1m,source,source_date,notes\n"
                    + "fake,fake-batch-model,1.00,2.00,,,https://example.com/prices,2026-12-01,test row\n");
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aProviderWithoutABatchEngineSaysSoWhenBatchesAreAskedFor() {
        try (CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("backup").build())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, ai::batches);
            assertTrue(e.getMessage().startsWith("Provider 'backup' does not offer batch inference"), e.getMessage());
        }
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.batch.BatchEstimate;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.batch.Batches;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch contract every adapter passes against its emulator, through {@code CloudAi.batches()} end to end (the
 * core's staging and checks, the adapter's JSONL, the storage upload, the job API, the result files): a chat job of
 * {@link #batchSize()} items runs to {@code COMPLETED} with progress, its results come back matched by custom id with
 * one failed item among them, typed; an embedding job; a cancel; a second {@code CloudAi} (a new process, in effect)
 * resuming the wait for a job the first submitted and reading its results; deleting a finished job's files;
 * {@code get} of an unknown id; a throttled status read ridden out.
 *
 * <p>What the emulator must do for it:
 * <ul>
 *   <li>Move a job toward its end as it is read, no timer: each status read one state further (for example
 *       validating, in progress, completed), so {@code await} finishes in a few polls of
 *       {@code cloudai.batch.poll-interval=10ms}. A cancelled job reads {@code CANCELLING} or {@code CANCELLED}, then
 *       {@code CANCELLED}.</li>
 *   <li>Fail the items {@link dev.cloudai.testkit.EmulatedCloud#failBatchItems} names, as the cloud writes a line the
 *       model refused as invalid: the adapter maps that line to an {@link InvalidRequestException} carrying the
 *       message.</li>
 *   <li>Throttle a status read when {@code inject(Fault.throttle(), 1)} asks, as every request does.</li>
 * </ul>
 * The results' order is the cloud's (none of the three promises input order), so results are matched by custom id,
 * each exactly once.
 *
 * <p>Hooks: the models ({@link #batchChatModel()}, {@link #batchEmbeddingModel()}, native ids or aliases defined in
 * {@link #batchSettings()}), the keys the adapter's batch engine needs ({@link #batchSettings()}: bucket, role, model
 * aliases, API key; this class's {@link #configure} adds them and a short poll interval, and is final so they are the
 * one place), an id of a job that does not exist in the form the cloud's ids take ({@link #unknownJobId()}), and the
 * number of items ({@link #batchSize()}, at least the cloud's minimum per job).
 *
 * <pre>{@code
 * class AwsBatchTest extends BatchContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String batchChatModel() { return "anthropic.claude-3-haiku-20240307-v1:0"; }
 *     protected String batchEmbeddingModel() { return "amazon.titan-embed-text-v2:0"; }
 *     protected Map<String, String> batchSettings() {
 *         return Map.of("cloudai.aws.batch.bucket", "contract-bucket",
 *                 "cloudai.aws.batch.role", "arn:aws:iam::123456789012:role/batch");
 *     }
 *     protected String unknownJobId() {
 *         return "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/unknown0000";
 *     }
 * }
 * }</pre>
 */
public abstract class BatchContract extends EmulatorContract {
    /** The custom id of the item the emulator fails in the chat job. */
    protected static final String FAILED_ID = "item-042";
    /** The message the emulator gives the failed item's line. */
    protected static final String FAILED_MESSAGE = "The contract asked this item to fail";
    /** How long a contract test lets a job run on the emulator; polls come every 10 ms. */
    protected static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    /** The model of the chat jobs: a native id the emulator serves in batch, or an alias of {@link #batchSettings()}. */
    protected abstract String batchChatModel();

    /** The model of the embedding job: a native id the emulator serves in batch, or an alias of {@link #batchSettings()}. */
    protected abstract String batchEmbeddingModel();

    /**
     * The keys the adapter's batch engine needs on the emulator, for example its storage bucket and role, model
     * aliases or an API key; added to the configuration of every {@code CloudAi} the contract makes.
     */
    protected abstract Map<String, String> batchSettings();

    /** The id of a job that does not exist, in the form this cloud's job ids take. */
    protected abstract String unknownJobId();

    /**
     * Whether the cloud runs embedding jobs in batch. Azure OpenAI does not ("currently not supported", Microsoft's
     * batch FAQ): then the embedding test asserts that submitting one fails before any request instead.
     */
    protected boolean embeddingsInBatch() {
        return true;
    }

    /**
     * Whether the built-in price table prices {@link #batchChatModel()} (or the model its answers name), so that each
     * answered item carries its cost at the batch price; true unless overridden.
     */
    protected boolean batchChatModelPriced() {
        return true;
    }

    /** How many items the chat and embedding jobs hold; at least the cloud's minimum per job (Bedrock's is 100). */
    protected int batchSize() {
        return 100;
    }

    /** {@link #batchSettings()} and a 10 ms {@code cloudai.batch.poll-interval}; put a cloud's keys in the former. */
    @Override
    protected final CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        batchSettings().forEach(config::property);
        return config.property(ConfigKeys.BATCH_POLL_INTERVAL, "10ms");
    }

    /** The batches under test. */
    protected final Batches batches() {
        return ai().batches();
    }

    /** The custom id of item {@code i}: {@code item-000}, {@code item-001}, ... */
    protected static String customId(int i) {
        return String.format("item-%03d", i);
    }

    /** A chat job of {@link #batchSize()} items, {@code item-000} asking "Say hello to the emulator #0", ... */
    protected BatchRequest chatRequest(String name) {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < batchSize(); i++) {
            items.add(BatchItem.chat(customId(i), ChatRequest.builder().system("Answer in one sentence.")
                    .user("Say hello to the emulator #" + i).maxTokens(64).build()));
        }
        return BatchRequest.builder(BatchKind.CHAT, batchChatModel()).items(items).displayName(name).build();
    }

    @Test
    public final void aChatJobRunsToCompletionWithProgressAndEveryResultComesBackUnderItsCustomIdTheFailedOneTyped() {
        BatchRequest request = chatRequest("contract-chat");
        BatchEstimate estimate = batches().estimate(request);
        assertEquals(batchSize(), estimate.records(), "records");
        assertTrue(estimate.limits().minRecords() <= batchSize(), () -> "batchSize() " + batchSize()
                + " is below the cloud's minimum per job, " + estimate.limits().minRecords());
        assertTrue(estimate.inputBytes() > 0 && estimate.inputTokens() > 0, () -> "estimate " + estimate);
        cloud().failBatchItems(FAILED_MESSAGE, FAILED_ID);

        BatchJob submitted = batches().submit(request);
        assertEquals(providerId(), submitted.provider(), "provider");
        assertEquals(BatchKind.CHAT, submitted.kind(), "kind");
        assertFalse(submitted.status().isTerminal(), () -> "a job just submitted is not finished: " + submitted);

        List<BatchJob> progress = new ArrayList<>();
        BatchJob done = batches().await(submitted.id(), JOB_TIMEOUT, progress::add);

        assertEquals(BatchStatus.COMPLETED, done.status(), () -> "await ended with " + done);
        assertTrue(progress.size() >= 2, () -> "await reports each status read, more than one: " + progress);
        assertEquals(done.status(), progress.get(progress.size() - 1).status(), "the last progress is the end");
        assertEquals(submitted.id(), done.id(), "id");
        assertEquals(batchSize(), done.counts().total(), () -> "counts of " + done);
        assertEquals(batchSize() - 1, done.counts().succeeded(), () -> "counts of " + done);
        assertEquals(1, done.counts().failed(), () -> "counts of " + done);
        assertTrue(done.endedAt().isPresent(), "endedAt of a finished job");

        Map<String, BatchResult> byId = readAll(batches(), done.id());
        assertEquals(expectedIds(), byId.keySet(), "every custom id exactly once");
        BatchResult failed = byId.get(FAILED_ID);
        CloudAiException error = failed.error().orElseThrow(() -> new AssertionError(FAILED_ID + " should have failed: " + failed));
        assertInstanceOf(InvalidRequestException.class, error, () -> "the failed line's error: " + error);
        assertEquals(providerId(), error.providerId(), "the error's provider");
        assertTrue(error.getMessage().contains(FAILED_MESSAGE), () -> "the line's message: " + error.getMessage());
        byId.values().stream().filter(r -> !r.customId().equals(FAILED_ID)).forEach(r -> {
            assertTrue(r.chat().isPresent(), () -> r.customId() + " should have an answer: " + r);
            assertFalse(r.chat().get().text().isBlank(), () -> r.customId() + " answered nothing: " + r);
            assertEquals(batchChatModelPriced(), r.chat().get().cost().map(c -> c.totalUsd().signum() > 0).orElse(false),
                    () -> r.customId() + (batchChatModelPriced() ? " should carry its cost at the batch price: "
                            : " has a cost though its model has no price: ") + r);
        });
    }

    @Test
    public final void anEmbeddingJobReturnsOneVectorPerText() {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < batchSize(); i++) items.add(BatchItem.embedding(customId(i), "Text number " + i + " to embed"));
        BatchRequest request = BatchRequest.builder(BatchKind.EMBEDDINGS, batchEmbeddingModel()).items(items)
                .displayName("contract-embed").build();
        if (!embeddingsInBatch()) {
            int before = cloud().requestCount();
            UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsupportedOperationException.class, () -> batches().submit(request));
            assertTrue(e.getMessage().contains(batchEmbeddingModel()), () -> "names the model: " + e.getMessage());
            assertEquals(before, cloud().requestCount(), "refused before any request");
            return;
        }
        BatchJob job = batches().submit(request);
        assertEquals(BatchKind.EMBEDDINGS, job.kind(), "kind");

        BatchJob done = batches().await(job.id(), JOB_TIMEOUT);
        assertEquals(BatchStatus.COMPLETED, done.status(), () -> "await ended with " + done);

        Map<String, BatchResult> byId = readAll(batches(), done.id());
        assertEquals(expectedIds(), byId.keySet(), "every custom id exactly once");
        Set<Integer> dimensions = new HashSet<>();
        for (BatchResult r : byId.values()) {
            float[] v = r.embedding().orElseThrow(() -> new AssertionError(r.customId() + " has no vector: " + r)).vector();
            assertTrue(v.length > 0, () -> r.customId() + ": an empty vector");
            dimensions.add(v.length);
        }
        assertEquals(1, dimensions.size(), () -> "one model, one dimension: " + dimensions);
    }

    @Test
    public final void aCancelledJobEndsCancelled() {
        BatchJob job = batches().submit(chatRequest("contract-cancel"));

        BatchJob cancelling = batches().cancel(job.id());
        assertTrue(cancelling.status() == BatchStatus.CANCELLING || cancelling.status() == BatchStatus.CANCELLED,
                () -> "right after cancel: " + cancelling);

        BatchJob done = batches().await(job.id(), JOB_TIMEOUT);
        assertEquals(BatchStatus.CANCELLED, done.status(), () -> "await ended with " + done);
    }

    /**
     * A finished job's files, input and output, are deleted from the cloud's storage; deleting again finds nothing;
     * the job stays and its results are gone.
     */
    @Test
    public final void deleteFilesRemovesAFinishedJobsInputAndOutputAndItsResultsWithThem() {
        BatchJob job = batches().submit(chatRequest("contract-delete"));
        BatchJob done = batches().await(job.id(), JOB_TIMEOUT);
        assertEquals(expectedIds(), readAll(batches(), done.id()).keySet(), "the results are there before");

        long deleted = batches().deleteFiles(done.id());

        assertTrue(deleted >= 2, () -> "the input file and at least one output file, deleted " + deleted);
        assertEquals(0, batches().deleteFiles(done.id()), "a second delete finds nothing left");
        assertTrue(batches().get(done.id()).isPresent(), "the job itself stays");
        org.junit.jupiter.api.Assertions.assertThrows(dev.cloudai.errors.NotFoundException.class, () -> {
            try (BatchResults results = batches().results(done.id())) {
                results.stream().count();
            }
        }, "the results are gone with the files");
    }

    /** A job outlives the client that submitted it: another one (another process, in effect) waits and reads it. */
    @Test
    public final void aSecondClientResumesTheWaitForAJobTheFirstSubmittedAndReadsItsResults() {
        BatchJob job = batches().submit(chatRequest("contract-resume"));

        try (CloudAi later = CloudAi.create(config().build())) {
            assertTrue(later.batches().list().stream().anyMatch(j -> j.id().equals(job.id())),
                    () -> "list() of another client lacks " + job.id());
            BatchJob done = later.batches().await(job.id(), JOB_TIMEOUT);
            assertEquals(BatchStatus.COMPLETED, done.status(), () -> "await ended with " + done);
            Map<String, BatchResult> byId = readAll(later.batches(), job.id());
            assertEquals(expectedIds(), byId.keySet(), "every custom id exactly once");
            assertTrue(byId.values().stream().allMatch(BatchResult::succeeded), "no item was asked to fail");
        }
    }

    @Test
    public final void getOfAJobThatDoesNotExistIsEmpty() {
        assertEquals(java.util.Optional.empty(), batches().get(unknownJobId()));
    }

    /** One throttled status read: {@code get} retries it, and {@code await} rides it out at its next poll. */
    @Test
    public final void aThrottledStatusReadIsRetried() {
        BatchJob job = batches().submit(chatRequest("contract-throttle"));

        int before = cloud().requestCount();
        cloud().inject(Fault.throttle(), 1);
        assertTrue(batches().get(job.id()).isPresent(), "get after one throttled read");
        assertEquals(before + 2, cloud().requestCount(), "the throttled read and its retry");

        cloud().inject(Fault.throttle(), 1);
        int beforeAwait = cloud().requestCount();
        BatchJob done = batches().await(job.id(), JOB_TIMEOUT);
        assertEquals(BatchStatus.COMPLETED, done.status(), () -> "await ended with " + done);
        assertTrue(cloud().requestCount() >= beforeAwait + 2, "the throttled poll and at least one more");
    }

    private Set<String> expectedIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < batchSize(); i++) ids.add(customId(i));
        return ids;
    }

    /** Every result by custom id, failing on a custom id seen twice. */
    private static Map<String, BatchResult> readAll(Batches batches, String jobId) {
        Map<String, BatchResult> byId = new LinkedHashMap<>();
        try (BatchResults results = batches.results(jobId)) {
            for (BatchResult r : results) {
                BatchResult before = byId.put(r.customId(), r);
                assertEquals(null, before, () -> "custom id " + r.customId() + " came back twice");
            }
        }
        return byId;
    }
}

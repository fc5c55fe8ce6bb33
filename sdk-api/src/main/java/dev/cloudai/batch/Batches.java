package dev.cloudai.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Batch jobs on the configured provider's own batch engine: Bedrock batch inference (JSONL in S3), Vertex AI batch
 * prediction (JSONL in Cloud Storage), Azure OpenAI Batch (a JSONL file uploaded to the resource). Jobs run in the
 * cloud, typically within 24 hours, at about half the on-demand token price. Every method goes through the call
 * pipeline (errors mapped, retryable failures retried); {@link #await} polls like a deployment does.
 *
 * <pre>{@code
 * Batches batches = ai.batches();
 * BatchJob job = batches.submit(request);                       // checks limits, writes JSONL, uploads, creates the job
 * job = batches.await(job.id(), Duration.ofHours(24));          // or get(id) later, from any process
 * try (BatchResults results = batches.results(job.id())) {
 *     for (BatchResult r : results) System.out.println(r.customId() + " " + r.succeeded());
 * }
 * }</pre>
 */
public interface Batches {

    /**
     * Sizes and prices a job without submitting it: records, input bytes, estimated input tokens and their cost at
     * the batch price where published.
     *
     * @throws IllegalArgumentException when the request breaks the cloud's limits or repeats a custom id (named)
     */
    BatchEstimate estimate(BatchRequest request);

    /**
     * Writes the items in the cloud's JSONL format, checks them against the cloud's limits, uploads the file and
     * creates the job. Returns at once with the job queued; {@link #await} waits for it.
     *
     * @throws IllegalArgumentException      before any upload, for a custom id repeated, an item of the other kind,
     *                                       too few or too many items, or a file over the cloud's size limit
     * @throws UnsupportedOperationException before any upload, for a model the cloud cannot run in batch
     */
    BatchJob submit(BatchRequest request);

    /** The job with this id as the cloud reports it now, or empty when there is none. */
    Optional<BatchJob> get(String jobId);

    /** The batch jobs this provider can see in the configured account, project or resource, newest first. */
    List<BatchJob> list();

    /** Asks the cloud to stop the job; returns it as it stands after asking (usually cancelling). */
    BatchJob cancel(String jobId);

    /**
     * Polls the job until it is terminal or {@code timeout} passes. A throttled or failed poll is retried at the next
     * interval; works for a job submitted by another process.
     *
     * @throws dev.cloudai.errors.DeadlineExceededException when the timeout passes first (the job goes on)
     */
    default BatchJob await(String jobId, Duration timeout) {
        return await(jobId, timeout, job -> { });
    }

    /** {@link #await(String, Duration)}, calling {@code progress} with each status read. */
    BatchJob await(String jobId, Duration timeout, Consumer<BatchJob> progress);

    /**
     * The results of a terminal job, streamed from the cloud's output as they are read, each under its custom id.
     *
     * @throws IllegalStateException when the job is not terminal yet
     */
    BatchResults results(String jobId);
}

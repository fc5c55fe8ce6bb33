package dev.cloudai.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Batch jobs on the configured provider's own batch engine: Bedrock batch inference (JSONL in S3), Vertex AI batch
 * prediction (JSONL in Cloud Storage), Azure OpenAI Batch (a JSONL file uploaded to the resource). Jobs run in the
 * cloud, typically within 24 hours, at about half the on-demand token price. Every cloud operation goes through the
 * call pipeline under the operation names {@code batch.submit}, {@code batch.get}, {@code batch.list},
 * {@code batch.cancel}, {@code batch.await} and {@code batch.results} (what a {@code CallListener} hears): errors
 * mapped, retryable failures retried, except {@link #submit}, which is never repeated (see there); {@link #await}
 * polls like a deployment does. Closing the {@code CloudAi} ends an {@code await} at once and makes open
 * {@link BatchResults} fail on their next read with an {@link IllegalStateException} that says so. Batch jobs never
 * fall back to another provider.
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
     * Sizes and prices a job without submitting it, and without any request: records, input bytes (the JSONL the
     * cloud would receive), input tokens estimated at about four characters per token over each item's text (its
     * messages' text parts, replayed tool calls and tool definitions; images and documents are not counted), and their
     * cost at the batch price where published: the model's on-demand input price from {@code CloudAi.prices()} at the
     * provider's published batch discount (half, on all three clouds). The cost is empty when the model has no price
     * or its provider publishes no batch discount; it never includes output tokens, unknown before the job runs.
     *
     * @throws IllegalArgumentException      when the request breaks the cloud's limits, mixes kinds or repeats a
     *                                       custom id (named)
     * @throws UnsupportedOperationException for a model the cloud cannot run in batch
     */
    BatchEstimate estimate(BatchRequest request);

    /**
     * Writes the items in the cloud's JSONL format to a temporary file, checks them against the cloud's limits,
     * uploads the file and creates the job. Returns at once with the job queued; {@link #await} waits for it. The
     * temporary file is deleted before this returns or throws.
     *
     * <p>Never retried: uploading and creating the job is one step of the adapter, and a create that timed out or
     * failed with a server error may have made the job all the same (only Bedrock takes an idempotency token), so
     * repeating it could start two paid jobs. A failure is mapped and thrown once; {@link #list()} shows whether the
     * job was made before you submit again.
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

    /**
     * {@link #await(String, Duration)}, calling {@code progress} on the waiting thread with each status read, the
     * last (terminal) one included. An exception {@code progress} throws ends the wait and is thrown as it is.
     */
    BatchJob await(String jobId, Duration timeout, Consumer<BatchJob> progress);

    /**
     * The results of a terminal job, streamed from the cloud's output as they are read, each under its custom id.
     * Opening them is retried when it fails retryably; a failure while reading is thrown from the iteration as a
     * {@link dev.cloudai.errors.CloudAiException} and not retried. Close them (try-with-resources) to release the
     * download. A chat answer carries its {@link dev.cloudai.invocation.ChatResponse#cost() cost} at the batch price
     * (its usage at the model's on-demand prices from {@code CloudAi.prices()}, times the published batch discount),
     * empty when the model has no price.
     *
     * @throws IllegalStateException                     when the job is not terminal yet, naming its status
     * @throws dev.cloudai.errors.NotFoundException when there is no job with this id
     */
    BatchResults results(String jobId);

    /**
     * Deletes the files a finished job left in the cloud's storage, its input and its output: the S3 objects of a
     * Bedrock job, the Cloud Storage objects of a Vertex AI job, the uploaded, output and error files of an Azure
     * OpenAI job (which count against the resource's limit of files). The job itself stays, as the clouds keep it;
     * its results are gone ({@link #results} then fails with {@link dev.cloudai.errors.NotFoundException}). Deleting
     * again deletes nothing, so a retried call is harmless.
     *
     * <pre>{@code
     * try (BatchResults results = batches.results(id)) { ... }   // read them first
     * long deleted = batches.deleteFiles(id);                    // 2 on Azure: the input and output files
     * }</pre>
     *
     * @return how many files (objects) were deleted; 0 when they were gone already
     * @throws IllegalStateException                when the job is not terminal yet, naming its status
     * @throws dev.cloudai.errors.NotFoundException when there is no job with this id
     */
    long deleteFiles(String jobId);
}

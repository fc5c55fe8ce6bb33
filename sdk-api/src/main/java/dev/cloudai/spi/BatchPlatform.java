package dev.cloudai.spi;

import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One cloud's batch engine, as an adapter implements it. The core does the rest: it resolves the model, writes
 * every item through {@link #inputLine} into a temporary JSONL file while checking {@link #limits} and unique
 * custom ids, hands the file to {@link #submit}, polls {@link #get} with {@link Polling}, and maps every failure
 * through {@link Provider#errorMapper()} inside the call pipeline. Users reach it through {@code CloudAi.batches()}.
 *
 * <p>Raw, as everything a {@link Provider} returns: one cloud operation per call, the cloud SDK's own exceptions, no
 * retries.
 *
 * <pre>{@code
 * public BatchPlatform batchPlatform() {
 *     return new BedrockBatches(ID, clients.bedrock(), clients.s3(), config.require("cloudai.aws.batch.bucket"), ...);
 * }
 * }</pre>
 */
public interface BatchPlatform {

    /**
     * What one job on {@code model} may hold. Answers from what the adapter knows (no request); for a model the cloud
     * cannot run in batch, {@link BatchLimits#unsupported()} says why and what to use instead.
     */
    BatchLimits limits(BatchKind kind, String model);

    /**
     * The cloud's JSONL line for one item, without the line break: Bedrock's {@code {"recordId","modelInput"}}, a
     * Vertex {@code {"request": GenerateContentRequest}} line, Azure's {@code {"custom_id","method","url","body"}}.
     *
     * @throws UnsupportedOperationException for a feature of the item the cloud's batch format cannot carry, named
     */
    String inputLine(BatchKind kind, String model, BatchItem item);

    /** Uploads the input with the cloud's storage API and creates the job; returns it as created. */
    BatchJob submit(BatchSubmission submission);

    /** The job with this id, or empty when the cloud has none. */
    Optional<BatchJob> get(String jobId);

    /** The jobs the configured account, project or resource has, newest first. */
    List<BatchJob> list();

    /** Asks the cloud to stop the job and returns it as it then stands. */
    BatchJob cancel(String jobId);

    /**
     * The results of a terminal job, read lazily from the cloud's output file(s): one per input line, each under its
     * custom id, failed lines as {@link BatchResult#failed} with an error mapped from the line's own code and message.
     * Closing the stream releases the download. Exceptions thrown while reading are the cloud SDK's own; the core
     * maps them.
     */
    Stream<BatchResult> results(String jobId);

    /**
     * Deletes the input and output files of a terminal job from the cloud's storage (the core has checked that the
     * job is terminal), the job itself staying. Idempotent: files already gone are not an error and not counted, so
     * the core may retry it.
     *
     * @return how many files (objects) were deleted
     * @throws UnsupportedOperationException from adapters that cannot, which this default is for
     */
    default long deleteFiles(String jobId) {
        throw new UnsupportedOperationException("deleteFiles: this provider's batch engine cannot delete a job's files;"
                + " delete them with the cloud's storage tools");
    }
}

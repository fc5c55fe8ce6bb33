package dev.cloudai.batch;

/**
 * Where a batch job stands, mapped from each cloud's own states (Bedrock {@code Submitted/Validating/Scheduled/
 * InProgress/Completed/PartiallyCompleted/Failed/Stopping/Stopped/Expired}, Vertex {@code JOB_STATE_*}, Azure
 * {@code validating/in_progress/finalizing/completed/failed/expired/cancelling/cancelled}).
 *
 * <pre>{@code
 * if (job.status().isTerminal()) try (BatchResults results = ai.batches().results(job.id())) { ... }
 * }</pre>
 */
public enum BatchStatus {
    /** Accepted; the cloud is validating the input or waiting for capacity. */
    QUEUED(false),
    /** Items are being processed. */
    RUNNING(false),
    /** Done; results are readable. Some items may have failed: see {@link BatchJob#counts()}. */
    COMPLETED(true),
    /** The job as a whole failed (bad input, no access to the model or the storage); see {@link BatchJob#message()}. */
    FAILED(true),
    /** A cancel was asked for and the cloud is stopping the job. */
    CANCELLING(false),
    /** Stopped by a cancel; the results of items done before it may be readable. */
    CANCELLED(true),
    /** The cloud's time limit for the job passed before it finished (Bedrock and Azure after 24 h or more). */
    EXPIRED(true);

    private final boolean terminal;

    BatchStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the job will not change any more. */
    public boolean isTerminal() {
        return terminal;
    }
}

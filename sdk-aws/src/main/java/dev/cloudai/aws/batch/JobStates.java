package dev.cloudai.aws.batch;

import dev.cloudai.batch.BatchStatus;

import java.util.Set;

/**
 * Bedrock's batch job statuses (API reference, ModelInvocationJobSummary {@code status}:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ModelInvocationJobSummary.html) in neutral terms.
 *
 * <pre>{@code
 * JobStates.status("Scheduled");            // QUEUED
 * JobStates.status("PartiallyCompleted");   // COMPLETED: results readable; items not processed come back failed
 * }</pre>
 *
 * <ul>
 *   <li>{@code Submitted}, {@code Validating} (the input is being checked), {@code Scheduled} (waiting for
 *       capacity): {@link BatchStatus#QUEUED}.</li>
 *   <li>{@code InProgress}: {@link BatchStatus#RUNNING}.</li>
 *   <li>{@code Completed}, and {@code PartiallyCompleted} (not every record could be processed in time; the output
 *       holds those that were): {@link BatchStatus#COMPLETED}.</li>
 *   <li>{@code Failed}: {@link BatchStatus#FAILED}; {@code Stopping}: {@link BatchStatus#CANCELLING};
 *       {@code Stopped}: {@link BatchStatus#CANCELLED}; {@code Expired} (the job's timeout passed):
 *       {@link BatchStatus#EXPIRED}.</li>
 *   <li>A status this adapter does not know yet: {@link BatchStatus#RUNNING}, so that waiting goes on rather than
 *       reading results that may not be there; the job's own status text is kept in its message.</li>
 * </ul>
 */
final class JobStates {
    /** The statuses after which some records may have no output line: the job ended before processing them all. */
    private static final Set<String> ENDED_EARLY = Set.of("PartiallyCompleted", "Failed", "Stopped", "Expired");

    private JobStates() {
    }

    static BatchStatus status(String bedrock) {
        if (bedrock == null) return BatchStatus.RUNNING;
        return switch (bedrock) {
            case "Submitted", "Validating", "Scheduled" -> BatchStatus.QUEUED;
            case "InProgress" -> BatchStatus.RUNNING;
            case "Completed", "PartiallyCompleted" -> BatchStatus.COMPLETED;
            case "Failed" -> BatchStatus.FAILED;
            case "Stopping" -> BatchStatus.CANCELLING;
            case "Stopped" -> BatchStatus.CANCELLED;
            case "Expired" -> BatchStatus.EXPIRED;
            default -> BatchStatus.RUNNING;
        };
    }

    /** Whether a job in this (terminal) status may have records without an output line. */
    static boolean mayHaveUnprocessedRecords(String bedrock) {
        return ENDED_EARLY.contains(bedrock);
    }

    /** Whether the status is one this adapter knows. */
    static boolean known(String bedrock) {
        return bedrock != null && (ENDED_EARLY.contains(bedrock) || Set.of("Submitted", "Validating", "Scheduled",
                "InProgress", "Completed", "Stopping").contains(bedrock));
    }
}

package dev.cloudai.azure.batch;

import com.azure.ai.openai.models.Batch;
import com.azure.ai.openai.models.BatchErrorDatum;
import com.azure.ai.openai.models.BatchRequestCounts;
import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI's batch object ({@code Batch} of azure-ai-openai) as a neutral {@link BatchJob}. The fields and
 * states are those of Microsoft's "Batch object" table
 * (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch#batch-object):
 *
 * <pre>
 * validating            QUEUED       the input file is being validated
 * in_progress           RUNNING
 * finalizing            RUNNING      the requests are done, the result files are being written
 * completed             COMPLETED    request_counts says how many failed
 * failed                FAILED       the input failed validation; errors.data says why
 * expired               EXPIRED
 * cancelling            CANCELLING   up to 10 minutes, Microsoft says
 * cancelled             CANCELLED
 * </pre>
 *
 * A state this table does not know counts as {@link BatchStatus#RUNNING}: not terminal, so a wait goes on rather than
 * reading results too early. {@code request_counts.completed} is the requests that succeeded, as the table defines
 * it; the model comes from the metadata {@link AzureBatches#submit} sets ({@value #MODEL_KEY}), as the batch object
 * does not name its deployment.
 *
 * <pre>{@code
 * BatchJob job = BatchJobs.job("azure", openAi.getBatch("batch_6caaf24d-54a5-46be-b1b7-518884fcbdde"));
 * }</pre>
 */
final class BatchJobs {
    /** The metadata key that keeps the deployment a job runs on. */
    static final String MODEL_KEY = "cloudai_model";
    /** The metadata key that keeps the job's display name. */
    static final String NAME_KEY = "cloudai_display_name";
    /** The model of a job created without {@value #MODEL_KEY} (by another tool). */
    static final String UNKNOWN_MODEL = "unknown";

    private BatchJobs() {
    }

    static BatchJob job(String providerId, Batch b) {
        BatchStatus status = status(b.getStatus() == null ? null : b.getStatus().toString());
        return new BatchJob(b.getId(), providerId, model(b), kind(b.getEndpoint()), status, counts(b.getRequestCounts()),
                instant(b.getCreatedAt()).orElse(Instant.EPOCH), endedAt(b, status), message(b, status));
    }

    /** The neutral status of one of Azure's batch states (see the class comment). */
    static BatchStatus status(String azure) {
        if (azure == null) return BatchStatus.RUNNING;
        return switch (azure) {
            case "validating" -> BatchStatus.QUEUED;
            case "in_progress", "finalizing" -> BatchStatus.RUNNING;
            case "completed" -> BatchStatus.COMPLETED;
            case "failed" -> BatchStatus.FAILED;
            case "expired" -> BatchStatus.EXPIRED;
            case "cancelling" -> BatchStatus.CANCELLING;
            case "cancelled" -> BatchStatus.CANCELLED;
            default -> BatchStatus.RUNNING;
        };
    }

    static String model(Batch b) {
        Map<String, String> metadata = b.getMetadata();
        String model = metadata == null ? null : metadata.get(MODEL_KEY);
        return model == null || model.isBlank() ? UNKNOWN_MODEL : model;
    }

    /** The batch's errors as one line each ({@code code: message (line n)}), for a job's message. */
    static List<String> errors(Batch b) {
        List<String> out = new ArrayList<>();
        if (b.getErrors() == null || b.getErrors().getData() == null) return out;
        for (BatchErrorDatum e : b.getErrors().getData()) {
            String text = (e.getCode() == null ? "error" : e.getCode()) + ": " + (e.getMessage() == null ? "no message" : e.getMessage());
            out.add(e.getLine() == null ? text : text + " (line " + e.getLine() + ")");
        }
        return out;
    }

    /** The code of the batch's first error, when it has one. */
    static Optional<String> firstErrorCode(Batch b) {
        if (b.getErrors() == null || b.getErrors().getData() == null) return Optional.empty();
        return b.getErrors().getData().stream().map(BatchErrorDatum::getCode).filter(c -> c != null && !c.isBlank()).findFirst();
    }

    private static BatchKind kind(String endpoint) {
        // the endpoint is null in some answers (Microsoft's own example shows one); this adapter only submits chat
        return endpoint != null && endpoint.endsWith("/embeddings") ? BatchKind.EMBEDDINGS : BatchKind.CHAT;
    }

    private static BatchCounts counts(BatchRequestCounts c) {
        if (c == null) return BatchCounts.none();
        return new BatchCounts(orZero(c.getTotal()), orZero(c.getCompleted()), orZero(c.getFailed()));
    }

    private static long orZero(Integer n) {
        return n == null ? 0 : Math.max(0, n);
    }

    private static Optional<Instant> endedAt(Batch b, BatchStatus status) {
        return switch (status) {
            case COMPLETED -> instant(b.getCompletedAt());
            case FAILED -> instant(b.getFailedAt()).or(() -> instant(b.getCompletedAt()));
            case EXPIRED -> instant(b.getExpiredAt());
            case CANCELLED -> instant(b.getCancelledAt());
            default -> Optional.empty();
        };
    }

    private static Optional<String> message(Batch b, BatchStatus status) {
        List<String> errors = errors(b);
        if (!errors.isEmpty()) return Optional.of(String.join("; ", errors));
        if (status == BatchStatus.EXPIRED) {
            return Optional.of("Azure did not finish the batch within its " + b.getCompletionWindow() + " completion window;"
                    + " the requests it did not run failed with batch_expired");
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(OffsetDateTime t) {
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }
}

package dev.cloudai.azure.batch;

import com.azure.ai.openai.models.Batch;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Azure's batch objects, in the shape of Microsoft's examples, as neutral jobs. */
class BatchJobsTest {

    /** Microsoft's "Track batch job progress" example, with the state and its timestamp changed per row. */
    private static Batch batch(String status, String timestampField, String errors, String metadata) throws IOException {
        String json = "{\"id\":\"batch_6caaf24d-54a5-46be-b1b7-518884fcbdde\",\"completion_window\":\"24h\","
                + "\"created_at\":1722476583,\"endpoint\":\"/chat/completions\","
                + "\"input_file_id\":\"file-9f3a81d899b4442f98b640e4bc3535dd\",\"object\":\"batch\",\"status\":\"" + status + "\","
                + "\"cancelled_at\":null,\"cancelling_at\":null,\"completed_at\":null,\"error_file_id\":null,"
                + "\"errors\":" + errors + ",\"expired_at\":null,\"expires_at\":1722562983,\"failed_at\":null,"
                + "\"finalizing_at\":null,\"in_progress_at\":null,\"metadata\":" + metadata + ",\"output_file_id\":null,"
                + "\"request_counts\":{\"completed\":3,\"failed\":1,\"total\":4}}";
        if (timestampField != null) json = json.replace("\"" + timestampField + "\":null", "\"" + timestampField + "\":1722477429");
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return Batch.fromJson(reader);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "validating,  QUEUED,     ,              false",
            "in_progress, RUNNING,    in_progress_at, false",
            "finalizing,  RUNNING,    finalizing_at,  false",
            "completed,   COMPLETED,  completed_at,   true",
            "failed,      FAILED,     failed_at,      true",
            "expired,     EXPIRED,    expired_at,     true",
            "cancelling,  CANCELLING, cancelling_at,  false",
            "cancelled,   CANCELLED,  cancelled_at,   true",
            "paused,      RUNNING,    ,               false"})
    void everyAzureStateHasItsNeutralStatusAndTheTerminalOnesTheirEndTime(String azure, BatchStatus expected,
                                                                          String timestamp, boolean ended) throws IOException {
        BatchJob job = BatchJobs.job("azure", batch(azure, timestamp, "null", "{\"cloudai_model\":\"gpt4o-batch\"}"));
        assertEquals(expected, job.status());
        assertEquals(ended, job.endedAt().isPresent());
        job.endedAt().ifPresent(t -> assertEquals(Instant.ofEpochSecond(1722477429), t));
        assertEquals(ended, job.status().isTerminal(), "an unknown state is not terminal: a wait goes on");
    }

    @Test
    void theJobCarriesItsIdModelKindCountsAndCreationTime() throws IOException {
        BatchJob job = BatchJobs.job("azure", batch("in_progress", "in_progress_at", "null",
                "{\"cloudai_model\":\"gpt4o-batch\",\"cloudai_display_name\":\"tickets\"}"));
        assertEquals("batch_6caaf24d-54a5-46be-b1b7-518884fcbdde", job.id());
        assertEquals("azure", job.provider());
        assertEquals("gpt4o-batch", job.model());
        assertEquals(BatchKind.CHAT, job.kind());
        assertEquals(4, job.counts().total());
        assertEquals(3, job.counts().succeeded(), "request_counts.completed: the requests that succeeded");
        assertEquals(1, job.counts().failed());
        assertEquals(Instant.ofEpochSecond(1722476583), job.createdAt());
        assertTrue(job.message().isEmpty());
    }

    @Test
    void aJobAnotherToolMadeWithoutOurMetadataHasAnUnknownModel() throws IOException {
        assertEquals("unknown", BatchJobs.job("azure", batch("validating", null, "null", "null")).model());
    }

    @Test
    void aFailedJobsMessageIsItsErrorsWithTheirCodesAndLines() throws IOException {
        // Microsoft's "Troubleshooting" example: errors.data of code and message (and line when a line is at fault)
        Batch failed = batch("failed", "failed_at", "{\"object\":\"list\",\"data\":[{\"code\":\"empty_file\",\"message\":"
                + "\"The input file is empty.\"},{\"code\":\"invalid_json_line\",\"message\":\"Not JSON.\",\"line\":7}]}", "null");
        BatchJob job = BatchJobs.job("azure", failed);
        assertEquals("empty_file: The input file is empty.; invalid_json_line: Not JSON. (line 7)", job.message().orElseThrow());
        assertEquals("empty_file", BatchJobs.firstErrorCode(failed).orElseThrow());
    }

    @Test
    void anExpiredJobSaysItsWindowPassed() throws IOException {
        String message = BatchJobs.job("azure", batch("expired", "expired_at", "null", "null")).message().orElseThrow();
        assertTrue(message.contains("24h completion window"), message);
        assertFalse(BatchJobs.firstErrorCode(batch("expired", "expired_at", "null", "null")).isPresent());
    }
}

package dev.cloudai.azure.batch;

import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.azure.http.Json;
import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Result lines in the shapes Azure writes them, as neutral results. */
class BatchOutputTest {
    private final BatchOutput output = new BatchOutput("azure", "gpt4o-batch", new AzureErrorMapper("azure"));

    /** Microsoft's "Retrieve batch job output file" example line, on one line. */
    private static final String SUCCESS = "{\"custom_id\":\"task-0\",\"response\":{\"body\":{\"choices\":[{"
            + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,"
            + "\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,"
            + "\"severity\":\"safe\"}},\"finish_reason\":\"stop\",\"index\":0,\"logprobs\":null,\"message\":{\"content\":"
            + "\"Microsoft was founded on April 4, 1975, by Bill Gates and Paul Allen in Albuquerque, New Mexico.\","
            + "\"role\":\"assistant\"}}],\"created\":1722477079,\"id\":\"chatcmpl-9rFGJ9dh08Tw9WRKqaEHwrkqRa4DJ\","
            + "\"model\":\"gpt-4o-2024-05-13\",\"object\":\"chat.completion\",\"prompt_filter_results\":[{\"prompt_index\":0,"
            + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":{\"filtered\":false,"
            + "\"detected\":false},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,"
            + "\"severity\":\"safe\"},\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}],\"system_fingerprint\":"
            + "\"fp_a9bfe9d51d\",\"usage\":{\"completion_tokens\":24,\"prompt_tokens\":27,\"total_tokens\":51}},"
            + "\"request_id\":\"660b7424-b648-4b67-addc-862ba067d442\",\"status_code\":200},\"error\":null}";

    private static String failure(int status, String body) {
        return "{\"id\":\"batch_req_1\",\"custom_id\":\"task-1\",\"response\":{\"status_code\":" + status
                + ",\"request_id\":\"req-1\",\"body\":" + body + "},\"error\":null}";
    }

    @Test
    void aSuccessfulLineIsTheChatAnswerACallWouldGiveWithTheLinesRequestId() {
        BatchResult r = output.result(SUCCESS);
        assertEquals("task-0", r.customId());
        ChatResponse chat = r.chat().orElseThrow();
        assertEquals("Microsoft was founded on April 4, 1975, by Bill Gates and Paul Allen in Albuquerque, New Mexico.", chat.text());
        assertEquals(FinishReason.STOP, chat.finishReason());
        assertEquals(27, chat.usage().inputTokens());
        assertEquals(24, chat.usage().outputTokens());
        assertEquals("660b7424-b648-4b67-addc-862ba067d442", chat.requestId().orElseThrow());
        assertEquals("gpt4o-batch", chat.model(), "the deployment, as a call names it");
        assertEquals("azure", chat.provider());
    }

    @Test
    void aLineTheContentFilterBlockedIsAnInvalidRequestWithTheCodeTheStatusAndTheRequestId() {
        CloudAiException e = output.result(failure(400, "{\"error\":{\"message\":\"The response was filtered\",\"type\":null,"
                + "\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":"
                + "\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"violence\":{\"filtered\":true,"
                + "\"severity\":\"high\"}}}}}")).error().orElseThrow();
        assertInstanceOf(InvalidRequestException.class, e);
        assertEquals("content_filter", e.providerCode().orElseThrow());
        assertEquals(400, e.httpStatus().orElseThrow());
        assertEquals("req-1", e.requestId().orElseThrow());
        assertEquals("batch", e.operation());
        assertTrue(e.getMessage().contains("violence (severity high)"), e.getMessage());
    }

    @Test
    void otherFailedLinesAreClassifiedByTheirStatusAsACallWouldBe() {
        CloudAiException throttled = output.result(failure(429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit\"}}"))
                .error().orElseThrow();
        assertInstanceOf(ThrottledException.class, throttled);
        assertTrue(((ThrottledException) throttled).retryAfter().isEmpty(), "a line has no Retry-After");
        assertInstanceOf(UnavailableException.class, output.result(failure(500,
                "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"Sorry\"}}")).error().orElseThrow());
        CloudAiException invalid = output.result(failure(400, "{\"error\":{\"code\":\"invalid_value\",\"message\":\"Bad tool turn\"}}"))
                .error().orElseThrow();
        assertInstanceOf(InvalidRequestException.class, invalid);
        assertEquals("invalid_value", invalid.providerCode().orElseThrow());
        assertTrue(invalid.getMessage().contains("Bad tool turn"));
    }

    @Test
    void aLineWithOnlyATopLevelErrorKeepsItsCodeAndAnExpiredOneIsADeadline() {
        CloudAiException expired = output.result("{\"id\":\"batch_req_2\",\"custom_id\":\"task-2\",\"response\":null,"
                + "\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed before the completion"
                + " window expired.\"}}").error().orElseThrow();
        assertInstanceOf(DeadlineExceededException.class, expired);
        assertEquals("batch_expired", expired.providerCode().orElseThrow());
        CloudAiException other = output.result("{\"custom_id\":\"task-3\",\"response\":null,\"error\":{\"code\":\"server_error\","
                + "\"message\":\"Something\"}}").error().orElseThrow();
        assertInstanceOf(UnclassifiedException.class, other);
        assertFalse(other.isRetryable(), "a batch line is not retried one by one");
    }

    @Test
    void anAnswerThatCannotBeReadFailsItsItemOnly() {
        BatchResult r = output.result("{\"custom_id\":\"task-4\",\"response\":{\"status_code\":200,\"request_id\":\"r\","
                + "\"body\":{\"choices\":[]}},\"error\":null}");
        CloudAiException e = r.error().orElseThrow();
        assertInstanceOf(UnclassifiedException.class, e);
        assertEquals("r", e.requestId().orElseThrow());
    }

    @Test
    void aLineWithoutACustomIdCannotBeGivenToAnyRequestAndStopsTheReading() {
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class,
                () -> output.result("{\"response\":{\"status_code\":200}}"));
        assertTrue(e.getMessage().contains("custom_id"));
        assertThrows(Json.MalformedJsonException.class, () -> output.result("not json"));
    }

    @Test
    void aRequestWithoutALineFailsByHowTheJobEnded() {
        assertEquals("batch_cancelled", notRun(BatchStatus.CANCELLED, Optional.empty(), "x").providerCode().orElseThrow());
        CloudAiException expired = notRun(BatchStatus.EXPIRED, Optional.of("window passed"), "x");
        assertInstanceOf(DeadlineExceededException.class, expired);
        CloudAiException notFound = notRun(BatchStatus.FAILED, Optional.of("model_not_found: no such deployment (line 1)"),
                "model_not_found");
        assertInstanceOf(NotFoundException.class, notFound);
        assertTrue(notFound.getMessage().contains("no such deployment"), notFound.getMessage());
        CloudAiException invalid = notRun(BatchStatus.FAILED, Optional.of("invalid_json_line: Not JSON. (line 3)"), "invalid_json_line");
        assertInstanceOf(InvalidRequestException.class, invalid);
        assertEquals("result_missing", notRun(BatchStatus.COMPLETED, Optional.empty(), "x").providerCode().orElseThrow());
    }

    private CloudAiException notRun(BatchStatus status, Optional<String> message, String code) {
        BatchJob job = new BatchJob("batch_1", "azure", "gpt4o-batch", BatchKind.CHAT, status, BatchCounts.none(),
                Instant.EPOCH, Optional.empty(), message);
        return output.notRun("task-9", job, code).error().orElseThrow();
    }
}

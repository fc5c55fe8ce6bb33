package dev.cloudai.azure.batch;

import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.azure.http.Json;
import dev.cloudai.azure.invocation.ChatMapping;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.UnclassifiedException;

import java.util.Map;
import java.util.Set;

/**
 * The lines of an Azure OpenAI batch job's output and error files as neutral {@link BatchResult}s. One line, in the
 * shape of OpenAI's batch "request output object" that Azure writes (an example in Microsoft's "Retrieve batch job
 * output file", https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch):
 *
 * <pre>
 * {"id":"batch_req_..","custom_id":"task-0","response":{"status_code":200,"request_id":"660b7424-..","body":{chat.completion}},"error":null}
 * {"id":"batch_req_..","custom_id":"task-1","response":{"status_code":400,"request_id":"..","body":{"error":{"code":"content_filter","message":".."}}},"error":null}
 * {"id":"batch_req_..","custom_id":"task-2","response":null,"error":{"code":"batch_expired","message":".."}}
 * </pre>
 *
 * A 2xx body is read into azure-ai-openai's {@code ChatCompletions} and mapped as a chat call's answer is
 * ({@link ChatMapping#response(String, String, String, String)}), with the line's request id. A 4xx or 5xx is
 * classified as a call with that status and body would be ({@link AzureErrorMapper#fromResult}), so a filtered prompt
 * is an {@link InvalidRequestException} naming the filter, with the provider code and the request id. A line with only
 * a top-level {@code error} (no request was sent for it) keeps that code: {@code batch_expired} is a
 * {@link DeadlineExceededException}, others are not retryable. Requests a job never wrote a line for (a cancelled,
 * expired or failed job) fail through {@link #notRun}.
 *
 * <pre>{@code
 * BatchOutput output = new BatchOutput("azure", "gpt-4o-batch", mapper);
 * BatchResult r = output.result(line);
 * }</pre>
 */
final class BatchOutput {
    static final String OPERATION = "batch";
    /** Microsoft's batch validation error codes ("Troubleshooting", "Error codes"): the input is at fault. */
    private static final Set<String> INVALID_INPUT = Set.of("invalid_json_line", "too_many_tasks", "url_mismatch",
            "duplicate_custom_id", "empty_batch", "empty_file", "model_mismatch", "invalid_request", "input_modified");

    private final String providerId;
    private final String deployment;
    private final AzureErrorMapper mapper;

    BatchOutput(String providerId, String deployment, AzureErrorMapper mapper) {
        this.providerId = providerId;
        this.deployment = deployment;
        this.mapper = mapper;
    }

    /**
     * The result of one line.
     *
     * @throws Json.MalformedJsonException when the line is not JSON or has no custom id: it cannot be given to a request
     */
    BatchResult result(String line) {
        Map<String, Object> l = Json.parseObject(line);
        String customId = Json.text(l, "custom_id").orElseThrow(() -> new Json.MalformedJsonException(
                "a line of the batch's output has no custom_id: " + abbreviate(line), null));
        Map<String, Object> response = Json.object(l, "response");
        String requestId = Json.text(response, "request_id").orElse(null);
        int status = Json.text(response, "status_code").map(BatchOutput::number).orElse(0);
        Map<String, Object> error = Json.object(l, "error");
        if (!error.isEmpty() && status < 400) {
            return BatchResult.failed(customId, lineError(Json.text(error, "code").orElse("batch_error"),
                    Json.text(error, "message").orElse("no message"), requestId));
        }
        if (status >= 400) {
            return BatchResult.failed(customId, mapper.fromResult(OPERATION, status, Json.object(response, "body"), requestId));
        }
        if (status < 200) {
            return BatchResult.failed(customId, unreadable("the line has neither a response nor an error", requestId));
        }
        try {
            return BatchResult.of(customId, ChatMapping.response(Json.write(Json.object(response, "body")), providerId,
                    deployment, requestId));
        } catch (RuntimeException e) {
            // one answer that cannot be read fails its item, not the other 99,999
            return BatchResult.failed(customId, unreadable("the answer could not be read (" + e.getMessage() + ")", requestId));
        }
    }

    /**
     * The result of a request the job has no line for: it never ran, because the job ended first (cancelled,
     * expired) or failed validation, whose error it then carries ({@code failureCode}, the first of the batch's
     * errors).
     */
    BatchResult notRun(String customId, BatchJob job, String failureCode) {
        String why = job.message().orElse("no reason given");
        CloudAiException error = switch (job.status()) {
            case CANCELLED, CANCELLING -> lineError("batch_cancelled", "the batch was cancelled before this request ran", null);
            case EXPIRED -> lineError("batch_expired", "the batch expired before this request ran: " + why, null);
            case FAILED -> lineError(failureCode, "the batch failed before this request ran: " + why, null);
            default -> lineError("result_missing", "Azure wrote no result line for this request of a "
                    + job.status().name().toLowerCase(java.util.Locale.ROOT) + " batch", null);
        };
        return BatchResult.failed(customId, error);
    }

    private CloudAiException lineError(String code, String message, String requestId) {
        ErrorInfo info = ErrorInfo.builder(providerId, OPERATION).providerCode(code).requestId(requestId).build();
        if ("batch_expired".equals(code)) return new DeadlineExceededException(info, message, null);
        if ("model_not_found".equals(code)) return new NotFoundException(info, message, null);
        if ("token_limit_exceeded".equals(code)) return new QuotaExceededException(info, message, null);
        if (INVALID_INPUT.contains(code)) return new InvalidRequestException(info, message, null);
        return new UnclassifiedException(info, message, false, null);
    }

    private CloudAiException unreadable(String why, String requestId) {
        return new UnclassifiedException(ErrorInfo.builder(providerId, OPERATION).requestId(requestId).build(), why, false, null);
    }

    private static int number(String s) {
        try {
            return (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}

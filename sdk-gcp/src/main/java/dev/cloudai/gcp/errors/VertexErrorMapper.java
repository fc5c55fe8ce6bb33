package dev.cloudai.gcp.errors;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ErrorDetails;
import com.google.protobuf.util.Durations;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.ServerErrors;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Vertex AI adapter's one error mapper: gRPC status codes (from gax's {@link ApiException}, a raw grpc-java
 * status exception, or a failed long-running operation) to the neutral error tree.
 *
 * <pre>{@code
 * CloudAiException e = new VertexErrorMapper("gcp").map("chat", apiException);
 * }</pre>
 *
 * <ul>
 *   <li>{@code RESOURCE_EXHAUSTED}: with a {@code google.rpc.RetryInfo} delay, throttled with that delay, whatever
 *       the wording; a message over gRPC's size limit is an invalid request (sending it again fails the same way);
 *       otherwise a quota that waiting a moment does not restore (quota wording without a per-minute or per-second
 *       window) is quota exceeded, and the rest throttled. Vertex reports its common rate limits as "Quota exceeded
 *       for ..._per_minute_...": those pass within a minute, so they stay retryable throttles.</li>
 *   <li>{@code INVALID_ARGUMENT}, {@code FAILED_PRECONDITION}, {@code OUT_OF_RANGE}: invalid request.</li>
 *   <li>{@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}: authentication. {@code NOT_FOUND}: not found.
 *       {@code ALREADY_EXISTS}, {@code ABORTED}: conflict.</li>
 *   <li>{@code UNAVAILABLE}, {@code INTERNAL}: unavailable (retryable). {@code DEADLINE_EXCEEDED}: deadline exceeded.</li>
 *   <li>anything else: unclassified, not retryable.</li>
 * </ul>
 * Credentials that cannot be loaded ({@link CredentialsUnavailableException}) are an authentication failure.
 * The provider code is the status code's name. gRPC has no HTTP status, so {@code httpStatus()} stays empty (except
 * for a container error that states its own); a {@code google.rpc.RequestInfo} detail, when present, gives the
 * request id.
 *
 * <p><b>Errors of the model server inside an endpoint.</b> RawPredict and StreamRawPredict relay a container's
 * error as the gRPC status matching the container's HTTP status, with the container's error body as the status
 * description. A description that is a model server's JSON error body, vLLM's (and every OpenAI-compatible
 * server's) {@code {"object":"error","message":...,"code":status}}, TGI's and TEI's {@code {"error":"..."}}, or
 * OpenAI's {@code {"error":{"message":...}}}, is a container error: its message becomes the exception's, and it is
 * classified the way an HTTP client would classify the container's status ({@code code} when the body gives it,
 * else the gRPC code's): 429 ({@code RESOURCE_EXHAUSTED}) a retryable {@link ThrottledException}, 5xx
 * ({@code UNAVAILABLE}, {@code INTERNAL}, {@code UNKNOWN}, {@code DEADLINE_EXCEEDED}...) a retryable
 * {@link UnavailableException}, every other 4xx an {@link InvalidRequestException} (a container's 404 is a route
 * the server does not have, not a missing endpoint). A {@code NOT_FOUND} that names an endpoint adds where to find
 * the ones that exist.
 */
public final class VertexErrorMapper implements ErrorMapper {
    /** gRPC's own words for a message over the size limit, on either side of the channel (see {@link #resourceExhausted}). */
    /** Vertex's words for an endpoint that does not exist: "Endpoint `projects/.../endpoints/123` not found." */
    private static final Pattern UNKNOWN_ENDPOINT = Pattern.compile("(?i)endpoint\\b.*not found");
    private static final Pattern MESSAGE_TOO_LARGE = Pattern.compile(
            "(?i)message exceeds maximum size|message (is )?too large|message larger than max");
    private final String providerId;

    public VertexErrorMapper(String providerId) {
        this.providerId = providerId;
    }

    @Override
    public CloudAiException map(String operation, Throwable error) {
        ErrorInfo.Builder info = ErrorInfo.builder(providerId, operation);
        if (error instanceof ApiException e) {
            return fromCode(info, Status.Code.valueOf(e.getStatusCode().getCode().name()), describe(e), e.getErrorDetails(), e);
        }
        if (error instanceof StatusRuntimeException e) {
            return fromCode(info, e.getStatus().getCode(), describe(e.getStatus()), detailsOf(e), e);
        }
        if (error instanceof StatusException e) {
            return fromCode(info, e.getStatus().getCode(), describe(e.getStatus()), detailsOf(e), e);
        }
        if (error instanceof com.google.cloud.BaseServiceException e && e.getCode() > 0) {
            // Cloud Storage (batch input and output) answers in HTTP terms: its status code and reason
            info.httpStatus(e.getCode());
            if (e.getReason() != null) info.providerCode(e.getReason());
            return HttpErrors.fromStatus(info.build(), e.getMessage(), null, e);
        }
        if (error instanceof CredentialsUnavailableException e) {
            return new AuthenticationException(info.build(), e.getMessage(), e);
        }
        if (error instanceof OperationFailedException e) {
            return fromCode(info, Status.fromCodeValue(e.code()).getCode(), e.getMessage(), null, e);
        }
        return HttpErrors.fromTransport(info.build(), error);
    }

    private static CloudAiException fromCode(ErrorInfo.Builder builder, Status.Code code, String detail, ErrorDetails details,
                                             Throwable cause) {
        builder.providerCode(code.name());
        Optional<ServerErrors.ServerError> container = ServerErrors.parse(detail);
        if (container.isPresent()) return fromContainer(builder, code, container.get(), details, cause);
        if (details != null && details.getRequestInfo() != null) builder.requestId(details.getRequestInfo().getRequestId());
        ErrorInfo info = builder.build();
        return switch (code) {
            case RESOURCE_EXHAUSTED -> resourceExhausted(info, detail, retryDelay(details), cause);
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> new InvalidRequestException(info, detail, cause);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new AuthenticationException(info, detail, cause);
            case NOT_FOUND -> new NotFoundException(info, notFound(detail), cause);
            case ALREADY_EXISTS, ABORTED -> new ConflictException(info, detail, cause);
            case UNAVAILABLE, INTERNAL -> new UnavailableException(info, detail, cause);
            case DEADLINE_EXCEEDED -> new DeadlineExceededException(info, detail, cause);
            default -> new UnclassifiedException(info, detail, false, cause);
        };
    }

    /** A container's error: classified by the container's HTTP status, with the container's own message. */
    private static CloudAiException fromContainer(ErrorInfo.Builder builder, Status.Code code, ServerErrors.ServerError error,
                                                  ErrorDetails details, Throwable cause) {
        if (details != null && details.getRequestInfo() != null) builder.requestId(details.getRequestInfo().getRequestId());
        int status = error.status().orElse(httpStatusOf(code));
        ErrorInfo info = builder.httpStatus(error.status().isPresent() ? status : null).build();
        String message = "the endpoint's model server answered " + (error.status().isPresent() ? "HTTP " + status : code.name())
                + ": " + error.message();
        if (status == 429) return new ThrottledException(info, message, retryDelay(details), cause);
        if (status >= 500) return new UnavailableException(info, message, cause);
        return new InvalidRequestException(info, message, cause);
    }

    /**
     * The HTTP status a gRPC code stands for when Google's front ends relay one (the mapping in
     * {@code google/rpc/code.proto}); the 4xx codes that are no client error (none here) would not reach this.
     */
    private static int httpStatusOf(Status.Code code) {
        return switch (code) {
            case RESOURCE_EXHAUSTED -> 429;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case INTERNAL, UNKNOWN, DATA_LOSS -> 500;
            case UNIMPLEMENTED -> 501;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case CANCELLED -> 499;
            default -> 400;
        };
    }

    /** Vertex names the endpoint it did not find; say where the ones that exist are listed. */
    private static String notFound(String detail) {
        if (detail == null || !UNKNOWN_ENDPOINT.matcher(detail).find()) return detail;
        return detail + " Endpoints.list() shows the endpoints of this project and location.";
    }

    /**
     * gRPC says {@code RESOURCE_EXHAUSTED} for three different things, told apart in this order:
     * <ol>
     *   <li>a {@code google.rpc.RetryInfo} delay: the server says when to come back, so it is a throttle with that
     *       delay, whatever the message says (AIP-193: a retry delay is the server's instruction);</li>
     *   <li>a message over the size limit, which gRPC itself reports (grpc-java: "gRPC message exceeds maximum size
     *       4194304: 10485760" when receiving, "message too large 10485760 &gt; 4194304" when sending; gRPC core:
     *       "Received/Sent message larger than max (10485760 vs. 4194304)"): sending it again fails the same way, so it
     *       is an invalid request. The status carries no detail that says so, hence the match on gRPC's wording;</li>
     *   <li>otherwise a quota that waiting does not restore is quota exceeded, anything else a throttle.</li>
     * </ol>
     */
    private static CloudAiException resourceExhausted(ErrorInfo info, String detail, Duration retryDelay, Throwable cause) {
        if (retryDelay != null) return new ThrottledException(info, detail, retryDelay, cause);
        if (detail != null && MESSAGE_TOO_LARGE.matcher(detail).find()) {
            return new InvalidRequestException(info, "the request is larger than the server or the gRPC channel accepts ("
                    + detail + "); send less per call: shorten the prompt or split the input over several requests", cause);
        }
        return isLastingQuota(detail) ? new QuotaExceededException(info, detail, cause) : new ThrottledException(info, detail, null, cause);
    }

    /** The details a raw grpc-java exception carries in its trailers ({@code grpc-status-details-bin}), as gax reads them. */
    private static ErrorDetails detailsOf(Throwable e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status == null || status.getDetailsCount() == 0 ? null
                : ErrorDetails.builder().setRawErrorMessages(status.getDetailsList()).build();
    }

    /** Quota wording, unless the quota is a per-minute or per-second rate that passes by itself. */
    static boolean isLastingQuota(String detail) {
        String text = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        if (!text.contains("quota")) return false;
        return !(text.contains("per_minute") || text.contains("per minute") || text.contains("per_second")
                || text.contains("per second") || text.contains("_per_min") || text.contains("try again"));
    }

    private static Duration retryDelay(ErrorDetails details) {
        if (details == null || details.getRetryInfo() == null || !details.getRetryInfo().hasRetryDelay()) return null;
        long millis = Durations.toMillis(details.getRetryInfo().getRetryDelay());
        return millis < 0 ? null : Duration.ofMillis(millis);
    }

    /** The server's own description: gax's message repeats the cause's class name. */
    private static String describe(ApiException e) {
        if (e.getCause() instanceof StatusRuntimeException s) return describe(s.getStatus());
        if (e.getCause() instanceof StatusException s) return describe(s.getStatus());
        return e.getMessage() == null ? e.getStatusCode().getCode().name() : e.getMessage();
    }

    private static String describe(Status status) {
        String d = status.getDescription();
        if (d != null && !d.isBlank()) return d;
        return status.getCause() != null && status.getCause().getMessage() != null
                ? status.getCode().name() + ": " + status.getCause().getMessage()
                : status.getCode().name();
    }
}

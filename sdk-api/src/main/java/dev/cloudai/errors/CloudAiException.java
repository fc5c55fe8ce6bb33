package dev.cloudai.errors;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one root of every error a cloud call can end in. Unchecked and sealed: a {@code switch} over its subtypes
 * is exhaustive, and each subtype says what to do next.
 *
 * <p>Bad arguments from the caller are not {@code CloudAiException}s: they are JDK exceptions
 * ({@link IllegalArgumentException}, {@link NullPointerException}) thrown before any request is sent.
 *
 * <pre>{@code
 * try {
 *     chat.chat(ChatRequest.ofUser("Hello"));
 * } catch (ThrottledException e) {
 *     log.warn("throttled by {}, retry after {}", e.providerId(), e.retryAfter());
 * } catch (CloudAiException e) {
 *     log.error("{} failed (request id {})", e.operation(), e.requestId().orElse("none"), e);
 * }
 * }</pre>
 */
public abstract sealed class CloudAiException extends RuntimeException
        permits ThrottledException, QuotaExceededException, InvalidRequestException, AuthenticationException,
        NotFoundException, ConflictException, UnavailableException, DeadlineExceededException,
        DeploymentFailedException, UnclassifiedException {

    private static final long serialVersionUID = 1L;

    private final ErrorInfo info;
    private final String detail;

    CloudAiException(ErrorInfo info, String detail, String hint, Throwable cause) {
        super(compose(Objects.requireNonNull(info, "info"), detail, hint), cause);
        this.info = info;
        this.detail = detail == null ? "" : detail;
    }

    /** The provider id, for example {@code aws}. */
    public String providerId() { return info.providerId(); }

    /** The logical operation that failed, for example {@code chat} or {@code deploy}. */
    public String operation() { return info.operation(); }

    /** The provider's own error code, for example {@code ThrottlingException} or {@code RESOURCE_EXHAUSTED}. */
    public Optional<String> providerCode() { return info.providerCode(); }

    /** The provider's request id, when the provider sent one. */
    public Optional<String> requestId() { return info.requestId(); }

    /** The HTTP status of the failed response, when there was one. */
    public OptionalInt httpStatus() { return info.httpStatus(); }

    /** All of the above in one value. */
    public ErrorInfo info() { return info; }

    /** The provider's own description of the failure, without our context and hint. */
    public String detail() { return detail; }

    /** Whether the same call may succeed if tried again later; the retry pipeline retries only these. */
    public abstract boolean isRetryable();

    private static String compose(ErrorInfo info, String detail, String hint) {
        StringBuilder sb = new StringBuilder();
        sb.append(info.providerId()).append(' ').append(info.operation()).append(" failed");
        if (detail != null && !detail.isBlank()) sb.append(": ").append(detail.strip());
        StringBuilder ctx = new StringBuilder();
        info.providerCode().ifPresent(c -> ctx.append("code ").append(c));
        info.httpStatus().ifPresent(s -> ctx.append(ctx.length() > 0 ? ", " : "").append("HTTP ").append(s));
        info.requestId().ifPresent(r -> ctx.append(ctx.length() > 0 ? ", " : "").append("request id ").append(r));
        if (ctx.length() > 0) sb.append(" (").append(ctx).append(')');
        if (hint != null && !hint.isBlank()) sb.append(". ").append(hint);
        return sb.toString();
    }
}

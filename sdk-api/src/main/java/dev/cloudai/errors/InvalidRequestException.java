package dev.cloudai.errors;

/**
 * The provider rejected the request as invalid: a malformed body, an unsupported parameter, content that a filter blocked.
 *
 * <pre>{@code
 * catch (InvalidRequestException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class InvalidRequestException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public InvalidRequestException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Fix the request; sending it again unchanged will fail the same way", cause);
    }

    /** Always {@code false}: the same request fails the same way. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

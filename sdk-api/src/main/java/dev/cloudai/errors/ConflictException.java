package dev.cloudai.errors;

/**
 * The resource exists already, or is in a state that does not allow the operation (for example an endpoint still being created).
 *
 * <pre>{@code
 * catch (ConflictException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class ConflictException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public ConflictException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Look the resource up, then update or delete it instead of creating it again", cause);
    }

    /** Always {@code false}: resolve the conflict first. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

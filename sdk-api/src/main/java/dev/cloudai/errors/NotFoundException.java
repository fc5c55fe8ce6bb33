package dev.cloudai.errors;

/**
 * The model, endpoint or other resource named in the call does not exist where the call looked for it.
 *
 * <pre>{@code
 * catch (NotFoundException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class NotFoundException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public NotFoundException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Check the model id, endpoint name, region and project", cause);
    }

    /** Always {@code false}: the resource will not appear by retrying. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

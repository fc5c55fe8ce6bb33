package dev.cloudai.errors;

/**
 * A quota or limit of the account was exceeded (not a momentary throttle): requests will keep failing until the quota is raised.
 *
 * <pre>{@code
 * catch (QuotaExceededException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class QuotaExceededException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public QuotaExceededException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Raise the quota with the provider, or route the call to another provider or region", cause);
    }

    /** Always {@code false}: waiting does not raise a quota. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

package dev.cloudai.errors;

/**
 * A call ran past its deadline, ours or the provider's; the underlying request was cancelled.
 *
 * <pre>{@code
 * catch (DeadlineExceededException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class DeadlineExceededException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public DeadlineExceededException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Raise the deadline, or retry later", cause);
    }

    /** Always {@code true}: a later attempt may finish in time. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}

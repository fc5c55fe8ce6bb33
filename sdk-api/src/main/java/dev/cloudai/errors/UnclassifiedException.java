package dev.cloudai.errors;

/**
 * A failure that none of the other types describes: an unexpected status, a response the SDK could not parse, an
 * error inside an adapter. Whether it is retryable is decided by whoever classified it.
 *
 * <pre>{@code
 * catch (UnclassifiedException e) { log.error("unexpected failure", e); }
 * }</pre>
 */
public final class UnclassifiedException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /** Creates the exception; {@code retryable} says whether the retry pipeline may try again. */
    public UnclassifiedException(ErrorInfo info, String detail, boolean retryable, Throwable cause) {
        super(info, detail, "If this persists, report it with the request id and the cause", cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}

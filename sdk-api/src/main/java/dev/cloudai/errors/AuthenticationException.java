package dev.cloudai.errors;

/**
 * The provider did not accept the credentials, or the identity lacks permission for the operation.
 *
 * <pre>{@code
 * catch (AuthenticationException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class AuthenticationException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public AuthenticationException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "Check the credentials and the permissions of the identity the SDK runs as", cause);
    }

    /** Always {@code false}: credentials do not fix themselves. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

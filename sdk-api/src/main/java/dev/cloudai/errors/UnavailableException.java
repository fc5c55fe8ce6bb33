package dev.cloudai.errors;

/**
 * The provider could not serve the call right now: a 5xx, a dropped connection, a model not ready, an open circuit.
 *
 * <pre>{@code
 * catch (UnavailableException e) { log.warn("{} (request id {})", e.getMessage(), e.requestId().orElse("none")); }
 * }</pre>
 */
public final class UnavailableException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    /**
     * The {@link #providerCode() code} of the exception the SDK throws without calling the provider because the
     * provider's circuit breaker is open ({@code cloudai.circuit-breaker.*}).
     */
    public static final String CIRCUIT_OPEN = "CircuitOpen";

    /** Creates the exception; {@code detail} is the provider's own message, {@code cause} its native exception. */
    public UnavailableException(ErrorInfo info, String detail, Throwable cause) {
        super(info, detail, "The SDK retries this; if it persists, check the provider's status page or fall back to another provider", cause);
    }

    /**
     * Creates the exception with a hint of the caller's own instead of the default one, for an unavailability that
     * has its own remedy (an open circuit breaker, say).
     */
    public UnavailableException(ErrorInfo info, String detail, String hint, Throwable cause) {
        super(info, detail, hint, cause);
    }

    /**
     * Whether the SDK failed this call itself, without a request, because the provider's circuit breaker is open.
     * With {@code cloudai.fallback} such a call moves on to the next provider; on its own provider it is not retried.
     */
    public boolean isCircuitOpen() {
        return providerCode().filter(CIRCUIT_OPEN::equals).isPresent();
    }

    /** Always {@code true}: the same call may succeed shortly. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}

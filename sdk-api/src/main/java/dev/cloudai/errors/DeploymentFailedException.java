package dev.cloudai.errors;

import java.util.Objects;

/**
 * A deployment the cloud accepted but could not bring into service: a SageMaker endpoint that ended {@code Failed},
 * an Azure ML online deployment whose operation failed, a Vertex AI DeployModel operation that ended with an error.
 * {@link #reason()} is the cloud's own failure reason. The endpoint is left in place so it can be inspected;
 * {@link #endpointId()} names it for {@code endpoints().get(id)} and {@code endpoints().delete(id)}. Not retryable:
 * the same deployment fails again until its cause (quota or capacity for the instance type, the image, the
 * model's start-up or health check) is fixed.
 *
 * <pre>{@code
 * try {
 *     endpoints.deploy(spec);
 * } catch (DeploymentFailedException e) {
 *     log.error("deployment of {} failed: {}", e.endpointId(), e.reason());
 *     endpoints.delete(e.endpointId());                  // then fix the cause and deploy again
 * }
 * }</pre>
 */
public final class DeploymentFailedException extends CloudAiException {
    private static final long serialVersionUID = 1L;

    private final String endpointId;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param info       the provider, operation ({@code deploy}) and the cloud's status or error code
     * @param endpointId the id of the failed endpoint, as {@code Endpoints} takes it
     * @param reason     the cloud's failure reason
     * @param cause      the native exception, if any
     */
    public DeploymentFailedException(ErrorInfo info, String endpointId, String reason, Throwable cause) {
        super(info, "endpoint " + Objects.requireNonNull(endpointId, "endpointId") + " failed to deploy: "
                + Objects.requireNonNull(reason, "reason"), hint(endpointId), cause);
        this.endpointId = endpointId;
        this.reason = reason;
    }

    private static String hint(String endpointId) {
        return "The endpoint was kept for you to inspect (endpoints().get(\"" + endpointId + "\")). Fix the cause, for"
                + " example the quota or capacity for the instance type, the image, or the model's start-up; then delete"
                + " it (endpoints().delete(\"" + endpointId + "\")) and deploy again";
    }

    /** The id of the endpoint that failed, which is left in place: pass it to {@code get} or {@code delete}. */
    public String endpointId() {
        return endpointId;
    }

    /** The cloud's own reason for the failure. */
    public String reason() {
        return reason;
    }

    /** Always {@code false}: the same deployment fails again until its cause is fixed. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}

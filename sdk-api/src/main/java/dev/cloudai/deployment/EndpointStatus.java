package dev.cloudai.deployment;

/**
 * The lifecycle state of a deployed endpoint, mapped from each cloud's own states.
 *
 * <pre>{@code
 * ai.endpoints().get("llama-chat").filter(ep -> ep.status() == EndpointStatus.IN_SERVICE).ifPresent(this::route);
 * }</pre>
 */
public enum EndpointStatus {
    CREATING, UPDATING, IN_SERVICE, FAILED, DELETING, OUT_OF_SERVICE, UNKNOWN;

    /** Whether the endpoint will not change state without a new request: in service, failed or out of service. */
    public boolean isTerminal() {
        return this == IN_SERVICE || this == FAILED || this == OUT_OF_SERVICE;
    }
}

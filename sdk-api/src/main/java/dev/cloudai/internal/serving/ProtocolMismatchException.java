package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;

import java.util.Optional;

/**
 * An endpoint answered in another format than the protocol it was used with: the model is configured with the
 * wrong {@link ServingProtocol}, or the container is not the server it was thought to be. Not API: the endpoint
 * models turn it into an {@code InvalidRequestException} with code {@code ProtocolMismatch}.
 */
public final class ProtocolMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final ServingProtocol expected;
    private final transient ServingProtocol lookedLike;

    /**
     * @param expected the protocol the model was used with
     * @param lookedLike the protocol the body looked like, or {@code null} when it looked like none
     * @param what a short description of what was found, never the body itself (it may hold personal data)
     */
    public ProtocolMismatchException(ServingProtocol expected, ServingProtocol lookedLike, String what) {
        super("the endpoint did not answer in " + expected.configName() + " format (" + what + ")"
                + (lookedLike == null ? "; check the container serves " + expected.configName()
                : "; it looks like " + lookedLike.configName() + ": use ServingProtocol." + lookedLike.name()));
        this.expected = expected;
        this.lookedLike = lookedLike;
    }

    /** The protocol the model was used with. */
    public ServingProtocol expected() { return expected; }

    /** The protocol the body looked like, when it looked like one. */
    public Optional<ServingProtocol> lookedLike() { return Optional.ofNullable(lookedLike); }
}

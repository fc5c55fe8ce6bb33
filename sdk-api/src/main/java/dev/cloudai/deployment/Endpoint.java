package dev.cloudai.deployment;

import dev.cloudai.internal.util.Arguments;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployed endpoint as the cloud reports it. Adapters and tests make one with {@link #builder}, which leaves
 * what the cloud did not report empty.
 *
 * <pre>{@code
 * Endpoint ep = ai.endpoints().deploy(spec);
 * if (ep.status() == EndpointStatus.IN_SERVICE) { ai.endpoints().invoke(ep.id(), request); }
 *
 * Endpoint reported = Endpoint.builder("llama", "llama", "aws", EndpointStatus.CREATING)
 *         .instanceType("ml.g5.xlarge").instanceCount(1).createdAt(Instant.now()).build();
 * }</pre>
 *
 * @param id the id to pass to {@link Endpoints#invoke}, {@link Endpoints#get} and {@link Endpoints#delete}
 * @param name the name it was deployed under
 * @param provider the provider it lives on
 * @param status its lifecycle state
 * @param instanceType the instance type serving it, when known
 * @param instanceCount how many instances serve it
 * @param url the invocation URL, when the cloud exposes one
 * @param createdAt when it was created, when known
 * @param failureReason why it failed, when it did
 */
public record Endpoint(String id, String name, String provider, EndpointStatus status, Optional<String> instanceType,
                       int instanceCount, Optional<String> url, Optional<Instant> createdAt,
                       Optional<String> failureReason) {

    public Endpoint {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id: must not be blank");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name: must not be blank");
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(instanceType, "instanceType");
        if (instanceCount < 0) throw new IllegalArgumentException("instanceCount: must not be negative, was " + instanceCount);
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(failureReason, "failureReason");
    }

    /**
     * Starts an endpoint with what every cloud reports; the rest is empty, with no instances, until set.
     *
     * @throws IllegalArgumentException when {@code id}, {@code name} or {@code provider} is blank
     * @throws NullPointerException     when {@code status} is null
     */
    public static Builder builder(String id, String name, String provider, EndpointStatus status) {
        return new Builder(id, name, provider, status);
    }

    /**
     * Builds an {@link Endpoint}. The optional parts take {@code null} for "not reported", so a cloud's nullable
     * field is passed as it is.
     */
    public static final class Builder {
        private final String id;
        private final String name;
        private final String provider;
        private final EndpointStatus status;
        private String instanceType;
        private int instanceCount;
        private String url;
        private Instant createdAt;
        private String failureReason;

        private Builder(String id, String name, String provider, EndpointStatus status) {
            // checked now, so a bad argument fails where it is given, not at build()
            this.id = Arguments.requireText(id, "id");
            this.name = Arguments.requireText(name, "name");
            this.provider = Arguments.requireText(provider, "provider");
            this.status = Objects.requireNonNull(status, "status");
        }

        /** The instance type serving it, or {@code null} when not known. */
        public Builder instanceType(String value) { this.instanceType = value; return this; }

        /** How many instances serve it; 0 (the default) when not known. */
        public Builder instanceCount(int value) {
            if (value < 0) throw new IllegalArgumentException("instanceCount: must not be negative, was " + value);
            this.instanceCount = value;
            return this;
        }

        /** The invocation URL, or {@code null} when the cloud exposes none. */
        public Builder url(String value) { this.url = value; return this; }

        /** When it was created, or {@code null} when not known. */
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }

        /** Why it failed, or {@code null} when it did not or the cloud gives no reason. */
        public Builder failureReason(String value) { this.failureReason = value; return this; }

        public Endpoint build() {
            return new Endpoint(id, name, provider, status, Optional.ofNullable(instanceType), instanceCount,
                    Optional.ofNullable(url), Optional.ofNullable(createdAt), Optional.ofNullable(failureReason));
        }
    }
}

package dev.cloudai.deployment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployed endpoint as the cloud reports it.
 *
 * <pre>{@code
 * Endpoint ep = ai.endpoints().deploy(spec);
 * if (ep.status() == EndpointStatus.IN_SERVICE) { ai.endpoints().invoke(ep.id(), request); }
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
}

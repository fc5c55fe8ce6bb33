package dev.cloudai.deployment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deployed endpoint answered.
 *
 * <pre>{@code
 * InvokeResponse out = ai.endpoints().invoke(ep.id(), InvokeRequest.json("{\"inputs\":\"hi\"}"));
 * System.out.println(out.bodyAsString());
 * }</pre>
 */
public final class InvokeResponse {
    private final byte[] body;
    private final String contentType;
    private final String provider;
    private final String requestId;

    /** An answer; {@code requestId} may be {@code null}. */
    public InvokeResponse(byte[] body, String contentType, String provider, String requestId) {
        this.body = Objects.requireNonNull(body, "body").clone();
        this.contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
        this.provider = provider;
        this.requestId = requestId == null || requestId.isBlank() ? null : requestId;
    }

    /** A copy of the body. */
    public byte[] body() { return body.clone(); }

    /** The body as UTF-8 text. */
    public String bodyAsString() { return new String(body, StandardCharsets.UTF_8); }

    public String contentType() { return contentType; }

    public String provider() { return provider; }

    public Optional<String> requestId() { return Optional.ofNullable(requestId); }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvokeResponse r && Arrays.equals(body, r.body) && contentType.equals(r.contentType)
                && provider.equals(r.provider) && Objects.equals(requestId, r.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), contentType, provider, requestId);
    }

    @Override
    public String toString() {
        return "InvokeResponse[bytes=" + body.length + ", contentType=" + contentType + ", provider=" + provider
                + ", requestId=" + requestId + "]";
    }
}

package dev.cloudai.deployment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The body to send to a deployed endpoint, with its content type and the content type wanted back.
 *
 * <pre>{@code
 * InvokeRequest json = InvokeRequest.json("{\"inputs\":\"hi\"}");
 * InvokeRequest csv = InvokeRequest.of("1,2,3".getBytes(UTF_8), "text/csv").withAccept("application/json");
 * }</pre>
 */
public final class InvokeRequest {
    private final byte[] body;
    private final String contentType;
    private final String accept;

    private InvokeRequest(byte[] body, String contentType, String accept) {
        Objects.requireNonNull(body, "body");
        if (body.length == 0) throw new IllegalArgumentException("body: must not be empty");
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("contentType: must not be blank, for example application/json");
        }
        this.body = body.clone();
        this.contentType = contentType;
        this.accept = accept;
    }

    /** A JSON body, sent as {@code application/json}. */
    public static InvokeRequest json(String json) {
        if (json == null || json.isBlank()) throw new IllegalArgumentException("json: must not be blank");
        return new InvokeRequest(json.getBytes(StandardCharsets.UTF_8), "application/json", "application/json");
    }

    /** Any body with its content type. */
    public static InvokeRequest of(byte[] body, String contentType) {
        return new InvokeRequest(body, contentType, null);
    }

    /** A copy that asks for {@code accept} back. */
    public InvokeRequest withAccept(String accept) {
        if (accept == null || accept.isBlank()) throw new IllegalArgumentException("accept: must not be blank");
        return new InvokeRequest(body, contentType, accept);
    }

    /** A copy of the body. */
    public byte[] body() { return body.clone(); }

    /** The body's length in bytes, without copying it (to check it against a size limit, for example). */
    public int bodyLength() { return body.length; }

    /** The body as UTF-8 text. */
    public String bodyAsString() { return new String(body, StandardCharsets.UTF_8); }

    public String contentType() { return contentType; }

    public Optional<String> accept() { return Optional.ofNullable(accept); }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvokeRequest r && Arrays.equals(body, r.body) && contentType.equals(r.contentType)
                && Objects.equals(accept, r.accept);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), contentType, accept);
    }

    /** Shows the size and types, not the body. */
    @Override
    public String toString() {
        return "InvokeRequest[bytes=" + body.length + ", contentType=" + contentType + ", accept=" + accept + "]";
    }
}

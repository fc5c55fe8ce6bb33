package dev.cloudai.azure.deployment;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.cloudai.azure.http.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP exchange with Azure Resource Manager or a scoring URI over an azure-core {@link HttpPipeline} (which
 * adds the credential, and has its retries off): the answer read whole, a status of 400 or more thrown as
 * azure-core's {@link HttpResponseException} with the decoded error body as its value, so the adapter's one error
 * mapper reads every Azure failure the same way.
 *
 * <pre>{@code
 * ArmClient.Answer a = arm.send(HttpMethod.GET, url, null, Map.of());
 * String state = Json.text(a.json(), "properties", "provisioningState").orElse("Unknown");
 * }</pre>
 */
final class ArmClient {
    private final HttpPipeline pipeline;

    ArmClient(HttpPipeline pipeline) {
        this.pipeline = pipeline;
    }

    HttpPipeline pipeline() {
        return pipeline;
    }

    /** Sends a JSON body (or none) and waits for the whole answer. */
    Answer send(HttpMethod method, String url, Object jsonBody) {
        return send(method, url, jsonBody == null ? null : Json.write(jsonBody).getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
    }

    /** Sends raw bytes with their content type and extra headers, and waits for the whole answer. */
    Answer send(HttpMethod method, String url, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest request = request(method, url, body, contentType, headers);
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
            return check(response, bytes);
        }
    }

    /** {@link #send(HttpMethod, String, byte[], String, Map)} without blocking a thread. */
    Mono<Answer> sendAsync(HttpMethod method, String url, byte[] body, String contentType, Map<String, String> headers) {
        return Mono.defer(() -> pipeline.send(request(method, url, body, contentType, headers)))
                .flatMap(response -> response.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            try {
                                return check(response, bytes);
                            } finally {
                                response.close();
                            }
                        }));
    }

    /**
     * Sends raw bytes and publishes the answer's body as it arrives, each buffer copied into a {@code byte[]} while
     * the connection still owns it (reactor-netty releases a buffer once {@code onNext} returns). One request per
     * subscription; a status of 400 or more is the same {@link HttpResponseException} as {@link #send}'s, before any
     * part. Cancelling closes the response, and with it the connection's claim on the rest of the body.
     */
    Flux<byte[]> stream(HttpMethod method, String url, byte[] body, String contentType, Map<String, String> headers) {
        return Mono.defer(() -> pipeline.send(request(method, url, body, contentType, headers)))
                .flatMapMany(response -> {
                    if (response.getStatusCode() >= 400) {
                        return response.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                                .<byte[]>handle((bytes, sink) -> {
                                    try {
                                        check(response, bytes);
                                    } catch (HttpResponseException e) {
                                        sink.error(e);
                                    } finally {
                                        response.close();
                                    }
                                })
                                .flux();
                    }
                    return response.getBody().map(ArmClient::copy).filter(part -> part.length > 0)
                            .doFinally(signal -> response.close());
                });
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static HttpRequest request(HttpMethod method, String url, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest request = new HttpRequest(method, url);
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        headers.forEach((k, v) -> request.setHeader(HttpHeaderName.fromString(k), v));
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, contentType);
            request.setBody(body);
        }
        return request;
    }

    private static Answer check(HttpResponse response, byte[] bytes) {
        int status = response.getStatusCode();
        if (status >= 400) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            Map<String, Object> error = errorBody(text);
            String message = Json.text(error, "error", "message").or(() -> Json.text(error, "message"))
                    .orElse(text.length() > 300 ? text.substring(0, 300) + "..." : text);
            throw new HttpResponseException("Status code " + status + ", " + message, response, error);
        }
        return new Answer(status, response.getHeaders(), bytes);
    }

    private static Map<String, Object> errorBody(String text) {
        try {
            return Json.parseObject(text);
        } catch (Json.MalformedJsonException notJson) {
            return Map.of();   // an error page that is not JSON: the status alone tells
        }
    }

    /** A successful answer: status, headers and body. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        /** The body as a JSON object (empty for no body). */
        Map<String, Object> json() {
            return Json.parseObject(new String(body, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }
    }
}

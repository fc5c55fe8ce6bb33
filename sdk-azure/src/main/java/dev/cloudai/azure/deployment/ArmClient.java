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
import dev.cloudai.azure.http.PipelineBodies;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
     * Sends raw bytes and publishes the answer's body as it arrives ({@link PipelineBodies#stream}): a status of 400
     * or more is the same {@link HttpResponseException} as {@link #send}'s, before any part.
     */
    Flux<byte[]> stream(HttpMethod method, String url, byte[] body, String contentType, Map<String, String> headers) {
        return PipelineBodies.stream(pipeline, request(method, url, body, contentType, headers));
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
        if (response.getStatusCode() >= 400) throw PipelineBodies.failure(response, bytes);
        return new Answer(response.getStatusCode(), response.getHeaders(), bytes);
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

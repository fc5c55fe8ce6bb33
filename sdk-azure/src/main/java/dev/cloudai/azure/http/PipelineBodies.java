package dev.cloudai.azure.http;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers of requests sent over an azure-core {@link HttpPipeline}, for the Azure REST calls no SDK method covers
 * (Azure ML's management API, scoring URIs, a batch output file read as it arrives): a status of 400 or more becomes
 * azure-core's own {@link HttpResponseException} with the decoded error body as its value, so the adapter's one error
 * mapper reads these failures as it reads the SDKs'.
 *
 * <pre>{@code
 * Flux<byte[]> body = PipelineBodies.stream(pipeline, new HttpRequest(HttpMethod.GET, url));
 * }</pre>
 */
public final class PipelineBodies {
    private static final int MAX_MESSAGE = 300;

    private PipelineBodies() {
    }

    /**
     * Sends the request and publishes the answer's body as it arrives, each buffer copied into a {@code byte[]} while
     * the connection still owns it (reactor-netty releases a buffer once {@code onNext} returns). One request per
     * subscription; a status of 400 or more is {@link #failure}'s exception, before any part. Cancelling closes the
     * response, and with it the connection's claim on the rest of the body.
     */
    public static Flux<byte[]> stream(HttpPipeline pipeline, HttpRequest request) {
        return Mono.defer(() -> pipeline.send(request))
                .flatMapMany(response -> {
                    if (response.getStatusCode() >= 400) {
                        return response.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                                .<byte[]>handle((bytes, sink) -> {
                                    try {
                                        sink.error(failure(response, bytes));
                                    } finally {
                                        response.close();
                                    }
                                })
                                .flux();
                    }
                    return response.getBody().map(PipelineBodies::copy).filter(part -> part.length > 0)
                            .doFinally(signal -> response.close());
                });
    }

    /**
     * The exception for a failed answer (status 400 or more) whose body was {@code body}: the service's
     * {@code error.message} (or top-level {@code message}, or the start of the text) in the message, the decoded JSON
     * object as the value.
     */
    public static HttpResponseException failure(HttpResponse response, byte[] body) {
        int status = response.getStatusCode();
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, Object> error = errorBody(text);
        String message = Json.text(error, "error", "message").or(() -> Json.text(error, "message"))
                .orElse(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text);
        return new HttpResponseException("Status code " + status + ", " + message, response, error);
    }

    private static Map<String, Object> errorBody(String text) {
        try {
            return Json.parseObject(text);
        } catch (Json.MalformedJsonException notJson) {
            return Map.of();   // an error page that is not JSON: the status alone tells
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

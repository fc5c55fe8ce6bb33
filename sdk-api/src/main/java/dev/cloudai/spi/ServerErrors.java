package dev.cloudai.spi;

import dev.cloudai.spi.json.Json;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a model server's own error body, which every cloud relays from a failing endpoint container (SageMaker's
 * {@code ModelError.OriginalMessage}, a Vertex AI status description, an Azure ML 424 body) and which a server may
 * send inside a 200 or a stream. One reader for every adapter and the serving codecs, so each reports the container's
 * message the same way. The shapes:
 * <ul>
 *   <li>vLLM, SGLang and other OpenAI-compatible servers: {@code {"object":"error","message":..,"type":..,"code":400}};</li>
 *   <li>TGI and TEI: {@code {"error":"..","error_type":"validation"}};</li>
 *   <li>OpenAI's own: {@code {"error":{"message":..,"type":..,"code":..}}}.</li>
 * </ul>
 *
 * <pre>{@code
 * ServerErrors.parse("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}")
 *         .map(ServerErrors.ServerError::message);               // Optional[Input validation error]
 * }</pre>
 */
public final class ServerErrors {
    private ServerErrors() {
    }

    /**
     * A server's error.
     *
     * @param message the server's message
     * @param status the HTTP status the body states (vLLM's {@code code}), when it states one from 400 to 599
     * @param type the server's error type ({@code BadRequestError}, {@code validation}, {@code overloaded}), when given
     */
    public record ServerError(String message, OptionalInt status, Optional<String> type) {
    }

    /** The error in {@code body}, or empty when it is not one of the servers' error shapes (or not JSON). */
    public static Optional<ServerError> parse(String body) {
        if (body == null) return Optional.empty();
        String text = body.strip();
        if (!text.startsWith("{")) return Optional.empty();
        try {
            return of(Json.parse(text));
        } catch (Json.JsonSyntaxException notJson) {
            return Optional.empty();
        }
    }

    /** The error in an already parsed JSON value (maps, lists, strings and numbers), or empty. */
    public static Optional<ServerError> of(Object json) {
        if (!(json instanceof Map<?, ?> body)) return Optional.empty();
        Object error = body.get("error");
        if ("error".equals(body.get("object")) && text(body.get("message")) != null) {
            return Optional.of(new ServerError(text(body.get("message")), status(body.get("code")),
                    Optional.ofNullable(text(body.get("type")))));
        }
        if (text(error) != null) {
            return Optional.of(new ServerError(text(error), status(body.get("code")),
                    Optional.ofNullable(text(body.get("error_type")))));
        }
        if (error instanceof Map<?, ?> inner && text(inner.get("message")) != null) {
            return Optional.of(new ServerError(text(inner.get("message")), status(inner.get("code")),
                    Optional.ofNullable(text(inner.get("type")))));
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** An HTTP error status given as a number or a numeric string; anything else is no status. */
    private static OptionalInt status(Object value) {
        BigDecimal n;
        if (value instanceof Number number) {
            n = new BigDecimal(number.toString());
        } else if (value instanceof String s && s.strip().matches("\\d{3}")) {
            n = new BigDecimal(s.strip());
        } else {
            return OptionalInt.empty();
        }
        boolean whole = n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
        return whole && n.compareTo(BigDecimal.valueOf(400)) >= 0 && n.compareTo(BigDecimal.valueOf(599)) <= 0
                ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }
}

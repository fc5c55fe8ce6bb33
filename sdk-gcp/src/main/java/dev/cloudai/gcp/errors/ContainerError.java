package dev.cloudai.gcp.errors;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model server's JSON error body, as Vertex relays it in a RawPredict or StreamRawPredict status description.
 * The shapes, from each server's source and docs:
 * <ul>
 *   <li>vLLM and other OpenAI-compatible servers: {@code {"object":"error","message":"...","type":"BadRequestError",
 *       "param":null,"code":400}} (vLLM's {@code ErrorResponse}); {@code code} is the HTTP status;</li>
 *   <li>TGI and TEI: {@code {"error":"...","error_type":"validation"}} (text-generation-inference's
 *       {@code ErrorResponse});</li>
 *   <li>OpenAI's own: {@code {"error":{"message":"...","type":"...","code":...}}}.</li>
 * </ul>
 *
 * <pre>{@code
 * ContainerError.parse("{\"error\":\"Input validation error\",\"error_type\":\"validation\"}")   // message, no status
 * }</pre>
 *
 * @param message the server's message
 * @param status  the HTTP status the body states, when it states one
 */
record ContainerError(String message, OptionalInt status) {

    /** The container error {@code description} is, or empty when it is no model server's error body. */
    static Optional<ContainerError> parse(String description) {
        if (description == null) return Optional.empty();
        String text = description.strip();
        if (!text.startsWith("{")) return Optional.empty();
        Struct.Builder body = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(text, body);
        } catch (InvalidProtocolBufferException | RuntimeException notJson) {
            return Optional.empty();
        }
        Value message = body.getFieldsOrDefault("message", null);
        Value error = body.getFieldsOrDefault("error", null);
        if ("error".equals(string(body.getFieldsOrDefault("object", null))) && string(message) != null) {
            return Optional.of(new ContainerError(string(message), status(body.getFieldsOrDefault("code", null))));
        }
        if (string(error) != null) return Optional.of(new ContainerError(string(error), OptionalInt.empty()));
        if (error != null && error.hasStructValue() && string(error.getStructValue().getFieldsOrDefault("message", null)) != null) {
            Struct inner = error.getStructValue();
            return Optional.of(new ContainerError(string(inner.getFieldsOrDefault("message", null)),
                    status(inner.getFieldsOrDefault("code", null))));
        }
        return Optional.empty();
    }

    private static String string(Value value) {
        return value != null && value.hasStringValue() && !value.getStringValue().isBlank() ? value.getStringValue() : null;
    }

    /** An HTTP error status given as a number or a numeric string; anything else is no status. */
    private static OptionalInt status(Value value) {
        if (value == null) return OptionalInt.empty();
        double n;
        if (value.hasNumberValue()) {
            n = value.getNumberValue();
        } else if (value.hasStringValue() && value.getStringValue().matches("\\d{3}")) {
            n = Integer.parseInt(value.getStringValue());
        } else {
            return OptionalInt.empty();
        }
        return n >= 400 && n <= 599 && n == Math.rint(n) ? OptionalInt.of((int) n) : OptionalInt.empty();
    }
}

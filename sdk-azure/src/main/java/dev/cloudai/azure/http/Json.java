package dev.cloudai.azure.http;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Untyped JSON for the REST calls the Azure SDKs do not model (Azure ML's management API, error bodies): text to
 * {@code Map}/{@code List}/scalars and back, with azure-json, which azure-core already brings. Internal.
 *
 * <pre>{@code
 * Map<String, Object> body = Json.parseObject("{\"properties\":{\"provisioningState\":\"Creating\"}}");
 * Optional<String> state = Json.text(body, "properties", "provisioningState");   // Optional[Creating]
 * }</pre>
 */
public final class Json {
    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws MalformedJsonException when {@code text} is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) return Map.of();
        try (JsonReader reader = JsonProviders.createReader(text)) {
            reader.nextToken();
            Object value = reader.readUntyped();
            if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
            throw new MalformedJsonException("expected a JSON object, got " + describe(value), null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedJsonException m) throw m;
            throw new MalformedJsonException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Writes maps, lists, strings, numbers, booleans and nulls as JSON text. */
    public static String write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = JsonProviders.createWriter(out)) {
            writer.writeUntyped(value);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value at {@code path} (object keys), or empty when any step is missing or not an object. */
    public static Optional<Object> at(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) return Optional.empty();
            node = map.get(key);
            if (node == null) return Optional.empty();
        }
        return Optional.ofNullable(node);
    }

    /** The text at {@code path}; numbers and booleans are given as text, blank counts as absent. */
    public static Optional<String> text(Object root, String... path) {
        return at(root, path).filter(v -> !(v instanceof Map) && !(v instanceof List))
                .map(String::valueOf).filter(s -> !s.isBlank());
    }

    /** The object at {@code path}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object root, String... path) {
        return at(root, path).filter(v -> v instanceof Map).map(v -> (Map<String, Object>) v).orElse(Map.of());
    }

    /** The array at {@code path}, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object root, String... path) {
        return at(root, path).filter(v -> v instanceof List).map(v -> (List<Object>) v).orElse(List.of());
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** A body that should have been JSON and is not: a protocol error, not a transport one. */
    public static final class MalformedJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

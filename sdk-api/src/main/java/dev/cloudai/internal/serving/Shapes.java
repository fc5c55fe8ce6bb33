package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.ServerErrors;
import dev.cloudai.spi.json.Json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a server's body is, shared by all codecs: parsing it, telling each protocol's answer apart from the others'
 * (so a model used with the wrong protocol fails with {@link ProtocolMismatchException} saying which one it looks
 * like), recognising the servers' error bodies, and reading JSON values leniently where servers differ. Descriptions
 * say the body's shape, never its content. Not API.
 */
final class Shapes {
    private Shapes() {
    }

    /** The body as parsed JSON, or a mismatch for text that is not JSON (a stream where JSON was expected, say). */
    static Object parse(byte[] body, ServingProtocol expected) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            return Json.parse(text);
        } catch (Json.JsonSyntaxException e) {
            String trimmed = text.stripLeading();
            if (trimmed.startsWith("data:") || trimmed.startsWith(":")) {
                // a stream where a whole answer was expected: the first event says whose
                ServingProtocol like = null;
                SseEvents sse = new SseEvents();
                List<SseEvents.Event> events = sse.feed(body);
                if (events.isEmpty()) events = sse.end();
                if (!events.isEmpty() && Json.isJson(events.get(0).data())) like = streamed(Json.parse(events.get(0).data()));
                throw new ProtocolMismatchException(expected, like == expected ? null : like,
                        "a stream of server-sent events where one JSON answer was expected");
            }
            throw new ProtocolMismatchException(expected, null, body.length == 0 ? "an empty body"
                    : "a body of " + body.length + " bytes that is not JSON");
        }
    }

    /** Throws the server's error when {@code json} is one of the servers' error bodies ({@link ServerErrors}). */
    static void throwIfError(Object json) {
        ServerErrors.of(json).ifPresent(e -> {
            throw new ServerErrorException(e.message(), e.status().orElse(0));
        });
    }

    /** The protocol a whole (not streamed) answer looks like, or {@code null}. */
    static ServingProtocol whole(Object json) {
        if (json instanceof Map<?, ?> m) {
            if (m.get("choices") instanceof List) return ServingProtocol.OPENAI_CHAT;
            if (m.containsKey("generated_text")) return ServingProtocol.TGI;
            if (m.get("data") instanceof List<?> data && (data.isEmpty() || data.get(0) instanceof Map<?, ?> d
                    && d.containsKey("embedding"))) {
                return ServingProtocol.OPENAI_EMBEDDINGS;
            }
            return streamed(json);
        }
        if (json instanceof List<?> list && !list.isEmpty()) {
            Object first = list.get(0);
            if (first instanceof Map<?, ?> m && m.containsKey("generated_text")) return ServingProtocol.TGI;
            if (first instanceof List<?> v && (v.isEmpty() || v.get(0) instanceof BigDecimal)) return ServingProtocol.TEI;
        }
        return null;
    }

    /** The protocol one streamed event looks like, or {@code null}. */
    static ServingProtocol streamed(Object json) {
        if (!(json instanceof Map<?, ?> m)) return null;
        if (m.get("choices") instanceof List || "chat.completion.chunk".equals(m.get("object"))) {
            return ServingProtocol.OPENAI_CHAT;
        }
        if (m.get("token") instanceof Map) return ServingProtocol.TGI;
        return null;
    }

    /** A short description of a body's shape for a mismatch message: its kind and keys, never its values. */
    static String describe(Object json) {
        if (json instanceof Map<?, ?> m) {
            return m.isEmpty() ? "an empty JSON object" : "a JSON object with " + keys(m);
        }
        if (json instanceof List<?> l) {
            if (l.isEmpty()) return "an empty JSON array";
            Object first = l.get(0);
            return "a JSON array of " + (first instanceof Map<?, ?> m ? "objects with " + keys(m)
                    : first instanceof List ? "arrays" : Json.kind(first).replaceFirst("^an? ", "") + "s");
        }
        return "JSON " + Json.kind(json);
    }

    private static String keys(Map<?, ?> m) {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (Object k : m.keySet()) {
            if (n == 4) {
                s.append(", ...");
                break;
            }
            String key = String.valueOf(k);
            if (key.length() > 32) key = key.substring(0, 32) + "...";   // keys are a server's names, not data
            s.append(n++ == 0 ? "" : ", ").append(key);
        }
        return s.toString();
    }

    // ---- lenient readers ----

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** A non-negative token count, 0 when absent or not a number. */
    static int count(Object value) {
        if (!(value instanceof BigDecimal d)) return 0;
        try {
            return Math.max(0, d.intValueExact());
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    /** A JSON array of numbers as a vector, or a mismatch naming {@code field}. */
    static float[] floats(Object value, ServingProtocol expected, String field) {
        List<?> numbers = list(value);
        if (numbers.isEmpty()) throw new ProtocolMismatchException(expected, null, field + " is not a vector");
        float[] v = new float[numbers.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(numbers.get(i) instanceof BigDecimal d)) {
                throw new ProtocolMismatchException(expected, null, field + " holds " + Json.kind(numbers.get(i))
                        + " among its numbers");
            }
            v[i] = d.floatValue();
        }
        return v;
    }

    /** Refuses an answer with another number of vectors than the request had texts. */
    static void checkCount(ServingProtocol expected, int vectors, dev.cloudai.invocation.EmbeddingRequest request) {
        if (vectors != request.inputs().size()) {
            throw new ProtocolMismatchException(expected, null, vectors + " vectors for " + request.inputs().size()
                    + " inputs");
        }
    }


}

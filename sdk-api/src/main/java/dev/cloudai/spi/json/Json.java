package dev.cloudai.spi.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for the few places the neutral API must look inside JSON text:
 * checking that a tool's parameter schema is an object, building a schema from a record and reading an answer
 * back into one, and for adapters that must carry JSON text into a cloud's own types without losing integers
 * (protobuf's {@code JsonFormat} prints {@code 1} as {@code 1.0}). {@code sdk-api} carries no JSON library, so its
 * users keep their own. Objects become {@code LinkedHashMap<String, Object>} (member order kept), arrays
 * {@code ArrayList<Object>}, numbers {@link BigDecimal}, {@code null} is {@code null}. Part of the SPI, for adapters:
 * applications should use a JSON library of their own.
 *
 * <pre>{@code
 * Object schema = Json.parse("{\"type\":\"object\"}");   // a Map
 * String text = Json.write(Map.of("city", "Paris"));     // {"city":"Paris"}
 * }</pre>
 */
public final class Json {
    /** More objects and arrays inside each other than this are refused rather than risking the caller's stack. */
    private static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Why a text is not JSON, with the character offset where reading stopped. */
    public static final class JsonSyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonSyntaxException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        /** The character offset where the text stopped being JSON. */
        public int offset() { return offset; }
    }

    /** Reads one JSON value; anything but white space after it is an error. */
    public static Object parse(String text) {
        if (text == null) throw new NullPointerException("text: must not be null");
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.pos != text.length()) throw reader.error("unexpected text after the JSON value");
        return value;
    }

    /** {@code true} when {@code text} is one well-formed JSON value. */
    public static boolean isJson(String text) {
        try {
            parse(text);
            return true;
        } catch (JsonSyntaxException e) {
            return false;
        }
    }

    /**
     * Reads {@code text} as a JSON object, or throws an {@link IllegalArgumentException} that starts with
     * {@code field} and says what was found instead.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String field) {
        Object value;
        try {
            value = parse(text);
        } catch (JsonSyntaxException e) {
            throw new IllegalArgumentException(field + ": is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(field + ": must be a JSON object, was " + kind(value));
        }
        return (Map<String, Object>) value;
    }

    /** A word for the JSON kind of a parsed value: object, array, string, number, boolean or null. */
    public static String kind(Object value) {
        if (value == null) return "null";
        if (value instanceof Map) return "an object";
        if (value instanceof List) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Number) return "a number";
        if (value instanceof Boolean) return "a boolean";
        return value.getClass().getSimpleName();
    }

    /**
     * Writes maps, collections, strings, numbers, booleans and {@code null} as compact JSON. Map keys are written
     * with {@code String.valueOf}.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("JSON has no number " + d);
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new IllegalArgumentException("JSON has no number " + f);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) out.append(',');
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        if (s == null) throw new NullPointerException("s: must not be null");
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(s, out);
        return out.toString();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** One value inside {@code depth} objects and arrays. */
    private Object value(int depth) {
        if (pos >= text.length()) throw error("unexpected end of text");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        if (depth >= MAX_DEPTH) throw error("more than " + MAX_DEPTH + " objects and arrays inside each other");
        pos++;   // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a member name in quotes");
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            members.put(name, value(depth + 1));
            skipSpace();
            char c = next("',' or '}'");
            if (c == '}') return members;
            if (c != ',') throw error("expected ',' or '}'", pos - 1);
        }
    }

    private List<Object> array(int depth) {
        if (depth >= MAX_DEPTH) throw error("more than " + MAX_DEPTH + " objects and arrays inside each other");
        pos++;   // [
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = next("',' or ']'");
            if (c == ']') return items;
            if (c != ',') throw error("expected ',' or ']'", pos - 1);
        }
    }

    private String string() {
        pos++;   // opening quote
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) out = new StringBuilder();
            out.append(text, start, pos);
            pos++;
            char e = next("an escape");
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    // four ASCII hex digits exactly: Integer.parseInt would also take a sign ("\\u+041") and
                    // Character.digit other scripts' digits
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = pos + k < text.length() ? hex(text.charAt(pos + k)) : -1;
                        if (digit < 0) throw error("a \\u escape needs four hex digits", pos - 2);
                        code = code * 16 + digit;
                    }
                    // a surrogate pair arrives as two escapes, each appended as it is
                    out.append((char) code);
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + e + "'", pos - 2);
            }
            start = pos;
        }
    }

    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) throw error("a number must not start with 0 (\"01\" is not JSON)", pos - 1);
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {   // an exponent beyond BigDecimal's int scale, such as 1e9999999999
            throw error("number out of range", start);
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error("expected " + word);
        pos += word.length();
        return value;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= text.length()) throw error("unexpected end of text, expected " + expected);
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private JsonSyntaxException error(String message) {
        return error(message, pos);
    }

    private JsonSyntaxException error(String message, int at) {
        return new JsonSyntaxException(message, at);
    }
}

package dev.cloudai.cli;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON: enough for the tool's {@code --format json} output
 * without a JSON library. Map keys keep their order; an empty {@code Optional} or a NaN becomes {@code null}.
 *
 * <pre>{@code
 * Json.write(Map.of("cloud", "aws", "price", 1.5))   // {"cloud":"aws","price":1.5}
 * }</pre>
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        if (value instanceof Optional<?> o) {
            write(o.orElse(null), sb);
        } else if (value instanceof OptionalDouble d) {
            write(d.isPresent() ? d.getAsDouble() : null, sb);
        } else if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b);
        } else if (value instanceof Double || value instanceof Float) {
            // Whole numbers print without ".0"; others in Java's shortest form, which JSON accepts (1.5, 2.5E-4).
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) sb.append("null");
            else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d);
            else sb.append(d);
        } else if (value instanceof java.math.BigDecimal b) {
            sb.append(b.toPlainString());   // a price: 0.0000001, not 1E-7
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                string(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb);
                if (it.hasNext()) sb.append(',');
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                write(it.next(), sb);
                if (it.hasNext()) sb.append(',');
            }
            sb.append(']');
        } else if (value instanceof float[] f) {
            sb.append('[');
            for (int i = 0; i < f.length; i++) {
                if (i > 0) sb.append(',');
                // Float.toString is the shortest text that reads back as the same float: 0.1, not 0.10000000149011612.
                sb.append(Float.isFinite(f[i]) ? Float.toString(f[i]) : "null");
            }
            sb.append(']');
        } else {
            string(value.toString(), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

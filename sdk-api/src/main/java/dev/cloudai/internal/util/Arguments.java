package dev.cloudai.internal.util;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Copies of caller-given arrays and collections that name the argument, and the position of a {@code null} element,
 * when they are refused: {@code List.copyOf} alone throws a {@code NullPointerException} without a message. Not API:
 * may change without notice.
 *
 * <pre>{@code
 * this.reasons = Arguments.listOf(reasons, "reasons");   // NPE "reasons[2]: must not be null"
 * }</pre>
 */
public final class Arguments {
    private Arguments() {
    }

    /** An unmodifiable copy of {@code values}, refusing a null collection or element by {@code field}. */
    public static <T> List<T> listOf(Collection<? extends T> values, String field) {
        if (values == null) throw new NullPointerException(field + ": must not be null");
        int i = 0;
        for (T v : values) {
            if (v == null) throw new NullPointerException(field + "[" + i + "]: must not be null");
            i++;
        }
        return List.copyOf(values);
    }

    /** {@link #listOf(Collection, String)} for an array, such as varargs. */
    @SafeVarargs
    @SuppressWarnings("varargs")   // safe: the array is only read, and copied before it is returned
    public static <T> List<T> listOf(String field, T... values) {
        if (values == null) throw new NullPointerException(field + ": must not be null");
        return listOf(Arrays.asList(values), field);
    }

    /** {@code value}, refused with an {@code IllegalArgumentException} naming {@code field} when null or blank. */
    public static String requireText(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
        return value;
    }

    /** An unmodifiable set of {@code values}, refusing a null collection or element by {@code field}. */
    public static <T> Set<T> setOf(Collection<? extends T> values, String field) {
        return Set.copyOf(listOf(values, field));
    }
}

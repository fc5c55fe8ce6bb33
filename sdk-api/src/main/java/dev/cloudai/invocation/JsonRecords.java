package dev.cloudai.invocation;

import dev.cloudai.spi.json.Json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON schemas from Java records, and JSON answers read back into them: structured output and tool arguments
 * without a JSON library. The schema is strict (every property required, no others allowed), the form Azure
 * OpenAI's strict mode demands and the other clouds take; an {@link Optional} component may be {@code null}.
 *
 * <pre>{@code
 * record Tpu(@JsonRecords.Description("e.g. v5e") String name, int memoryGib) {}
 * record Tpus(List<Tpu> tpus) {}
 *
 * ChatResponse r = chat.chat(ChatRequest.builder().user("List three TPUs")
 *         .responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build());
 * Tpus tpus = JsonRecords.read(r.text(), Tpus.class);
 * String result = JsonRecords.write(new Tpu("v5e", 16));   // {"name":"v5e","memoryGib":16}
 * }</pre>
 * Component types: {@code String}, {@code boolean}, the integer and floating-point primitives and their boxes,
 * {@code BigInteger}, {@code BigDecimal}, enums, {@code LocalDate}, {@code Instant}, {@code OffsetDateTime},
 * records, {@code List}, {@code Set} and arrays of these, and {@code Optional} of any of them.
 */
public final class JsonRecords {

    /** A description of a record or component, for the model, written into the schema. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
    public @interface Description {
        /** The description. */
        String value();
    }

    private JsonRecords() {
    }

    /** The JSON schema of {@code type}, as JSON text. */
    public static String schema(Class<? extends Record> type) {
        if (type == null) throw new NullPointerException("type: must not be null");
        return Json.write(recordSchema(type, new LinkedHashSet<>()));
    }

    /**
     * Reads {@code json} into a {@code type}. Members the record lacks are ignored; a missing or mistyped one is an
     * {@link IllegalArgumentException} naming its path, such as {@code $.tpus[1].memoryGib}.
     */
    public static <T extends Record> T read(String json, Class<T> type) {
        if (json == null) throw new NullPointerException("json: must not be null");
        if (type == null) throw new NullPointerException("type: must not be null");
        Object value;
        try {
            value = Json.parse(json.strip());
        } catch (Json.JsonSyntaxException e) {
            throw new IllegalArgumentException("json: is not valid JSON (" + e.getMessage() + ")", e);
        }
        return type.cast(convert(value, type, "$"));
    }

    /** Writes a record (and the records, lists and values inside it) as JSON. */
    public static String write(Record value) {
        if (value == null) throw new NullPointerException("value: must not be null");
        return Json.write(toJson(value));
    }

    // ---- schema ----

    private static Map<String, Object> recordSchema(Class<?> type, Set<Class<?>> path) {
        if (!path.add(type)) {
            throw new IllegalArgumentException("type: " + type.getName() + " contains itself; a schema for structured"
                    + " output cannot be recursive");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Map<String, Object> schema = typeSchema(c.getGenericType(), type.getSimpleName() + "." + c.getName(), path);
            Description d = c.getAnnotation(Description.class);
            if (d != null) schema.put("description", d.value());
            properties.put(c.getName(), schema);
            required.add(c.getName());
        }
        path.remove(type);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        Description d = type.getAnnotation(Description.class);
        if (d != null) schema.put("description", d.value());
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> typeSchema(Type type, String where, Set<Class<?>> path) {
        Class<?> raw = rawClass(type);
        Map<String, Object> s = new LinkedHashMap<>();
        if (raw == Optional.class) {
            Map<String, Object> inner = typeSchema(typeArgument(type, where), where, path);
            Object t = inner.get("type");
            if (t instanceof List) return inner;   // Optional<Optional<X>>: already nullable
            inner.put("type", List.of(t, "null"));
            if (inner.get("enum") instanceof List<?> names) {
                // "enum" holds on its own: without null in it, a null value fails the schema despite the type
                List<Object> orNull = new ArrayList<>(names);
                orNull.add(null);
                inner.put("enum", orNull);
            }
            return inner;
        }
        if (raw == String.class) {
            s.put("type", "string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (isInteger(raw)) {
            s.put("type", "integer");
        } else if (isDecimal(raw)) {
            s.put("type", "number");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) names.add(((Enum<?>) constant).name());
            s.put("enum", names);
        } else if (raw == LocalDate.class) {
            s.put("type", "string");
            s.put("format", "date");
        } else if (raw == Instant.class || raw == OffsetDateTime.class) {
            s.put("type", "string");
            s.put("format", "date-time");
        } else if (raw.isRecord()) {
            return recordSchema(raw, path);
        } else if (raw.isArray() || raw == List.class || raw == Set.class || raw == Collection.class) {
            s.put("type", "array");
            s.put("items", typeSchema(elementType(type, where), where + "[]", path));
        } else {
            throw unsupportedType(raw, where);
        }
        return s;
    }

    // ---- reading ----

    private static Object convert(Object value, Type type, String path) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            return value == null ? Optional.empty() : Optional.of(convert(value, typeArgument(type, path), path));
        }
        if (value == null) throw mismatch(path, raw, null);   // only an Optional component may be null
        if (raw == String.class) {
            if (value instanceof String s) return s;
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (value instanceof Boolean b) return b;
        } else if (isInteger(raw) || isDecimal(raw)) {
            if (value instanceof BigDecimal n) return number(n, raw, path);
        } else if (raw.isEnum()) {
            if (value instanceof String s) return enumConstant(raw, s, path);
        } else if (raw == LocalDate.class || raw == Instant.class || raw == OffsetDateTime.class) {
            if (value instanceof String s) return time(raw, s, path);
        } else if (raw.isRecord()) {
            if (value instanceof Map<?, ?> m) return record(raw, m, path);
        } else if (raw.isArray() || raw == List.class || raw == Set.class || raw == Collection.class) {
            if (value instanceof List<?> items) return collection(raw, type, items, path);
        } else {
            throw unsupportedType(raw, path);
        }
        throw mismatch(path, raw, value);
    }

    private static Object record(Class<?> type, Map<?, ?> members, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String at = path + "." + c.getName();
            if (!members.containsKey(c.getName()) && c.getType() != Optional.class) {
                throw new IllegalArgumentException(at + ": is missing");
            }
            args[i] = convert(members.get(c.getName()), c.getGenericType(), at);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(path + ": " + type.getSimpleName() + " refused the values: "
                    + cause.getMessage(), cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(path + ": cannot create a " + type.getName() + " (" + e + ")", e);
        }
    }

    private static Object collection(Class<?> raw, Type type, List<?> items, String path) {
        Type element = elementType(type, path);
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(convert(items.get(i), element, path + "[" + i + "]"));
        if (raw.isArray()) {
            Object array = Array.newInstance(raw.getComponentType(), out.size());
            for (int i = 0; i < out.size(); i++) Array.set(array, i, out.get(i));
            return array;
        }
        // a Set keeps the answer's order, as a List does
        return raw == Set.class ? Collections.unmodifiableSet(new LinkedHashSet<>(out)) : List.copyOf(out);
    }

    private static Object number(BigDecimal n, Class<?> raw, String path) {
        try {
            if (raw == int.class || raw == Integer.class) return n.intValueExact();
            if (raw == long.class || raw == Long.class) return n.longValueExact();
            if (raw == short.class || raw == Short.class) return n.shortValueExact();
            if (raw == byte.class || raw == Byte.class) return n.byteValueExact();
            if (raw == BigInteger.class) return n.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + ": expected a whole number that fits " + describeNumber(raw)
                    + ", was " + n.toPlainString());
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            double d = n.doubleValue();
            float f = n.floatValue();
            boolean isFloat = raw == float.class || raw == Float.class;
            // doubleValue() and floatValue() turn a number too large into infinity without a word
            if (isFloat ? Float.isInfinite(f) : Double.isInfinite(d)) {
                throw new IllegalArgumentException(path + ": expected a number that fits " + describeNumber(raw)
                        + ", was " + n);
            }
            return isFloat ? (Object) f : (Object) d;
        }
        return n;   // BigDecimal
    }

    /** "an int", "a Long", "a BigInteger". */
    private static String describeNumber(Class<?> raw) {
        String name = raw.getSimpleName();
        return ("aeiouAEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static Object enumConstant(Class<?> raw, String name, String path) {
        for (Object constant : raw.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) return constant;
        }
        List<String> names = new ArrayList<>();
        for (Object constant : raw.getEnumConstants()) names.add(((Enum<?>) constant).name());
        throw new IllegalArgumentException(path + ": \"" + name + "\" is not one of " + names);
    }

    private static Object time(Class<?> raw, String text, String path) {
        try {
            if (raw == LocalDate.class) return LocalDate.parse(text);
            if (raw == Instant.class) return Instant.parse(text);
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ": \"" + text + "\" is not a " + raw.getSimpleName(), e);
        }
    }

    // ---- writing ----

    private static Object toJson(Object value) {
        if (value == null) return null;
        if (value instanceof Optional<?> o) return o.map(JsonRecords::toJson).orElse(null);
        if (value instanceof Record r) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    members.put(c.getName(), toJson(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("value: cannot read " + c.getName() + " of "
                            + r.getClass().getName() + " (" + e + ")", e);
                }
            }
            return members;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) out.add(toJson(item));
            return out;
        }
        if (value.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) out.add(toJson(Array.get(value, i)));
            return out;
        }
        if (value instanceof Enum<?> e) return e.name();
        if (value instanceof Character || value instanceof Instant || value instanceof LocalDate
                || value instanceof OffsetDateTime) {
            return value.toString();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) return value;
        throw unsupportedType(value.getClass(), "value");
    }

    // ---- types ----

    private static boolean isInteger(Class<?> c) {
        return c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
                || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class;
    }

    private static boolean isDecimal(Class<?> c) {
        return c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        if (type instanceof GenericArrayType g) return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        throw new IllegalArgumentException("type: " + type + " is not a concrete type; use a record, a list or a value");
    }

    private static Type typeArgument(Type type, String where) {
        if (type instanceof ParameterizedType p) return p.getActualTypeArguments()[0];
        throw new IllegalArgumentException(where + ": a raw " + rawClass(type).getSimpleName()
                + " has no element type; give it one, such as List<String>");
    }

    private static Type elementType(Type type, String where) {
        if (type instanceof Class<?> c && c.isArray()) return c.getComponentType();
        if (type instanceof GenericArrayType g) return g.getGenericComponentType();
        return typeArgument(type, where);
    }

    private static IllegalArgumentException unsupportedType(Class<?> raw, String where) {
        return new IllegalArgumentException(where + ": type " + raw.getName() + " has no JSON schema here; use"
                + " String, a number, boolean, an enum, a date, a record, a List, a Set or an Optional of these");
    }

    private static IllegalArgumentException mismatch(String path, Class<?> expected, Object value) {
        return new IllegalArgumentException(path + ": expected " + describe(expected) + ", was "
                + (value == null ? "null" : Json.kind(value) + (value instanceof Map || value instanceof List ? ""
                : " " + Json.write(value))));
    }

    private static String describe(Class<?> c) {
        if (c == String.class || c.isEnum()) return "a string";
        if (c == boolean.class || c == Boolean.class) return "a boolean";
        if (isInteger(c)) return "an integer";
        if (isDecimal(c)) return "a number";
        if (c.isRecord()) return "an object (" + c.getSimpleName() + ")";
        if (c.isArray() || Collection.class.isAssignableFrom(c)) return "an array";
        return "a string (" + c.getSimpleName() + ")";
    }
}

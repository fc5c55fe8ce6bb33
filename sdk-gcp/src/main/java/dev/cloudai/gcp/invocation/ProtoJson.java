package dev.cloudai.gcp.invocation;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.cloudai.spi.json.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from protobuf's {@code Struct}/{@code Value}, which Vertex uses for function arguments, function
 * responses and JSON schemas. Written over sdk-api's strict JSON reader rather than protobuf's {@code JsonFormat}
 * because {@code JsonFormat} prints every number as a double ({@code 1} comes back as {@code 1.0}), and a tool's
 * integer arguments must come back as integers.
 *
 * <pre>{@code
 * Struct args = ProtoJson.struct("{\"city\":\"Paris\",\"days\":3}", "arguments");
 * ProtoJson.text(args);   // {"city":"Paris","days":3}
 * }</pre>
 */
final class ProtoJson {
    /** Doubles up to 2^53 are exact integers. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

    private ProtoJson() {
    }

    /** A JSON object text as a Struct; {@code field} names the text in the error when it is no JSON object. */
    static Struct struct(String json, String field) {
        return toValue(Json.parseObject(json, field)).getStructValue();
    }

    /** Any JSON value as a protobuf Value; throws {@link Json.JsonSyntaxException} when {@code json} is not JSON. */
    static Value value(String json) {
        return toValue(Json.parse(json));
    }

    /** A Struct as compact JSON text, integral numbers without a fraction. */
    static String text(Struct struct) {
        return Json.write(toObject(Value.newBuilder().setStructValue(struct).build()));
    }

    @SuppressWarnings("unchecked")
    static Value toValue(Object json) {
        Value.Builder v = Value.newBuilder();
        if (json == null) {
            v.setNullValue(NullValue.NULL_VALUE);
        } else if (json instanceof String s) {
            v.setStringValue(s);
        } else if (json instanceof Boolean b) {
            v.setBoolValue(b);
        } else if (json instanceof Number n) {
            v.setNumberValue(n.doubleValue());
        } else if (json instanceof Map<?, ?> map) {
            Struct.Builder s = Struct.newBuilder();
            ((Map<String, Object>) map).forEach((k, value) -> s.putFields(k, toValue(value)));
            v.setStructValue(s);
        } else if (json instanceof List<?> list) {
            ListValue.Builder l = ListValue.newBuilder();
            for (Object item : list) l.addValues(toValue(item));
            v.setListValue(l);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + json.getClass().getName());
        }
        return v.build();
    }

    static Object toObject(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case STRING_VALUE -> value.getStringValue();
            case NUMBER_VALUE -> number(value.getNumberValue());
            case STRUCT_VALUE -> {
                Map<String, Object> out = new LinkedHashMap<>();
                value.getStructValue().getFieldsMap().forEach((k, v) -> out.put(k, toObject(v)));
                yield out;
            }
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>();
                for (Value item : value.getListValue().getValuesList()) out.add(toObject(item));
                yield out;
            }
        };
    }

    private static Object number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return String.valueOf(d);   // JSON has no such number
        if (d == Math.rint(d) && Math.abs(d) <= EXACT_INTEGERS) return BigDecimal.valueOf((long) d);
        return BigDecimal.valueOf(d);
    }
}

package dev.cloudai.azure.invocation;

import dev.cloudai.azure.http.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI's strict structured outputs refuse a schema in which an object allows other properties or leaves one
 * of its properties out of {@code required} ("Invalid schema for response_format ...: 'additionalProperties' is
 * required to be supplied and to be false"; OpenAI's structured outputs guide, "Supported schemas"). The schema is
 * checked here so the caller learns which part breaks the rule before anything is sent. Schemas from
 * {@code JsonRecords.schema(...)} always pass.
 *
 * <pre>{@code
 * StrictSchema.check("tpus", "{\"type\":\"object\",\"properties\":{}}");   // IllegalArgumentException at $
 * }</pre>
 */
final class StrictSchema {
    private StrictSchema() {
    }

    /**
     * @throws IllegalArgumentException naming {@code responseFormat} and the JSON path of the object that breaks
     *                                  strict mode
     */
    static void check(String name, String schema) {
        walk(name, Json.parseObject(schema), "$");
    }

    private static void walk(String name, Object node, String path) {
        if (!(node instanceof Map<?, ?> schema)) return;
        Object properties = schema.get("properties");
        if (isObject(schema) || properties instanceof Map) {
            if (!Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                throw refused(name, path, "an object schema needs \"additionalProperties\": false");
            }
            if (properties instanceof Map<?, ?> props) {
                List<String> missing = new ArrayList<>();
                Object required = schema.get("required");
                for (Object key : props.keySet()) {
                    if (!(required instanceof List<?> list) || !list.contains(key)) missing.add(String.valueOf(key));
                }
                if (!missing.isEmpty()) {
                    throw refused(name, path, "every property must be listed in \"required\" (make a property"
                            + " optional with a type that allows null instead); missing " + missing);
                }
                for (Map.Entry<?, ?> e : props.entrySet()) walk(name, e.getValue(), path + ".properties." + e.getKey());
            }
        }
        walk(name, schema.get("items"), path + ".items");
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.get(combinator) instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) walk(name, list.get(i), path + "." + combinator + "[" + i + "]");
            }
        }
        for (String definitions : new String[] {"$defs", "definitions"}) {
            if (schema.get(definitions) instanceof Map<?, ?> defs) {
                for (Map.Entry<?, ?> e : defs.entrySet()) walk(name, e.getValue(), path + "." + definitions + "." + e.getKey());
            }
        }
    }

    private static boolean isObject(Map<?, ?> schema) {
        Object type = schema.get("type");
        return "object".equals(type) || (type instanceof List<?> types && types.contains("object"));
    }

    private static IllegalArgumentException refused(String name, String path, String rule) {
        return new IllegalArgumentException("responseFormat: schema \"" + name + "\" does not suit Azure OpenAI's strict"
                + " structured outputs at " + path + ": " + rule + "; ResponseFormat.jsonSchema(SomeRecord.class) makes"
                + " a schema that does");
    }
}

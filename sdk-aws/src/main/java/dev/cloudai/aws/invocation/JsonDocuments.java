package dev.cloudai.aws.invocation;

import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text to and from the SDK's {@link Document}, the type Converse uses for a tool's input schema, a tool call's
 * input, a JSON tool result and {@code additionalModelRequestFields}. Uses the SDK's own JSON reader and writer
 * (json-utils), so the adapter brings no JSON library of its own.
 *
 * <pre>{@code
 * Document input = JsonDocuments.parse("{\"city\":\"Paris\"}");   // a map document
 * String text = JsonDocuments.write(input);                         // {"city":"Paris"}
 * }</pre>
 */
final class JsonDocuments {
    private JsonDocuments() {
    }

    /** {@code json} as a document, or empty when it is not JSON. */
    static Optional<Document> tryParse(String json) {
        try {
            return Optional.of(toDocument(JsonNode.parser().parse(json)));
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** {@code json} as a document; {@code field} names it in the exception when it is not JSON. */
    static Document parse(String json, String field) {
        return tryParse(json).orElseThrow(() -> new IllegalArgumentException(field + ": is not valid JSON"));
    }

    /** The document as compact JSON text; {@code null} (no document) as {@code {}}. */
    static String write(Document document) {
        if (document == null) return "{}";
        JsonWriter w = JsonWriter.create();
        write(w, document);
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    /** The JSON value as compact JSON text: a tool call's input read from a model's native answer. */
    static String write(JsonNode node) {
        return write(toDocument(node));
    }

    /** Writes {@code d} at the writer's current position: a tool's schema inside a body being written. */
    static void write(JsonWriter w, Document d) {
        if (d.isNull()) {
            w.writeNull();
        } else if (d.isBoolean()) {
            w.writeValue(d.asBoolean());
        } else if (d.isString()) {
            w.writeValue(d.asString());
        } else if (d.isNumber()) {
            w.writeNumber(d.asNumber().stringValue());
        } else if (d.isList()) {
            w.writeStartArray();
            for (Document item : d.asList()) write(w, item);
            w.writeEndArray();
        } else {
            w.writeStartObject();
            for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
                w.writeFieldName(e.getKey());
                write(w, e.getValue());
            }
            w.writeEndObject();
        }
    }

    private static Document toDocument(JsonNode node) {
        if (node.isNull()) return Document.fromNull();
        if (node.isBoolean()) return Document.fromBoolean(node.asBoolean());
        if (node.isString()) return Document.fromString(node.asString());
        if (node.isNumber()) return Document.fromNumber(SdkNumber.fromString(node.asNumber()));
        if (node.isArray()) {
            List<Document> items = new ArrayList<>();
            for (JsonNode item : node.asArray()) items.add(toDocument(item));
            return Document.fromList(items);
        }
        if (node.isObject()) {
            Map<String, Document> fields = new LinkedHashMap<>();
            node.asObject().forEach((k, v) -> fields.put(k, toDocument(v)));
            return Document.fromMap(fields);
        }
        throw new IllegalArgumentException("not a JSON value: " + node.getClass().getSimpleName());
    }
}

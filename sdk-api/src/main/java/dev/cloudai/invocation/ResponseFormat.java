package dev.cloudai.invocation;

import dev.cloudai.spi.json.Json;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of the answer's text: free text (the default), any JSON object, or JSON that follows a schema. With
 * JSON, the answer's {@link ChatResponse#text()} is the JSON.
 *
 * <pre>{@code
 * record Tpu(String name, int memoryGib) {}
 * record Tpus(List<Tpu> tpus) {}
 * ChatResponse r = chat.chat(ChatRequest.builder().user("List three TPUs")
 *         .responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build());
 * Tpus tpus = JsonRecords.read(r.text(), Tpus.class);
 * }</pre>
 */
public final class ResponseFormat {
    /** What the answer must be. */
    public enum Kind { TEXT, JSON, JSON_SCHEMA }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null);
    private static final ResponseFormat JSON = new ResponseFormat(Kind.JSON, null, null);

    private final Kind kind;
    private final String name;
    private final String schema;

    private ResponseFormat(Kind kind, String name, String schema) {
        this.kind = kind;
        this.name = name;
        this.schema = schema;
    }

    /** Free text, the default. */
    public static ResponseFormat text() { return TEXT; }

    /** A JSON object, of any shape. */
    public static ResponseFormat json() { return JSON; }

    /**
     * JSON that follows {@code schema}.
     *
     * @param name 1 to 64 letters, digits, {@code _} or {@code -}; names the schema for the model
     * @param schema a JSON schema whose top level is an object
     */
    public static ResponseFormat jsonSchema(String name, String schema) {
        if (name == null) throw new NullPointerException("name: the schema needs a name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: schema name \"" + name
                    + "\" must be 1 to 64 letters, digits, '_' or '-'");
        }
        if (schema == null) throw new NullPointerException("schema: must not be null");
        Json.parseObject(schema, "schema");
        return new ResponseFormat(Kind.JSON_SCHEMA, name, schema);
    }

    /** JSON that follows the schema of {@code type} ({@link JsonRecords#schema(Class)}), named by its simple name. */
    public static ResponseFormat jsonSchema(Class<? extends Record> type) {
        if (type == null) throw new NullPointerException("type: must not be null");
        return jsonSchema(type.getSimpleName(), JsonRecords.schema(type));
    }

    /** What the answer must be. */
    public Kind kind() { return kind; }

    /** The schema's name, with {@link Kind#JSON_SCHEMA}. */
    public Optional<String> name() { return Optional.ofNullable(name); }

    /** The JSON schema, with {@link Kind#JSON_SCHEMA}. */
    public Optional<String> schema() { return Optional.ofNullable(schema); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseFormat f && kind == f.kind && Objects.equals(name, f.name)
                && Objects.equals(schema, f.schema);
    }

    @Override
    public int hashCode() { return Objects.hash(kind, name, schema); }

    @Override
    public String toString() { return name == null ? "ResponseFormat[" + kind + "]" : "ResponseFormat[" + kind + ", " + name + "]"; }
}

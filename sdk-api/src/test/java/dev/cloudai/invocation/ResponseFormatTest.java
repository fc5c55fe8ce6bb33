package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Free text, any JSON, or JSON by a named schema. */
class ResponseFormatTest {
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}";

    record Tpu(String name, int memoryGib) {
    }

    @Test
    void textIsTheDefault() {
        assertSame(ResponseFormat.text(), ChatRequest.ofUser("Q").responseFormat());
        assertEquals(ResponseFormat.Kind.TEXT, ResponseFormat.text().kind());
        assertEquals(Optional.empty(), ResponseFormat.json().schema());
        assertEquals("ResponseFormat[JSON]", ResponseFormat.json().toString());
    }

    @Test
    void aSchemaFormatKeepsItsNameAndSchema() {
        ResponseFormat f = ResponseFormat.jsonSchema("count", SCHEMA);
        assertEquals(ResponseFormat.Kind.JSON_SCHEMA, f.kind());
        assertEquals(Optional.of("count"), f.name());
        assertEquals(Optional.of(SCHEMA), f.schema());
        assertEquals(f, ResponseFormat.jsonSchema("count", SCHEMA));
        assertEquals(f.hashCode(), ResponseFormat.jsonSchema("count", SCHEMA).hashCode());
        assertNotEquals(f, ResponseFormat.jsonSchema("other", SCHEMA));
        assertEquals("ResponseFormat[JSON_SCHEMA, count]", f.toString());
    }

    @Test
    void aBadSchemaNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResponseFormat.jsonSchema("my schema", SCHEMA));
        assertEquals("name: schema name \"my schema\" must be 1 to 64 letters, digits, '_' or '-'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResponseFormat.jsonSchema("", SCHEMA));
        assertThrows(IllegalArgumentException.class, () -> ResponseFormat.jsonSchema("n".repeat(65), SCHEMA));
    }

    @Test
    void aSchemaMustBeAJsonObject() {
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                () -> ResponseFormat.jsonSchema("count", "[]"));
        assertEquals("schema: must be a JSON object, was an array", array.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> ResponseFormat.jsonSchema("count", "{type: object}"));
        assertTrue(text.getMessage().startsWith("schema: is not valid JSON ("), text.getMessage());
    }

    @Test
    void aRecordGivesItsSchemaUnderItsSimpleName() {
        ResponseFormat f = ResponseFormat.jsonSchema(Tpu.class);
        assertEquals(Optional.of("Tpu"), f.name());
        assertEquals(Optional.of(JsonRecords.schema(Tpu.class)), f.schema());
    }
}

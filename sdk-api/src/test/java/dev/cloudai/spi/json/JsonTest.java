package dev.cloudai.spi.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict RFC 8259 reader and the compact writer the neutral API uses inside JSON text. */
class JsonTest {

    private static Json.JsonSyntaxException refused(String text) {
        return assertThrows(Json.JsonSyntaxException.class, () -> Json.parse(text));
    }

    @Test
    void anObjectKeepsItsMemberOrderAndValueKinds() {
        Object parsed = Json.parse(" {\"b\": 1, \"a\": [true, false, null], \"c\": {\"d\": \"e\"}, \"f\": -2.5e3}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", new BigDecimal("1"));
        expected.put("a", Arrays.asList(true, false, null));
        expected.put("c", Map.of("d", "e"));
        expected.put("f", new BigDecimal("-2.5e3"));
        assertEquals(expected, parsed);
        assertEquals(List.of("b", "a", "c", "f"), new ArrayList<>(((Map<?, ?>) parsed).keySet()));
    }

    @Test
    void emptyContainersAndTopLevelScalarsParse() {
        assertEquals(Map.of(), Json.parse("{ }"));
        assertEquals(List.of(), Json.parse("[ ]"));
        assertEquals("x", Json.parse("\"x\""));
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertNull(Json.parse(" null "));
        assertEquals(new BigDecimal("0"), Json.parse("0"));
    }

    @Test
    void stringEscapesAreDecoded() {
        assertEquals("a\"b\\c/d\be\ff\ng\rh\ti", Json.parse("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\""));
        assertEquals("Aé", Json.parse("\"\\u0041\\u00E9\""));
    }

    @Test
    void aSurrogatePairEscapeBecomesOneCodePoint() {
        String s = (String) Json.parse("\"\\ud83d\\ude00 ok\"");
        assertEquals("\uD83D\uDE00 ok", s);
        assertEquals(0x1F600, s.codePointAt(0));
    }

    @Test
    void numbersKeepTheirExactValue() {
        assertEquals(new BigDecimal("12345678901234567890.125"), Json.parse("12345678901234567890.125"));
        assertEquals(new BigDecimal("-0"), Json.parse("-0"));
        assertEquals(new BigDecimal("1E+2"), Json.parse("1E+2"));
        assertEquals(new BigDecimal("1e-2"), Json.parse("1e-2"));
    }

    @ParameterizedTest(name = "{0} fails at offset {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\":1} x        | 8  | unexpected text after the JSON value",
            "\"abc              | 4  | unterminated string",
            "\"a\\qb\"          | 2  | bad escape '\\q'",
            "\"\\u12\"          | 1  | a \\u escape needs four hex digits",
            "\"\\u+041\"        | 1  | a \\u escape needs four hex digits",
            "01                 | 0  | a number must not start with 0",
            "[-01]              | 2  | a number must not start with 0",
            "1.                 | 2  | expected a digit after '.'",
            "1e                 | 2  | expected a digit in the exponent",
            "-                  | 1  | expected a digit",
            "[1,]               | 3  | unexpected character ']'",
            "{\"a\" 1}          | 5  | expected ':'",
            "{a:1}              | 1  | expected a member name in quotes",
            "[1 2]              | 3  | expected ',' or ']'",
            "tru                | 0  | expected true",
            "''                 | 0  | unexpected character",
            "1e9999999999       | 0  | number out of range",
    })
    void malformedTextFailsWithTheOffsetWhereItStopped(String text, int offset, String message) {
        Json.JsonSyntaxException e = refused(text);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at offset " + offset), e.getMessage());
        assertFalse(Json.isJson(text));
    }

    @Test
    void emptyTextIsNotJson() {
        assertEquals("unexpected end of text at offset 0", refused("").getMessage());
        assertEquals("unexpected end of text at offset 2", refused("  ").getMessage());
        assertEquals(3, refused("[1,").offset());
    }

    @Test
    void aRawControlCharacterInAStringIsRefused() {
        Json.JsonSyntaxException e = refused("\"a\nb\"");
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().startsWith("control character in a string"), e.getMessage());
    }

    @Test
    void nestingIsLimitedTo256ObjectsAndArrays() {
        String deepest = "[".repeat(256) + "]".repeat(256);
        assertInstanceOf(List.class, Json.parse(deepest));
        Json.JsonSyntaxException e = refused("[".repeat(257) + "]".repeat(257));
        assertEquals(256, e.offset());
        assertTrue(e.getMessage().startsWith("more than 256 objects and arrays inside each other"), e.getMessage());
        String objects = "{\"a\":".repeat(257) + "1" + "}".repeat(257);
        assertEquals(256 * 5, refused(objects).offset());
    }

    @Test
    void parseObjectNamesTheFieldAndWhatItFound() {
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                () -> Json.parseObject("[1]", "schema"));
        assertEquals("schema: must be a JSON object, was an array", array.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Json.parseObject("{", "schema"));
        assertEquals("schema: is not valid JSON (expected a member name in quotes at offset 1)", bad.getMessage());
        assertEquals(Map.of("a", "b"), Json.parseObject("{\"a\":\"b\"}", "schema"));
    }

    @Test
    void writeIsCompactAndKeepsOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", List.of(1, 2.5, new BigDecimal("1E+3")));
        value.put("a", null);
        value.put("b", Map.of("t", true));
        assertEquals("{\"z\":[1,2.5,1000],\"a\":null,\"b\":{\"t\":true}}", Json.write(value));
    }

    @Test
    void writeRefusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void controlCharactersAreEscapedWhenQuoted() {
        assertEquals("\"\\u0000\\u001f\\n\\t\\r\\b\\f\\\"\\\\\u007f\"", Json.quote("\u0000\u001f\n\t\r\b\f\"\\\u007f"));
    }

    @Test
    void whatIsQuotedParsesBackToTheSameString() {
        String tricky = "line\nbreak \"quoted\" back\\slash \u0001 tab\t emoji \uD83D\uDE00 é / end";
        assertEquals(tricky, Json.parse(Json.quote(tricky)));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(tricky, Arrays.asList(tricky, null, new BigDecimal("-1.5"), true));
        assertEquals(value, Json.parse(Json.write(value)));
    }

    @Test
    void kindNamesEachJsonKind() {
        assertEquals("an object", Json.kind(Map.of()));
        assertEquals("an array", Json.kind(List.of()));
        assertEquals("a string", Json.kind("s"));
        assertEquals("a number", Json.kind(BigDecimal.ONE));
        assertEquals("a boolean", Json.kind(true));
        assertEquals("null", Json.kind(null));
    }
}

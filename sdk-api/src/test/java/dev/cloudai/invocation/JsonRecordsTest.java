package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict schemas from records, JSON read back into records with the path of what is wrong, records written. */
class JsonRecordsTest {

    enum Size { SMALL, LARGE }

    @JsonRecords.Description("One TPU")
    record Tpu(@JsonRecords.Description("e.g. v5e") String name, int memoryGib, Size size, Optional<String> note) {
    }

    record Catalog(List<Tpu> tpus, Set<String> tags, LocalDate asOf, Instant at, OffsetDateTime local,
                   Optional<Size> biggest, BigDecimal price, boolean open, Long count, BigInteger serial) {
    }

    record Numbers(double[] values, int[] counts, float ratio) {
    }

    record Node(String name, List<Node> children) {
    }

    record Indirect(Optional<Wrapper> inner) {
    }

    record Wrapper(List<Indirect> loop) {
    }

    record Bag(String name, Map<String, String> items) {
    }

    record Positive(int n) {
        Positive {
            if (n < 0) throw new IllegalArgumentException("n must not be negative");
        }
    }

    static final String TPU_SCHEMA = "{\"type\":\"object\",\"description\":\"One TPU\",\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"description\":\"e.g. v5e\"},"
            + "\"memoryGib\":{\"type\":\"integer\"},"
            + "\"size\":{\"type\":\"string\",\"enum\":[\"SMALL\",\"LARGE\"]},"
            + "\"note\":{\"type\":[\"string\",\"null\"]}},"
            + "\"required\":[\"name\",\"memoryGib\",\"size\",\"note\"],\"additionalProperties\":false}";

    static final String CATALOG = "{\"tpus\":[{\"name\":\"v5e\",\"memoryGib\":16,\"size\":\"SMALL\",\"note\":\"cheap\"},"
            + "{\"name\":\"v5p\",\"memoryGib\":95,\"size\":\"LARGE\",\"note\":null}],"
            + "\"tags\":[\"tpu\",\"google\"],\"asOf\":\"2026-01-31\",\"at\":\"2026-01-31T10:15:30Z\","
            + "\"local\":\"2026-01-31T10:15:30+01:00\",\"biggest\":\"LARGE\",\"price\":1.375,\"open\":true,"
            + "\"count\":9007199254740993,\"serial\":123456789012345678901234567890}";

    private static IllegalArgumentException refused(String json, Class<? extends Record> type) {
        return assertThrows(IllegalArgumentException.class, () -> JsonRecords.read(json, type));
    }

    @Test
    void aRecordsSchemaIsStrictWithItsDescriptions() {
        assertEquals(TPU_SCHEMA, JsonRecords.schema(Tpu.class));
    }

    @Test
    void nestedRecordsListsEnumsOptionalsAndDatesHaveTheirSchemas() {
        assertEquals("{\"type\":\"object\",\"properties\":{"
                + "\"tpus\":{\"type\":\"array\",\"items\":" + TPU_SCHEMA + "},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"asOf\":{\"type\":\"string\",\"format\":\"date\"},"
                + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"local\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"biggest\":{\"type\":[\"string\",\"null\"],\"enum\":[\"SMALL\",\"LARGE\",null]},"
                + "\"price\":{\"type\":\"number\"},"
                + "\"open\":{\"type\":\"boolean\"},"
                + "\"count\":{\"type\":\"integer\"},"
                + "\"serial\":{\"type\":\"integer\"}},"
                + "\"required\":[\"tpus\",\"tags\",\"asOf\",\"at\",\"local\",\"biggest\",\"price\",\"open\",\"count\","
                + "\"serial\"],\"additionalProperties\":false}", JsonRecords.schema(Catalog.class));
    }

    @Test
    void arraysHaveItemSchemas() {
        assertEquals("{\"type\":\"object\",\"properties\":{"
                + "\"values\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}},"
                + "\"counts\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
                + "\"ratio\":{\"type\":\"number\"}},"
                + "\"required\":[\"values\",\"counts\",\"ratio\"],\"additionalProperties\":false}",
                JsonRecords.schema(Numbers.class));
    }

    @Test
    void aRecursiveRecordIsRefused() {
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> JsonRecords.schema(Node.class));
        assertEquals("type: " + Node.class.getName() + " contains itself; a schema for structured output cannot be"
                + " recursive", direct.getMessage());
        IllegalArgumentException indirect = assertThrows(IllegalArgumentException.class,
                () -> JsonRecords.schema(Indirect.class));
        assertTrue(indirect.getMessage().startsWith("type: " + Indirect.class.getName() + " contains itself"),
                indirect.getMessage());
    }

    @Test
    void anUnsupportedTypeIsNamedWithItsComponent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonRecords.schema(Bag.class));
        assertTrue(e.getMessage().startsWith("Bag.items: type java.util.Map has no JSON schema here"), e.getMessage());
        IllegalArgumentException read = refused("{\"name\":\"b\",\"items\":{}}", Bag.class);
        assertTrue(read.getMessage().startsWith("$.items: type java.util.Map has no JSON schema here"), read.getMessage());
    }

    @Test
    void aWholeAnswerIsReadBack() {
        Catalog c = JsonRecords.read("  " + CATALOG + "\n", Catalog.class);
        assertEquals(new Catalog(
                List.of(new Tpu("v5e", 16, Size.SMALL, Optional.of("cheap")), new Tpu("v5p", 95, Size.LARGE, Optional.empty())),
                Set.of("tpu", "google"), LocalDate.of(2026, 1, 31), Instant.parse("2026-01-31T10:15:30Z"),
                OffsetDateTime.parse("2026-01-31T10:15:30+01:00"), Optional.of(Size.LARGE), new BigDecimal("1.375"),
                true, 9007199254740993L, new BigInteger("123456789012345678901234567890")), c);
        assertEquals(List.of("tpu", "google"), List.copyOf(c.tags()), "a set keeps the answer's order");
    }

    @Test
    void arraysAreReadIntoPrimitiveArrays() {
        Numbers n = JsonRecords.read("{\"values\":[1.5,2],\"counts\":[3,4],\"ratio\":0.25}", Numbers.class);
        assertArrayEquals(new double[]{1.5, 2}, n.values());
        assertArrayEquals(new int[]{3, 4}, n.counts());
        assertEquals(0.25f, n.ratio());
    }

    @Test
    void aMissingMemberIsNamedByItsPath() {
        String json = CATALOG.replace("\"name\":\"v5p\",", "");
        assertEquals("$.tpus[1].name: is missing", refused(json, Catalog.class).getMessage());
    }

    @Test
    void aMistypedMemberIsNamedByItsPath() {
        assertEquals("$.tpus[0].memoryGib: expected an integer, was a string \"16\"",
                refused(CATALOG.replace("16", "\"16\""), Catalog.class).getMessage());
        assertEquals("$.tpus: expected an array, was an object",
                refused(CATALOG.replace("\"tpus\":[", "\"tpus\":{\"x\":[").replace("}],\"tags\"", "}]},\"tags\""),
                        Catalog.class).getMessage());
        assertEquals("$.open: expected a boolean, was null",
                refused(CATALOG.replace("\"open\":true", "\"open\":null"), Catalog.class).getMessage());
        assertEquals("$: expected an object (Tpu), was an array", refused("[]", Tpu.class).getMessage());
    }

    @Test
    void aNumberOutOfItsTypesRangeIsRefused() {
        assertEquals("$.tpus[0].memoryGib: expected a whole number that fits an int, was 3000000000",
                refused(CATALOG.replace(":16", ":3000000000"), Catalog.class).getMessage());
        assertEquals("$.tpus[0].memoryGib: expected a whole number that fits an int, was 16.5",
                refused(CATALOG.replace(":16", ":16.5"), Catalog.class).getMessage());
        assertEquals(16, JsonRecords.read(CATALOG.replace(":16", ":1.6e1"), Catalog.class).tpus().get(0).memoryGib());
        assertEquals("$.ratio: expected a number that fits a float, was 1E+39",
                refused("{\"values\":[],\"counts\":[],\"ratio\":1e39}", Numbers.class).getMessage());
        assertEquals("$.values[0]: expected a number that fits a double, was 1E+400",
                refused("{\"values\":[1e400],\"counts\":[],\"ratio\":1}", Numbers.class).getMessage());
    }

    @Test
    void anEnumValueNotInTheListIsRefused() {
        assertEquals("$.tpus[1].size: \"HUGE\" is not one of [SMALL, LARGE]",
                refused(CATALOG.replace("\"LARGE\",\"note\"", "\"HUGE\",\"note\""), Catalog.class).getMessage());
    }

    @Test
    void anOptionalMayBeMissingOrNull() {
        Tpu missing = JsonRecords.read("{\"name\":\"v4\",\"memoryGib\":32,\"size\":\"LARGE\"}", Tpu.class);
        assertEquals(Optional.empty(), missing.note());
        Tpu nul = JsonRecords.read("{\"name\":\"v4\",\"memoryGib\":32,\"size\":\"LARGE\",\"note\":null}", Tpu.class);
        assertEquals(missing, nul);
        assertEquals("$.note: expected a string, was a number 5",
                refused("{\"name\":\"v4\",\"memoryGib\":32,\"size\":\"LARGE\",\"note\":5}", Tpu.class).getMessage());
    }

    @Test
    void unknownMembersAreIgnored() {
        assertEquals(new Tpu("v4", 32, Size.LARGE, Optional.empty()),
                JsonRecords.read("{\"extra\":[1,{}],\"name\":\"v4\",\"memoryGib\":32,\"size\":\"LARGE\"}", Tpu.class));
    }

    @Test
    void aBadDateIsNamed() {
        assertEquals("$.asOf: \"tomorrow\" is not a LocalDate",
                refused(CATALOG.replace("\"2026-01-31\"", "\"tomorrow\""), Catalog.class).getMessage());
    }

    @Test
    void theRecordsOwnCheckIsReportedWithThePath() {
        assertEquals("$: Positive refused the values: n must not be negative",
                refused("{\"n\":-1}", Positive.class).getMessage());
    }

    @Test
    void invalidJsonIsRefused() {
        IllegalArgumentException e = refused("{\"name\":", Tpu.class);
        assertEquals("json: is not valid JSON (unexpected end of text at offset 8)", e.getMessage());
    }

    @Test
    void aRecordIsWrittenAndReadBack() {
        Tpu tpu = new Tpu("v5e", 16, Size.SMALL, Optional.empty());
        assertEquals("{\"name\":\"v5e\",\"memoryGib\":16,\"size\":\"SMALL\",\"note\":null}", JsonRecords.write(tpu));
        Catalog c = JsonRecords.read(CATALOG, Catalog.class);
        assertEquals(c, JsonRecords.read(JsonRecords.write(c), Catalog.class));
        assertEquals("{\"values\":[1.5],\"counts\":[2],\"ratio\":0.5}",
                JsonRecords.write(new Numbers(new double[]{1.5}, new int[]{2}, 0.5f)));
    }

    @Test
    void writingAnUnsupportedValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonRecords.write(new Bag("b", Map.of("k", "v"))));
        assertTrue(e.getMessage().startsWith("value: type java.util."), e.getMessage());
    }
}

package dev.cloudai.internal.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one CSV line reader of the SDK's data files, and the optional columns a format may append after its own. */
class CsvLinesTest {
    static final String HEADER = "a,b";
    static final List<String> OPTIONAL = List.of("x", "y");

    /** Each row as "line:cell|cell|..." so that one string says what the action saw. */
    static List<String> rows(String text, List<String> optional) {
        List<String> out = new ArrayList<>();
        CsvLines.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", HEADER, optional,
                (line, cells) -> out.add(line + ":" + String.join("|", cells)));
        return out;
    }

    static Stream<Arguments> optionalColumns() {
        return Stream.of(
                Arguments.of("a file without the optional columns loads, each empty", "a,b\n1,2\n", List.of("2:1|2||")),
                Arguments.of("both, in the declared order", "a,b,x,y\n1,2,3,4\n", List.of("2:1|2|3|4")),
                Arguments.of("both, in the other order: cells land in the declared order", "a,b,y,x\n1,2,4,3\n",
                        List.of("2:1|2|3|4")),
                Arguments.of("only the second: the first reads empty", "a,b,y\n1,2,4\n", List.of("2:1|2||4")),
                Arguments.of("only the first", "a,b,x\n1,2,3\n", List.of("2:1|2|3|")),
                Arguments.of("blank lines, comments and a byte-order mark are skipped; lines keep their numbers",
                        "\uFEFF# comment\na,b,x\n\n1,2,3\n# another\n5,6,\n", List.of("4:1|2|3|", "6:5|6||")),
                Arguments.of("an empty optional cell stays empty", "a,b,x,y\n1,2,,4\n", List.of("2:1|2||4")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionalColumns")
    void optionalColumnsMayFollowTheRequiredOnesInAnyOrder(String rule, String text, List<String> expected) {
        assertEquals(expected, rows(text, OPTIONAL), rule);
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("a,b,z\n", "t.csv:1: the header column 'z' is unknown; after the required columns come any of [x, y]"),
                Arguments.of("a,b,x,x\n", "t.csv:1: the header column 'x' is repeated; after the required columns come any of [x, y]"),
                Arguments.of("a,b,x,\n", "t.csv:1: the header column '' is unknown; after the required columns come any of [x, y]"),
                Arguments.of("b,a,x\n", "t.csv:1: the header must be exactly 'a,b', optionally followed by any of [x, y], was 'b,a,x'"),
                Arguments.of("", "t.csv: empty; the first line must be the header 'a,b'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badHeaders")
    void anUnknownOrRepeatedOptionalColumnFailsNamingIt(String text, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> rows(text, OPTIONAL));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aFormatWithoutOptionalColumnsStillWantsTheExactHeader() {
        var e = assertThrows(IllegalArgumentException.class, () -> rows("a,b,x\n1,2,3\n", List.of()));
        assertEquals("t.csv:1: the header must be exactly 'a,b', was 'a,b,x'", e.getMessage());
        assertEquals(List.of("2:1|2"), rows("a,b\n1,2\n", List.of()));
    }

    @Test
    void aRowMustHaveAsManyCellsAsItsHeaderHasColumns() {
        var e = assertThrows(IllegalArgumentException.class, () -> rows("a,b,x\n1,2\n", OPTIONAL));
        assertEquals("t.csv:2: expected 3 columns, found 2 (fields cannot contain commas)", e.getMessage());
        var more = assertThrows(IllegalArgumentException.class, () -> rows("a,b\n1,2,3\n", OPTIONAL));
        assertEquals("t.csv:2: expected 2 columns, found 3 (fields cannot contain commas)", more.getMessage());
    }
}

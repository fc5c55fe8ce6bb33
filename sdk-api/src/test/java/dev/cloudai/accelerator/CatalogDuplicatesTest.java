package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One catalog holds one row per offer (cloud, platform, region, instance type): a repeated row would make
 * {@code select} list the offer twice, or with two prices. A user's file may replace built-in rows, which is not a
 * repetition.
 */
class CatalogDuplicatesTest {
    private static final String G5 = "aws,sagemaker,us-east-1,ml.g5.xlarge,A10G,1,24,4,16,,1.41,,inference,";

    private static Path file(Path dir, String... rows) throws Exception {
        return Files.writeString(dir.resolve("mine.csv"), CatalogCsv.OFFERS_HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    @Test
    void aRepeatedRowFailsWithBothLineNumbers(@TempDir Path dir) throws Exception {
        Path mine = file(dir,
                "# my negotiated prices",
                G5,
                "aws,sagemaker,us-east-1,ml.g5.2xlarge,A10G,1,24,8,32,,1.52,,inference,",
                "",
                "aws,sagemaker,eu-west-1,ml.g5.xlarge,A10G,1,24,4,16,,1.58,,inference,",
                "aws,sagemaker,us-east-1,ml.g5.xlarge,A10G,1,24,4,16,,0.99,,inference,cheaper");
        var e = assertThrows(IllegalArgumentException.class, () -> AcceleratorCatalog.fromCsv(mine));
        assertEquals(mine + ":7: line 7 repeats line 3: aws,sagemaker,us-east-1,ml.g5.xlarge; a catalog has one row per"
                + " cloud, platform, region and instance type, so remove one of them", e.getMessage());
    }

    /**
     * Which rows repeat, and the two lines the message names. Rows are separated by {@code |}; {@code #} and blank
     * rows count as lines, as an editor numbers them (the header is line 1).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "adjacent rows; G5|G5; 3; 2",
            "a comment and a blank line between; G5|# note||G5; 5; 2",
            "the repeat differs only in price and notes; G5|G5 cheaper; 3; 2",
            "a third row repeats the second; OTHER|G5|G5; 4; 3"})
    void aRepeatedRowNamesItsLineAndTheFirstOne(String rule, String rows, int line, int first, @TempDir Path dir)
            throws Exception {
        String[] expanded = java.util.Arrays.stream(rows.split("\\|", -1)).map(r -> switch (r) {
            case "G5" -> G5;
            case "G5 cheaper" -> "aws,sagemaker,us-east-1,ml.g5.xlarge,A10G,1,24,4,16,,0.99,,inference,cheaper";
            case "OTHER" -> "aws,sagemaker,us-east-1,ml.g5.2xlarge,A10G,1,24,8,32,,1.52,,inference,";
            default -> r;
        }).toArray(String[]::new);
        Path mine = file(dir, expanded);
        var e = assertThrows(IllegalArgumentException.class, () -> AcceleratorCatalog.fromCsv(mine), rule);
        assertTrue(e.getMessage().startsWith(mine + ":" + line + ": line " + line + " repeats line " + first + ": "),
                rule + ": " + e.getMessage());
    }

    @Test
    void rowsThatDifferOnlyInTheCaseOfRegionOrInstanceTypeAreTheSameOffer(@TempDir Path dir) throws Exception {
        Path mine = file(dir, G5, "AWS,SageMaker,US-EAST-1,ML.G5.XLARGE,A10G,1,24,4,16,,0.99,,inference,");
        var e = assertThrows(IllegalArgumentException.class, () -> AcceleratorCatalog.fromCsv(mine));
        assertTrue(e.getMessage().contains(":3: line 3 repeats line 2: aws,sagemaker,US-EAST-1,ML.G5.XLARGE;"), e.getMessage());
    }

    @Test
    void offersGivenInCodeMayNotRepeatEither() {
        List<Offer> offers = CatalogCsv.readOffers(SelectionTest.stream(CatalogCsv.OFFERS_HEADER + "\n" + G5 + "\n"), "t");
        var e = assertThrows(IllegalArgumentException.class,
                () -> AcceleratorCatalog.of(List.of(offers.get(0), offers.get(0).withReasons(List.of("again")))));
        assertEquals("offers[1]: repeats offers[0], aws/sagemaker/us-east-1/ml.g5.xlarge; a catalog has one offer per"
                + " cloud, platform, region and instance type", e.getMessage());
    }

    @Test
    void aUserFileReplacesBuiltInRowsWithoutCountingAsARepeat(@TempDir Path dir) throws Exception {
        AcceleratorCatalog builtIn = AcceleratorCatalog.builtIn();
        Offer first = builtIn.offers().get(0);
        Path mine = file(dir, String.join(",", first.cloud(), first.platform(), first.region().toUpperCase(Locale.ROOT),
                first.instanceType(), first.accelerator(), "1", "", "", "", "", "0.01", "", "inference", "negotiated"));
        AcceleratorCatalog merged = builtIn.withOverrides(AcceleratorCatalog.fromCsv(mine));
        assertEquals(builtIn.offers().size(), merged.offers().size(), "the row is replaced, in place, not added");
        assertEquals(OptionalDouble.of(0.01), merged.offers().get(0).pricePerHour());
    }

    @Test
    void theBuiltInCatalogHasNoRepeatedOffer() {
        Set<String> seen = new HashSet<>();
        for (Offer o : AcceleratorCatalog.builtIn().offers()) {
            assertTrue(seen.add(o.key().toLowerCase(Locale.ROOT)), "repeated in the built-in catalog: " + o.key());
        }
    }
}

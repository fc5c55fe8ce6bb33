package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog CSV both ways: the optional committed-price columns read and written, and toCsv reading back equal. */
class CatalogCsvWriteTest {
    static final String COMMITTED = CatalogCsv.OFFERS_HEADER + ",committed_1y_price_per_hour,committed_3y_price_per_hour";

    static List<Offer> read(String text) {
        return CatalogCsv.readOffers(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
    }

    static Offer offer(String notes, OptionalDouble c1, OptionalDouble c3) {
        return new Offer("aws", "vm", "us-east-1", "p5.48xlarge", "H100", 8, OptionalDouble.of(80), OptionalInt.of(192),
                OptionalDouble.of(2048), OptionalDouble.of(3200), OptionalDouble.of(98.32), OptionalDouble.of(20.9934),
                Set.of(Workload.TRAINING), notes, List.of(), c1, c3);
    }

    @Test
    void committedPricesAreReadFromTheOptionalColumnsInEitherOrder() {
        Offer o = read(CatalogCsv.OFFERS_HEADER + ",committed_3y_price_per_hour,committed_1y_price_per_hour\n"
                + "aws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,20.9934,training,src:x,31.5,60.25\n").get(0);
        assertEquals(OptionalDouble.of(60.25), o.committed1yPricePerHour());
        assertEquals(OptionalDouble.of(31.5), o.committed3yPricePerHour());
        assertEquals(OptionalDouble.of(60.25), o.price(PricingModel.COMMITTED_1Y));
        assertEquals(OptionalDouble.of(31.5), o.price(PricingModel.COMMITTED_3Y));
    }

    @Test
    void aFileWithoutTheCommittedColumnsLoadsWithThemEmpty() {
        Offer o = read(CatalogCsv.OFFERS_HEADER + "\naws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,,training,x\n").get(0);
        assertTrue(o.committed1yPricePerHour().isEmpty() && o.committed3yPricePerHour().isEmpty());
    }

    @Test
    void aMalformedCommittedPriceFailsWithItsLineAndColumn() {
        var e = assertThrows(IllegalArgumentException.class, () -> read(COMMITTED + "\n"
                + "aws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,,training,x,-1,\n"));
        assertEquals("t.csv:2, column committed_1y_price_per_hour: '-1' must not be negative", e.getMessage());
    }

    @Test
    void theBuiltInCatalogRoundTripsThroughToCsvToEqualOffers(@TempDir Path dir) throws Exception {
        AcceleratorCatalog builtIn = AcceleratorCatalog.builtIn();
        String csv = builtIn.toCsv();
        assertTrue(csv.startsWith(CatalogCsv.OFFERS_HEADER + "\n"), "no committed price in the snapshot: the pinned header alone");
        Path file = Files.writeString(dir.resolve("copy.csv"), csv);
        assertEquals(builtIn.offers(), AcceleratorCatalog.fromCsv(file).offers());
        assertEquals(builtIn.offers().size() + 1, csv.lines().count());
    }

    @Test
    void committedPricesAreWrittenAndReadBackToEqualOffers(@TempDir Path dir) throws Exception {
        List<Offer> offers = List.of(offer("src:a", OptionalDouble.of(64.1), OptionalDouble.empty()),
                offer("src:b", OptionalDouble.empty(), OptionalDouble.of(41.5)).inRegion("us-west-2"),
                offer("src:c", OptionalDouble.empty(), OptionalDouble.empty()).inRegion("eu-west-1"));
        String csv = AcceleratorCatalog.of(offers).toCsv();
        assertEquals(List.of(COMMITTED,
                        "aws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,20.9934,training,src:a,64.1,",
                        "aws,vm,us-west-2,p5.48xlarge,H100,8,80,192,2048,3200,98.32,20.9934,training,src:b,,41.5",
                        "aws,vm,eu-west-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,20.9934,training,src:c,,"),
                csv.lines().toList());
        assertEquals(offers, AcceleratorCatalog.fromCsv(Files.writeString(dir.resolve("c.csv"), csv)).offers());
    }

    @Test
    void notesWithCommasAndLineBreaksAreWrittenAsOneField() {
        Offer o = offer("list price, us-east-1\r\nsee SOURCES.md", OptionalDouble.empty(), OptionalDouble.empty());
        String csv = AcceleratorCatalog.of(List.of(o)).toCsv();
        assertEquals(2, csv.lines().count(), csv);
        assertEquals("list price; us-east-1  see SOURCES.md", read(csv).get(0).notes());
    }

    @ParameterizedTest(name = "a region ''{0}'' cannot be written")
    @ValueSource(strings = {"us-east-1,us-west-2", "us-east-1\nx"})
    void aNameThatNoUnquotedFieldCanCarryFailsNamingTheOfferAndField(String region) {
        Offer o = offer("x", OptionalDouble.empty(), OptionalDouble.empty()).inRegion(region);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AcceleratorCatalog.of(List.of(offer("x", OptionalDouble.empty(), OptionalDouble.empty()), o)).toCsv());
        assertTrue(e.getMessage().startsWith("offers[1].region: 'us-east-1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("holds a comma or a line break, which a catalog CSV field cannot carry"), e.getMessage());
    }

    @Test
    void numbersAreWrittenAsPeopleWriteThem() {
        Offer o = new Offer("azure", "azureml", "eastus", "Standard_NV6ads_A10_v5", "A10", 0.166667, OptionalDouble.of(24),
                OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.0),
                OptionalDouble.empty(), Set.of(Workload.INFERENCE, Workload.TRAINING), "", List.of());
        assertEquals("azure,azureml,eastus,Standard_NV6ads_A10_v5,A10,0.166667,24,,,,0,,training;inference,",
                AcceleratorCatalog.of(List.of(o)).toCsv().lines().skip(1).findFirst().orElseThrow());
    }
}

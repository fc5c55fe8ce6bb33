package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every selection rule, on a small catalog of this test's own so the expected answers are obvious. */
class SelectionTest {

    static final List<Accelerator> TABLE = CatalogCsv.readAccelerators(stream("""
            name,aliases,vendor,memory_gib,memory_bandwidth_gbps,bf16_tflops,int8_tops,intended_use,source
            T4,NVIDIA_TESLA_T4;nvidia-tesla-t4,nvidia,16,320,65,130,inference,test
            A10,,nvidia,24,600,125,250,inference,test
            A100-40GB,NVIDIA_TESLA_A100;a100,nvidia,40,1555,312,624,training,test
            A100-80GB,NVIDIA_A100_80GB;a100-80gb,nvidia,80,2039,312,624,training,test
            H100,NVIDIA_H100_80GB,nvidia,80,3350,989,1979,training,test
            H100-MEGA,,nvidia,80,3350,989,1979,training,test
            Inferentia2,inf2,aws,32,820,190,380,inference,test
            Trainium,trn1,aws,32,820,190,380,training,test
            TPU-v5e,TPU_V5_LITEPOD;tpu-v5litepod;v5e,google,16,819,197,394,inference,test
            """), "test table");

    static final String CSV = """
            cloud,platform,region,instance_type,accelerator,accelerator_count,accelerator_memory_gib,vcpus,memory_gib,network_gbps,price_per_hour,spot_price_per_hour,workloads,notes
            aws,sagemaker,us-east-1,ml.g4dn.xlarge,T4,1,16,4,16,25,0.74,,inference,t
            aws,sagemaker,us-east-1,ml.inf2.xlarge,Inferentia2,1,32,4,16,15,0.99,,inference,t
            aws,sagemaker,us-east-1,ml.inf2.48xlarge,Inferentia2,12,32,192,768,100,15.58,,inference,t
            aws,sagemaker,us-west-2,ml.inf2.xlarge,Inferentia2,1,32,4,16,15,0.95,,inference,t
            aws,sagemaker,us-east-1,ml.p4d.24xlarge,A100-40GB,8,40,96,1152,400,37.69,,inference,t
            aws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,98.32,40.00,training,t
            aws,vm,us-east-1,trn1.32xlarge,Trainium,16,32,128,512,800,21.50,9.00,training,t
            aws,vm,us-east-1,trn1n.32xlarge,Trainium,16,32,128,512,1600,24.78,,training,t
            gcp,vertex,us-central1,a2-ultragpu-8g,A100-80GB,8,80,96,1360,100,40.00,,inference,t
            gcp,vertex,us-central1,ct5lp-hightpu-4t,TPU-v5e,4,16,112,192,,5.50,,inference,t
            gcp,vm,us-central1,a3-megagpu-8g,H100-MEGA,8,80,208,1872,1800,90.00,30.00,training,t
            gcp,vertex,us-central1,g2-standard-4,L4,1,24,4,16,,0.80,,inference,t
            azure,azureml,eastus,Standard_NV6ads_A10_v5,A10,0.167,24,6,55,,0.45,,inference,t
            azure,azureml,eastus,Standard_NV36ads_A10_v5,A10,1,24,36,440,,3.20,,inference,t
            azure,azureml,eastus,Standard_ND96amsr_A100_v4,A100-80GB,8,80,96,1900,,,,inference;training,t
            azure,vm,eastus,ND96isr_H100_v5,H100,8,80,96,1900,3200,98.32,,training,t
            """;

    static final AcceleratorCatalog CATALOG = AcceleratorCatalog.of(CatalogCsv.readOffers(stream(CSV), "test"), TABLE);

    static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static AcceleratorRequirement.Builder inference() {
        return AcceleratorRequirement.builder().workload(Workload.INFERENCE);
    }

    static AcceleratorRequirement.Builder training() {
        return AcceleratorRequirement.builder().workload(Workload.TRAINING);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("the workload filters and the cheapest comes first", inference(),
                        List.of("ml.g4dn.xlarge", "g2-standard-4", "ml.inf2.xlarge", "ml.inf2.xlarge", "Standard_NV36ads_A10_v5",
                                "ct5lp-hightpu-4t", "ml.inf2.48xlarge", "ml.p4d.24xlarge", "a2-ultragpu-8g")),
                Arguments.of("an alias matches case-insensitively", inference().accelerators("INF2"),
                        List.of("ml.inf2.xlarge", "ml.inf2.xlarge", "ml.inf2.48xlarge")),
                Arguments.of("a cloud's own spelling matches", inference().accelerators("tpu_v5_litepod"), List.of("ct5lp-hightpu-4t")),
                Arguments.of("A100 is not A100-80GB", inference().accelerators("a100"), List.of("ml.p4d.24xlarge")),
                Arguments.of("H100 is not H100-MEGA", training().accelerators("H100"), List.of("ND96isr_H100_v5", "p5.48xlarge")),
                Arguments.of("a region narrows", inference().accelerators("inf2").regions("us-west-2"), List.of("ml.inf2.xlarge")),
                Arguments.of("a platform narrows", inference().platforms("vertex").clouds("gcp"),
                        List.of("g2-standard-4", "ct5lp-hightpu-4t", "a2-ultragpu-8g")),
                Arguments.of("clouds narrow", training().clouds("gcp"), List.of("a3-megagpu-8g")),
                Arguments.of("vendors narrow without a list of names", training().vendors("aws"),
                        List.of("trn1.32xlarge", "trn1n.32xlarge")),
                Arguments.of("fractional GPUs are out by default", inference().clouds("azure"), List.of("Standard_NV36ads_A10_v5")),
                Arguments.of("fractional GPUs come in when allowed", inference().clouds("azure").allowFractional(true),
                        List.of("Standard_NV6ads_A10_v5", "Standard_NV36ads_A10_v5")),
                Arguments.of("counts are at least", training().minAcceleratorCount(16), List.of("trn1.32xlarge", "trn1n.32xlarge")),
                Arguments.of("memory is per device", inference().minAcceleratorMemoryGib(80), List.of("a2-ultragpu-8g")),
                Arguments.of("total memory is count x per device", inference().minTotalAcceleratorMemoryGib(300),
                        List.of("ml.inf2.48xlarge", "ml.p4d.24xlarge", "a2-ultragpu-8g")),
                Arguments.of("a 70B BF16 model to serve needs weights x 1.2 (156.5 GiB)", inference().modelSize(70, Precision.BF16),
                        List.of("ml.inf2.48xlarge", "ml.p4d.24xlarge", "a2-ultragpu-8g")),
                Arguments.of("a 7B model to train needs 16 bytes per parameter x 1.2 (125 GiB)", training().modelSize(7, Precision.BF16)
                        .clouds("aws"), List.of("trn1.32xlarge", "trn1n.32xlarge", "p5.48xlarge")),
                Arguments.of("network bandwidth is at least, and an empty cell never satisfies it", training().minNetworkGbps(1600),
                        List.of("trn1n.32xlarge", "a3-megagpu-8g", "ND96isr_H100_v5", "p5.48xlarge")),
                Arguments.of("a budget applies to the on-demand price", training().maxPricePerHour(25),
                        List.of("trn1.32xlarge", "trn1n.32xlarge")),
                Arguments.of("spot prices rank and offers without one are out", training().spot(true),
                        List.of("trn1.32xlarge", "a3-megagpu-8g", "p5.48xlarge")),
                Arguments.of("a budget applies to the spot price with spot", training().spot(true).maxPricePerHour(35),
                        List.of("trn1.32xlarge", "a3-megagpu-8g")),
                Arguments.of("without a budget, when no priced offer fits, the unpriced ones that fit are chosen",
                        inference().clouds("azure").minAcceleratorCount(8), List.of("Standard_ND96amsr_A100_v4")),
                Arguments.of("an offer without an on-demand price is not chosen while a priced one fits",
                        inference().minAcceleratorMemoryGib(80), List.of("a2-ultragpu-8g")),
                Arguments.of("with a budget an offer without an on-demand price is never chosen",
                        inference().clouds("azure").minAcceleratorCount(8).maxPricePerHour(1000), List.of()),
                Arguments.of("with spot an offer without a spot price is never chosen",
                        inference().clouds("azure").minAcceleratorCount(8).spot(true), List.of()),
                Arguments.of("allowUnpriced lists unpriced offers after the priced ones",
                        inference().minAcceleratorMemoryGib(80).allowUnpriced(true),
                        List.of("a2-ultragpu-8g", "Standard_ND96amsr_A100_v4")),
                Arguments.of("without workload(...) any workload qualifies: 8 x H100 anywhere",
                        AcceleratorRequirement.builder().accelerators("H100").minAcceleratorCount(8),
                        List.of("ND96isr_H100_v5", "p5.48xlarge")),
                Arguments.of("without workload(...) training and inference offers rank together",
                        AcceleratorRequirement.builder().clouds("aws").minAcceleratorCount(8),
                        List.of("ml.inf2.48xlarge", "trn1.32xlarge", "trn1n.32xlarge", "ml.p4d.24xlarge", "p5.48xlarge")),
                Arguments.of("a name only the catalog's offers use (L4 is not in this table) is selectable by that name",
                        inference().accelerators("L4"), List.of("g2-standard-4")),
                Arguments.of("a name only the offers use matches in any letter case", inference().accelerators("l4"),
                        List.of("g2-standard-4")),
                Arguments.of("ties go to the smaller offer", training().accelerators("H100").maxPricePerHour(99),
                        List.of("ND96isr_H100_v5", "p5.48xlarge")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void selectionFollowsTheRule(String rule, AcceleratorRequirement.Builder requirement, List<String> expected) {
        assertEquals(expected, CATALOG.select(requirement.build()).stream().map(Offer::instanceType).toList(), rule);
    }

    @Test
    void anUnknownAcceleratorNameFailsFastWithASuggestion() {
        var e = assertThrows(IllegalArgumentException.class, () -> CATALOG.select(inference().accelerators("X100").build()));
        assertTrue(e.getMessage().startsWith("accelerators: unknown accelerator 'X100'"), e.getMessage());
        var typo = assertThrows(IllegalArgumentException.class, () -> CATALOG.select(inference().accelerators("Trainum").build()));
        assertTrue(typo.getMessage().contains("did you mean 'Trainium'"), typo.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileOnlyNames")
    void anAcceleratorOnlyACatalogFileNamesIsSelectableByThatName(String asked, List<String> expected, @TempDir Path dir)
            throws Exception {
        // Gaudi2 is in no reference table: the rows of a user's file make the name known, in any of its spellings.
        Path file = Files.writeString(dir.resolve("mine.csv"), CatalogCsv.OFFERS_HEADER + "\n"
                + "aws,vm,us-east-1,dl2q.24xlarge,Gaudi2,8,96,96,768,,13.11,,training;inference,mine\n"
                + "aws,vm,us-west-2,dl2q.24xlarge,gaudi2,8,96,96,768,,13.50,,training;inference,mine\n");
        AcceleratorCatalog mine = AcceleratorCatalog.builtIn().withOverrides(AcceleratorCatalog.fromCsv(file));
        assertEquals(expected, mine.select(AcceleratorRequirement.builder().accelerators(asked).build()).stream()
                .map(o -> o.region() + " " + o.accelerator()).toList(), asked);
    }

    static Stream<Arguments> fileOnlyNames() {
        return Stream.of(
                Arguments.of("Gaudi2", List.of("us-east-1 Gaudi2", "us-west-2 gaudi2")),
                Arguments.of("GAUDI2", List.of("us-east-1 Gaudi2", "us-west-2 gaudi2")),
                Arguments.of("gaudi2", List.of("us-east-1 Gaudi2", "us-west-2 gaudi2")));
    }

    @Test
    void aNameNoTableAndNoOfferKnowsStillFailsAndSuggestsAFileOnlyName() {
        var e = assertThrows(IllegalArgumentException.class, () -> CATALOG.select(inference().accelerators("L5").build()));
        assertTrue(e.getMessage().startsWith("accelerators: unknown accelerator 'L5'; did you mean 'L4'?"), e.getMessage());
    }

    @Test
    void anOfferWhoseAcceleratorIsNotInTheTableKeepsItsOwnNameAndHasNoVendor() {
        // L4 is not in this test's table: the offer still shows, but a vendor filter cannot claim it.
        assertTrue(CATALOG.select(inference().build()).stream().anyMatch(o -> o.accelerator().equals("L4")));
        assertTrue(CATALOG.select(inference().vendors("nvidia").build()).stream().noneMatch(o -> o.accelerator().equals("L4")));
    }

    @Test
    void theReasonsSayWhatWasChosenAndWhy() {
        Offer best = CATALOG.select(inference().modelSize(70, Precision.BF16).maxPricePerHour(20).build()).get(0);
        assertEquals("ml.inf2.48xlarge", best.instanceType());
        assertEquals(List.of(
                "12 x Inferentia2 (32 GiB each, 384 GiB total) on aws sagemaker in us-east-1",
                "$15.58/h on-demand, within the $20.00/h budget",
                "fits a 70B BF16 model for inference: needs 156.46 GiB"), best.reasons());
    }

    @Test
    void theReasonsOfASelectedOfferAreAnUnmodifiableListEqualToItsSentences() {
        // they are built on first read (a broad select over thousands of offers would otherwise build them all)
        Offer best = CATALOG.select(inference().accelerators("inf2").build()).get(0);
        List<String> copy = List.copyOf(best.reasons());
        assertEquals(List.of("1 x Inferentia2 (32 GiB each, 32 GiB total) on aws sagemaker in us-west-2", "$0.95/h on-demand"), copy);
        assertEquals(copy, best.reasons());
        assertEquals(copy.hashCode(), best.reasons().hashCode());
        assertEquals(best, best.withReasons(copy), "an offer equals its copy with the same reasons in a plain list");
        assertThrows(UnsupportedOperationException.class, () -> best.reasons().add("x"));
    }

    @Test
    void explainCountsPerConstraintAndNamesTheNearestMisses() {
        AcceleratorRequirement r = inference().clouds("aws").minAcceleratorMemoryGib(80).build();
        assertTrue(CATALOG.select(r).isEmpty());
        Explanation x = CATALOG.explain(r);
        assertEquals(16, x.offersConsidered());
        assertEquals(0, x.offersLeft());
        assertEquals(new Explanation.ConstraintReport("accelerator memory >= 80 GiB per device", 11),
                x.constraints().stream().filter(c -> c.constraint().startsWith("accelerator memory")).findFirst().orElseThrow());
        // The nearest miss is the one closest to the 80 GiB asked, not the cheapest one.
        assertEquals("aws/sagemaker/us-east-1/ml.p4d.24xlarge: A100-40GB 40 GiB < 80 GiB asked", x.nearestMisses().get(0));
        assertEquals(5, x.nearestMisses().size());
        assertTrue(x.toString().contains("16 offers considered, 0 left"), x.toString());
    }

    @Test
    void aUserFileReplacesRowsWithTheSameKeyAndAddsTheRest(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.csv"), CatalogCsv.OFFERS_HEADER + "\n"
                + "aws,sagemaker,us-east-1,ml.inf2.xlarge,Inferentia2,1,32,4,16,15,0.50,,inference,negotiated\n"
                + "aws,sagemaker,eu-west-1,ml.inf2.xlarge,Inferentia2,1,32,4,16,15,1.10,,inference,mine\n");
        AcceleratorCatalog merged = CATALOG.withOverrides(AcceleratorCatalog.of(
                AcceleratorCatalog.fromCsv(file).offers(), TABLE));
        assertEquals(CATALOG.offers().size() + 1, merged.offers().size());
        Offer replaced = merged.offers().get(1);
        assertEquals(OptionalDouble.of(0.50), replaced.pricePerHour());
        assertEquals("negotiated", replaced.notes());
        assertEquals("eu-west-1", merged.offers().get(merged.offers().size() - 1).region());
    }

    @Test
    void emptyNumericCellsAreAllowedExceptTheCount() {
        List<Offer> ok = CatalogCsv.readOffers(stream(CatalogCsv.OFFERS_HEADER + "\n"
                + "gcp,vm,us-central1,v5litepod-8,TPU-v5e,8,,,,,,,training;inference,\n"), "t");
        assertTrue(ok.get(0).acceleratorMemoryGib().isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> CatalogCsv.readOffers(stream(CatalogCsv.OFFERS_HEADER + "\n"
                + "gcp,vm,us-central1,v5litepod-8,TPU-v5e,,,,,,,,training,\n"), "mine.csv"));
        assertEquals("mine.csv:2, column accelerator_count: '' must not be empty", e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedRows")
    void aMalformedRowFailsWithItsLineAndColumn(String row, String expected) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CatalogCsv.readOffers(stream(CatalogCsv.OFFERS_HEADER + "\n\n" + row + "\n"), "mine.csv"));
        assertEquals(expected, e.getMessage());
    }

    static Stream<Arguments> malformedRows() {
        return Stream.of(
                Arguments.of("aws,sagemaker,us-east-1,ml.x,T4,1,16,4,16,,abc,,inference,",
                        "mine.csv:3, column price_per_hour: 'abc' is not a number"),
                Arguments.of("aws,sagemaker,us-east-1,ml.x,T4,1,16,4,16,,-1,,inference,",
                        "mine.csv:3, column price_per_hour: '-1' must not be negative"),
                Arguments.of("aws,sagemaker,us-east-1,ml.x,T4,1,16,4.5,16,,1,,inference,",
                        "mine.csv:3, column vcpus: '4.5' must be a whole number"),
                Arguments.of("aws,sagemakr,us-east-1,ml.x,T4,1,16,4,16,,1,,inference,",
                        "mine.csv:3, column platform: 'sagemakr' must be one of [azureml, sagemaker, vertex, vm]"),
                Arguments.of("aws,sagemaker,us-east-1,ml.x,T4,1,16,4,16,,1,,serving,",
                        "mine.csv:3, column workloads: 'serving' must be training, inference or training;inference"),
                Arguments.of("aws,sagemaker,us-east-1,ml.x,T4,1,16,4,16,,1,inference,",
                        "mine.csv:3: expected 14 columns, found 13 (fields cannot contain commas)"));
    }

    @Test
    void aWrongHeaderIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> CatalogCsv.readOffers(stream("cloud,region\n"), "mine.csv"));
        assertTrue(e.getMessage().startsWith("mine.csv:1: the header must be exactly"), e.getMessage());
    }

    @Test
    void anAliasClaimedByTwoAcceleratorsIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> AcceleratorCatalog.of(List.of(), CatalogCsv.readAccelerators(
                stream(CatalogCsv.ACCELERATORS_HEADER + "\nA,x,nvidia,1,,,,,\nB,X,nvidia,1,,,,,\n"), "t")));
        assertTrue(e.getMessage().contains("belongs to both A and B"), e.getMessage());
    }
}

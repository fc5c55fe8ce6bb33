package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped catalog: every row sound and cited, the coverage the SDK promises, and answers a user would ask for. */
class BuiltInCatalogTest {
    static final AcceleratorCatalog CATALOG = AcceleratorCatalog.builtIn();

    static String sources() throws IOException {
        try (InputStream in = AcceleratorCatalog.class.getResourceAsStream("SOURCES.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyRowIsSoundAndCitesASourceThatSourcesMdExplains() throws IOException {
        String sources = sources();
        assertTrue(CATALOG.offers().size() > 150, "offers: " + CATALOG.offers().size());
        for (Offer o : CATALOG.offers()) {
            String row = o.key();
            assertTrue(CATALOG.accelerator(o.accelerator()).isPresent(), row + ": unknown accelerator " + o.accelerator());
            assertEquals(CATALOG.accelerator(o.accelerator()).get().name(), o.accelerator(), row + ": use the canonical name");
            assertTrue(o.acceleratorCount() > 0, row);
            assertTrue(o.acceleratorMemoryGib().orElse(0) > 0, row + ": memory per device");
            assertTrue(o.pricePerHour().orElse(0) >= 0 && o.spotPricePerHour().orElse(0) >= 0, row);
            assertTrue(o.notes().matches("src:[a-z0-9-]+"), row + ": notes must be a source key, was " + o.notes());
            assertTrue(sources.contains("### " + o.notes() + " ") || sources.contains("### " + o.notes() + "\n"),
                    row + ": SOURCES.md has no section for " + o.notes());
            assertEquals(o.acceleratorMemoryGib().getAsDouble(), CATALOG.accelerator(o.accelerator()).get().memoryGib(),
                    row + ": memory per device agrees with the reference table");
        }
        for (Accelerator a : CATALOG.accelerators()) {
            assertTrue(sources.contains("### " + a.source()), a.name() + ": SOURCES.md has no section for " + a.source());
        }
    }

    @Test
    void instanceTypesAreUniquePerCloudPlatformAndRegion() {
        Set<String> seen = new TreeSet<>();
        for (Offer o : CATALOG.offers()) assertTrue(seen.add(o.key()), "duplicate row " + o.key());
    }

    @Test
    void everyPlatformIsCoveredInTwoRegionsAndTheFamiliesTheSdkPromises() {
        Map<String, Set<String>> regions = CATALOG.offers().stream().collect(Collectors.groupingBy(
                o -> o.cloud() + "/" + o.platform(), Collectors.mapping(Offer::region, Collectors.toCollection(TreeSet::new))));
        for (String p : List.of("aws/sagemaker", "gcp/vertex", "azure/azureml", "aws/vm", "gcp/vm", "azure/vm")) {
            assertTrue(regions.getOrDefault(p, Set.of()).size() >= 2, p + " regions: " + regions.get(p));
        }
        Set<String> types = CATALOG.offers().stream().map(Offer::instanceType).collect(Collectors.toSet());
        for (String prefix : List.of("ml.g4dn.", "ml.g5.", "ml.g6.", "ml.g6e.", "ml.p4d.", "ml.p4de.", "ml.p5.", "ml.inf1.",
                "ml.inf2.", "ml.trn1.", "n1-standard-", "g2-standard-", "a2-highgpu-", "a2-ultragpu-", "a3-highgpu-",
                "a3-ultragpu-", "ct5lp-hightpu-", "ct6e-standard-", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4",
                "Standard_NC40ads_H100_v5", "Standard_ND96asr_v4", "Standard_ND96amsr_A100_v4", "Standard_ND96isr_H100_v5",
                "Standard_NV6ads_A10_v5", "trn1.", "trn1n.", "trn2.", "p4d.", "p5.", "p5en.", "inf2.", "v4-", "v5litepod-",
                "v5p-", "v6e-", "ml.p5.4xlarge", "ml.p5e.", "ml.p5en.", "ml.p6-b200.", "ml.trn2.", "ml.trn1n.", "a4-highgpu-",
                "Standard_NV36adms_A10_v5", "Standard_ND96is_H100_v5")) {
            assertTrue(types.stream().anyMatch(t -> t.startsWith(prefix)), "no offer of the family " + prefix);
        }
    }

    @Test
    void theReferenceTableCarriesThePublishedTrainiumAndH100Figures() {
        Accelerator trn = CATALOG.accelerator("trn1").orElseThrow();
        assertEquals(32, trn.memoryGib());
        assertEquals(OptionalDouble.of(820), trn.memoryBandwidthGbps());
        assertEquals(OptionalDouble.of(190), trn.bf16Tflops());
        assertEquals(OptionalDouble.of(380), trn.int8Tops());
        assertEquals(OptionalDouble.of(1979), CATALOG.accelerator("NVIDIA_H100_80GB").orElseThrow().int8Tops());
        Offer trn1 = offer("aws/vm/us-east-1/trn1.32xlarge");
        assertEquals(16, trn1.acceleratorCount());
        assertEquals(128, trn1.vcpus().getAsInt());
        assertEquals(OptionalDouble.of(512), trn1.memoryGib());
        assertEquals(OptionalDouble.of(800), trn1.networkGbps());
        assertEquals(OptionalDouble.of(1600), offer("aws/vm/us-east-1/trn1n.32xlarge").networkGbps());
        Offer small = offer("aws/vm/us-east-1/trn1.2xlarge");
        assertEquals(1, small.acceleratorCount());
        assertEquals(8, small.vcpus().getAsInt());
        assertEquals(OptionalDouble.of(32), small.memoryGib());
    }

    @Test
    void eachCloudsOwnSpellingResolvesToTheCanonicalName() {
        Map<String, String> spellings = Map.ofEntries(
                Map.entry("NVIDIA_TESLA_T4", "T4"), Map.entry("NVIDIA_L4", "L4"), Map.entry("NVIDIA_A100_80GB", "A100-80GB"),
                Map.entry("nvidia-h100-80gb", "H100"), Map.entry("NVIDIA_H100_80GB", "H100"), Map.entry("TPU_V5_LITEPOD", "TPU-v5e"),
                Map.entry("tpu-v5litepod", "TPU-v5e"), Map.entry("v5e", "TPU-v5e"), Map.entry("inf2", "Inferentia2"),
                Map.entry("trn1", "Trainium"), Map.entry("a100", "A100-40GB"), Map.entry("NVIDIA_H100_MEGA_80GB", "H100-MEGA"));
        spellings.forEach((spelling, canonical) ->
                assertEquals(canonical, CATALOG.accelerator(spelling).map(Accelerator::name).orElse("none"), spelling));
    }

    @Test
    void theCheapestSageMakerInstanceWithInferentia2() {
        Offer best = CATALOG.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                .platforms("sagemaker").accelerators("inf2").build()).get(0);
        assertEquals("aws/sagemaker/us-east-1/ml.inf2.xlarge", best.key());
        assertEquals(OptionalDouble.of(0.99), best.pricePerHour());
    }

    @Test
    void aTrainiumTrainingInstanceWithAtLeast1600Gbps() {
        List<Offer> r = CATALOG.select(AcceleratorRequirement.builder().workload(Workload.TRAINING)
                .accelerators("Trainium").minNetworkGbps(1600).build());
        assertEquals(List.of("trn1n.32xlarge"), r.stream().map(Offer::instanceType).distinct().toList());
        assertEquals(OptionalDouble.of(24.78), r.get(0).pricePerHour());
    }

    /** The reference entries added for names users ask for, each with its vendor's memory per device (SOURCES.md). */
    @ParameterizedTest(name = "{0} is {1}, {2} GiB, {3}")
    @CsvSource({
            "NVIDIA_TESLA_V100, V100, 16, nvidia",
            "v100-32gb, V100-32GB, 32, nvidia",
            "t4g, T4G, 16, nvidia",
            "T4, T4, 16, nvidia",
            "nvidia-a10, A10, 24, nvidia",
            "a10g, A10G, 24, nvidia",
            "mi300x, MI300X, 192, amd",
            "trn3, Trainium3, 144, aws",
            "tpu7x, TPU-v7, 192, google",
            "ironwood, TPU-v7, 192, google"})
    void theReferenceTableKnowsTheNamesUsersAskFor(String asked, String name, double memoryGib, String vendor) {
        Accelerator a = CATALOG.accelerator(asked).orElseThrow();
        assertEquals(List.of(name, memoryGib, vendor), List.of(a.name(), a.memoryGib(), a.vendor()));
        assertFalse(a.source().isBlank(), "every reference row cites its source");
    }

    @Test
    void theTpuV5eServingShapesOnVertexAreKnownButUnpricedSoExplainSaysSo() {
        AcceleratorRequirement r = AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                .platforms("vertex").accelerators("v5e").build();
        // No cited Vertex prediction price exists for them yet (SOURCES.md): with no priced offer fitting and no
        // budget, the unpriced shapes are chosen, smallest first, saying the price is unknown (as a plan would).
        List<Offer> chosen = CATALOG.select(r);
        assertEquals("ct5lp-hightpu-1t", chosen.get(0).instanceType());
        assertTrue(chosen.get(0).reasons().contains("no published on-demand price in the catalog"), chosen.get(0).reasons().toString());
        assertTrue(CATALOG.explain(r).toString().contains("on-demand price published (waived: no priced offer fits"),
                CATALOG.explain(r).toString());
        // With a budget they cannot be checked against it, so nothing is chosen and explain says why and what admits them.
        AcceleratorRequirement budget = r.toBuilder().maxPricePerHour(100).build();
        assertTrue(CATALOG.select(budget).isEmpty());
        Explanation x = CATALOG.explain(budget);
        assertTrue(x.nearestMisses().stream().anyMatch(m -> m.endsWith("ct5lp-hightpu-1t: no on-demand price is published for it")),
                x.toString());
        assertTrue(x.toString().contains("allowUnpriced(true) admits the"), x.toString());
        assertEquals(Set.of(1.0, 4.0, 8.0), CATALOG.offers().stream().filter(o -> o.instanceType().startsWith("ct5lp-hightpu-"))
                .map(Offer::acceleratorCount).collect(Collectors.toSet()));
    }

    @Test
    void theCheapest8xH100AcrossTheThreeClouds() {
        List<Offer> r = CATALOG.select(AcceleratorRequirement.builder().workload(Workload.TRAINING)
                .accelerators("H100").minAcceleratorCount(8).build());
        assertEquals("gcp/vm/us-central1/a3-highgpu-8g", r.get(0).key());
        assertEquals(OptionalDouble.of(88.49), r.get(0).pricePerHour());
        assertEquals(Set.of("aws", "gcp", "azure"), r.stream().map(Offer::cloud).collect(Collectors.toSet()),
                "all three clouds offer 8 x H100");
        assertFalse(r.stream().anyMatch(o -> o.accelerator().equals("H100-MEGA")), "H100 is not H100-MEGA");
    }

    @Test
    void anEndpointForA70BParameterBf16Model() {
        List<Offer> r = CATALOG.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                .modelSize(70, Precision.BF16).platforms("sagemaker", "vertex", "azureml").build());
        Offer best = r.get(0);
        assertEquals("azure/azureml/eastus/Standard_NC48ads_A100_v4", best.key());
        assertEquals(OptionalDouble.of(7.346), best.pricePerHour());
        assertTrue(best.reasons().contains("fits a 70B BF16 model for inference: needs 156.46 GiB"), best.reasons().toString());
        assertTrue(r.stream().allMatch(o -> o.totalAcceleratorMemoryGib().getAsDouble() >= 156.46));
    }

    /** The offers added on 2026-12-02, with the hardware figures their sources give (SOURCES.md). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // key, devices, accelerator, GiB each, vCPUs (0: unpublished), host GiB (0: unpublished), network Gbps (0: none)
            "aws/sagemaker/us-east-1/ml.p5.4xlarge, 1, H100, 80, 16, 256, 100",
            "aws/sagemaker/us-west-2/ml.p6-b200.48xlarge, 8, B200, 180, 192, 2048, 3200",
            "aws/sagemaker/us-east-1/ml.trn2.48xlarge, 16, Trainium2, 96, 192, 2048, 3200",
            "aws/sagemaker/us-west-2/ml.trn1n.32xlarge, 16, Trainium, 32, 128, 512, 1600",
            "gcp/vertex/us-central1/a3-highgpu-1g, 1, H100, 80, 26, 234, 0",
            "gcp/vertex/europe-west4/a3-highgpu-4g, 4, H100, 80, 104, 936, 0",
            "gcp/vertex/us-central1/a4-highgpu-8g, 8, B200, 180, 0, 0, 0",
            "azure/azureml/southcentralus/Standard_NV36adms_A10_v5, 1, A10, 24, 36, 880, 0",
            "azure/azureml/westus/Standard_ND96is_H100_v5, 8, H100, 80, 96, 0, 0"})
    void theOffersAddedForTheCurrentHardwareCarryTheirCitedShapes(String key, double devices, String accelerator,
                                                                   double memoryGib, int vcpus, double hostGib, double network) {
        Offer o = offer(key);
        assertEquals(List.of(devices, accelerator, OptionalDouble.of(memoryGib)),
                List.of(o.acceleratorCount(), o.accelerator(), o.acceleratorMemoryGib()), key);
        assertEquals(vcpus == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(vcpus), o.vcpus(), key);
        assertEquals(hostGib == 0 ? OptionalDouble.empty() : OptionalDouble.of(hostGib), o.memoryGib(), key);
        assertEquals(network == 0 ? OptionalDouble.empty() : OptionalDouble.of(network), o.networkGbps(), key);
    }

    /**
     * The two prices the December 2026 price files give for offers that had none (SOURCES.md: src:sm-jp-rag-issue,
     * src:vertex-zenn-dws), and the count of rows, priced or not, so that a row added or emptied is a change on purpose.
     */
    @Test
    void theSnapshotCarriesTheCitedDecemberPricesAndItsRowCount() {
        assertEquals(OptionalDouble.of(1.515), offer("aws/sagemaker/us-west-2/ml.g5.2xlarge").pricePerHour());
        assertEquals(OptionalDouble.of(12.625919), offer("gcp/vertex/us-central1/a3-highgpu-1g").pricePerHour());
        assertEquals(232, CATALOG.offers().size());
        assertEquals(121, CATALOG.offers().stream().filter(o -> o.pricePerHour().isEmpty()).count());
        assertTrue(CATALOG.offers().stream().allMatch(o -> o.committed1yPricePerHour().isEmpty()
                && o.committed3yPricePerHour().isEmpty()), "no committed price in the snapshot: a refresh brings them");
    }

    @Test
    void theOnePricedVertexH100OfferWinsOverTheUnpricedOnes() {
        List<Offer> r = CATALOG.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE).platforms("vertex")
                .accelerators("H100").build());
        assertEquals(List.of("gcp/vertex/us-central1/a3-highgpu-1g"), r.stream().map(Offer::key).toList(),
                "priced offers fit, so the unpriced ones are not the answer");
        assertEquals("$12.63/h on-demand", r.get(0).reasons().get(1));
    }

    /** The README's cost-per-token example, on the built-in prices: the L40S at 2500 tokens/s is the cheapest per token. */
    @Test
    void theReadmesCostPerTokenExampleRanksTheL40sFirst() {
        AcceleratorRequirement perToken = AcceleratorRequirement.builder()
                .workload(Workload.INFERENCE).modelSize(8, Precision.BF16).platforms("sagemaker")
                .throughput(ServingThroughput.perDevice("L40S", 2500).withSource("our vLLM load test"),
                        ServingThroughput.perDevice("L4", 900).forModel(8, Precision.BF16),
                        ServingThroughput.perInstance("ml.inf2.xlarge", 600))
                .rankBy(Ranking.COST_PER_MILLION_TOKENS).build();
        List<Offer> ranked = CATALOG.select(perToken);
        Offer best = ranked.get(0);
        assertEquals("aws/sagemaker/us-east-1/ml.g6e.xlarge", best.key());
        assertEquals("2500 output tokens/s per L40S x 1 = 2500 per instance (our vLLM load test): $0.29 per 1M output tokens"
                + " on-demand", best.reasons().get(best.reasons().size() - 1));
        assertEquals(OptionalDouble.of(2.6054 * 1_000_000 / (2500 * 3600.0)), best.costPerMillionTokens(perToken.pricing()));
        assertEquals(List.of("ml.g6e.2xlarge", "ml.g6.xlarge"), List.of(ranked.get(1).instanceType(), ranked.get(2).instanceType()),
                "then the next L40S ($2.8026/h: $0.31 per 1M), then the L4 at 900/s ($1.1267/h: $0.35 per 1M)");
    }

    private static Offer offer(String key) {
        return CATALOG.offers().stream().filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key));
    }
}

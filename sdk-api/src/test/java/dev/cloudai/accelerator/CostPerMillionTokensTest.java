package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranking serving offers by USD per million output tokens from throughput figures the user gives. Prices and figures
 * are chosen so that every cost is exact: $/h x 1,000,000 / (tokens/s x 3600).
 */
class CostPerMillionTokensTest {

    static final String CSV = CatalogCsv.OFFERS_HEADER + ",committed_1y_price_per_hour\n"
            + "aws,sagemaker,us-east-1,ml.g5.xlarge,A10G,1,24,4,16,,1.44,,inference,t,\n"          // 200/s: $2
            + "aws,sagemaker,us-east-1,ml.g6e.xlarge,L40S,1,48,4,32,,2.88,,inference,t,\n"         // 800/s: $1
            + "aws,sagemaker,us-east-1,ml.g6e.12xlarge,L40S,4,48,48,384,,10.80,,inference,t,7.20\n" // 4 x 800/s: $0.9375, 1y $0.625
            + "aws,sagemaker,us-east-1,ml.p5.48xlarge,H100,8,80,192,2048,,72.00,,inference,t,\n"   // 20000/s per instance: $1
            + "gcp,vertex,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,,,inference,t,\n"          // 8 x 1000/s, no price
            + "gcp,vm,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,86.40,,training,t,\n"           // training only
            + "azure,azureml,eastus,Standard_NC24ads_A100_v4,A100-80GB,1,80,24,220,,3.60,,inference,t,\n"; // no figure

    static final AcceleratorCatalog CATALOG = AcceleratorCatalog.of(CatalogCsv.readOffers(SelectionTest.stream(CSV), "t"));

    static final ServingThroughput[] FIGURES = {
            ServingThroughput.perDevice("a10g", 200),
            ServingThroughput.perDevice("NVIDIA_L40S", 800).withSource("vLLM bench"),
            ServingThroughput.perDevice("H100", 1000),
            ServingThroughput.perInstance("ml.p5.48xlarge", 20000)};

    static AcceleratorRequirement.Builder serving() {
        return AcceleratorRequirement.builder().workload(Workload.INFERENCE).throughput(FIGURES);
    }

    static Stream<Arguments> rankings() {
        return Stream.of(
                Arguments.of("by cost per 1M tokens: cheapest first, ties by price per hour, offers without a figure last",
                        serving().rankBy(Ranking.COST_PER_MILLION_TOKENS),
                        List.of("ml.g6e.12xlarge 0.9375", "ml.g6e.xlarge 1.0", "ml.p5.48xlarge 1.0", "ml.g5.xlarge 2.0",
                                "Standard_NC24ads_A100_v4 -")),
                Arguments.of("by price per hour (the default) the figures only inform",
                        serving(),
                        List.of("ml.g5.xlarge 2.0", "ml.g6e.xlarge 1.0", "Standard_NC24ads_A100_v4 -", "ml.g6e.12xlarge 0.9375",
                                "ml.p5.48xlarge 1.0")),
                Arguments.of("a committed price gives a committed cost; offers without it are out",
                        serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).pricing(PricingModel.COMMITTED_1Y),
                        List.of("ml.g6e.12xlarge 0.625")),
                Arguments.of("an offer with a figure but no price ranks after the priced ones (allowUnpriced)",
                        serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).accelerators("H100").allowUnpriced(true),
                        List.of("ml.p5.48xlarge 1.0", "a3-highgpu-8g -")),
                Arguments.of("a budget still applies to the price per hour",
                        serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).maxPricePerHour(3),
                        List.of("ml.g6e.xlarge 1.0", "ml.g5.xlarge 2.0")),
                Arguments.of("an instance type's figure beats its accelerator's: ml.p5 at 20000/s, not 8 x 1000/s",
                        serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).accelerators("H100"),
                        List.of("ml.p5.48xlarge 1.0")),
                Arguments.of("a figure for the requirement's model beats one for any model",
                        serving().throughput(ServingThroughput.perDevice("L40S", 1600).forModel(8, Precision.BF16))
                                .modelSize(8, Precision.BF16).rankBy(Ranking.COST_PER_MILLION_TOKENS).accelerators("L40S"),
                        List.of("ml.g6e.12xlarge 0.46875", "ml.g6e.xlarge 0.5")),
                Arguments.of("a figure for another model does not apply",
                        serving().throughput(ServingThroughput.perDevice("L40S", 1600).forModel(70, Precision.BF16))
                                .modelSize(8, Precision.BF16).rankBy(Ranking.COST_PER_MILLION_TOKENS).accelerators("L40S"),
                        List.of("ml.g6e.12xlarge 0.9375", "ml.g6e.xlarge 1.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rankings")
    void offersRankByCostPerMillionTokens(String rule, AcceleratorRequirement.Builder requirement, List<String> expected) {
        AcceleratorRequirement r = requirement.build();
        assertEquals(expected, CATALOG.select(r).stream().map(o -> o.instanceType() + " "
                + (o.costPerMillionTokens(r.pricing()).isPresent() ? Double.toString(o.costPerMillionTokens(r.pricing()).getAsDouble()) : "-"))
                .toList(), rule);
    }

    @Test
    void theReasonsShowTheFigureTheTokensPerInstanceAndTheCost() {
        List<Offer> ranked = CATALOG.select(serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).allowUnpriced(true).build());
        assertEquals("800 output tokens/s per L40S x 4 = 3200 per instance (vLLM bench): $0.94 per 1M output tokens on-demand",
                reason(ranked, "ml.g6e.12xlarge"));
        assertEquals("20000 output tokens/s per instance: $1.00 per 1M output tokens on-demand", reason(ranked, "ml.p5.48xlarge"));
        assertEquals("1000 output tokens/s per H100 x 8 = 8000 per instance; no on-demand price, so no cost per 1M output tokens",
                reason(ranked, "a3-highgpu-8g"));
        assertEquals("no throughput figure for A100-80GB or Standard_NC24ads_A100_v4: ranked after the offers with one",
                reason(ranked, "Standard_NC24ads_A100_v4"));
        Offer p5 = ranked.stream().filter(o -> o.instanceType().equals("ml.p5.48xlarge")).findFirst().orElseThrow();
        assertEquals(OptionalDouble.of(20000), p5.outputTokensPerSecond());
        assertEquals(Optional.of(FIGURES[3]), p5.throughput());
    }

    @Test
    void aCheapCostKeepsFourDecimals() {
        // $0.36/h at 2000 tokens/s: 7.2 million tokens an hour, $0.05 per million
        AcceleratorCatalog cheap = AcceleratorCatalog.of(CatalogCsv.readOffers(SelectionTest.stream(CatalogCsv.OFFERS_HEADER
                + "\naws,sagemaker,us-east-1,ml.g6.xlarge,L4,1,24,4,16,,0.36,,inference,t\n"), "t"));
        Offer o = cheap.select(AcceleratorRequirement.builder().throughput(ServingThroughput.perDevice("L4", 2000)).build()).get(0);
        assertEquals("2000 output tokens/s per L4 x 1 = 2000 per instance: $0.0500 per 1M output tokens on-demand", o.reasons().get(2));
        assertEquals(OptionalDouble.of(0.05), o.costPerMillionTokens(PricingModel.ON_DEMAND));
    }

    @Test
    void explainSaysWhichOffersLeftHaveNoFigureAndRankLast() {
        Explanation x = CATALOG.explain(serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).build());
        assertEquals(5, x.offersLeft());
        assertEquals(List.of("ranked by $ per 1M output tokens: 1 of the 5 offers left have no throughput figure (A100-80GB on"
                + " Standard_NC24ads_A100_v4) and rank after those with one, by $/hour; add a figure with throughput(...) to"
                + " rank them"), x.notes());
        assertEquals(List.of(), CATALOG.explain(serving().rankBy(Ranking.COST_PER_MILLION_TOKENS).accelerators("L40S").build()).notes(),
                "every offer left has a figure");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of((Supplier<Object>) () -> AcceleratorRequirement.builder().rankBy(Ranking.COST_PER_MILLION_TOKENS).build(),
                        "rankBy: COST_PER_MILLION_TOKENS needs at least one throughput figure; add"
                                + " .throughput(ServingThroughput.perDevice(\"H100\", 1500)) or similar, measured for your model"),
                Arguments.of((Supplier<Object>) () -> AcceleratorRequirement.builder().workload(Workload.TRAINING)
                                .throughput(ServingThroughput.perDevice("H100", 1)).build(),
                        "throughput: serving figures rank offers for inference, but the workload is training"),
                Arguments.of((Supplier<Object>) () -> AcceleratorRequirement.builder().throughput(ServingThroughput.perDevice("H100", 1),
                                ServingThroughput.perDevice("h100", 2)),
                        "throughput: h100 is given twice for the same scope and model (H100 1 output tokens/s per device and"
                                + " h100 2 output tokens/s per device); keep one"),
                Arguments.of((Supplier<Object>) () -> CATALOG.select(serving().throughput(ServingThroughput.perDevice("NVIDIA_H100_80GB", 2)).build()),
                        "throughput: H100 1000 output tokens/s per device and NVIDIA_H100_80GB 2 output tokens/s per device are two"
                                + " figures for H100; keep one"),
                Arguments.of((Supplier<Object>) () -> CATALOG.select(serving().throughput(ServingThroughput.perDevice("X100", 1)).build()),
                        "throughput: unknown accelerator 'X100'"),
                Arguments.of((Supplier<Object>) () -> CATALOG.select(serving().throughput(ServingThroughput.perInstance("ml.p5.49xlarge", 1)).build()),
                        "throughput: no offer in this catalog has the instance type 'ml.p5.49xlarge'; did you mean 'ml.p5.48xlarge'?"),
                Arguments.of((Supplier<Object>) () -> ServingThroughput.perDevice("H100", 0),
                        "throughput.outputTokensPerSecond: must be a positive number, was 0.0 (for H100)"),
                Arguments.of((Supplier<Object>) () -> ServingThroughput.perDevice(" ", 10), "throughput.name: must not be blank"),
                Arguments.of((Supplier<Object>) () -> new ServingThroughput(ServingThroughput.Per.DEVICE, "H100", 10,
                                OptionalDouble.of(70), Optional.empty(), ""),
                        "throughput.model: give both the size and the precision, or neither (for H100)"),
                Arguments.of((Supplier<Object>) () -> ServingThroughput.costPerMillionTokens(1, 0),
                        "tokensPerSecond: must be a positive number, was 0.0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void aWrongFigureOrRankingFailsNamingTheField(Supplier<Object> call, String expected) {
        var e = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void theRequirementAndAFigureSayWhatTheyAre() {
        AcceleratorRequirement r = AcceleratorRequirement.builder().throughput(ServingThroughput.perDevice("H100", 1500)
                .forModel(70, Precision.BF16).withSource("our run")).rankBy(Ranking.COST_PER_MILLION_TOKENS).build();
        assertEquals("AcceleratorRequirement[workload=any, throughput=[H100 1500 output tokens/s per device (70B BF16) from our run],"
                + " rankBy=COST_PER_MILLION_TOKENS]", r.toString());
        assertEquals(r, r.toBuilder().build(), "a copy keeps the figures and the ranking");
    }

    private static String reason(List<Offer> ranked, String instanceType) {
        Offer o = ranked.stream().filter(x -> x.instanceType().equals(instanceType)).findFirst().orElseThrow();
        return o.reasons().get(o.reasons().size() - 1);
    }
}

package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ranking by a pricing model: on-demand, spot, or a 1- or 3-year commitment, on a small catalog of this test's own. */
class PricingModelSelectionTest {

    static final String CSV = CatalogCsv.OFFERS_HEADER + ",committed_1y_price_per_hour,committed_3y_price_per_hour\n"
            + "aws,sagemaker,us-east-1,ml.g5.xlarge,A10G,1,24,4,16,,1.40,,inference,t,1.00,0.70\n"
            + "aws,sagemaker,us-east-1,ml.g6e.xlarge,L40S,1,48,4,32,,2.60,,inference,t,1.50,\n"
            + "aws,sagemaker,us-east-1,ml.p5.48xlarge,H100,8,80,192,2048,3200,98.00,,inference,t,,40.00\n"
            + "aws,vm,us-east-1,p5.48xlarge,H100,8,80,192,2048,3200,96.00,24.00,training;inference,t,60.00,36.00\n"
            + "gcp,vertex,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,,,inference,t,,\n"
            + "gcp,vm,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,88.00,50.00,training;inference,t,55.00,38.00\n"
            + "azure,azureml,eastus,Standard_NC24ads_A100_v4,A100-80GB,1,80,24,220,,3.60,,inference,t,2.50,\n";

    static final AcceleratorCatalog CATALOG = AcceleratorCatalog.of(CatalogCsv.readOffers(SelectionTest.stream(CSV), "t"));

    static AcceleratorRequirement.Builder inference() {
        return AcceleratorRequirement.builder().workload(Workload.INFERENCE);
    }

    static List<String> keys(AcceleratorRequirement r) {
        return CATALOG.select(r).stream().map(o -> o.platform() + "/" + o.instanceType()).toList();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("on-demand by default: cheapest on-demand first, the unpriced Vertex row out", inference(),
                        List.of("sagemaker/ml.g5.xlarge", "sagemaker/ml.g6e.xlarge", "azureml/Standard_NC24ads_A100_v4",
                                "vm/a3-highgpu-8g", "vm/p5.48xlarge", "sagemaker/ml.p5.48xlarge")),
                Arguments.of("a 1-year commitment ranks by its price; offers without one are out",
                        inference().pricing(PricingModel.COMMITTED_1Y),
                        List.of("sagemaker/ml.g5.xlarge", "sagemaker/ml.g6e.xlarge", "azureml/Standard_NC24ads_A100_v4",
                                "vm/a3-highgpu-8g", "vm/p5.48xlarge")),
                Arguments.of("a 3-year commitment can reorder what on-demand ranks (p5 before a3)",
                        inference().pricing(PricingModel.COMMITTED_3Y),
                        List.of("sagemaker/ml.g5.xlarge", "vm/p5.48xlarge", "vm/a3-highgpu-8g", "sagemaker/ml.p5.48xlarge")),
                Arguments.of("spot(true) is pricing(SPOT)", inference().spot(true), List.of("vm/p5.48xlarge", "vm/a3-highgpu-8g")),
                Arguments.of("pricing(SPOT)", inference().pricing(PricingModel.SPOT), List.of("vm/p5.48xlarge", "vm/a3-highgpu-8g")),
                Arguments.of("a budget applies to the committed price", inference().pricing(PricingModel.COMMITTED_3Y).maxPricePerHour(37),
                        List.of("sagemaker/ml.g5.xlarge", "vm/p5.48xlarge")),
                Arguments.of("a budget applies to the spot price", inference().spot(true).maxPricePerHour(30), List.of("vm/p5.48xlarge")),
                Arguments.of("on-demand without a budget falls back to the unpriced offers when no priced one fits",
                        inference().platforms("vertex"), List.of("vertex/a3-highgpu-8g")),
                Arguments.of("a commitment never falls back to offers without its price",
                        inference().platforms("vertex").pricing(PricingModel.COMMITTED_1Y), List.of()),
                Arguments.of("nor does spot", inference().platforms("vertex").spot(true), List.of()),
                Arguments.of("allowUnpriced lists offers without the committed price after the priced ones",
                        inference().accelerators("H100").pricing(PricingModel.COMMITTED_3Y).allowUnpriced(true),
                        List.of("vm/p5.48xlarge", "vm/a3-highgpu-8g", "sagemaker/ml.p5.48xlarge", "vertex/a3-highgpu-8g")),
                Arguments.of("a copied requirement keeps its pricing model",
                        inference().pricing(PricingModel.COMMITTED_3Y).build().toBuilder().accelerators("H100"),
                        List.of("vm/p5.48xlarge", "vm/a3-highgpu-8g", "sagemaker/ml.p5.48xlarge")),
                Arguments.of("spot(false) on a copy of a spot requirement goes back to on-demand",
                        inference().spot(true).build().toBuilder().spot(false).accelerators("H100"),
                        List.of("vm/a3-highgpu-8g", "vm/p5.48xlarge", "sagemaker/ml.p5.48xlarge")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void selectionRanksByThePricingModel(String rule, AcceleratorRequirement.Builder requirement, List<String> expected) {
        assertEquals(expected, keys(requirement.build()), rule);
    }

    static Stream<Arguments> pricingSetters() {
        return Stream.of(
                Arguments.of("nothing set: on-demand", (Supplier<AcceleratorRequirement.Builder>) () -> inference(), PricingModel.ON_DEMAND),
                Arguments.of("spot(true)", (Supplier<AcceleratorRequirement.Builder>) () -> inference().spot(true), PricingModel.SPOT),
                Arguments.of("spot(false)", (Supplier<AcceleratorRequirement.Builder>) () -> inference().spot(false), PricingModel.ON_DEMAND),
                Arguments.of("spot(true) and pricing(SPOT) agree", (Supplier<AcceleratorRequirement.Builder>)
                        () -> inference().spot(true).pricing(PricingModel.SPOT), PricingModel.SPOT),
                Arguments.of("spot(false) and a commitment agree", (Supplier<AcceleratorRequirement.Builder>)
                        () -> inference().spot(false).pricing(PricingModel.COMMITTED_3Y), PricingModel.COMMITTED_3Y),
                Arguments.of("the last spot(...) call wins", (Supplier<AcceleratorRequirement.Builder>)
                        () -> inference().spot(true).spot(false), PricingModel.ON_DEMAND),
                Arguments.of("a copy of a spot requirement takes another model without contradiction",
                        (Supplier<AcceleratorRequirement.Builder>) () -> inference().spot(true).build().toBuilder()
                                .pricing(PricingModel.COMMITTED_1Y), PricingModel.COMMITTED_1Y),
                Arguments.of("a copy of a committed requirement takes spot(true)", (Supplier<AcceleratorRequirement.Builder>)
                        () -> inference().pricing(PricingModel.COMMITTED_1Y).build().toBuilder().spot(true), PricingModel.SPOT),
                Arguments.of("spot(false) leaves a copied commitment as it is", (Supplier<AcceleratorRequirement.Builder>)
                        () -> inference().pricing(PricingModel.COMMITTED_3Y).build().toBuilder().spot(false), PricingModel.COMMITTED_3Y));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pricingSetters")
    void spotAndPricingAreOneSetting(String rule, Supplier<AcceleratorRequirement.Builder> builder, PricingModel expected) {
        AcceleratorRequirement r = builder.get().build();
        assertEquals(expected, r.pricing(), rule);
        assertEquals(expected == PricingModel.SPOT, r.spot(), rule);
    }

    static Stream<Arguments> contradictions() {
        return Stream.of(
                Arguments.of((Supplier<AcceleratorRequirement.Builder>) () -> inference().spot(true).pricing(PricingModel.COMMITTED_1Y),
                        "pricing: spot(true) contradicts pricing(COMMITTED_1Y); spot(true) means pricing(PricingModel.SPOT), so set only one of them"),
                Arguments.of((Supplier<AcceleratorRequirement.Builder>) () -> inference().pricing(PricingModel.ON_DEMAND).spot(true),
                        "pricing: spot(true) contradicts pricing(ON_DEMAND); spot(true) means pricing(PricingModel.SPOT), so set only one of them"),
                Arguments.of((Supplier<AcceleratorRequirement.Builder>) () -> inference().spot(false).pricing(PricingModel.SPOT),
                        "pricing: spot(false) contradicts pricing(SPOT); spot(true) means pricing(PricingModel.SPOT), so set only one of them"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("contradictions")
    void spotAndPricingThatContradictFailNamingBoth(Supplier<AcceleratorRequirement.Builder> builder, String expected) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> builder.get().build()).getMessage());
    }

    @Test
    void theReasonsNameThePriceAndItsModel() {
        Offer best = CATALOG.select(inference().pricing(PricingModel.COMMITTED_3Y).maxPricePerHour(1).build()).get(0);
        assertEquals(List.of("1 x A10G (24 GiB each, 24 GiB total) on aws sagemaker in us-east-1",
                "$0.70/h 3-year committed, within the $1.00/h budget"), best.reasons());
        Offer unpriced = CATALOG.select(inference().accelerators("H100").pricing(PricingModel.COMMITTED_1Y)
                .allowUnpriced(true).build()).get(2);
        assertEquals("no published 1-year committed price in the catalog", unpriced.reasons().get(1));
    }

    @Test
    void explainSaysTheCommittedPriceIsWhatRemovedTheOffersAndWhatAdmitsThem() {
        AcceleratorRequirement r = inference().platforms("vertex").accelerators("H100").pricing(PricingModel.COMMITTED_1Y).build();
        Explanation x = CATALOG.explain(r);
        assertEquals(0, x.offersLeft());
        assertEquals(new Explanation.ConstraintReport("1-year committed price published (allowUnpriced(true) admits the 1"
                + " offers only this removes)", 2), x.constraints().get(x.constraints().size() - 1));
        assertTrue(x.nearestMisses().contains("gcp/vertex/us-central1/a3-highgpu-8g: no 1-year committed price is published for it"),
                x.toString());
        assertEquals(List.of(), x.notes(), "this catalog has 1-year prices");
        assertEquals("3-year committed price <= $10.00/h", CATALOG.explain(inference().pricing(PricingModel.COMMITTED_3Y)
                .maxPricePerHour(10).build()).constraints().get(3).constraint());
    }

    @Test
    void explainSaysWhenNoOfferOfTheCatalogHasThatPriceAtAll() {
        // the built-in snapshot carries no committed price: a refreshed catalog does, where the clouds publish one
        Explanation x = AcceleratorCatalog.builtIn().explain(AcceleratorRequirement.builder().accelerators("H100")
                .pricing(PricingModel.COMMITTED_3Y).build());
        assertEquals(0, x.offersLeft());
        assertEquals(List.of("no offer in this catalog has a 3-year committed price; a refreshed catalog (cloudai catalog"
                + " refresh) carries them where the clouds publish them"), x.notes());
        assertTrue(x.toString().endsWith("notes:\n  " + x.notes().get(0) + "\n"), x.toString());
    }

    @Test
    void theRequirementSaysItsPricingModel() {
        assertTrue(inference().pricing(PricingModel.COMMITTED_1Y).build().toString().contains(", pricing=COMMITTED_1Y"));
        assertTrue(inference().spot(true).build().toString().contains(", spot"));
        assertTrue(!inference().build().toString().contains("pricing"));
        assertTrue(!inference().pricing(PricingModel.COMMITTED_1Y).build().equals(inference().pricing(PricingModel.COMMITTED_3Y).build()));
    }
}

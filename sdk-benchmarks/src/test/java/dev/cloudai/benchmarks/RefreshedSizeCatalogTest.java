package dev.cloudai.benchmarks;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Ranking;
import dev.cloudai.accelerator.ServingThroughput;
import dev.cloudai.accelerator.Workload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog the refreshed-size select benchmark runs on: its size, its determinism, and that select answers on it. */
class RefreshedSizeCatalogTest {
    static final AcceleratorCatalog BIG = RefreshedSizeCatalog.generate();

    @Test
    void everyInstanceTypeOfTheSnapshotIsInThirtyRegionsOfItsCloud() {
        Set<String> types = AcceleratorCatalog.builtIn().offers().stream()
                .map(o -> o.cloud() + "/" + o.platform() + "/" + o.instanceType()).collect(Collectors.toSet());
        assertEquals(types.size() * 30, BIG.offers().size());
        assertTrue(BIG.offers().size() > 3000, "thousands of rows, as a refresh writes: " + BIG.offers().size());
        Map<String, Long> perType = BIG.offers().stream().collect(Collectors.groupingBy(
                o -> o.cloud() + "/" + o.platform() + "/" + o.instanceType(), Collectors.counting()));
        assertTrue(perType.values().stream().allMatch(n -> n == 30), perType.toString());
        assertEquals(BIG.offers().size(), BIG.offers().stream().map(Offer::key).collect(Collectors.toCollection(TreeSet::new)).size(),
                "one row per cloud, platform, region and instance type");
    }

    @Test
    void theSameOffersComeOutOnEveryCall() {
        assertEquals(BIG.offers(), RefreshedSizeCatalog.generate().offers());
    }

    @Test
    void everyOfferHasEveryPricingModelsPriceSoEachRanks() {
        for (PricingModel m : PricingModel.values()) {
            assertTrue(BIG.offers().stream().allMatch(o -> o.price(m).isPresent()), m.name());
        }
    }

    @Test
    void selectReturnsOffersForTheBenchmarksRequirements() {
        List<Offer> broad = BIG.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE).allowFractional(true).build());
        assertTrue(broad.size() > 2000, "most offers serve: " + broad.size());
        List<Offer> narrow = BIG.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16)
                .clouds("aws", "gcp", "azure").maxPricePerHour(60).build());
        assertFalse(narrow.isEmpty());
        assertTrue(narrow.stream().allMatch(o -> o.pricePerHour().getAsDouble() <= 60));
        AcceleratorRequirement perToken = AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(8, Precision.BF16)
                .pricing(PricingModel.COMMITTED_1Y).throughput(ServingThroughput.perDevice("L4", 900))
                .rankBy(Ranking.COST_PER_MILLION_TOKENS).build();
        Offer best = BIG.select(perToken).get(0);
        assertEquals("L4", best.accelerator());
        assertTrue(best.costPerMillionTokens(PricingModel.COMMITTED_1Y).isPresent());
    }
}

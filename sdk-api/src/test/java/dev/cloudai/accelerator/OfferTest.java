package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An offer's prices per pricing model, and the copies a refresh and a selection make of it. */
class OfferTest {
    static final Offer P5 = new Offer("aws", "vm", "us-east-1", "p5.48xlarge", "H100", 8, OptionalDouble.of(80),
            OptionalInt.of(192), OptionalDouble.of(2048), OptionalDouble.of(3200), OptionalDouble.of(98.32),
            OptionalDouble.of(20.99), Set.of(Workload.TRAINING), "src:x", List.of(), OptionalDouble.of(64.1),
            OptionalDouble.empty());

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ON_DEMAND, 98.32", "SPOT, 20.99", "COMMITTED_1Y, 64.1", "COMMITTED_3Y, "})
    void eachPricingModelReadsItsOwnColumn(PricingModel model, Double expected) {
        assertEquals(expected == null ? OptionalDouble.empty() : OptionalDouble.of(expected), P5.price(model));
    }

    @Test
    void theBooleanPriceIsSpotOrOnDemand() {
        assertEquals(P5.price(PricingModel.SPOT), P5.price(true));
        assertEquals(P5.price(PricingModel.ON_DEMAND), P5.price(false));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PricingModel.class)
    void withPriceSetsThatModelsPriceAndNotesAndKeepsTheRest(PricingModel model) {
        Offer refreshed = P5.withPrice(model, OptionalDouble.of(1.5), "src:refresh 2026-12-02");
        for (PricingModel other : PricingModel.values()) {
            assertEquals(other == model ? OptionalDouble.of(1.5) : P5.price(other), refreshed.price(other), other.name());
        }
        assertEquals("src:refresh 2026-12-02", refreshed.notes());
        assertEquals(P5.key(), refreshed.key());
        assertEquals(P5.vcpus(), refreshed.vcpus());
        assertEquals(OptionalDouble.empty(), P5.withPrice(model, OptionalDouble.empty(), "cleared").price(model), "an empty value clears it");
    }

    @Test
    void withPriceRefusesANullModelOrValueNamingIt() {
        assertEquals("model", assertThrows(NullPointerException.class,
                () -> P5.withPrice(null, OptionalDouble.of(1), "x")).getMessage());
        assertEquals("usdPerHour", assertThrows(NullPointerException.class,
                () -> P5.withPrice(PricingModel.SPOT, null, "x")).getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> P5.withPrice(PricingModel.COMMITTED_3Y, OptionalDouble.of(-2), "x"));
        assertEquals("committed3yPricePerHour: must not be negative, was -2.0", e.getMessage());
    }

    @Test
    void inRegionMovesTheOfferAndKeepsEveryPrice() {
        Offer moved = P5.inRegion("us-west-2");
        assertEquals("aws/vm/us-west-2/p5.48xlarge", moved.key());
        for (PricingModel m : PricingModel.values()) assertEquals(P5.price(m), moved.price(m), m.name());
    }

    @Test
    void theOldConstructorsLeaveCommittedPricesAndThroughputEmpty() {
        Offer old = new Offer("aws", "vm", "us-east-1", "p5.48xlarge", "H100", 8, OptionalDouble.of(80), OptionalInt.of(192),
                OptionalDouble.of(2048), OptionalDouble.of(3200), OptionalDouble.of(98.32), OptionalDouble.of(20.99),
                Set.of(Workload.TRAINING), "src:x", List.of());
        assertTrue(old.committed1yPricePerHour().isEmpty() && old.committed3yPricePerHour().isEmpty());
        assertTrue(old.throughput().isEmpty() && old.outputTokensPerSecond().isEmpty());
        assertTrue(old.costPerMillionTokens(PricingModel.ON_DEMAND).isEmpty(), "no figure, no cost per token");
    }

    @ParameterizedTest(name = "${0}/h at {1} tokens/s is ${2} per 1M tokens")
    @CsvSource({"36, 1000, 10", "3.6, 2000, 0.5", "0.72, 2000, 0.1", "0, 100, 0", "7.2, 500, 4"})
    void costPerMillionTokensIsThePricePerHourOverTheTokensOfAnHour(double usdPerHour, double tokensPerSecond, double expected) {
        assertEquals(expected, ServingThroughput.costPerMillionTokens(usdPerHour, tokensPerSecond));
    }

    @Test
    void anOfferWithAFigureGivesItsTokensPerSecondAndCostPerPricingModel() {
        Offer served = P5.selected(List.of(), Optional.of(ServingThroughput.perDevice("H100", 250)));
        assertEquals(OptionalDouble.of(2000), served.outputTokensPerSecond(), "250 per device x 8");
        // 64.1 $/h over 7.2 million tokens an hour
        assertEquals(OptionalDouble.of(64.1 * 1_000_000 / (2000 * 3600.0)), served.costPerMillionTokens(PricingModel.COMMITTED_1Y));
        assertEquals(OptionalDouble.empty(), served.costPerMillionTokens(PricingModel.COMMITTED_3Y), "no 3-year price");
        Offer perInstance = P5.selected(List.of(), Optional.of(ServingThroughput.perInstance("p5.48xlarge", 9000)));
        assertEquals(OptionalDouble.of(9000), perInstance.outputTokensPerSecond());
    }
}

package dev.cloudai.azure.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.azure.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which catalog price a Retail Prices item is, item by item: the rules of {@link RetailPriceItem}. */
class RetailPriceItemTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    /** A Linux pay-as-you-go item in the reference's shape, with {@code changes} applied ({@code null} removes). */
    private static Map<String, Object> item(String changes) {
        Map<String, Object> base = Json.parseObject("{\"currencyCode\":\"USD\",\"tierMinimumUnits\":0.0,"
                + "\"retailPrice\":3.673,\"unitPrice\":3.673,\"armRegionName\":\"eastus\",\"location\":\"US East\","
                + "\"effectiveStartDate\":\"2024-06-01T00:00:00Z\",\"meterId\":\"m\",\"meterName\":\"NC24ads A100 v4\","
                + "\"productId\":\"DZH318Z08M1Z\",\"skuId\":\"DZH318Z08M1Z/00G2\",\"productName\":\"Virtual Machines NCadsA100v4 Series\","
                + "\"skuName\":\"NC24ads A100 v4\",\"serviceName\":\"Virtual Machines\",\"serviceId\":\"DZH313Z7MMC8\","
                + "\"serviceFamily\":\"Compute\",\"unitOfMeasure\":\"1 Hour\",\"type\":\"Consumption\","
                + "\"isPrimaryMeterRegion\":true,\"armSkuName\":\"Standard_NC24ads_A100_v4\"}");
        Map<String, Object> out = new java.util.LinkedHashMap<>(base);
        Json.parseObject(changes).forEach((k, v) -> {
            if (v == null) out.remove(k);
            else out.put(k, v);
        });
        return out;
    }

    private static List<RetailPriceItem.Price> prices(String changes) {
        return RetailPriceItem.of(item(changes)).orElseThrow().prices(TODAY);
    }

    @Test
    void aLinuxConsumptionItemIsThePayAsYouGoPriceFromItsSku() {
        List<RetailPriceItem.Price> p = prices("{}");

        assertEquals(1, p.size());
        assertEquals(PricingModel.ON_DEMAND, p.get(0).model());
        assertEquals(3.673, p.get(0).usdPerHour());
        assertEquals("eastus", p.get(0).region());
        assertEquals("Standard_NC24ads_A100_v4", p.get(0).instanceType());
        assertEquals("Azure Retail Prices API skuId DZH318Z08M1Z/00G2 Consumption", p.get(0).source());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a spot meter name     | {\"meterName\":\"NC24ads A100 v4 Spot\",\"skuName\":\"NC24ads A100 v4 Spot\"} | SPOT",
            "a spot SKU name only  | {\"skuName\":\"NC24ads A100 v4 Spot\"}                                         | SPOT",
            "no spot in the name   | {\"meterName\":\"NC24ads A100 v4 Spotless\"}                                    | ON_DEMAND"})
    void spotIsTheConsumptionMeterWhoseNameEndsInSpot(String why, String changes, PricingModel model) {
        assertEquals(model, prices(changes).get(0).model(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Windows                        | {\"productName\":\"Virtual Machines NCadsA100v4 Series Windows\"}",
            "Low Priority meter             | {\"meterName\":\"NC24ads A100 v4 Low Priority\",\"skuName\":\"NC24ads A100 v4 Low Priority\"}",
            "Low Priority SKU               | {\"skuName\":\"NC24ads A100 v4 Low Priority\"}",
            "dev/test                       | {\"type\":\"DevTestConsumption\"}",
            "Cloud Services                 | {\"productName\":\"NCadsA100v4 Series Cloud Services\"}",
            "a non-primary meter            | {\"isPrimaryMeterRegion\":false}",
            "another currency               | {\"currencyCode\":\"EUR\"}",
            "another unit                   | {\"unitOfMeasure\":\"1/Month\"}",
            "a price effective tomorrow     | {\"effectiveStartDate\":\"2026-12-03T00:00:00Z\"}",
            "a 5-year reservation           | {\"type\":\"Reservation\",\"reservationTerm\":\"5 Years\"}",
            "an unknown type                | {\"type\":\"Refund\"}"})
    void itemsNoCatalogColumnHoldsTellNoPrice(String why, String changes) {
        assertEquals(List.of(), prices(changes), why);
    }

    @Test
    void aPriceEffectiveTodayOrWithoutADateCounts() {
        assertEquals(1, prices("{\"effectiveStartDate\":\"2026-12-02T00:00:00Z\"}").size());
        assertEquals(1, prices("{\"effectiveStartDate\":null}").size());
        assertEquals(1, prices("{\"effectiveStartDate\":\"not a date\"}").size());
    }

    @Test
    void aReservationIsThePriceOfTheWholeTermSpreadOverItsHours() {
        RetailPriceItem.Price oneYear = prices("{\"type\":\"Reservation\",\"reservationTerm\":\"1 Year\",\"retailPrice\":20305.0,"
                + "\"unitPrice\":20305.0}").get(0);
        RetailPriceItem.Price threeYears = prices("{\"type\":\"Reservation\",\"reservationTerm\":\"3 Years\","
                + "\"retailPrice\":39223.0}").get(0);

        assertEquals(PricingModel.COMMITTED_1Y, oneYear.model());
        assertEquals(20305.0 / 8760, oneYear.usdPerHour());
        assertEquals(PricingModel.COMMITTED_3Y, threeYears.model());
        assertEquals(39223.0 / 26280, threeYears.usdPerHour());
        assertEquals(RetailPriceItem.RESERVATION_RANK, oneYear.rank());
        assertTrue(threeYears.source().endsWith(" reservation 3 Years"), threeYears.source());
    }

    @Test
    void aSavingsPlanGivesHourlyCommittedPricesThatRankAfterReservations() {
        List<RetailPriceItem.Price> p = prices("{\"savingsPlan\":[{\"unitPrice\":1.8365,\"retailPrice\":1.8365,\"term\":\"3 Years\"},"
                + "{\"unitPrice\":2.6077,\"retailPrice\":2.6077,\"term\":\"1 Year\"},{\"retailPrice\":1.0,\"term\":\"5 Years\"}]}");

        assertEquals(3, p.size(), p::toString);
        RetailPriceItem.Price threeYears = p.stream().filter(x -> x.model() == PricingModel.COMMITTED_3Y).findFirst().orElseThrow();
        assertEquals(1.8365, threeYears.usdPerHour());
        assertEquals(RetailPriceItem.SAVINGS_PLAN_RANK, threeYears.rank());
        assertTrue(threeYears.source().endsWith(" savings plan 3 Years"), threeYears.source());
        assertEquals(2.6077, p.stream().filter(x -> x.model() == PricingModel.COMMITTED_1Y).findFirst().orElseThrow().usdPerHour());
    }

    @Test
    void anItemWithoutRegionSizeOrPriceIsNotRead() {
        assertEquals(Optional.empty(), RetailPriceItem.of(item("{\"armRegionName\":null}")));
        assertEquals(Optional.empty(), RetailPriceItem.of(item("{\"armSkuName\":\"\"}")));
        assertEquals(Optional.empty(), RetailPriceItem.of(item("{\"retailPrice\":null,\"unitPrice\":null}")));
        assertEquals(Optional.empty(), RetailPriceItem.of(item("{\"retailPrice\":-1,\"unitPrice\":null}")));
        assertEquals(2.5, RetailPriceItem.of(item("{\"retailPrice\":null,\"unitPrice\":2.5}")).orElseThrow().retailPrice());
    }
}

package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The emulator's OData filter subset: what it selects, and what it refuses as the real API does. */
class RetailPriceFilterTest {
    private static final JsonNode ITEM = item("{\"armRegionName\":\"eastus\",\"armSkuName\":\"Standard_NC4as_T4_v3\","
            + "\"serviceName\":\"Virtual Machines\",\"type\":\"Consumption\",\"meterName\":\"NC4as T4 v3 Spot\","
            + "\"productName\":\"O'Neil Series\"}");

    private static JsonNode item(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean selects(String filter) {
        Predicate<JsonNode> p = RetailPriceFilter.parse(filter);
        return p.test(ITEM);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "serviceName eq 'Virtual Machines'                                                       | true",
            "serviceName eq 'virtual machines'                                                       | false",
            "ServiceName eq 'Virtual Machines'                                                       | true",
            "armRegionName eq 'eastus' and armSkuName eq 'Standard_NC4as_T4_v3'                      | true",
            "armRegionName eq 'westeurope' and armSkuName eq 'Standard_NC4as_T4_v3'                  | false",
            "armRegionName eq 'westeurope' or armSkuName eq 'Standard_NC4as_T4_v3'                   | true",
            "serviceName eq 'Virtual Machines' and (armSkuName eq 'A' or armSkuName eq 'Standard_NC4as_T4_v3') | true",
            "serviceName eq 'Virtual Machines' and (armSkuName eq 'A' or armSkuName eq 'B')          | false",
            "priceType eq 'Consumption'                                                              | true",
            "priceType ne 'Consumption'                                                              | false",
            "contains(meterName, 'Spot')                                                             | true",
            "productName eq 'O''Neil Series'                                                         | true"})
    void selectsWhatTheFilterSays(String filter, boolean selected) {
        assertEquals(selected, selects(filter));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "currencyCode eq 'USD'",
            "not(contains(productName, 'Windows'))",
            "armSkuName in ('A', 'B')",
            "serviceName EQ 'Virtual Machines'",
            "serviceName eq 'Virtual Machines' AND armRegionName eq 'eastus'",
            "serviceName eq Virtual",
            "serviceName eq 'Virtual Machines",
            "(serviceName eq 'Virtual Machines'",
            "serviceName eq 'Virtual Machines')",
            "serviceName eq 'a' and",
            "retailPrice lt 5"})
    void refusesWhatTheRealApiRefuses(String filter) {
        assertThrows(RetailPriceFilter.Invalid.class, () -> RetailPriceFilter.parse(filter));
    }

    @Test
    void refusesMoreThanTwentyComparisons() {
        StringBuilder f = new StringBuilder("serviceName eq 'Virtual Machines'");
        for (int i = 0; i < 19; i++) f.append(" or armSkuName eq 'S").append(i).append('\'');
        RetailPriceFilter.parse(f.toString());   // 20: accepted
        f.append(" or armSkuName eq 'S19'");
        assertThrows(RetailPriceFilter.Invalid.class, () -> RetailPriceFilter.parse(f.toString()));
    }
}

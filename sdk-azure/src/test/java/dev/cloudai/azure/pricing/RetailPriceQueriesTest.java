package dev.cloudai.azure.pricing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Retail Prices requests of a region: the filter text, its encoding, and how sizes are batched. */
class RetailPriceQueriesTest {

    @Test
    void oneSizeInOneRegionIsOneRequestWithThePreviewVersionPrimaryMetersAndAnEncodedFilter() {
        List<RetailPriceQueries.Batch> b = RetailPriceQueries.batches("https://prices.azure.com/", "eastus",
                List.of("Standard_NC24ads_A100_v4"));

        assertEquals(1, b.size());
        assertEquals("https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&meterRegion=%27primary%27"
                + "&$filter=serviceName%20eq%20%27Virtual%20Machines%27%20and%20armRegionName%20eq%20%27eastus%27%20and%20"
                + "%28armSkuName%20eq%20%27Standard_NC24ads_A100_v4%27%29", b.get(0).url());
        assertEquals(List.of("Standard_NC24ads_A100_v4"), b.get(0).instanceTypes());
    }

    @Test
    void withoutARegionTheFilterHasNoRegionClauseAndAQuoteIsDoubled() {
        assertEquals("serviceName eq 'Virtual Machines' and (armSkuName eq 'A' or armSkuName eq 'O''Neil')",
                RetailPriceQueries.filter(null, List.of("A", "O'Neil")));
        assertEquals("serviceName eq 'Virtual Machines' and armRegionName eq 'x''y' and (armSkuName eq 'A')",
                RetailPriceQueries.filter("x'y", List.of("A")));
    }

    @Test
    void sizesAreBatchedTenToARequestInOrder() {
        List<String> sizes = new ArrayList<>();
        for (int i = 0; i < 23; i++) sizes.add("Standard_S" + i);

        List<RetailPriceQueries.Batch> b = RetailPriceQueries.batches("http://127.0.0.1:1", "eastus", sizes);

        assertEquals(List.of(10, 10, 3), b.stream().map(x -> x.instanceTypes().size()).toList());
        assertEquals(sizes, b.stream().flatMap(x -> x.instanceTypes().stream()).toList());
    }

    @Test
    void longNamesStartANewRequestBeforeTheUrlPassesTwoThousandCharacters() {
        List<String> sizes = new ArrayList<>();
        for (int i = 0; i < 6; i++) sizes.add("Standard_" + "L".repeat(400) + i);

        List<RetailPriceQueries.Batch> b = RetailPriceQueries.batches("https://prices.azure.com", "eastus", sizes);

        assertTrue(b.size() > 1, () -> b.size() + " requests");
        assertTrue(b.stream().allMatch(x -> x.url().length() <= RetailPriceQueries.MAX_URL));
        assertEquals(sizes, b.stream().flatMap(x -> x.instanceTypes().stream()).toList());
    }
}

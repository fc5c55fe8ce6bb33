package dev.cloudai.cli;

import dev.cloudai.CatalogRefresh;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole refresh, end to end: the three adapters' real price sources (AWS SDK pricing, savingsplans and EC2
 * clients; Google's CloudCatalogClient; azure-core against the Retail Prices API) against the three emulators, merged
 * into the built-in catalog, written to a cache, read back, and fed to {@code select}. Each adapter's own tests
 * check its requests and arithmetic; this one checks that the parts fit.
 */
class CatalogRefreshEndToEndTest {
    private static CloudEmulator emulator;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void start() {
        emulator = CloudEmulator.start(new AwsCloud(), new GcpCloud(), new AzureCloud());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static CloudAiConfig config() {
        CloudAiConfig.Builder b = CloudAiConfig.builder();
        for (String id : List.of("aws", "gcp", "azure")) emulator.keys(id).forEach(b::property);
        return b.build();
    }

    @Test
    void aRefreshAgainstTheThreeEmulatorsPricesRowsThatSelectThenRanksByTheFetchedPrices() {
        CatalogCache cache = CatalogCache.at(cacheDir);
        CatalogRefresh.Result result = CatalogRefresh.builder(config()).cache(cache).build().run();

        for (String cloud : List.of("aws", "gcp", "azure")) {
            CatalogRefresh.CloudResult c = result.cloud(cloud).orElseThrow(() -> new AssertionError("no result for " + cloud));
            assertTrue(c.status() != CatalogRefresh.Status.FAILED, () -> cloud + " failed: " + c);
            assertTrue(c.points() > 0, () -> cloud + " fetched no price: " + c);
            assertTrue(c.rowsUpdated() + c.rowsAdded() > 0, () -> cloud + " changed no row: " + c);
            assertTrue(c.requests() > 0, () -> cloud + " made no request: " + c);
        }
        assertEquals(result.written().orElseThrow(), cache.csvFile(), "the cache holds the refreshed catalog");

        // What the cache holds reads back to the same offers as the refresh computed.
        AcceleratorCatalog cached = cache.catalog();
        assertEquals(result.catalog().offers(), cached.offers());

        // Every refreshed row names where its price came from, and select ranks by those prices.
        for (String cloud : List.of("aws", "gcp", "azure")) {
            List<Offer> ranked = cached.select(AcceleratorRequirement.builder().clouds(cloud).allowFractional(true).build());
            assertFalse(ranked.isEmpty(), () -> "nothing selectable on " + cloud + " after the refresh");
            List<Offer> refreshed = cached.offers().stream()
                    .filter(o -> o.cloud().equals(cloud) && o.notes().contains(result.fetchedAt().toString().substring(0, 10)))
                    .toList();
            assertFalse(refreshed.isEmpty(), () -> "no " + cloud + " row carries the refresh date in its notes");
            for (int i = 1; i < ranked.size(); i++) {
                double before = ranked.get(i - 1).pricePerHour().orElse(Double.MAX_VALUE);
                double after = ranked.get(i).pricePerHour().orElse(Double.MAX_VALUE);
                assertTrue(before <= after, "cheapest first on " + cloud + ": " + ranked.get(i - 1).key() + " before " + ranked.get(i).key());
            }
        }
        // A row the refresh priced is what select returns with that price.
        Offer priced = cached.offers().stream()
                .filter(o -> o.notes().contains(result.fetchedAt().toString().substring(0, 10)) && o.pricePerHour().isPresent())
                .findFirst().orElseThrow();
        Offer chosen = cached.select(AcceleratorRequirement.builder().clouds(priced.cloud()).platforms(priced.platform())
                .regions(priced.region()).accelerators(priced.accelerator()).allowFractional(true).build()).stream()
                .filter(o -> o.key().equals(priced.key())).findFirst().orElseThrow();
        assertEquals(priced.pricePerHour(), chosen.pricePerHour());
    }
}

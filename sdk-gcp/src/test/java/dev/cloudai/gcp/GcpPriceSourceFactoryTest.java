package dev.cloudai.gcp;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GcpProviderFactory#priceSource}: made from the adapter's keys, without those only Vertex AI calls need. */
class GcpPriceSourceFactoryTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private static final Offer A3_1G = new Offer("gcp", "vertex", "us-central1", "a3-highgpu-1g", "H100", 1,
            OptionalDouble.of(80), OptionalInt.of(26), OptionalDouble.of(234), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), Set.of(Workload.INFERENCE), "", List.of());

    private static PriceSource priceSource(Map<String, String> keys) {
        return new GcpProviderFactory().priceSource(ProviderConfig.of("gcp", keys, GcpKeys.all())).orElseThrow();
    }

    @Test
    void thePriceSourceNeedsNoProjectOrLocationWhileCreateStillDoes() {
        try (PriceSource google = priceSource(Map.of())) {
            assertEquals("gcp", google.cloud());
            // Google's endpoint, with Application Default Credentials: nothing is looked up before the first fetch
            assertEquals("GcpPriceSource[CatalogClient[cloudbilling.googleapis.com:443]]", google.toString());
        }
        assertThrows(ConfigurationException.class, () -> new GcpProviderFactory().create(ProviderConfig.of("gcp", Map.of(), GcpKeys.all())));
    }

    @Test
    void aVertexTlsEndpointDoesNotMoveTheBillingCatalogAndTheApiKeyStaysHidden() {
        try (PriceSource google = priceSource(Map.of("cloudai.gcp.endpoint", "us-central1-aiplatform.googleapis.com:443",
                "cloudai.gcp.billing-api-key", "AIza-not-a-real-key"))) {
            assertEquals("GcpPriceSource[CatalogClient[cloudbilling.googleapis.com:443, API key]]", google.toString());
        }
        ProviderConfig config = ProviderConfig.of("gcp", Map.of("cloudai.gcp.billing-api-key", "AIza-not-a-real-key"), GcpKeys.all());
        assertFalse(config.toString().contains("AIza-not-a-real-key"), config::toString);
    }

    @Test
    void theEmulatorsHttpEndpointServesTheBillingCatalogAndAnApiKeyIsAccepted() {
        GcpCloud gcp = EMULATOR.emulator().cloud("gcp", GcpCloud.class);
        for (Map<String, String> keys : List.of(Map.of("cloudai.gcp.endpoint", "http://127.0.0.1:" + gcp.port()),
                Map.of("cloudai.gcp.endpoint", "http://127.0.0.1:" + gcp.port(), "cloudai.gcp.billing-api-key", "AIza-not-a-real-key"))) {
            try (PriceSource google = priceSource(keys)) {
                PriceSheet sheet = google.fetch(new PriceQuery(List.of(A3_1G), Set.of("us-central1"),
                        Set.of(PricingModel.ON_DEMAND), LocalDate.of(2026, 12, 2)));
                assertEquals(12.625919, sheet.points().get(0).usdPerHour(), 0.0);
                assertEquals(List.of(), sheet.problems());
                assertTrue(google.toString().contains("127.0.0.1:" + gcp.port() + ", plaintext"), google::toString);
            }
        }
        assertEquals(4, gcp.requestCount());
    }
}

package dev.cloudai.gcp.pricing;

import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.billing.v1.CloudCatalogClient;
import com.google.cloud.billing.v1.GeoTaxonomy;
import com.google.cloud.billing.v1.ListServicesRequest;
import com.google.cloud.billing.v1.ListServicesResponse;
import com.google.cloud.billing.v1.ListSkusRequest;
import com.google.cloud.billing.v1.ListSkusResponse;
import com.google.cloud.billing.v1.PricingExpression;
import com.google.cloud.billing.v1.Service;
import com.google.cloud.billing.v1.Sku;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.gcp.BillingCatalog;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated Cloud Billing Catalog answers as the API reference says, and is as strict as the API. */
class BillingCatalogEmulatorTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private CatalogClient clients;

    private CloudCatalogClient client() {
        if (clients == null) {
            clients = new CatalogClient("127.0.0.1:" + EMULATOR.emulator().cloud("gcp", GcpCloud.class).port(), true,
                    Optional.empty(), Duration.ofSeconds(20));
        }
        return clients.get();
    }

    @AfterEach
    void close() {
        if (clients != null) clients.close();
    }

    @Test
    void listServicesNamesEachServiceByIdAndDisplayName() {
        ListServicesResponse page = client().listServicesCallable().call(ListServicesRequest.getDefaultInstance());

        assertEquals(Service.newBuilder().setName("services/C7E2-9256-1C43").setServiceId("C7E2-9256-1C43")
                .setDisplayName("Vertex AI").setBusinessEntityName("businessEntities/GCP").build(), page.getServices(4));
        assertEquals(5, page.getServicesCount());
        assertEquals("", page.getNextPageToken());
    }

    @Test
    void aSkuCarriesItsCategoryRegionsAndPricePerUsageUnit() {
        ListSkusResponse page = client().listSkusCallable().call(ListSkusRequest.newBuilder()
                .setParent("services/C7E2-9256-1C43").build());

        Sku h100 = page.getSkus(0);
        assertEquals("services/C7E2-9256-1C43/skus/AE9C-DB60-DF46", h100.getName());
        assertEquals("Vertex AI: Online/Batch Prediction Nvidia H100 80gb GPU running in Iowa", h100.getDescription());
        assertEquals("Vertex AI", h100.getCategory().getServiceDisplayName());
        assertEquals("OnDemand", h100.getCategory().getUsageType());
        assertEquals(List.of("us-central1"), h100.getServiceRegionsList());
        assertEquals(GeoTaxonomy.Type.REGIONAL, h100.getGeoTaxonomy().getType());
        PricingExpression price = h100.getPricingInfo(0).getPricingExpression();
        assertEquals("h", price.getUsageUnit());
        assertEquals(3600.0, price.getBaseUnitConversionFactor());
        assertEquals(11, price.getTieredRates(0).getUnitPrice().getUnits());
        assertEquals(266_033_200, price.getTieredRates(0).getUnitPrice().getNanos());
        assertEquals("USD", price.getTieredRates(0).getUnitPrice().getCurrencyCode());
        assertEquals("GiBy.h", page.getSkus(2).getPricingInfo(0).getPricingExpression().getUsageUnit());
        assertEquals(14, page.getSkusCount());
    }

    @Test
    void anUnknownServiceIsNotFoundAndAMalformedParentTokenOrCurrencyIsAnInvalidArgument() {
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> client().listSkusCallable()
                .call(ListSkusRequest.newBuilder().setParent("services/0000-0000-0000").build()));
        assertTrue(unknown.getMessage().contains("Service not found: services/0000-0000-0000"), unknown::getMessage);

        assertThrows(InvalidArgumentException.class, () -> client().listSkusCallable()
                .call(ListSkusRequest.newBuilder().setParent("C7E2-9256-1C43").build()));
        assertThrows(InvalidArgumentException.class, () -> client().listSkusCallable()
                .call(ListSkusRequest.newBuilder().setParent("services/C7E2-9256-1C43").setPageToken("services#2").build()));
        assertThrows(InvalidArgumentException.class, () -> client().listSkusCallable()
                .call(ListSkusRequest.newBuilder().setParent("services/C7E2-9256-1C43").setCurrencyCode("EUR").build()));
    }

    @Test
    void aSmallerPageSizeThanTheCatalogsPagesInPagesOfThatSize() {
        EMULATOR.emulator().cloud("gcp", GcpCloud.class).billingCatalog().removeSku("AE9C-DB60-DF46");
        ListSkusResponse first = client().listSkusCallable().call(ListSkusRequest.newBuilder()
                .setParent("services/C7E2-9256-1C43").setPageSize(10).build());
        ListSkusResponse second = client().listSkusCallable().call(ListSkusRequest.newBuilder()
                .setParent("services/C7E2-9256-1C43").setPageSize(10).setPageToken(first.getNextPageToken()).build());

        assertEquals(10, first.getSkusCount());
        assertEquals("services/C7E2-9256-1C43#10", first.getNextPageToken());
        assertEquals(3, second.getSkusCount());
        assertEquals("", second.getNextPageToken());
        assertEquals(13, EMULATOR.emulator().cloud("gcp", GcpCloud.class).billingCatalog().skuCount(BillingCatalog.VERTEX_AI));
    }
}

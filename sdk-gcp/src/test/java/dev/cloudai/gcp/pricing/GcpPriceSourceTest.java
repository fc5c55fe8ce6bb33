package dev.cloudai.gcp.pricing;

import com.google.cloud.billing.v1.ListServicesRequest;
import com.google.cloud.billing.v1.ListSkusRequest;
import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.gcp.BillingCatalog;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.gcp.RecordedCall;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Google Cloud price source against the emulated Cloud Billing Catalog: the real {@code CloudCatalogClient}, the
 * exact requests, the composed prices, and what becomes a problem. Pauses between retries are recorded, not slept.
 */
class GcpPriceSourceTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private static final String VERTEX_PARENT = "services/" + BillingCatalog.VERTEX_AI;
    private static final String COMPUTE_PARENT = "services/" + BillingCatalog.COMPUTE_ENGINE;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private final List<Duration> pauses = new ArrayList<>();

    private static GcpCloud gcp() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private GcpPriceSource source() {
        return new GcpPriceSource("gcp", new CatalogClient("127.0.0.1:" + gcp().port(), true, Optional.empty(),
                Duration.ofSeconds(20)), pauses::add);
    }

    private PriceSheet fetch(List<Offer> shapes, Set<String> regions, Set<PricingModel> models) {
        try (GcpPriceSource source = source()) {
            return source.fetch(new PriceQuery(shapes, regions, models, TODAY));
        }
    }

    static Offer shape(String cloud, String platform, String region, String type, String accelerator, double count,
                       Integer vcpus, Double memoryGib) {
        return new Offer(cloud, platform, region, type, accelerator, count, OptionalDouble.empty(),
                vcpus == null ? OptionalInt.empty() : OptionalInt.of(vcpus),
                memoryGib == null ? OptionalDouble.empty() : OptionalDouble.of(memoryGib), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), Set.of(Workload.INFERENCE), "", List.of());
    }

    private static final Offer VERTEX_A3_1G = shape("gcp", "vertex", "us-central1", "a3-highgpu-1g", "H100", 1, 26, 234.0);
    private static final Offer VM_A3_8G = shape("gcp", "vm", "us-central1", "a3-highgpu-8g", "H100", 8, 208, 1872.0);

    private static PricePoint only(PriceSheet sheet, String platform, String region, String type, PricingModel model) {
        List<PricePoint> found = sheet.points().stream().filter(p -> p.platform().equals(platform) && p.region().equals(region)
                && p.instanceType().equals(type) && p.model() == model).toList();
        assertEquals(1, found.size(), () -> "points: " + sheet.points());
        return found.get(0);
    }

    private static List<ListSkusRequest> skuRequests() {
        return gcp().calls(GcpCloud.LIST_SKUS).stream().map(c -> c.request(ListSkusRequest.getDefaultInstance())).toList();
    }

    private static ListSkusRequest skus(String parent, String token) {
        return ListSkusRequest.newBuilder().setParent(parent).setCurrencyCode("USD").setPageSize(5000).setPageToken(token).build();
    }

    @Test
    void theVertexH100PredictionSkusComposeA3Highgpu1gToTheCitedTotalInTwoRequests() {
        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        // 26 x 0.0293227 + 234 x 0.0025534 + 1 x 11.2660332 (yshimojo/zenn-articles, dws-flex-new-skus.md)
        PricePoint point = only(sheet, "vertex", "us-central1", "a3-highgpu-1g", PricingModel.ON_DEMAND);
        assertEquals(12.625919, point.usdPerHour(), 0.0);
        assertEquals("Cloud Billing Catalog SKUs A002-4323-D900 + 2424-9F04-82A8 + AE9C-DB60-DF46", point.source());
        assertEquals(List.of(), sheet.problems());
        assertEquals(1, sheet.points().size());
        assertEquals(2, sheet.requests());
        assertEquals(List.of(GcpCloud.LIST_SERVICES, GcpCloud.LIST_SKUS), gcp().calls().stream().map(RecordedCall::method).toList());
        assertEquals(ListServicesRequest.newBuilder().setPageSize(5000).build(),
                gcp().calls(GcpCloud.LIST_SERVICES).get(0).request(ListServicesRequest.getDefaultInstance()));
        assertEquals(List.of(skus(VERTEX_PARENT, "")), skuRequests());
        assertEquals(List.of(), pauses);
    }

    @Test
    void computeEngineShapesGetOnDemandSpotAndCommittedPricesAndTheDwsAndCustomSkusAreIgnored() {
        PriceSheet sheet = fetch(List.of(VM_A3_8G), Set.of("us-central1"), EnumSet.allOf(PricingModel.class));

        PricePoint onDemand = only(sheet, "vm", "us-central1", "a3-highgpu-8g", PricingModel.ON_DEMAND);
        assertEquals(88.49, onDemand.usdPerHour(), 0.0);
        assertEquals("Cloud Billing Catalog SKUs C0DE-0001-7E57 + C0DE-0002-7E57 + C0DE-0003-7E57", onDemand.source());
        assertEquals(22.256928, only(sheet, "vm", "us-central1", "a3-highgpu-8g", PricingModel.SPOT).usdPerHour(), 0.0);
        assertEquals(55.7487256, only(sheet, "vm", "us-central1", "a3-highgpu-8g", PricingModel.COMMITTED_1Y).usdPerHour(), 0.0);
        assertEquals(39.8204256, only(sheet, "vm", "us-central1", "a3-highgpu-8g", PricingModel.COMMITTED_3Y).usdPerHour(), 0.0);
        assertEquals(4, sheet.points().size());
        assertEquals(List.of(), sheet.problems());
        assertEquals(List.of(skus(COMPUTE_PARENT, "")), skuRequests());
        assertEquals(2, sheet.requests());
    }

    @Test
    void everyPageIsRequestedWithTheTokenOfThePageBefore() {
        gcp().billingCatalog().maxPageSize(4);   // 5 services: 2 pages; 14 Vertex AI SKUs: 4 pages

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(12.625919, only(sheet, "vertex", "us-central1", "a3-highgpu-1g", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(List.of(
                ListServicesRequest.newBuilder().setPageSize(5000).build(),
                ListServicesRequest.newBuilder().setPageSize(5000).setPageToken("services#4").build()),
                gcp().calls(GcpCloud.LIST_SERVICES).stream().map(c -> c.request(ListServicesRequest.getDefaultInstance())).toList());
        assertEquals(List.of(skus(VERTEX_PARENT, ""), skus(VERTEX_PARENT, VERTEX_PARENT + "#4"),
                skus(VERTEX_PARENT, VERTEX_PARENT + "#8"), skus(VERTEX_PARENT, VERTEX_PARENT + "#12")), skuRequests());
        assertEquals(6, sheet.requests());
        assertEquals(6, gcp().requestCount());
        assertEquals(List.of(), sheet.problems());
    }

    @Test
    void aThrottledPageIsRetriedAfterGrowingPausesAndThenSucceeds() {
        BillingCatalog catalog = gcp().billingCatalog();
        catalog.maxPageSize(4);
        catalog.throttle(BillingCatalog.VERTEX_AI, 1, 2);   // the second page: RESOURCE_EXHAUSTED twice

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(12.625919, only(sheet, "vertex", "us-central1", "a3-highgpu-1g", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(List.of(), sheet.problems());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), pauses);
        String second = VERTEX_PARENT + "#4";
        assertEquals(List.of(skus(VERTEX_PARENT, ""), skus(VERTEX_PARENT, second), skus(VERTEX_PARENT, second),
                skus(VERTEX_PARENT, second), skus(VERTEX_PARENT, VERTEX_PARENT + "#8"), skus(VERTEX_PARENT, VERTEX_PARENT + "#12")),
                skuRequests());
        assertEquals(2 + 6, sheet.requests());
    }

    @Test
    void anUnavailablePageIsRetriedLikeAThrottledOne() {
        gcp().billingCatalog().fail(BillingCatalog.VERTEX_AI, Status.Code.UNAVAILABLE, 1);

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(List.of(Duration.ofSeconds(1)), pauses);
        assertEquals(List.of(skus(VERTEX_PARENT, ""), skus(VERTEX_PARENT, "")), skuRequests());
        assertEquals(3, sheet.requests());
        assertEquals(List.of(), sheet.problems());
        assertEquals(1, sheet.points().size());
    }

    @Test
    void theRetryDelayTheServerGivesIsThePauseTaken() {
        gcp().injectStatus(com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("Quota exceeded, retry later")
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Durations.fromSeconds(7)).build())).build(), 1);

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(List.of(Duration.ofSeconds(7)), pauses);
        assertEquals(3, sheet.requests());   // ListServices twice, ListSkus once
        assertEquals(1, sheet.points().size());
    }

    @Test
    void aServiceThrottledBeyondTheAttemptsIsAProblemAndTheOtherServicesStillPrice() {
        gcp().billingCatalog().throttle(BillingCatalog.VERTEX_AI, 0, EmulatedCloud.ALWAYS);

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G, VM_A3_8G), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(List.of("Vertex AI SKUs (" + VERTEX_PARENT + "): page 1 failed 4 times with RESOURCE_EXHAUSTED ("
                + "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service"
                + " 'cloudbilling.googleapis.com' for consumer 'project_number:0'.), gave up; no vertex prices from Vertex AI"),
                sheet.problems());
        assertEquals(88.49, only(sheet, "vm", "us-central1", "a3-highgpu-8g", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(1, sheet.points().size());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), pauses);
        assertEquals(List.of(skus(VERTEX_PARENT, ""), skus(VERTEX_PARENT, ""), skus(VERTEX_PARENT, ""),
                skus(VERTEX_PARENT, ""), skus(COMPUTE_PARENT, "")), skuRequests());
        assertEquals(1 + 1 + 4, sheet.requests());
    }

    @Test
    void aServiceThatFailsIsNotRetriedAndIsAProblemWhileTheOthersPrice() {
        gcp().billingCatalog().fail(BillingCatalog.COMPUTE_ENGINE, Status.Code.INTERNAL, EmulatedCloud.ALWAYS);

        PriceSheet sheet = fetch(List.of(VERTEX_A3_1G, VM_A3_8G), Set.of(), EnumSet.of(PricingModel.ON_DEMAND, PricingModel.SPOT));

        assertEquals(List.of(
                "Compute Engine SKUs (" + COMPUTE_PARENT + "): page 1 failed with INTERNAL (Internal error encountered.);"
                        + " no vm prices from Compute Engine",
                "Vertex AI prediction: no spot prices; the Cloud Billing Catalog publishes only on-demand prediction SKUs"),
                sheet.problems());
        assertEquals(12.625919, only(sheet, "vertex", "us-central1", "a3-highgpu-1g", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(1, sheet.points().size());
        assertEquals(3, sheet.requests());
        assertEquals(List.of(), pauses);
    }

    @Test
    void whenNothingAtAllCanBeFetchedTheMappedErrorIsThrown() {
        BillingCatalog catalog = gcp().billingCatalog();
        catalog.fail(BillingCatalog.VERTEX_AI, Status.Code.PERMISSION_DENIED, EmulatedCloud.ALWAYS);
        catalog.fail(BillingCatalog.COMPUTE_ENGINE, Status.Code.PERMISSION_DENIED, EmulatedCloud.ALWAYS);
        try (GcpPriceSource source = source()) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> source.fetch(
                    new PriceQuery(List.of(VERTEX_A3_1G, VM_A3_8G), Set.of(), Set.of(PricingModel.ON_DEMAND), TODAY)));
            assertEquals("PERMISSION_DENIED", e.info().providerCode().orElseThrow());
            assertEquals("catalog refresh", e.info().operation());
        }

        gcp().reset();
        gcp().billingCatalog().throttle(BillingCatalog.VERTEX_AI, 0, EmulatedCloud.ALWAYS);
        try (GcpPriceSource source = source()) {
            assertThrows(ThrottledException.class, () -> source.fetch(
                    new PriceQuery(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND), TODAY)));
        }
    }

    @Test
    void onlyTheRegionsAskedArePricedAndARegionsOwnSkusAreUsed() {
        List<Offer> shapes = List.of(
                shape("gcp", "vertex", "us-central1", "n1-standard-4", "T4", 1, 4, 15.0),
                shape("gcp", "vertex", "europe-west4", "n1-standard-4", "T4", 1, 4, 15.0));

        PriceSheet europe = fetch(shapes, Set.of("europe-west4"), Set.of(PricingModel.ON_DEMAND));
        assertEquals(1, europe.points().size());
        PricePoint netherlands = only(europe, "vertex", "europe-west4", "n1-standard-4", PricingModel.ON_DEMAND);
        assertEquals(0.665897, netherlands.usdPerHour(), 0.0);   // 4 x 0.04 + 15 x 0.0053598 + 0.4255
        assertEquals("Cloud Billing Catalog SKUs E3A1-0007-7E57 + E3A1-0008-7E57 + E3A1-0009-7E57", netherlands.source());

        pauses.clear();
        PriceSheet both = fetch(shapes, Set.of(), Set.of(PricingModel.ON_DEMAND));
        assertEquals(2, both.points().size());
        // the "running in Americas" SKUs list us-central1 among their regions
        assertEquals(0.6209983, only(both, "vertex", "us-central1", "n1-standard-4", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(List.of(), both.problems());
    }

    @Test
    void aMissingComponentIsAProblemNamingMachineRegionAndComponentNeverAPartialSum() {
        gcp().billingCatalog().removeSku("2424-9F04-82A8");   // the Vertex A3 RAM in Iowa
        List<Offer> shapes = List.of(VERTEX_A3_1G,
                shape("gcp", "vertex", "europe-west4", "a3-highgpu-8g", "H100", 8, 208, 1872.0),
                shape("gcp", "vertex", "us-central1", "g2-standard-8", "L4", 1, 8, 32.0));

        PriceSheet sheet = fetch(shapes, Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(List.of("vertex on-demand prices missing a component, so not priced (no SKU for it in that region):"
                + " a3-highgpu-1g in us-central1: A3 RAM GiB-hour; a3-highgpu-8g in europe-west4: A3 vCPU-hour,"
                + " A3 RAM GiB-hour, H100 GPU-hour"), sheet.problems());
        assertEquals(0.9742212, only(sheet, "vertex", "us-central1", "g2-standard-8", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(1, sheet.points().size());
    }

    @Test
    void shapesOfOtherCloudsAreIgnoredAndAQueryWithNoneOfGoogleCallsNothing() {
        Offer aws = shape("aws", "sagemaker", "us-east-1", "ml.p5.48xlarge", "H100", 8, 192, 2048.0);
        Offer azure = shape("azure", "azureml", "eastus", "Standard_ND96isr_H100_v5", "H100", 8, 96, 1900.0);

        PriceSheet none = fetch(List.of(aws, azure), Set.of(), EnumSet.allOf(PricingModel.class));
        assertEquals(new PriceSheet(List.of(), List.of(), 0), none);
        assertEquals(0, gcp().requestCount());

        PriceSheet mixed = fetch(List.of(aws, VERTEX_A3_1G, azure), Set.of(), Set.of(PricingModel.ON_DEMAND));
        assertEquals(1, mixed.points().size());
        assertEquals(List.of(skus(VERTEX_PARENT, "")), skuRequests());
    }

    @Test
    void vertexPredictionHasNoSpotOrCommittedPricesAndSaysSoOnlyWhenAsked() {
        PriceSheet onDemandOnly = fetch(List.of(VERTEX_A3_1G), Set.of(), Set.of(PricingModel.ON_DEMAND));
        assertEquals(List.of(), onDemandOnly.problems());

        PriceSheet all = fetch(List.of(VERTEX_A3_1G), Set.of(), EnumSet.allOf(PricingModel.class));
        assertEquals(List.of(
                "Vertex AI prediction: no spot prices; the Cloud Billing Catalog publishes only on-demand prediction SKUs",
                "Vertex AI prediction: no 1-year committed prices; the Cloud Billing Catalog publishes only on-demand prediction SKUs",
                "Vertex AI prediction: no 3-year committed prices; the Cloud Billing Catalog publishes only on-demand prediction SKUs"),
                all.problems());
        assertEquals(1, all.points().size());
    }

    @Test
    void aTpuVmIsItsChipsTimesTheChipHourPriceAndPreemptibleInTheDescriptionMeansSpot() {
        Offer v5e = shape("gcp", "vm", "us-central1", "v5litepod-8", "TPU-v5e", 8, 224, 384.0);

        PriceSheet sheet = fetch(List.of(v5e), Set.of(), EnumSet.of(PricingModel.ON_DEMAND, PricingModel.SPOT));

        assertEquals(9.6, only(sheet, "vm", "us-central1", "v5litepod-8", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(1.92, only(sheet, "vm", "us-central1", "v5litepod-8", PricingModel.SPOT).usdPerHour(), 0.0);
        assertEquals("Cloud Billing Catalog SKUs C0DE-0015-7E57",
                only(sheet, "vm", "us-central1", "v5litepod-8", PricingModel.SPOT).source());
        assertEquals(List.of(), sheet.problems());
    }

    @Test
    void anOldTpuIsPricedFromTheCloudTpuService() {
        Offer v4 = shape("gcp", "vm", "us-central2", "v4-8", "TPU-v4", 4, null, null);

        PriceSheet sheet = fetch(List.of(v4), Set.of(), Set.of(PricingModel.ON_DEMAND));

        assertEquals(12.88, only(sheet, "vm", "us-central2", "v4-8", PricingModel.ON_DEMAND).usdPerHour(), 0.0);
        assertEquals(List.of(skus("services/" + BillingCatalog.CLOUD_TPU, "")), skuRequests());
    }

    @Test
    void aShapeThatCannotBeComposedIsNamedOnceWithTheReason() {
        Offer n2 = shape("gcp", "vm", "us-central1", "n2-standard-8", "T4", 1, 8, 32.0);
        Offer noSizes = shape("gcp", "vertex", "us-central1", "a3-highgpu-2g", "H100", 2, null, null);
        Offer gke = shape("gcp", "gke", "us-central1", "a3-highgpu-8g", "H100", 8, 208, 1872.0);

        PriceSheet sheet = fetch(List.of(n2, noSizes, gke), Set.of(), EnumSet.of(PricingModel.ON_DEMAND, PricingModel.SPOT));

        assertEquals(List.of(
                "gcp platform gke: the Cloud Billing Catalog source prices vertex and vm only",
                "a3-highgpu-2g (vertex): not priced, the catalog gives no vCPU count or memory size, which its price is"
                        + " composed from",
                "n2-standard-8 (vm): not priced, machine family not in the SKU table (known: A3 Mega, A3 Ultra, A3 Edge, A3,"
                        + " A4X, A4, A2, G2, N1)",
                "Vertex AI prediction: no spot prices; the Cloud Billing Catalog publishes only on-demand prediction SKUs"),
                sheet.problems());
        assertEquals(List.of(), sheet.points());
    }

    @Test
    void nothingIsBuiltOrCalledBeforeTheFirstFetch() {
        try (GcpPriceSource source = source()) {
            assertEquals("gcp", source.cloud());
            assertEquals(0, gcp().requestCount());
        }
        CatalogClient client = new CatalogClient("cloudbilling.googleapis.com:443", false, Optional.of("AIza-secret"), Duration.ofSeconds(1));
        assertEquals(List.of(), client.built());
        assertTrue(!client.toString().contains("AIza-secret"), client::toString);
        client.close();
    }
}

package dev.cloudai.azure;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.azure.http.Json;
import dev.cloudai.azure.pricing.Throttling;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.azure.RetailPriceItems;
import dev.cloudai.testkit.azure.RetailPrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure price source over the real azure-core pipeline against the emulated Retail Prices API: the requests on
 * the wire (path, query, filter, headers, count), the prices mapped from the emulator's test items, paging,
 * throttling and partial failures. Waits are recorded, never slept.
 */
class AzureRetailPricesWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private static final String A100 = "Standard_NC24ads_A100_v4";
    private static final String H100 = "Standard_NC40ads_H100_v5";
    private static final String ND_H100 = "Standard_ND96isr_H100_v5";
    private static final String T4 = "Standard_NC4as_T4_v3";
    private static final String FIRST_QUERY = "?api-version=2023-01-01-preview&meterRegion=%27primary%27&$filter=";
    /** The catalog rows a refresh would price: A100 on both platforms, the others on one. */
    private static final List<Offer> SHAPES = List.of(shape("vm", A100), shape("azureml", A100), shape("vm", H100),
            shape("vm", ND_H100), shape("azureml", T4));

    private final List<Duration> waits = new ArrayList<>();

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static Offer shape(String platform, String instanceType) {
        return new Offer("azure", platform, "eastus", instanceType, "H100", 1, OptionalDouble.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Set.of(Workload.INFERENCE), "", List.of());
    }

    /** The source as the factory makes it, from the prices endpoint alone, with waits recorded instead of slept. */
    private PriceSource source() {
        return AzurePrices.source("azure", ProviderConfig.of("azure", Map.of(AzureKeys.PRICES_ENDPOINT, cloud().baseUrl()),
                AzureKeys.all()), Throttling.DEFAULT.withPause(waits::add));
    }

    private PriceSheet fetch(List<Offer> shapes, Set<String> regions) {
        return fetch(shapes, regions, EnumSet.allOf(PricingModel.class));
    }

    private PriceSheet fetch(List<Offer> shapes, Set<String> regions, Set<PricingModel> models) {
        try (PriceSource source = source()) {
            return source.fetch(new PriceQuery(shapes, regions, models, TODAY));
        }
    }

    private static List<LoggedRequest> requests() {
        return cloud().server().findAll(getRequestedFor(urlPathEqualTo(RetailPrices.PATH)));
    }

    private static String filterOf(LoggedRequest request) {
        String url = request.getUrl();
        String raw = url.substring(url.indexOf("$filter=") + "$filter=".length());
        int end = raw.indexOf('&');
        return URLDecoder.decode(end < 0 ? raw : raw.substring(0, end), StandardCharsets.UTF_8);
    }

    private static OptionalDouble price(PriceSheet sheet, String platform, String region, String type, PricingModel model) {
        List<PricePoint> found = sheet.points().stream().filter(p -> p.platform().equals(platform) && p.region().equals(region)
                && p.instanceType().equals(type) && p.model() == model).toList();
        assertTrue(found.size() <= 1, () -> "one point per platform, region, type and model: " + found);
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).usdPerHour());
    }

    private static PricePoint point(PriceSheet sheet, String platform, String region, String type, PricingModel model) {
        return sheet.points().stream().filter(p -> p.platform().equals(platform) && p.region().equals(region)
                && p.instanceType().equals(type) && p.model() == model).findFirst().orElseThrow(() ->
                new AssertionError("no " + platform + " " + region + " " + type + " " + model + " in " + sheet.points()));
    }

    @Test
    void twoRegionsTakeOneFilteredUnauthenticatedRequestEachAndEveryPricingModelIsMapped() {
        PriceSheet sheet = fetch(SHAPES, Set.of("westeurope", "eastus"));

        List<LoggedRequest> sent = requests();
        assertEquals(2, sent.size());
        assertEquals(2, sheet.requests());
        assertEquals("serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and (armSkuName eq '" + A100
                + "' or armSkuName eq '" + H100 + "' or armSkuName eq '" + T4 + "' or armSkuName eq '" + ND_H100 + "')",
                filterOf(sent.get(0)));
        assertEquals(filterOf(sent.get(0)).replace("'eastus'", "'westeurope'"), filterOf(sent.get(1)));
        for (LoggedRequest r : sent) {
            assertTrue(r.getUrl().startsWith(RetailPrices.PATH + FIRST_QUERY), r.getUrl());
            assertFalse(r.containsHeader("Authorization"), "the Retail Prices API is public: no credential is sent");
            assertEquals("application/json", r.getHeader("Accept"));
        }

        // eastus A100 on a plain VM: pay-as-you-go, spot, and reservations spread over the hours of their term
        assertEquals(RetailPriceItems.ON_DEMAND_EASTUS_A100, price(sheet, "vm", "eastus", A100, PricingModel.ON_DEMAND).getAsDouble());
        assertEquals(RetailPriceItems.SPOT_EASTUS_A100, price(sheet, "vm", "eastus", A100, PricingModel.SPOT).getAsDouble());
        assertEquals(20305.0 / 8760, price(sheet, "vm", "eastus", A100, PricingModel.COMMITTED_1Y).getAsDouble());
        assertEquals(39223.0 / 26280, price(sheet, "vm", "eastus", A100, PricingModel.COMMITTED_3Y).getAsDouble());
        assertTrue(point(sheet, "vm", "eastus", A100, PricingModel.COMMITTED_1Y).source().endsWith("reservation 1 Year"));
        assertTrue(point(sheet, "vm", "eastus", A100, PricingModel.ON_DEMAND).source()
                .startsWith("Azure Retail Prices API skuId DZH318Z08M1Z/"));
        // the same size on Azure ML: the VM's prices, but no spot
        for (PricingModel m : List.of(PricingModel.ON_DEMAND, PricingModel.COMMITTED_1Y, PricingModel.COMMITTED_3Y)) {
            assertEquals(price(sheet, "vm", "eastus", A100, m), price(sheet, "azureml", "eastus", A100, m), m.toString());
        }
        assertEquals(OptionalDouble.empty(), price(sheet, "azureml", "eastus", A100, PricingModel.SPOT));
        assertEquals(4.041, price(sheet, "vm", "westeurope", A100, PricingModel.ON_DEMAND).getAsDouble());
        assertEquals(42447.0 / 8760, price(sheet, "vm", "westeurope", H100, PricingModel.COMMITTED_1Y).getAsDouble());
        // eastus: 4 + 3 (A100) + 4 (H100) + 4 (ND H100) + 3 (T4 on azureml); westeurope: the same less the ND H100
        assertEquals(32, sheet.points().size(), () -> sheet.points().toString());
        assertEquals(List.of("westeurope: no Linux pay-as-you-go price listed for " + ND_H100,
                "azureml spot prices: none, since Azure ML managed online endpoints run on dedicated VMs only"
                        + " (Low Priority VMs are for compute clusters and are not spot)"), sheet.problems());
    }

    @Test
    void windowsLowPriorityDevTestCloudServicesNonPrimaryAndFuturePricesAreNeverTaken() {
        PriceSheet sheet = fetch(SHAPES, Set.of("eastus"));

        assertEquals(3.673, price(sheet, "vm", "eastus", A100, PricingModel.ON_DEMAND).getAsDouble(),
                "not the non-primary meter's 9.99, nor Windows' 4.409, nor dev/test's");
        assertEquals(0.7346, price(sheet, "vm", "eastus", A100, PricingModel.SPOT).getAsDouble(), "not Low Priority's 0.6121");
        assertEquals(6.98, price(sheet, "vm", "eastus", H100, PricingModel.ON_DEMAND).getAsDouble(),
                "not the price that takes effect in 2099");
        assertEquals(0.526, price(sheet, "azureml", "eastus", T4, PricingModel.ON_DEMAND).getAsDouble(),
                "not the Cloud Services meter's 0.61");
        Set<Double> skipped = Set.of(9.99, 4.409, 3.8567, 0.6121, 5.55, 0.61, 8.82, 1.1633, 102.736, 16.3867, 0.71, 0.0877);
        assertTrue(sheet.points().stream().noneMatch(p -> skipped.contains(p.usdPerHour())), () -> sheet.points().toString());
    }

    @Test
    void withoutAReservationTheSavingsPlanGivesTheCommittedPriceAndSaysSo() {
        PriceSheet sheet = fetch(List.of(shape("azureml", T4)), Set.of("westeurope"));

        assertEquals(RetailPrices.PATH + FIRST_QUERY + "serviceName%20eq%20%27Virtual%20Machines%27%20and%20armRegionName"
                + "%20eq%20%27westeurope%27%20and%20%28armSkuName%20eq%20%27Standard_NC4as_T4_v3%27%29", requests().get(0).getUrl());
        assertEquals(0.4111, price(sheet, "azureml", "westeurope", T4, PricingModel.COMMITTED_1Y).getAsDouble());
        assertEquals(0.2895, price(sheet, "azureml", "westeurope", T4, PricingModel.COMMITTED_3Y).getAsDouble());
        assertTrue(point(sheet, "azureml", "westeurope", T4, PricingModel.COMMITTED_3Y).source().endsWith("savings plan 3 Years"));
        assertEquals(0.579, price(sheet, "azureml", "westeurope", T4, PricingModel.ON_DEMAND).getAsDouble());
    }

    @Test
    void pagesAreFollowedByNextPageLinkExactlyAsGivenUntilItIsNull() {
        PriceSheet whole = fetch(SHAPES, Set.of("eastus"));
        cloud().reset();
        RetailPrices.on(cloud()).pageSize(4);

        PriceSheet paged = fetch(SHAPES, Set.of("eastus"));

        // 30 primary items of the four sizes in eastus, 4 a page
        assertEquals(8, paged.requests());
        List<ServeEvent> events = new ArrayList<>(cloud().server().getAllServeEvents());
        Collections.reverse(events);   // WireMock lists the newest first
        assertEquals(8, events.size());
        for (int i = 0; i < events.size(); i++) {
            Object link = Json.at(Json.parseObject(events.get(i).getResponse().getBodyAsString()), "NextPageLink").orElse(null);
            if (i == events.size() - 1) {
                assertNull(link, "the last page has no NextPageLink");
            } else {
                assertEquals(link, cloud().baseUrl() + events.get(i + 1).getRequest().getUrl(), "request " + (i + 2));
                assertTrue(events.get(i + 1).getRequest().getUrl().endsWith("&$skip=" + 4 * (i + 1)));
            }
        }
        assertEquals(whole.points(), paged.points());
        assertEquals(whole.problems(), paged.problems());
    }

    @Test
    void aThrottledRequestWaitsWhatRetryAfterAsksThenSucceeds() {
        RetailPrices.on(cloud()).throttle(2, Duration.ofSeconds(3));

        PriceSheet sheet = fetch(List.of(shape("vm", A100)), Set.of("eastus"));

        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), waits);
        assertEquals(3, sheet.requests());
        assertEquals(3, requests().size());
        assertEquals(List.of(), sheet.problems());
        assertEquals(4, sheet.points().size());
    }

    @Test
    void withoutRetryAfterTheWaitDoublesFromOneSecond() {
        RetailPrices.on(cloud()).throttle(3, null);

        PriceSheet sheet = fetch(List.of(shape("vm", A100)), Set.of("eastus"));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
        assertEquals(4, sheet.requests());
        assertEquals(4, sheet.points().size());
    }

    @Test
    void throttlingBeyondTheLimitIsAProblemOfThatRegionAndTheOtherRegionIsStillPriced() {
        RetailPrices.on(cloud()).throttle(4, Duration.ofSeconds(1));

        PriceSheet sheet = fetch(List.of(shape("vm", A100)), Set.of("eastus", "westeurope"));

        assertEquals(5, sheet.requests(), "4 attempts in eastus, 1 in westeurope");
        assertEquals(5, requests().size());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), waits);
        assertEquals(1, sheet.problems().size(), () -> sheet.problems().toString());
        String problem = sheet.problems().get(0);
        assertTrue(problem.startsWith("eastus prices of " + A100 + ": gave up after 4 attempts: azure prices failed: Too many"
                + " requests. Please retry later. (code TooManyRequests, HTTP 429"), problem);
        assertTrue(sheet.points().stream().allMatch(p -> p.region().equals("westeurope")), () -> sheet.points().toString());
        assertEquals(4, sheet.points().size());
    }

    @Test
    void aRetryAfterLongerThanARefreshWaitsGivesUpAtOnceAndWithNothingFetchedThrowsTheMappedError() {
        RetailPrices.on(cloud()).throttle(1, Duration.ofMinutes(2));

        ThrottledException e = assertThrows(ThrottledException.class,
                () -> fetch(List.of(shape("vm", A100)), Set.of("eastus")));

        assertEquals(Duration.ofMinutes(2), e.retryAfter().orElseThrow());
        assertEquals("azure", e.providerId());
        assertEquals("prices", e.operation());
        assertEquals(OptionalInt.of(429), e.httpStatus());
        assertEquals(List.of(), waits);
        assertEquals(1, requests().size());
    }

    @Test
    void aFailingRegionIsRetriedWithinTheBoundsThenIsAProblemAndTheOthersAreStillPriced() {
        RetailPrices.on(cloud()).failRegion("westeurope", 500);

        PriceSheet sheet = fetch(SHAPES, Set.of("eastus", "westeurope"));

        assertEquals(5, sheet.requests(), "1 in eastus, 4 attempts in westeurope");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
        assertTrue(sheet.points().stream().allMatch(p -> p.region().equals("eastus")));
        assertEquals(18, sheet.points().size());
        assertTrue(sheet.problems().get(0).startsWith("westeurope prices of " + A100 + ", " + H100 + ", " + T4 + ", " + ND_H100
                + ": gave up after 4 attempts: azure prices failed: An error occurred while processing the request."
                + " (code InternalServerError, HTTP 500"), sheet.problems().get(0));
        assertFalse(sheet.problems().stream().anyMatch(p -> p.contains("no Linux pay-as-you-go price")),
                "a region that failed is not said to list no price");
    }

    @Test
    void aRequestRefusedAsInvalidIsNotRetried() {
        RetailPrices.on(cloud()).failRegion("westeurope", 400);

        PriceSheet sheet = fetch(List.of(shape("vm", A100)), Set.of("eastus", "westeurope"));

        assertEquals(2, sheet.requests());
        assertEquals(List.of(), waits);
        assertTrue(sheet.problems().get(0).startsWith("westeurope prices of " + A100 + ": azure prices failed:"
                + " Invalid OData parameters supplied (code BadRequest, HTTP 400"), sheet.problems().get(0));
    }

    @Test
    void aFailedLaterPageKeepsTheEarlierPagesAndSaysWhichPageFailed() {
        RetailPrices.on(cloud()).pageSize(4).failPage(8, 400);

        PriceSheet sheet = fetch(SHAPES, Set.of("eastus"), Set.of(PricingModel.ON_DEMAND, PricingModel.SPOT,
                PricingModel.COMMITTED_1Y, PricingModel.COMMITTED_3Y));

        assertEquals(3, sheet.requests());
        // pages 1 and 2: the A100's seven meters, and the H100's pay-as-you-go one with its savings plans (its
        // reservations were on the failed page)
        assertEquals(Set.of("vm A100 ON_DEMAND", "vm A100 SPOT", "vm A100 COMMITTED_1Y", "vm A100 COMMITTED_3Y",
                        "azureml A100 ON_DEMAND", "azureml A100 COMMITTED_1Y", "azureml A100 COMMITTED_3Y", "vm H100 ON_DEMAND",
                        "vm H100 COMMITTED_1Y", "vm H100 COMMITTED_3Y"),
                sheet.points().stream().map(p -> p.platform() + " " + (p.instanceType().equals(A100) ? "A100" : "H100")
                        + " " + p.model()).collect(Collectors.toSet()));
        assertTrue(sheet.problems().get(0).startsWith("eastus prices of " + A100 + ", " + H100 + ", " + T4 + ", " + ND_H100
                + ": page 3 failed: azure prices failed: Invalid OData parameters supplied"), sheet.problems().get(0));
    }

    @Test
    void whenEveryRequestFailsTheMappedErrorIsThrown() {
        RetailPrices.on(cloud()).failRegion("eastus", 400).failRegion("westeurope", 400);

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> fetch(SHAPES, Set.of("eastus", "westeurope")));

        assertTrue(e.getMessage().startsWith("azure prices failed: Invalid OData parameters supplied (code BadRequest, HTTP 400"),
                e.getMessage());
        assertEquals(2, requests().size());
    }

    @Test
    void onlyTheRegionsAskedForAreRequestedAndReturned() {
        PriceSheet sheet = fetch(SHAPES, Set.of("westeurope"));

        assertEquals(1, requests().size());
        assertTrue(filterOf(requests().get(0)).contains(" and armRegionName eq 'westeurope' and "));
        assertTrue(sheet.points().stream().allMatch(p -> p.region().equals("westeurope")));
        assertEquals(14, sheet.points().size());
    }

    @Test
    void aQueryWithoutRegionsAsksEveryRegionInOneRequest() {
        PriceSheet sheet = fetch(List.of(shape("vm", ND_H100), shape("vm", T4)), Set.of());

        assertEquals(1, requests().size());
        assertEquals("serviceName eq 'Virtual Machines' and (armSkuName eq '" + T4 + "' or armSkuName eq '" + ND_H100 + "')",
                filterOf(requests().get(0)));
        assertEquals(Set.of("eastus", "westeurope"), sheet.points().stream().map(PricePoint::region).collect(Collectors.toSet()));
        assertTrue(price(sheet, "vm", "westeurope", ND_H100, PricingModel.ON_DEMAND).isEmpty());
        assertEquals(List.of(), sheet.problems(), "the ND H100 is priced in eastus, so in some region");
    }

    @Test
    void manySizesAreAskedTenToARequest() {
        List<Offer> shapes = new ArrayList<>(SHAPES);
        for (int i = 1; i <= 8; i++) shapes.add(shape("vm", "Standard_X" + i + "_v9"));

        PriceSheet sheet = fetch(shapes, Set.of("eastus"));

        assertEquals(2, requests().size());
        assertEquals(10, filterOf(requests().get(0)).split(" or ").length);
        assertEquals(2, filterOf(requests().get(1)).split(" or ").length);
        assertTrue(requests().stream().allMatch(r -> r.getUrl().length() < 2000));
        assertEquals(18, sheet.points().size());
        assertTrue(sheet.problems().get(0).startsWith("eastus: no Linux pay-as-you-go price listed for Standard_X1_v9, "),
                sheet.problems().get(0));
    }

    @Test
    void onlyThePricingModelsAskedForAreReturned() {
        PriceSheet sheet = fetch(SHAPES, Set.of("eastus"), Set.of(PricingModel.ON_DEMAND));

        assertTrue(sheet.points().stream().allMatch(p -> p.model() == PricingModel.ON_DEMAND));
        assertEquals(5, sheet.points().size());
        assertEquals(List.of(), sheet.problems(), "no spot asked, so nothing to say about Azure ML's");
    }

    @Test
    void theFactoryMakesASourceFromThePricesEndpointAloneAndSendsNothingUntilFetch() {
        ProviderConfig pricesOnly = ProviderConfig.of("azure", Map.of(AzureKeys.PRICES_ENDPOINT, cloud().baseUrl()),
                AzureKeys.all());
        try (PriceSource source = new AzureProviderFactory().priceSource(pricesOnly).orElseThrow()) {
            assertEquals("azure", source.cloud());
            assertEquals(0, cloud().requestCount(), "no request before fetch");
            assertEquals(4, source.fetch(new PriceQuery(List.of(shape("vm", A100)), Set.of("eastus"),
                    EnumSet.allOf(PricingModel.class), TODAY)).points().size());
        }
        // no key at all: Azure's public endpoint, still nothing sent and nothing required
        try (PriceSource source = new AzureProviderFactory().priceSource(ProviderConfig.of("azure", Map.of(),
                AzureKeys.all())).orElseThrow()) {
            assertTrue(source.toString().contains("https://prices.azure.com"), source.toString());
        }
        assertEquals(1, cloud().requestCount());
        CloudAiConfig emulated = EMULATOR.config("azure").build();   // the emulator's properties pass validation
        assertEquals(cloud().baseUrl(), emulated.get(AzureKeys.PRICES_ENDPOINT).orElseThrow());
    }
}

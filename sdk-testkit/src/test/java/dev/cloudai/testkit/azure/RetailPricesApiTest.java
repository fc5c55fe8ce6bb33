package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.testkit.CloudEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated Retail Prices API on its own, spoken to with plain HTTP: what any client of the real one would see. */
class RetailPricesApiTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T4_EASTUS = "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'"
            + " and armSkuName eq 'Standard_NC4as_T4_v3'";

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return getUrl(cloud().baseUrl() + pathAndQuery);
    }

    private static HttpResponse<String> getUrl(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> prices(String filter, String extra) throws Exception {
        return get(RetailPrices.PATH + "?api-version=" + RetailPrices.PREVIEW_VERSION + extra + "&$filter=" + encode(filter));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aFilteredRequestGetsTheReferenceShapeWithItsItemsAndNoNextPage() throws Exception {
        HttpResponse<String> r = prices(T4_EASTUS, "&meterRegion=%27primary%27");

        assertEquals(cloud().baseUrl(), cloud().properties().get("cloudai.azure.prices-endpoint"));
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items", "NextPageLink", "Count"), fields);
        assertEquals("USD", body.get("BillingCurrency").asText());
        assertTrue(body.get("NextPageLink").isNull());
        // Linux, spot, Low Priority, Windows, dev/test, two reservations, Cloud Services
        assertEquals(8, body.get("Count").asInt());
        assertEquals(8, body.get("Items").size());
        JsonNode linux = body.get("Items").get(0);
        assertEquals("Standard_NC4as_T4_v3", linux.get("armSkuName").asText());
        assertEquals("1 Hour", linux.get("unitOfMeasure").asText());
        assertEquals("3 Years", linux.get("savingsPlan").get(0).get("term").asText());
        JsonNode reservation = body.get("Items").get(5);
        assertEquals("Reservation", reservation.get("type").asText());
        assertEquals("1 Year", reservation.get("reservationTerm").asText());
        assertEquals(2908.0, reservation.get("retailPrice").asDouble());
    }

    @Test
    void primaryMetersOnlyWhenAskedAndSavingsPlansOnlyWithThePreviewVersion() throws Exception {
        String a100 = "armRegionName eq 'eastus' and armSkuName eq 'Standard_NC24ads_A100_v4' and priceType eq 'Consumption'"
                + " and meterName eq 'NC24ads A100 v4'";
        assertEquals(3, json(prices(a100, "")).get("Count").asInt(), "Linux, Windows and the non-primary copy");
        assertEquals(2, json(prices(a100, "&meterRegion=%27primary%27")).get("Count").asInt());
        JsonNode older = json(get(RetailPrices.PATH + "?$filter=" + encode(a100)));
        assertFalse(older.get("Items").get(0).has("savingsPlan"));
    }

    @Test
    void pagesFollowSkipAndTheLastHasNoLink() throws Exception {
        RetailPrices.on(cloud()).pageSize(3);

        JsonNode first = json(prices(T4_EASTUS, ""));
        assertEquals(3, first.get("Count").asInt());
        String link = first.get("NextPageLink").asText();
        assertTrue(link.startsWith(cloud().baseUrl() + RetailPrices.PATH + "?api-version=" + RetailPrices.PREVIEW_VERSION
                + "&$filter="), link);
        assertTrue(link.endsWith("&$skip=3"), link);
        JsonNode second = json(getUrl(link));
        assertTrue(second.get("NextPageLink").asText().endsWith("&$skip=6"));
        JsonNode third = json(getUrl(second.get("NextPageLink").asText()));
        assertEquals(2, third.get("Count").asInt());
        assertTrue(third.get("NextPageLink").isNull());
        assertEquals(first.get("Items").get(0), json(prices(T4_EASTUS, "&$skip=0")).get("Items").get(0));
    }

    @Test
    void aFilterOutsideTheSubsetIsRefusedAsTheRealApiRefusesIt() throws Exception {
        HttpResponse<String> r = prices("serviceName eq 'Virtual Machines' and not(contains(productName, 'Windows'))", "");

        assertEquals(400, r.statusCode());
        assertEquals("{\"Error\":{\"Code\":\"BadRequest\",\"Message\":\"Invalid OData parameters supplied\"}}", r.body());
        assertEquals(400, prices("currencyCode eq 'USD'", "").statusCode());
        assertEquals(400, get(RetailPrices.PATH + "?$skip=x").statusCode());
    }

    @Test
    void aUrlLongerThan2048CharactersIsNotFound() throws Exception {
        assertEquals(404, prices("armSkuName eq '" + "x".repeat(2100) + "'", "").statusCode());
    }

    @Test
    void throttlingAnswers429WithRetryAfterThenServesAgain() throws Exception {
        RetailPrices.on(cloud()).throttle(2, Duration.ofMillis(1500));

        HttpResponse<String> first = prices(T4_EASTUS, "");
        assertEquals(429, first.statusCode());
        assertEquals("2", first.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(first.body().contains("\"Code\":\"TooManyRequests\""), first.body());
        assertEquals(429, prices(T4_EASTUS, "").statusCode());
        assertEquals(200, prices(T4_EASTUS, "").statusCode());
    }

    @Test
    void aFailedRegionOrPageFailsOnlyItsRequests() throws Exception {
        RetailPrices.on(cloud()).failRegion("westeurope", 503).failPage(3, 500).pageSize(3);

        assertEquals(503, prices(T4_EASTUS.replace("eastus", "westeurope"), "").statusCode());
        HttpResponse<String> eastus = prices(T4_EASTUS, "");
        assertEquals(200, eastus.statusCode());
        assertEquals(500, getUrl(json(eastus).get("NextPageLink").asText()).statusCode());
        cloud().reset();
        assertEquals(200, prices(T4_EASTUS.replace("eastus", "westeurope"), "").statusCode(), "until reset");
    }
}

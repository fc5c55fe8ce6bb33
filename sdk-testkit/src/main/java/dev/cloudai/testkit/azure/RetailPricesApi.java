package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The Azure Retail Prices API of {@link AzureCloud}: {@code GET /api/retail/prices}, public and unauthenticated, as
 * Microsoft's reference describes it ("Azure Retail Prices overview",
 * learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices), over the test items of
 * {@link RetailPriceItems}:
 *
 * <pre>
 * GET /api/retail/prices?api-version=2023-01-01-preview&amp;meterRegion='primary'&amp;$filter=...&amp;$skip=N
 *     200 {"BillingCurrency":"USD","CustomerEntityId":"Default","CustomerEntityType":"Retail",
 *          "Items":[...],"NextPageLink":"http://127.0.0.1:PORT/api/retail/prices?...&amp;$skip=N+1000" or null,
 *          "Count":items on this page}
 * </pre>
 *
 * <ul>
 *   <li>{@code $filter}: the subset {@link RetailPriceFilter} evaluates ({@code eq}, {@code ne}, {@code and},
 *       {@code or}, parentheses, {@code contains}); a filter outside it, or malformed, gets 400
 *       {@code {"Error":{"Code":"BadRequest","Message":"Invalid OData parameters supplied"}}}, the answer users of the
 *       real API quote for a filter it refuses (Microsoft documents no error body). No filter selects every item.</li>
 *   <li>{@code meterRegion='primary'}: only items with {@code isPrimaryMeterRegion} true (the reference's "primary
 *       meter filtering").</li>
 *   <li>{@code api-version=2023-01-01-preview}: items keep their {@code savingsPlan} array; without it (or with another
 *       version) they lose it, since the reference says savings plan prices come only with that version.</li>
 *   <li>Pages: at most 1,000 items each (the reference's "API response pagination"; fewer with
 *       {@link RetailPrices#pageSize}), in a fixed order; {@code NextPageLink} repeats the request's own query with
 *       {@code $skip} moved on, as the reference's example does, and is {@code null} on the last page.</li>
 *   <li>A request URL longer than {@value #MAX_URL} characters gets 404, as users report of the real API.</li>
 * </ul>
 */
final class RetailPricesApi extends StubTransformer {
    static final String NAME = "azure-retail-prices";
    static final String PATH = "/api/retail/prices";
    /** The api-version with savings plans. */
    static final String PREVIEW_VERSION = "2023-01-01-preview";
    /** Transformer parameter: the page size (default {@value #PAGE_SIZE}). */
    static final String PAGE_SIZE_PARAMETER = "pageSize";
    static final int PAGE_SIZE = 1000;
    static final int MAX_URL = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    RetailPricesApi() {
        super(NAME);
    }

    /** The default stub: every price request answered by this transformer. */
    static void registerDefaultStub(WireMockServer server) {
        server.stubFor(get(urlPathEqualTo(PATH)).atPriority(5).willReturn(aResponse().withTransformers(NAME)));
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        if (request.getAbsoluteUrl().length() > MAX_URL) {
            return aResponse().withStatus(404).withHeader("Content-Type", "text/html").withBody("Not Found").build();
        }
        Map<String, String> query = query(request.getUrl());
        Predicate<JsonNode> selected;
        int skip;
        try {
            selected = query.containsKey("$filter") ? RetailPriceFilter.parse(query.get("$filter")) : item -> true;
            skip = query.containsKey("$skip") ? Integer.parseInt(query.get("$skip").strip()) : 0;
            if (skip < 0) throw new NumberFormatException("negative");
        } catch (RetailPriceFilter.Invalid | NumberFormatException e) {
            return error(400, "BadRequest", "Invalid OData parameters supplied").build();
        }
        boolean primaryOnly = "'primary'".equals(query.get("meterRegion"));
        boolean savingsPlans = PREVIEW_VERSION.equals(query.get("api-version"));
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode item : RetailPriceItems.all()) {
            if (primaryOnly && !item.path("isPrimaryMeterRegion").asBoolean()) continue;
            if (!selected.test(item)) continue;
            if (!savingsPlans) item.remove("savingsPlan");
            items.add(item);
        }
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        int pageSize = parameters != null && parameters.containsKey(PAGE_SIZE_PARAMETER)
                ? parameters.getInt(PAGE_SIZE_PARAMETER) : PAGE_SIZE;
        List<ObjectNode> page = items.subList(Math.min(skip, items.size()), Math.min(skip + pageSize, items.size()));

        ObjectNode body = JSON.createObjectNode();
        body.put("BillingCurrency", "USD");
        body.put("CustomerEntityId", "Default");
        body.put("CustomerEntityType", "Retail");
        ArrayNode array = body.putArray("Items");
        page.forEach(array::add);
        if (skip + pageSize < items.size()) body.put("NextPageLink", nextPageLink(request, skip + pageSize));
        else body.putNull("NextPageLink");
        body.put("Count", page.size());
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ms-request-id", UUID.randomUUID().toString()).withBody(body.toString()).build();
    }

    /** The request's URL with {@code $skip} set to {@code skip} (added last when it had none), the rest as sent. */
    private static String nextPageLink(Request request, int skip) {
        String absolute = request.getAbsoluteUrl();
        int q = absolute.indexOf('?');
        StringBuilder link = new StringBuilder(q < 0 ? absolute : absolute.substring(0, q)).append('?');
        if (q >= 0) {
            for (String pair : absolute.substring(q + 1).split("&")) {
                if (pair.isEmpty() || pair.startsWith("$skip=") || pair.startsWith("%24skip=")) continue;
                link.append(pair).append('&');
            }
        }
        return link.append("$skip=").append(skip).toString();
    }

    /** The decoded query parameters, by name as sent ({@code $filter} may come as {@code %24filter}). */
    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) return out;
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    /** The API's error envelope (capitalized, unlike ARM's). */
    static ResponseDefinitionBuilder error(int status, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("Error").put("Code", code).put("Message", message);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ms-request-id", UUID.randomUUID().toString()).withBody(error.toString());
    }
}

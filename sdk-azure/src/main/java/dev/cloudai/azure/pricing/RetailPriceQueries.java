package dev.cloudai.azure.pricing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Retail Prices requests of one region: the Virtual Machines meters of several sizes per request, as few
 * requests as the API's limits allow.
 *
 * <pre>
 * GET {endpoint}/api/retail/prices?api-version=2023-01-01-preview&amp;meterRegion='primary'
 *     &amp;$filter=serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'
 *              and (armSkuName eq 'Standard_NC24ads_A100_v4' or armSkuName eq 'Standard_NC40ads_H100_v5')
 * </pre>
 *
 * <ul>
 *   <li>{@code api-version=2023-01-01-preview}: the only version with savings plan prices (reference: "Preview
 *       version"); {@code meterRegion='primary'}: primary meters only (reference: "Primary meter filtering"), so a
 *       size's price is not listed twice.</li>
 *   <li>No {@code priceType} clause: one request brings pay-as-you-go, spot and reservation items together.</li>
 *   <li>At most {@value #MAX_SIZES} sizes a request, and a URL of at most {@value #MAX_URL} characters: users of the
 *       API report 400 "Invalid OData parameters supplied" past about 15 to 20 comparisons and 404 past 2,048
 *       characters (Microsoft documents neither limit). {@code in (...)} would be shorter, but is refused the same way.</li>
 *   <li>Without a region (a query of every region), the {@code armRegionName} clause is left out.</li>
 *   <li>Values are quoted OData strings (a {@code '} doubled); the filter is percent-encoded, spaces as {@code %20}.</li>
 * </ul>
 *
 * <pre>{@code
 * List<RetailPriceQueries.Batch> b = RetailPriceQueries.batches("https://prices.azure.com", "eastus", sizes);
 * }</pre>
 */
final class RetailPriceQueries {
    static final String PATH = "/api/retail/prices";
    static final String API_VERSION = "2023-01-01-preview";
    static final int MAX_SIZES = 10;
    static final int MAX_URL = 2000;

    private RetailPriceQueries() {
    }

    /**
     * One request: the first page's URL, and what it asks for.
     *
     * @param region the region, or null for every region
     */
    record Batch(String region, List<String> instanceTypes, String url) {
    }

    /** The requests that ask for {@code instanceTypes} in {@code region} (null: every region), in order. */
    static List<Batch> batches(String endpoint, String region, List<String> instanceTypes) {
        String base = endpoint.replaceAll("/+$", "") + PATH + "?api-version=" + API_VERSION + "&meterRegion="
                + encode("'primary'") + "&$filter=";
        List<Batch> out = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String type : instanceTypes) {
            List<String> grown = new ArrayList<>(batch);
            grown.add(type);
            if (!batch.isEmpty() && (grown.size() > MAX_SIZES || url(base, region, grown).length() > MAX_URL)) {
                out.add(new Batch(region, List.copyOf(batch), url(base, region, batch)));
                grown = new ArrayList<>(List.of(type));
            }
            batch = grown;
        }
        if (!batch.isEmpty()) out.add(new Batch(region, List.copyOf(batch), url(base, region, batch)));
        return out;
    }

    /** The OData filter of a batch. */
    static String filter(String region, List<String> instanceTypes) {
        StringBuilder f = new StringBuilder("serviceName eq 'Virtual Machines'");
        if (region != null) f.append(" and armRegionName eq ").append(quote(region));
        f.append(" and (");
        for (int i = 0; i < instanceTypes.size(); i++) {
            f.append(i == 0 ? "" : " or ").append("armSkuName eq ").append(quote(instanceTypes.get(i)));
        }
        return f.append(')').toString();
    }

    private static String url(String base, String region, List<String> instanceTypes) {
        return base + encode(filter(region, instanceTypes));
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The price items {@link AzureCloud}'s Retail Prices API serves. <b>TEST DATA: the prices are invented</b>, near the
 * public list prices but not Microsoft's; never read them as real prices. The item shape is the real one, field for
 * field, as Microsoft's reference shows it ("Azure Retail Prices overview", API response examples:
 * learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices), savings plans included.
 *
 * <p>Four GPU sizes in {@code eastus} and {@code westeurope} ({@code Standard_ND96isr_H100_v5} in {@code eastus}
 * only), each with the meters the API lists for a Linux VM size, and the ones a price reader must skip:
 * <ul>
 *   <li>Linux pay-as-you-go ({@code type} {@code Consumption}), with a {@code savingsPlan} array of 1- and 3-year
 *       hourly prices (only for {@code api-version=2023-01-01-preview}, as the real API);</li>
 *   <li>Spot ({@code meterName} and {@code skuName} ending in {@code Spot});</li>
 *   <li>Low Priority (Azure Batch and Azure ML compute clusters' preemptible meter: not spot, to be skipped);</li>
 *   <li>Windows ({@code productName} ending in {@code Windows}: the license is in the price, to be skipped), and a
 *       Windows {@code DevTestConsumption} meter (dev/test subscriptions only, to be skipped);</li>
 *   <li>reservations ({@code type} {@code Reservation}, {@code reservationTerm} {@code 1 Year} or {@code 3 Years}),
 *       whose {@code retailPrice} is the price of the whole term although {@code unitOfMeasure} says
 *       {@code 1 Hour} (as in the reference's reservation example: 25007.0 for an E64 v4 for a year) - except
 *       {@code Standard_NC4as_T4_v3} in {@code westeurope}, which has none, so only its savings plan prices tell a
 *       committed price;</li>
 *   <li>in {@code eastus} only: a non-primary copy of the A100 meter at another price (dropped by
 *       {@code meterRegion='primary'}), a Cloud Services meter of the T4 size (not a VM; to be skipped), and a
 *       pay-as-you-go price of the NC40ads H100 v5 that takes effect in 2099 (not yet the price).</li>
 * </ul>
 * {@link #RESERVATION_1Y_EASTUS_A100} and the other constants are the figures tests check the arithmetic with.
 */
public final class RetailPriceItems {
    /** Test data: the 1-year reservation of {@code Standard_NC24ads_A100_v4} in {@code eastus}, for the whole term. */
    public static final double RESERVATION_1Y_EASTUS_A100 = 20305.0;
    /** Test data: its 3-year reservation, for the whole term. */
    public static final double RESERVATION_3Y_EASTUS_A100 = 39223.0;
    /** Test data: its Linux pay-as-you-go price per hour. */
    public static final double ON_DEMAND_EASTUS_A100 = 3.673;
    /** Test data: its spot price per hour. */
    public static final double SPOT_EASTUS_A100 = 0.7346;

    static final String VM_SERVICE_ID = "DZH313Z7MMC8";
    private static final String EFFECTIVE = "2024-06-01T00:00:00Z";
    private static final String FUTURE = "2099-01-01T00:00:00Z";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<ObjectNode> ALL = build();

    private RetailPriceItems() {
    }

    /** Every item, in the order the emulator pages them; copies, so a caller cannot change the served data. */
    static List<ObjectNode> all() {
        List<ObjectNode> copies = new ArrayList<>(ALL.size());
        for (ObjectNode item : ALL) copies.add(item.deepCopy());
        return copies;
    }

    /** One size's meters in one region: its prices per hour, and the reservation totals (0 for none). */
    private record Size(String armSkuName, String meter, String series, String productId, String region,
                        double onDemand, double spot, double lowPriority, double windows,
                        double savingsPlan1y, double savingsPlan3y, double reservation1y, double reservation3y) {
    }

    private static List<ObjectNode> build() {
        List<Size> sizes = List.of(
                new Size("Standard_NC24ads_A100_v4", "NC24ads A100 v4", "NCadsA100v4", "DZH318Z08M1Z", "eastus",
                        ON_DEMAND_EASTUS_A100, SPOT_EASTUS_A100, 0.6121, 4.409, 2.6077, 1.8365,
                        RESERVATION_1Y_EASTUS_A100, RESERVATION_3Y_EASTUS_A100),
                new Size("Standard_NC24ads_A100_v4", "NC24ads A100 v4", "NCadsA100v4", "DZH318Z08M1Z", "westeurope",
                        4.041, 0.8082, 0.6733, 4.777, 2.8691, 2.0205, 22338.0, 43151.0),
                new Size("Standard_NC40ads_H100_v5", "NC40ads H100 v5", "NCadsH100v5", "DZH318Z0F8W2", "eastus",
                        6.98, 1.396, 1.1633, 8.82, 4.9558, 3.49, 38588.0, 74530.0),
                new Size("Standard_NC40ads_H100_v5", "NC40ads H100 v5", "NCadsH100v5", "DZH318Z0F8W2", "westeurope",
                        7.678, 1.5356, 1.2797, 9.518, 5.4514, 3.839, 42447.0, 81983.0),
                new Size("Standard_ND96isr_H100_v5", "ND96isr H100 v5", "NDsrH100v5", "DZH318Z0HX2D", "eastus",
                        98.32, 19.664, 16.3867, 102.736, 69.8072, 49.16, 543537.0, 1049856.0),
                new Size("Standard_NC4as_T4_v3", "NC4as T4 v3", "NCasT4 v3", "DZH318Z0BQ5T", "eastus",
                        0.526, 0.1052, 0.0877, 0.71, 0.3735, 0.263, 2908.0, 5617.0),
                new Size("Standard_NC4as_T4_v3", "NC4as T4 v3", "NCasT4 v3", "DZH318Z0BQ5T", "westeurope",
                        0.579, 0.1158, 0.0965, 0.763, 0.4111, 0.2895, 0, 0));
        List<ObjectNode> items = new ArrayList<>();
        for (Size s : sizes) {
            String product = "Virtual Machines " + s.series() + " Series";
            ObjectNode linux = item(s, product, s.meter(), "Consumption", s.onDemand(), "00G2");
            ArrayNode plans = linux.putArray("savingsPlan");
            plans.add(plan(s.savingsPlan3y(), "3 Years"));
            plans.add(plan(s.savingsPlan1y(), "1 Year"));
            items.add(linux);
            items.add(item(s, product, s.meter() + " Spot", "Consumption", s.spot(), "00G5"));
            items.add(item(s, product, s.meter() + " Low Priority", "Consumption", s.lowPriority(), "00G3"));
            items.add(item(s, product + " Windows", s.meter(), "Consumption", s.windows(), "00G7"));
            items.add(item(s, product + " Windows", s.meter(), "DevTestConsumption",
                    Math.round(s.onDemand() * 10500) / 10000.0, "00G8"));
            if (s.reservation1y() > 0) {
                items.add(reservation(item(s, product, s.meter(), "Reservation", s.reservation1y(), "03RM"), "1 Year"));
                items.add(reservation(item(s, product, s.meter(), "Reservation", s.reservation3y(), "03RN"), "3 Years"));
            }
            if (s.region().equals("eastus") && s.armSkuName().equals("Standard_NC24ads_A100_v4")) {
                ObjectNode other = item(s, product, s.meter(), "Consumption", 9.99, "00GA");
                other.put("isPrimaryMeterRegion", false);
                items.add(other);
            }
            if (s.region().equals("eastus") && s.armSkuName().equals("Standard_NC40ads_H100_v5")) {
                ObjectNode future = item(s, product, s.meter(), "Consumption", 5.55, "00GD");
                future.put("effectiveStartDate", FUTURE);
                items.add(future);
            }
            if (s.region().equals("eastus") && s.armSkuName().equals("Standard_NC4as_T4_v3")) {
                items.add(item(s, s.series() + " Series Cloud Services", s.meter(), "Consumption", 0.61, "00GC"));
            }
        }
        return List.copyOf(items);
    }

    /** An item with every field of the reference's examples, in their order. */
    private static ObjectNode item(Size s, String product, String meter, String type, double price, String skuSuffix) {
        ObjectNode n = NODES.objectNode();
        n.put("currencyCode", "USD");
        n.put("tierMinimumUnits", 0.0);
        n.put("retailPrice", price);
        n.put("unitPrice", price);
        n.put("armRegionName", s.region());
        n.put("location", s.region().equals("eastus") ? "US East" : "EU West");
        n.put("effectiveStartDate", EFFECTIVE);
        n.put("meterId", UUID.nameUUIDFromBytes((s.region() + "/" + product + "/" + meter + "/" + type + "/" + skuSuffix)
                .getBytes(StandardCharsets.UTF_8)).toString());
        n.put("meterName", meter);
        n.put("productId", s.productId());
        n.put("skuId", s.productId() + "/" + skuSuffix);
        n.put("productName", product);
        n.put("skuName", meter);
        n.put("serviceName", "Virtual Machines");
        n.put("serviceId", VM_SERVICE_ID);
        n.put("serviceFamily", "Compute");
        n.put("unitOfMeasure", "1 Hour");
        n.put("type", type);
        n.put("isPrimaryMeterRegion", true);
        n.put("armSkuName", s.armSkuName());
        return n;
    }

    /** A reservation item: {@code reservationTerm} comes right after {@code tierMinimumUnits}, as in the reference. */
    private static ObjectNode reservation(ObjectNode item, String term) {
        ObjectNode n = NODES.objectNode();
        n.set("currencyCode", item.get("currencyCode"));
        n.set("tierMinimumUnits", item.get("tierMinimumUnits"));
        n.put("reservationTerm", term);
        item.fields().forEachRemaining(f -> {
            if (!n.has(f.getKey())) n.set(f.getKey(), f.getValue());
        });
        return n;
    }

    private static ObjectNode plan(double price, String term) {
        ObjectNode p = NODES.objectNode();
        p.put("unitPrice", price);
        p.put("retailPrice", price);
        p.put("term", term);
        return p;
    }
}

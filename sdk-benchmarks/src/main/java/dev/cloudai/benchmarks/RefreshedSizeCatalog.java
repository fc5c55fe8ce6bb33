package dev.cloudai.benchmarks;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A catalog the size a price refresh produces (every instance type of the built-in snapshot in 30 regions per cloud:
 * 3,540 offers), generated deterministically from the built-in rows, to time {@link AcceleratorCatalog#select} at that
 * size. The prices are synthetic, not anyone's list prices: each type's cited price (or, where the snapshot has none,
 * $2.50 per device-hour) scaled by a fixed factor per region, with spot, 1-year and 3-year prices at fixed fractions, so
 * that every pricing model has something to rank.
 *
 * <pre>{@code
 * AcceleratorCatalog big = RefreshedSizeCatalog.generate();   // 3,540 offers
 * big.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE).build());
 * }</pre>
 */
public final class RefreshedSizeCatalog {
    /** 30 region names per cloud, so that each instance type appears as often as a refreshed catalog lists it. */
    static final Map<String, List<String>> REGIONS = Map.of(
            "aws", List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1",
                    "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
                    "eu-south-1", "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1", "ap-south-1",
                    "ap-south-2", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
                    "ap-southeast-2", "ap-southeast-3", "ap-southeast-4"),
            "gcp", List.of("us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3",
                    "us-west4", "northamerica-northeast1", "northamerica-northeast2", "southamerica-east1",
                    "southamerica-west1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
                    "europe-west8", "europe-west9", "europe-north1", "europe-central2", "me-west1", "me-central1",
                    "asia-east1", "asia-northeast1", "asia-northeast3", "asia-south1", "asia-southeast1",
                    "australia-southeast1"),
            "azure", List.of("eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "southcentralus",
                    "northcentralus", "westcentralus", "canadacentral", "canadaeast", "brazilsouth", "northeurope",
                    "westeurope", "uksouth", "ukwest", "francecentral", "germanywestcentral", "switzerlandnorth",
                    "norwayeast", "swedencentral", "polandcentral", "italynorth", "uaenorth", "southafricanorth",
                    "centralindia", "japaneast", "koreacentral", "australiaeast", "southeastasia"));

    private static final double UNPRICED_PER_DEVICE_HOUR = 2.50;

    private RefreshedSizeCatalog() {
    }

    /** The generated catalog; the same offers in the same order on every call. */
    public static AcceleratorCatalog generate() {
        // one template per cloud, platform and instance type: the snapshot lists most types in two regions
        Map<String, Offer> templates = new LinkedHashMap<>();
        for (Offer o : AcceleratorCatalog.builtIn().offers()) {
            templates.putIfAbsent(o.cloud() + "/" + o.platform() + "/" + o.instanceType(), o);
        }
        List<Offer> offers = new ArrayList<>(templates.size() * 30);
        for (Offer template : templates.values()) {
            double base = template.pricePerHour().orElse(UNPRICED_PER_DEVICE_HOUR * Math.max(1, template.acceleratorCount()));
            List<String> regions = REGIONS.get(template.cloud());
            for (int i = 0; i < regions.size(); i++) {
                double onDemand = round(base * (1 + 0.015 * (i % 11)));   // regions differ by up to 15%
                offers.add(template.inRegion(regions.get(i))
                        .withPrice(PricingModel.ON_DEMAND, OptionalDouble.of(onDemand), "synthetic: benchmark only")
                        .withPrice(PricingModel.SPOT, OptionalDouble.of(round(onDemand * 0.35)), "synthetic: benchmark only")
                        .withPrice(PricingModel.COMMITTED_1Y, OptionalDouble.of(round(onDemand * 0.7)), "synthetic: benchmark only")
                        .withPrice(PricingModel.COMMITTED_3Y, OptionalDouble.of(round(onDemand * 0.5)), "synthetic: benchmark only"));
            }
        }
        return AcceleratorCatalog.of(offers);
    }

    private static double round(double usd) {
        return Math.round(usd * 10_000) / 10_000.0;
    }
}

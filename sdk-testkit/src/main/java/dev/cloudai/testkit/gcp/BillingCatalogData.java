package dev.cloudai.testkit.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * The services and SKUs the emulated Cloud Billing Catalog starts with. <b>Test data</b>: descriptions and units
 * follow the shapes Google publishes (Compute Engine's categories as SkyPilot's and dstack's fetchers read them; the
 * Vertex AI rows' resource family and group are placeholders no source gives, which the price source does not
 * read), but, except where a row cites its source, the prices are made up so that tests can compose machine prices;
 * they are not Google's prices and must never end up in a catalog.
 *
 * <p>The cited rows are the Vertex AI prediction and DWS SKUs of a Google Cloud engineer's article of 2025-08-20
 * (github.com/yshimojo/zenn-articles, {@code articles/dws-flex-new-skus.md}): the H100 GPU of Vertex AI prediction
 * in Iowa (AE9C-DB60-DF46, $11.2660332/h) with the A3 core (A002-4323-D900, $0.0293227/h) and RAM
 * (2424-9F04-82A8, $0.0025534/GiB-h) SKUs beside it, with which {@code a3-highgpu-1g} (26 vCPUs, 234 GiB) composes
 * to the article's total of $12.625919/h; and SKUs a price source must not mistake for those (the prediction
 * management fee, the training SKU, the DWS Flex-start SKUs). The made-up Compute Engine A3 rows are chosen so that
 * {@code a3-highgpu-8g} (208 vCPUs, 1872 GiB, 8 GPUs) composes to the $88.49/h of the built-in catalog.
 *
 * <p>Regions: us-central1 (Iowa) has Vertex AI N1/T4, G2/L4 and A3/H100 prediction SKUs, Compute Engine A3/H100 on
 * demand, spot and committed, and TPU v5e; europe-west4 (Netherlands) has only Vertex AI N1/T4. SKUs "running in
 * Americas" list several regions in {@code serviceRegions}, as Google's multi-region SKUs do.
 */
final class BillingCatalogData {
    static final String VERTEX_AI = "C7E2-9256-1C43";
    static final String COMPUTE_ENGINE = "6F81-5844-456A";
    static final String CLOUD_TPU = "E000-3F24-B8AA";

    /** {@code ListServices} lists these, in this order: the three a price source needs between two it does not. */
    static final List<CannedService> SERVICES = List.of(
            new CannedService("95FF-2EF5-5EA1", "Cloud Storage"),
            new CannedService(COMPUTE_ENGINE, "Compute Engine"),
            new CannedService(CLOUD_TPU, "Cloud TPU"),
            new CannedService("CCD8-9BF1-090E", "Cloud Run"),
            new CannedService(VERTEX_AI, "Vertex AI"));

    private static final List<String> IOWA = List.of("us-central1");
    private static final List<String> NETHERLANDS = List.of("europe-west4");
    private static final List<String> AMERICAS = List.of("us-central1", "us-east1", "us-east4", "us-west1");

    /** Every SKU, by service, in the order ListSkus pages through them. */
    static final List<CannedSku> SKUS = List.of(
            // Vertex AI, cited (yshimojo/zenn-articles, articles/dws-flex-new-skus.md, 2025-08-20)
            vertex("AE9C-DB60-DF46", "Vertex AI: Online/Batch Prediction Nvidia H100 80gb GPU running in Iowa", "h", "11.2660332", IOWA),
            vertex("A002-4323-D900", "Vertex AI: Online/Batch Prediction A3 Predefined Instance Core running in Iowa", "h", "0.0293227", IOWA),
            vertex("2424-9F04-82A8", "Vertex AI: Online/Batch Prediction A3 Predefined Instance Ram running in Iowa", "GiBy.h", "0.0025534", IOWA),
            vertex("1797-967A-274D", "Vertex AI: Online/Batch Prediction management fee on NVIDIA H100 80GB in Iowa", "h", "1.4694826", IOWA),
            vertex("3F95-001E-B747", "Vertex AI: Training/Pipelines on NVIDIA H100 80GB in Iowa", "h", "11.2660332", IOWA),
            // Vertex AI, made up
            vertex("E3A1-0001-7E57", "Vertex AI: Online/Batch Prediction N1 Predefined Instance Core running in Americas", "h", "0.0363527", AMERICAS),
            vertex("E3A1-0002-7E57", "Vertex AI: Online/Batch Prediction N1 Predefined Instance Ram running in Americas", "GiBy.h", "0.0048725", AMERICAS),
            vertex("E3A1-0003-7E57", "Vertex AI: Online/Batch Prediction Nvidia Tesla T4 GPU running in Americas", "h", "0.4025", AMERICAS),
            vertex("E3A1-0004-7E57", "Vertex AI: Online/Batch Prediction G2 Instance Core running in Iowa", "h", "0.0281093", IOWA),
            vertex("E3A1-0005-7E57", "Vertex AI: Online/Batch Prediction G2 Instance Ram running in Iowa", "GiBy.h", "0.0032925", IOWA),
            vertex("E3A1-0006-7E57", "Vertex AI: Online/Batch Prediction Nvidia L4 GPU running in Iowa", "h", "0.6439868", IOWA),
            vertex("E3A1-0007-7E57", "Vertex AI: Online/Batch Prediction N1 Predefined Instance Core running in Netherlands", "h", "0.0400", NETHERLANDS),
            vertex("E3A1-0008-7E57", "Vertex AI: Online/Batch Prediction N1 Predefined Instance Ram running in Netherlands", "GiBy.h", "0.0053598", NETHERLANDS),
            vertex("E3A1-0009-7E57", "Vertex AI: Online/Batch Prediction Nvidia Tesla T4 GPU running in Netherlands", "h", "0.4255", NETHERLANDS),
            // Compute Engine, cited DWS Flex-start SKUs (same article): not on-demand prices
            compute("9A32-36B2-7FBC", "DWS Defined Duration A3 Core running in Americas", "CPU", "OnDemand", "h", "0.010934", AMERICAS),
            compute("341A-49A5-0C07", "Nvidia H100 80GB GPU attached to DWS Defined Duration VMs running in Americas", "GPU", "OnDemand", "h", "4.200761", AMERICAS),
            // Compute Engine, made up
            compute("C0DE-0001-7E57", "A3 Instance Core running in Americas", "CPU", "OnDemand", "h", "0.0254979", AMERICAS),
            compute("C0DE-0002-7E57", "A3 Instance Ram running in Americas", "RAM", "OnDemand", "GiBy.h", "0.0022203", AMERICAS),
            compute("C0DE-0003-7E57", "Nvidia H100 80GB GPU running in Americas", "GPU", "OnDemand", "h", "9.8787544", AMERICAS),
            compute("C0DE-0004-7E57", "Spot Preemptible A3 Instance Core running in Americas", "CPU", "Preemptible", "h", "0.0114741", AMERICAS),
            compute("C0DE-0005-7E57", "Spot Preemptible A3 Instance Ram running in Americas", "RAM", "Preemptible", "GiBy.h", "0.0009991", AMERICAS),
            compute("C0DE-0006-7E57", "Spot Preemptible Nvidia H100 80GB GPU running in Americas", "GPU", "Preemptible", "h", "2.25", AMERICAS),
            compute("C0DE-0007-7E57", "Commitment v1: A3 Cpu in Americas for 1 Year", "CPU", "Commit1Yr", "h", "0.0160637", AMERICAS),
            compute("C0DE-0008-7E57", "Commitment v1: A3 Ram in Americas for 1 Year", "RAM", "Commit1Yr", "GiBy.h", "0.0013988", AMERICAS),
            compute("C0DE-0009-7E57", "Commitment v1: Nvidia H100 80GB GPU in Americas for 1 Year", "GPU", "Commit1Yr", "h", "6.2236153", AMERICAS),
            compute("C0DE-0010-7E57", "Commitment v1: A3 Cpu in Americas for 3 Years", "CPU", "Commit3Yr", "h", "0.011474", AMERICAS),
            compute("C0DE-0011-7E57", "Commitment v1: A3 Ram in Americas for 3 Years", "RAM", "Commit3Yr", "GiBy.h", "0.0009991", AMERICAS),
            compute("C0DE-0012-7E57", "Commitment v1: Nvidia H100 80GB GPU in Americas for 3 Years", "GPU", "Commit3Yr", "h", "4.4454398", AMERICAS),
            compute("C0DE-0013-7E57", "A3 Custom Instance Core running in Americas", "CPU", "OnDemand", "h", "0.0268", AMERICAS),
            compute("C0DE-0014-7E57", "TpuV5e running in Iowa", "TPU", "OnDemand", "h", "1.2", IOWA),
            compute("C0DE-0015-7E57", "Preemptible TpuV5e running in Iowa", "TPU", "OnDemand", "h", "0.24", IOWA),
            // Cloud TPU, made up
            new CannedSku(CLOUD_TPU, "7B0C-0001-7E57", "Tpu-v4 Pod running in Oklahoma", "Compute", "TPU", "OnDemand", "h",
                    new BigDecimal("3.22"), List.of("us-central2")));

    private BillingCatalogData() {
    }

    private static CannedSku vertex(String id, String description, String unit, String price, List<String> regions) {
        return new CannedSku(VERTEX_AI, id, description, "ApplicationServices", "MachineLearning", "OnDemand", unit,
                new BigDecimal(price), regions);
    }

    private static CannedSku compute(String id, String description, String group, String usage, String unit, String price,
                                     List<String> regions) {
        return new CannedSku(COMPUTE_ENGINE, id, description, "Compute", group, usage, unit, new BigDecimal(price), regions);
    }

    /** One service as {@code ListServices} lists it. */
    record CannedService(String id, String displayName) {
        ObjectNode json(ObjectMapper mapper) {
            ObjectNode s = mapper.createObjectNode();
            s.put("name", "services/" + id);
            s.put("serviceId", id);
            s.put("displayName", displayName);
            s.put("businessEntityName", "businessEntities/GCP");
            return s;
        }
    }

    /** One SKU: one price of one resource, in one or more regions. */
    record CannedSku(String service, String id, String description, String resourceFamily, String resourceGroup,
                     String usageType, String unit, BigDecimal usdPerUnit, List<String> regions) {

        /** The {@code google.cloud.billing.v1.Sku} message in protobuf JSON, as the API reference describes it. */
        ObjectNode json(ObjectMapper mapper, String serviceDisplayName) {
            ObjectNode sku = mapper.createObjectNode();
            sku.put("name", "services/" + service + "/skus/" + id);
            sku.put("skuId", id);
            sku.put("description", description);
            ObjectNode category = sku.putObject("category");
            category.put("serviceDisplayName", serviceDisplayName);
            category.put("resourceFamily", resourceFamily);
            category.put("resourceGroup", resourceGroup);
            category.put("usageType", usageType);
            regions.forEach(sku.putArray("serviceRegions")::add);
            ObjectNode info = sku.putArray("pricingInfo").addObject();
            info.put("summary", "");
            ObjectNode expression = info.putObject("pricingExpression");
            boolean gibHours = unit.equals("GiBy.h");
            expression.put("usageUnit", unit);
            expression.put("usageUnitDescription", gibHours ? "gibibyte hour" : "hour");
            expression.put("baseUnit", gibHours ? "By.s" : "s");
            expression.put("baseUnitDescription", gibHours ? "byte second" : "second");
            expression.put("baseUnitConversionFactor", gibHours ? 3865470566400.0 : 3600.0);
            expression.put("displayQuantity", 1.0);
            ObjectNode rate = expression.putArray("tieredRates").addObject();
            rate.put("startUsageAmount", 0.0);
            ObjectNode money = rate.putObject("unitPrice");
            money.put("currencyCode", "USD");
            BigDecimal units = new BigDecimal(usdPerUnit.toBigInteger());
            money.put("units", units.toPlainString());   // int64: a string in protobuf JSON
            money.put("nanos", usdPerUnit.subtract(units).movePointRight(9).intValueExact());
            ObjectNode aggregation = info.putObject("aggregationInfo");
            aggregation.put("aggregationLevel", "ACCOUNT");
            aggregation.put("aggregationInterval", "DAILY");
            aggregation.put("aggregationCount", 1);
            info.put("currencyConversionRate", 1.0);
            info.put("effectiveTime", "2026-12-01T08:00:00Z");
            sku.put("serviceProviderName", "Google");
            ObjectNode geo = sku.putObject("geoTaxonomy");
            geo.put("type", regions.size() > 1 ? "MULTI_REGIONAL" : "REGIONAL");
            regions.forEach(geo.putArray("regions")::add);
            return sku;
        }
    }
}

package dev.cloudai.gcp.pricing;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.gcp.pricing.SkuRules.Platform;

import java.util.Locale;
import java.util.Set;

/**
 * The Cloud Billing Catalog services the price source reads, with the ids Google's SKU explorer
 * (https://cloud.google.com/skus) shows and SkyPilot's and dstack's fetchers use: Vertex AI prices prediction
 * (platform {@code vertex}); Compute Engine prices VMs, their GPUs and the TPU generations from v5 on (platform
 * {@code vm}); Cloud TPU prices the older TPU VMs (v2 to v4).
 *
 * <pre>{@code
 * CatalogService.of(offer);   // COMPUTE_ENGINE for a vm a3-highgpu-8g, CLOUD_TPU for a vm v4-8
 * }</pre>
 */
enum CatalogService {
    VERTEX_AI("C7E2-9256-1C43", "Vertex AI", Platform.VERTEX),
    COMPUTE_ENGINE("6F81-5844-456A", "Compute Engine", Platform.VM),
    CLOUD_TPU("E000-3F24-B8AA", "Cloud TPU", Platform.VM);

    /** The TPU generations Cloud TPU prices; the newer ones are Compute Engine SKUs. */
    private static final Set<String> OLD_TPUS = Set.of("tpu-v2", "tpu-v3", "tpu-v4");

    final String id;
    final String displayName;
    final Platform platform;

    CatalogService(String id, String displayName, Platform platform) {
        this.id = id;
        this.displayName = displayName;
        this.platform = platform;
    }

    /** The service that prices a shape of platform {@code vertex} or {@code vm}. */
    static CatalogService of(Offer shape) {
        if (shape.platform().equalsIgnoreCase("vertex")) return VERTEX_AI;
        return OLD_TPUS.contains(shape.accelerator().toLowerCase(Locale.ROOT)) ? CLOUD_TPU : COMPUTE_ENGINE;
    }
}

package dev.cloudai.spi;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.internal.util.Arguments;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link PriceSource} is asked to price.
 *
 * <pre>{@code
 * PriceQuery q = PriceQuery.of(AcceleratorCatalog.builtIn().offers(), Set.of("us-east-1", "us-west-2"), LocalDate.now());
 * }</pre>
 *
 * @param shapes  the instance shapes to price: catalog offers of any cloud and region (a source keeps its own
 *                cloud's), whose platform, instance type and hardware (vCPUs, memory, accelerator count) tell it what
 *                to look up; Google prices a machine type as the sum of its per-vCPU, per-GiB and per-GPU SKUs
 * @param regions the regions to price, in the cloud's own names; empty for every region the API lists
 * @param models  the pricing models wanted; a source skips one its API does not publish and says so in the sheet
 * @param today   the date written beside each price fetched
 */
public record PriceQuery(List<Offer> shapes, Set<String> regions, Set<PricingModel> models, LocalDate today) {

    public PriceQuery {
        shapes = Arguments.listOf(shapes, "shapes");
        regions = Arguments.setOf(regions, "regions");
        models = Arguments.setOf(models, "models");
        if (models.isEmpty()) throw new IllegalArgumentException("models: at least one pricing model");
        Objects.requireNonNull(today, "today");
    }

    /** Every pricing model, for these shapes and regions. */
    public static PriceQuery of(List<Offer> shapes, Set<String> regions, LocalDate today) {
        return new PriceQuery(shapes, regions, Set.of(PricingModel.values()), today);
    }

    /** The shapes of one cloud, in query order. */
    public List<Offer> shapesOf(String cloud) {
        return shapes.stream().filter(o -> o.cloud().equalsIgnoreCase(cloud)).toList();
    }

    /** Whether {@code region} is asked for (always, when the query names no region). */
    public boolean wants(String region) {
        return regions.isEmpty() || regions.contains(region);
    }
}

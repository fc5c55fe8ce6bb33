package dev.cloudai.gcp.pricing;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.gcp.pricing.SkuRules.Component;
import dev.cloudai.gcp.pricing.SkuRules.Kind;
import dev.cloudai.gcp.pricing.SkuRules.Platform;
import dev.cloudai.gcp.pricing.SkuRules.Priced;
import dev.cloudai.spi.PricePoint;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Composes a machine type's hourly price from its component SKUs, as Google bills it: vCPUs x the family's
 * vCPU-hour price + memory GiB x its GiB-hour price + GPUs x the GPU-hour price; a TPU machine is its chips x the
 * chip-hour price (the host comes with the chips). The shape (a catalog offer) gives the counts. A component without
 * a price is never left out of the sum: the machine is then not priced, and the missing components are named.
 *
 * <pre>{@code
 * // a3-highgpu-1g, Vertex AI prediction in us-central1: 26 x 0.0293227 + 234 x 0.0025534 + 1 x 11.2660332 = 12.625919
 * MachinePricer.Outcome o = MachinePricer.price(shape, Platform.VERTEX, PricingModel.ON_DEMAND, index);
 * }</pre>
 */
final class MachinePricer {
    /** How the price of one shape under one pricing model turned out. */
    sealed interface Outcome permits Point, Missing, Unpriceable {
    }

    /** Every component found: the price. */
    record Point(PricePoint point) implements Outcome {
    }

    /** These components have no SKU in the shape's region. */
    record Missing(List<Component> components) implements Outcome {
    }

    /** The shape cannot be priced from SKUs at all, whatever the catalog lists (an unknown family, no vCPU count). */
    record Unpriceable(String reason) implements Outcome {
    }

    private record Part(Component component, BigDecimal quantity) {
    }

    private MachinePricer() {
    }

    /** The components a shape is billed for, with their quantities; or why it cannot be composed. */
    static Outcome price(Offer shape, Platform platform, PricingModel model, SkuIndex index) {
        List<Part> parts = new ArrayList<>();
        Optional<String> reason = parts(shape, parts);
        if (reason.isPresent()) return new Unpriceable(reason.get());
        BigDecimal total = BigDecimal.ZERO;
        List<Component> missing = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (Part part : parts) {
            Optional<Priced> sku = index.find(platform, model, part.component(), shape.region());
            if (sku.isEmpty()) {
                missing.add(part.component());
            } else {
                total = total.add(sku.get().usd().multiply(part.quantity()));
                skus.add(sku.get().skuId());
            }
        }
        if (!missing.isEmpty()) return new Missing(missing);
        return new Point(new PricePoint(platform.catalogName, shape.region(), shape.instanceType(), model,
                total.doubleValue(), "Cloud Billing Catalog SKUs " + String.join(" + ", skus)));
    }

    /** Fills {@code parts}; returns why the shape cannot be composed, if it cannot. */
    private static Optional<String> parts(Offer shape, List<Part> parts) {
        BigDecimal count = BigDecimal.valueOf(shape.acceleratorCount());
        Optional<SkuRules.Gpu> tpu = named(SkuRules.TPUS, shape.accelerator());
        if (tpu.isPresent()) {
            parts.add(new Part(new Component(Kind.TPU, tpu.get().name()), count));
            return Optional.empty();
        }
        Optional<SkuRules.Family> family = SkuRules.familyOf(shape.instanceType());
        if (family.isEmpty()) {
            return Optional.of("machine family not in the SKU table (known: " + SkuRules.FAMILIES.stream()
                    .map(SkuRules.Family::name).collect(Collectors.joining(", ")) + ")");
        }
        Optional<SkuRules.Gpu> gpu = named(SkuRules.GPUS, shape.accelerator());
        if (gpu.isEmpty()) return Optional.of("accelerator " + shape.accelerator() + " not in the SKU table");
        if (shape.vcpus().isEmpty() || shape.memoryGib().isEmpty()) {
            return Optional.of("the catalog gives no vCPU count or memory size, which its price is composed from");
        }
        parts.add(new Part(new Component(Kind.CORE, family.get().name()), BigDecimal.valueOf(shape.vcpus().getAsInt())));
        parts.add(new Part(new Component(Kind.RAM, family.get().name()), BigDecimal.valueOf(shape.memoryGib().getAsDouble())));
        parts.add(new Part(new Component(Kind.GPU, gpu.get().name()), count));
        return Optional.empty();
    }

    private static Optional<SkuRules.Gpu> named(List<SkuRules.Gpu> table, String accelerator) {
        return table.stream().filter(g -> g.name().equalsIgnoreCase(accelerator)).findFirst();
    }
}

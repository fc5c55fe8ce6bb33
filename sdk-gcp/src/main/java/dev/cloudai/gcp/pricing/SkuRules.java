package dev.cloudai.gcp.pricing;

import com.google.cloud.billing.v1.PricingExpression;
import com.google.cloud.billing.v1.Sku;
import com.google.type.Money;
import dev.cloudai.accelerator.PricingModel;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a Cloud Billing Catalog SKU is read: which platform, pricing model and machine component it prices. The
 * catalog has no field for "machine family" or "GPU model": they are in each SKU's free-text description, so these
 * tables match descriptions, as SkyPilot's and dstack's catalog fetchers do (skypilot-org/skypilot
 * {@code sky/catalog/data_fetchers/fetch_gcp.py}, dstackai/gpuhunt {@code providers/gcp.py}). Descriptions seen:
 *
 * <pre>
 * Vertex AI     "Vertex AI: Online/Batch Prediction A3 Predefined Instance Core running in Iowa"       h
 *               "Vertex AI: Online/Batch Prediction A2 Instance Ram running in Americas"               GiBy.h
 *               "Vertex AI: Online/Batch Prediction Nvidia H100 80gb GPU running in Iowa"              h
 * Compute       "A3 Instance Core running in Americas", "N1 Predefined Instance Ram running in ..."    (OnDemand)
 * Engine        "Spot Preemptible A3 Instance Core running in ..."                                     (Preemptible)
 *               "Commitment v1: A3 Cpu in Americas for 1 Year", "Commitment v1: Cpu in ..." (N1)        (Commit1Yr/3Yr)
 *               "Nvidia Tesla T4 GPU", "Nvidia A100 80GB GPU", "Nvidia H100 80GB Mega GPU",
 *               "Nvidia H200 141GB GPU", "Nvidia B200 (1 gpu slice)"; TPUs "TpuV5e", "TpuV5p", "TpuV6e"
 * Cloud TPU     "Tpu-v4 Pod ..."; a preemptible TPU says "Preemptible" in its description
 * </pre>
 *
 * Rules, in order: a SKU of resource family License, Storage or Network, or whose description has a word of
 * {@link #EXCLUDED} (custom and sole-tenant shapes, reservations, DWS and Flex-start pricing, management fees,
 * licences), prices no standard machine; on Vertex AI only "Online/Batch Prediction" SKUs count (not training);
 * the usage type gives the pricing model ({@code OnDemand}, {@code Preemptible} = spot, {@code Commit1Yr},
 * {@code Commit3Yr}; a TPU whose description says Preemptible or Spot is spot whatever its usage type); the
 * description then names a GPU ({@link #GPUS}), a TPU ({@link #TPUS}) or a family's vCPU ("Core", "Cpu") or RAM
 * ("Ram") ({@link #FAMILIES}), and the unit must be the one that component is priced in ({@code h}, or
 * {@code GiBy.h} for RAM). Every TPU SKU matched is read as per chip-hour, as Google's TPU pricing page prices every
 * generation from v4 on.
 */
final class SkuRules {
    /** Words in a description that mark a SKU as no standard machine's price. */
    static final List<String> EXCLUDED = List.of("custom", "sole tenancy", "sole-tenant", "reserved", "reservation",
            "premium", "dws", "flex", "calendar", "extended", "suspended", "attached to", "management fee", "licens",
            "commitment v2");

    /** A machine family: which machine types it has, and how its vCPU and RAM SKUs name it. */
    record Family(String name, List<String> machinePrefixes, Pattern description) {
    }

    /**
     * Families, most specific first. N1's commitments name no family ("Commitment v1: Cpu in ..."): the last
     * alternative of its pattern.
     */
    static final List<Family> FAMILIES = List.of(
            family("A3 Mega", List.of("a3-megagpu-"), "\\bA3\\s*(Mega|Plus)\\b"),
            family("A3 Ultra", List.of("a3-ultragpu-"), "\\bA3\\s*Ultra\\b"),
            family("A3 Edge", List.of("a3-edgegpu-"), "\\bA3\\s*Edge\\b"),
            family("A3", List.of("a3-highgpu-"), "\\bA3\\s+(Predefined\\s+)?(Instance|Cpu|Ram|Core)\\b"),
            family("A4X", List.of("a4x-"), "\\bA4X\\b"),
            family("A4", List.of("a4-"), "\\bA4\\s+(Predefined\\s+)?(Instance|Cpu|Ram|Core)\\b"),
            family("A2", List.of("a2-"), "\\bA2\\s+(Predefined\\s+)?(Instance|Cpu|Ram|Core)\\b"),
            family("G2", List.of("g2-"), "\\bG2\\s+(Predefined\\s+)?(Instance|Cpu|Ram|Core)\\b"),
            family("N1", List.of("n1-"), "\\bN1\\s+Predefined\\s+Instance\\b|^Commitment v1: (Cpu|Ram) in\\b"));

    /** A GPU: its canonical catalog name and how SKU descriptions name it. Most specific first. */
    record Gpu(String name, Pattern description) {
    }

    static final List<Gpu> GPUS = List.of(
            gpu("H100-MEGA", "\\bH100\\b.*\\b(Mega|Plus)\\b|\\b(Mega|Plus)\\b.*\\bH100\\b"),
            gpu("H100", "\\bH100\\b"),
            gpu("H200", "\\bH200\\b"),
            gpu("B200", "\\bB200\\b"),
            gpu("GB200", "\\bGB200\\b"),
            gpu("A100-80GB", "\\bA100\\s*80\\s*GB\\b"),
            gpu("A100-40GB", "\\bA100\\b"),
            gpu("L4", "\\bL4\\b"),
            gpu("T4", "\\bT4\\b"),
            gpu("V100", "\\bV100\\b"),
            gpu("P100", "\\bP100\\b"),
            gpu("P4", "\\bP4\\b"));

    /** A TPU generation: its canonical catalog name and how SKU descriptions name it ("TpuV5e", "TPU v5e", "Tpu-v4"). */
    static final List<Gpu> TPUS = List.of(
            gpu("TPU-v5e", "\\btpu[\\s-]*v5\\s*(e|lite)"),
            gpu("TPU-v5p", "\\btpu[\\s-]*v5\\s*p"),
            gpu("TPU-v6e", "\\btpu[\\s-]*v6\\s*e|\\btrillium\\b"),
            gpu("TPU-v4", "\\btpu[\\s-]*v4\\b"),
            gpu("TPU-v7", "\\btpu[\\s-]*(v7|7x)\\b|\\bironwood\\b"));

    private static final Pattern GPU_WORD = Pattern.compile("(?i)\\bgpus?\\b");
    private static final Pattern CORE_WORD = Pattern.compile("(?i)\\b(core|cpu|vcpu)s?\\b");
    private static final Pattern RAM_WORD = Pattern.compile("(?i)\\bram\\b");
    private static final Pattern SPOT_WORD = Pattern.compile("(?i)\\b(preemptible|spot)\\b");

    /** What a machine-type price is made of. */
    enum Kind {
        CORE("vCPU-hour", "h"), RAM("RAM GiB-hour", "GiBy.h"), GPU("GPU-hour", "h"), TPU("TPU chip-hour", "h");

        final String label;
        final String unit;

        Kind(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }
    }

    /** A priced component: a family's vCPU or RAM, or an accelerator, by name. */
    record Component(Kind kind, String name) {
        @Override
        public String toString() {
            return name + " " + kind.label;
        }
    }

    /** One SKU read: what it prices, under which model, where, at how many USD per unit. */
    record Priced(Platform platform, PricingModel model, Component component, List<String> regions, BigDecimal usd,
                  String skuId) {
    }

    /** The services the price source reads, and the platform each prices. */
    enum Platform {
        VERTEX("vertex"), VM("vm");

        final String catalogName;

        Platform(String catalogName) {
            this.catalogName = catalogName;
        }
    }

    private SkuRules() {
    }

    /** The family whose machine types start with a prefix of {@code machineType}. */
    static Optional<Family> familyOf(String machineType) {
        String type = machineType.toLowerCase(Locale.ROOT);
        return FAMILIES.stream().filter(f -> f.machinePrefixes().stream().anyMatch(type::startsWith)).findFirst();
    }

    /**
     * Reads one SKU of a service that prices {@code platform}; empty when it prices nothing a machine type is made of.
     */
    static Optional<Priced> read(Sku sku, Platform platform) {
        String description = sku.getDescription();
        String lower = description.toLowerCase(Locale.ROOT);
        String family = sku.getCategory().getResourceFamily();
        if (family.equals("License") || family.equals("Storage") || family.equals("Network")) return Optional.empty();
        if (EXCLUDED.stream().anyMatch(lower::contains)) return Optional.empty();
        if (platform == Platform.VERTEX && !lower.contains("online/batch prediction")) return Optional.empty();
        Optional<PricingModel> model = model(sku.getCategory().getUsageType());
        if (model.isEmpty() || sku.getPricingInfoCount() == 0) return Optional.empty();
        Optional<Component> component = component(description);
        if (component.isEmpty()) return Optional.empty();
        PricingModel m = model.get();
        if (component.get().kind() == Kind.TPU && m == PricingModel.ON_DEMAND && SPOT_WORD.matcher(description).find()) {
            m = PricingModel.SPOT;
        }
        PricingExpression expression = sku.getPricingInfo(0).getPricingExpression();
        if (!expression.getUsageUnit().equals(component.get().kind().unit) || expression.getTieredRatesCount() == 0) {
            return Optional.empty();
        }
        Money price = expression.getTieredRates(0).getUnitPrice();
        if (!price.getCurrencyCode().isEmpty() && !price.getCurrencyCode().equals("USD")) return Optional.empty();
        BigDecimal usd = BigDecimal.valueOf(price.getUnits()).add(BigDecimal.valueOf(price.getNanos(), 9));
        return Optional.of(new Priced(platform, m, component.get(), List.copyOf(sku.getServiceRegionsList()), usd,
                sku.getSkuId()));
    }

    private static Optional<PricingModel> model(String usageType) {
        return switch (usageType) {
            case "OnDemand" -> Optional.of(PricingModel.ON_DEMAND);
            case "Preemptible" -> Optional.of(PricingModel.SPOT);
            case "Commit1Yr" -> Optional.of(PricingModel.COMMITTED_1Y);
            case "Commit3Yr" -> Optional.of(PricingModel.COMMITTED_3Y);
            default -> Optional.empty();
        };
    }

    /** The component a description names: a GPU, a TPU, or a family's vCPU or RAM. */
    static Optional<Component> component(String description) {
        if (GPU_WORD.matcher(description).find()) {
            return GPUS.stream().filter(g -> g.description().matcher(description).find()).findFirst()
                    .map(g -> new Component(Kind.GPU, g.name()));
        }
        Optional<Gpu> tpu = TPUS.stream().filter(t -> t.description().matcher(description).find()).findFirst();
        if (tpu.isPresent()) return Optional.of(new Component(Kind.TPU, tpu.get().name()));
        Kind kind = CORE_WORD.matcher(description).find() ? Kind.CORE : RAM_WORD.matcher(description).find() ? Kind.RAM : null;
        if (kind == null) return Optional.empty();
        return FAMILIES.stream().filter(f -> f.description().matcher(description).find()).findFirst()
                .map(f -> new Component(kind, f.name()));
    }

    private static Family family(String name, List<String> prefixes, String pattern) {
        return new Family(name, prefixes, Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));
    }

    private static Gpu gpu(String name, String pattern) {
        return new Gpu(name, Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));
    }
}

package dev.cloudai.gcp.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.gcp.pricing.SkuRules.Component;
import dev.cloudai.gcp.pricing.SkuRules.Platform;
import dev.cloudai.gcp.pricing.SkuRules.Priced;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The SKUs read ({@link SkuRules#read}), by what they price: platform, pricing model, component and region. When two
 * SKUs price the same thing in a region, the one for fewer regions wins (a region's own SKU over a multi-region
 * one, "running in Iowa" over "running in Americas"); two equally specific SKUs with different prices are an
 * ambiguity the price source reports, keeping the first the API listed.
 *
 * <pre>{@code
 * SkuIndex index = new SkuIndex(region -> query.wants(region));
 * skus.forEach(sku -> SkuRules.read(sku, Platform.VM).ifPresent(index::add));
 * index.find(Platform.VM, PricingModel.SPOT, new Component(Kind.GPU, "H100"), "us-central1");
 * }</pre>
 */
final class SkuIndex {
    private record Key(Platform platform, PricingModel model, Component component, String region) {
    }

    private final Predicate<String> wanted;
    private final Map<Key, Priced> prices = new HashMap<>();
    private final Set<String> ambiguities = new LinkedHashSet<>();

    /** @param wanted the regions to keep; SKUs of other regions are dropped as they are added */
    SkuIndex(Predicate<String> wanted) {
        this.wanted = wanted;
    }

    void add(Priced sku) {
        for (String region : sku.regions()) {
            if (!wanted.test(region)) continue;
            Key key = new Key(sku.platform(), sku.model(), sku.component(), region);
            Priced held = prices.get(key);
            if (held == null || sku.regions().size() < held.regions().size()) {
                prices.put(key, sku);
            } else if (sku.regions().size() == held.regions().size() && sku.usd().compareTo(held.usd()) != 0) {
                ambiguities.add(sku.component() + " (" + sku.platform().catalogName + ", " + sku.model().label() + ", "
                        + region + "): SKUs " + held.skuId() + " and " + sku.skuId() + " both match with different"
                        + " prices; used " + held.skuId());
            }
        }
    }

    Optional<Priced> find(Platform platform, PricingModel model, Component component, String region) {
        return Optional.ofNullable(prices.get(new Key(platform, model, component, region)));
    }

    /** Whether any SKU of {@code platform} prices anything under {@code model}. */
    boolean hasAny(Platform platform, PricingModel model) {
        return prices.keySet().stream().anyMatch(k -> k.platform() == platform && k.model() == model);
    }

    List<String> ambiguities() {
        return new ArrayList<>(ambiguities);
    }
}

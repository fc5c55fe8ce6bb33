package dev.cloudai.cli;

import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.PricingModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/**
 * What a workload needs from the hardware, as in {@link AcceleratorRequirement.Builder}: shared by
 * {@code accelerators} (to filter the catalog) and by {@code plan} and {@code deploy} (to choose the instance).
 */
final class HardwareOptions {

    @Option(names = "--accelerator", split = ",", paramLabel = "NAME",
            description = "Only these accelerators, by name or alias: H100, A100-80GB, L4, inf2, trn1, v5e, NVIDIA_H100_80GB...")
    List<String> accelerators;

    @Option(names = "--vendor", split = ",", paramLabel = "VENDOR", description = "Only these vendors: nvidia, aws, google, amd.")
    List<String> vendors;

    @Option(names = "--min-count", paramLabel = "N", description = "At least N accelerators per instance.")
    Double minCount;

    @Option(names = "--min-memory", paramLabel = "GIB", description = "At least this much memory per accelerator, in GiB.")
    Double minMemoryGib;

    @Option(names = "--min-total-memory", paramLabel = "GIB", description = "At least this much accelerator memory in all, in GiB.")
    Double minTotalMemoryGib;

    @Option(names = "--model-size", paramLabel = "BILLIONS",
            description = "The model's size in billions of parameters; sets the memory it needs (see --precision).")
    Double modelSize;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "BF16",
            description = "The weights' precision with --model-size: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--min-network", paramLabel = "GBPS", description = "At least this much network bandwidth, in Gbit/s.")
    Double minNetworkGbps;

    @Option(names = "--max-price", paramLabel = "USD",
            description = "At most this price per hour, of the pricing model (--pricing; spot with --spot).")
    Double maxPrice;

    @Option(names = "--spot", description = "Price by spot; offers without a spot price are out. The same as --pricing spot.")
    boolean spot;

    @Option(names = "--pricing", paramLabel = "MODEL", converter = PricingConverter.class,
            description = "The price that filters, budgets and ranks: on-demand (default), spot, committed-1y or"
                    + " committed-3y (the effective hourly price of a 1- or 3-year commitment, in a refreshed catalog)."
                    + " Offers without that price are out; only on-demand falls back to unpriced offers.")
    PricingModel pricing;

    @Option(names = "--allow-fractional", description = "Admit fractions of a GPU (counts below 1).")
    boolean allowFractional;

    @Option(names = "--allow-unpriced", description = "Admit offers without a published price, after the priced ones.")
    boolean allowUnpriced;

    /** Whether any option was given; {@code plan} and {@code deploy} choose by requirement only then. */
    boolean isSet() {
        return accelerators != null || vendors != null || minCount != null || minMemoryGib != null
                || minTotalMemoryGib != null || modelSize != null || minNetworkGbps != null || maxPrice != null
                || spot || pricing != null || allowFractional || allowUnpriced;
    }

    /** Adds the given constraints to {@code b}; the SDK checks each value and names it when it is wrong. */
    AcceleratorRequirement.Builder applyTo(AcceleratorRequirement.Builder b) {
        if (accelerators != null) b.accelerators(accelerators.toArray(String[]::new));
        if (vendors != null) b.vendors(vendors.toArray(String[]::new));
        if (minCount != null) b.minAcceleratorCount(minCount);
        if (minMemoryGib != null) b.minAcceleratorMemoryGib(minMemoryGib);
        if (minTotalMemoryGib != null) b.minTotalAcceleratorMemoryGib(minTotalMemoryGib);
        if (modelSize != null) b.modelSize(modelSize, precision);
        if (minNetworkGbps != null) b.minNetworkGbps(minNetworkGbps);
        if (maxPrice != null) b.maxPricePerHour(maxPrice);
        // only a given option is passed on, so that --pricing committed-1y alone is not read as "not spot" too
        if (spot) b.spot(true);
        if (pricing != null) b.pricing(pricing);
        return b.allowFractional(allowFractional).allowUnpriced(allowUnpriced);
    }

    /** The option's own spelling of a pricing model, for example {@code committed-1y}. */
    static String spelling(PricingModel model) {
        return switch (model) {
            case ON_DEMAND -> "on-demand";
            case SPOT -> "spot";
            case COMMITTED_1Y -> "committed-1y";
            case COMMITTED_3Y -> "committed-3y";
        };
    }

    /** Reads {@code on-demand}, {@code spot}, {@code committed-1y}, {@code committed-3y}, in any letter case. */
    static final class PricingConverter implements CommandLine.ITypeConverter<PricingModel> {
        @Override
        public PricingModel convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (PricingModel m : PricingModel.values()) {
                if (spelling(m).equals(v)) return m;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a pricing model; use on-demand, spot,"
                    + " committed-1y or committed-3y");
        }
    }
}

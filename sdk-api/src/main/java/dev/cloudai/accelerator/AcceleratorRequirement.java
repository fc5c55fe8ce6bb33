package dev.cloudai.accelerator;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a workload needs from an accelerator offer. Every constraint is optional; an unset constraint does not
 * filter, so a requirement without {@code workload(...)} means any workload ("8 x H100 anywhere"). A model size
 * needs the workload, since serving and training a model need different amounts of memory.
 *
 * <p>Pricing: {@link Builder#pricing} chooses the price that filters, budgets and ranks (on-demand by default, spot,
 * or a 1- or 3-year commitment); {@code spot(true)} is kept and means {@code pricing(PricingModel.SPOT)}. Ranking:
 * by that price per hour, or with {@link Builder#throughput} figures and
 * {@code rankBy(Ranking.COST_PER_MILLION_TOKENS)} by USD per million output tokens.
 *
 * <pre>{@code
 * AcceleratorRequirement r = AcceleratorRequirement.builder()
 *         .workload(Workload.INFERENCE)
 *         .clouds("aws", "gcp")
 *         .modelSize(70, Precision.BF16)
 *         .maxPricePerHour(40.0)
 *         .build();
 * }</pre>
 */
public final class AcceleratorRequirement {
    private final Workload workload;
    private final Set<String> clouds;
    private final Set<String> regions;
    private final Set<String> platforms;
    private final Set<String> accelerators;
    private final Set<String> vendors;
    private final Double minAcceleratorCount;
    private final Double minAcceleratorMemoryGib;
    private final Double minTotalAcceleratorMemoryGib;
    private final Double modelBillionsOfParameters;
    private final Precision modelPrecision;
    private final Double minNetworkGbps;
    private final Double maxPricePerHour;
    private final PricingModel pricing;
    private final boolean allowFractional;
    private final boolean allowUnpriced;
    private final List<ServingThroughput> throughput;
    private final Ranking rankBy;

    private AcceleratorRequirement(Builder b) {
        this.workload = b.workload;
        if (workload == null && b.modelBillionsOfParameters != null) {
            throw new IllegalArgumentException("workload: required with modelSize, since serving a model needs its weights"
                    + " and training it needs 16 bytes per parameter; call .workload(Workload.INFERENCE) or"
                    + " .workload(Workload.TRAINING)");
        }
        this.clouds = Set.copyOf(b.clouds);
        this.regions = Set.copyOf(b.regions);
        this.platforms = Set.copyOf(b.platforms);
        this.accelerators = Set.copyOf(b.accelerators);
        this.vendors = Set.copyOf(b.vendors);
        this.minAcceleratorCount = b.minAcceleratorCount;
        this.minAcceleratorMemoryGib = b.minAcceleratorMemoryGib;
        this.minTotalAcceleratorMemoryGib = b.minTotalAcceleratorMemoryGib;
        this.modelBillionsOfParameters = b.modelBillionsOfParameters;
        this.modelPrecision = b.modelPrecision;
        this.minNetworkGbps = b.minNetworkGbps;
        this.maxPricePerHour = b.maxPricePerHour;
        this.pricing = b.pricing();
        this.allowFractional = b.allowFractional;
        this.allowUnpriced = b.allowUnpriced;
        if (allowUnpriced && maxPricePerHour != null) {
            throw new IllegalArgumentException("allowUnpriced: cannot be combined with maxPricePerHour, which no"
                    + " unpriced offer can be checked against");
        }
        this.throughput = List.copyOf(b.throughput.values());
        this.rankBy = b.rankBy;
        if (rankBy == Ranking.COST_PER_MILLION_TOKENS && throughput.isEmpty()) {
            throw new IllegalArgumentException("rankBy: COST_PER_MILLION_TOKENS needs at least one throughput figure;"
                    + " add .throughput(ServingThroughput.perDevice(\"H100\", 1500)) or similar, measured for your model");
        }
        if (!throughput.isEmpty() && workload == Workload.TRAINING) {
            throw new IllegalArgumentException("throughput: serving figures rank offers for inference, but the workload"
                    + " is training");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this requirement's values, to derive a narrowed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.workload = workload;
        b.clouds.addAll(clouds);
        b.regions.addAll(regions);
        b.platforms.addAll(platforms);
        b.accelerators.addAll(accelerators);
        b.vendors.addAll(vendors);
        b.minAcceleratorCount = minAcceleratorCount;
        b.minAcceleratorMemoryGib = minAcceleratorMemoryGib;
        b.minTotalAcceleratorMemoryGib = minTotalAcceleratorMemoryGib;
        b.modelBillionsOfParameters = modelBillionsOfParameters;
        b.modelPrecision = modelPrecision;
        b.minNetworkGbps = minNetworkGbps;
        b.maxPricePerHour = maxPricePerHour;
        b.inheritedPricing = pricing;
        b.allowFractional = allowFractional;
        b.allowUnpriced = allowUnpriced;
        throughput.forEach(t -> b.throughput.put(t.identity(), t));
        b.rankBy = rankBy;
        return b;
    }

    /** Training or inference, when set; offers whose workloads lack it are out. Empty means any workload. */
    public Optional<Workload> workload() { return Optional.ofNullable(workload); }

    /** Allowed clouds, lower case; empty means all. */
    public Set<String> clouds() { return clouds; }

    /** Allowed regions; empty means all. */
    public Set<String> regions() { return regions; }

    /** Allowed platforms ({@code sagemaker}, {@code vertex}, {@code azureml}, {@code vm}); empty means all. */
    public Set<String> platforms() { return platforms; }

    /** Allowed accelerator names or aliases, as given; empty means any. */
    public Set<String> accelerators() { return accelerators; }

    /** Allowed accelerator vendors ({@code nvidia}, {@code aws}, {@code google}, {@code amd}); empty means any. */
    public Set<String> vendors() { return vendors; }

    /** At least this many devices. */
    public OptionalDouble minAcceleratorCount() { return opt(minAcceleratorCount); }

    /** At least this much memory per device. */
    public OptionalDouble minAcceleratorMemoryGib() { return opt(minAcceleratorMemoryGib); }

    /** At least this much memory across all devices. */
    public OptionalDouble minTotalAcceleratorMemoryGib() { return opt(minTotalAcceleratorMemoryGib); }

    /** The model's size in billions of parameters, when given with {@link Builder#modelSize}. */
    public OptionalDouble modelBillionsOfParameters() { return opt(modelBillionsOfParameters); }

    /** The precision the model's weights are held in, when given with {@link Builder#modelSize}. */
    public Optional<Precision> modelPrecision() { return Optional.ofNullable(modelPrecision); }

    /** At least this much network bandwidth. */
    public OptionalDouble minNetworkGbps() { return opt(minNetworkGbps); }

    /** At most this price per hour, against the price of {@link #pricing()}. */
    public OptionalDouble maxPricePerHour() { return opt(maxPricePerHour); }

    /**
     * The price that filters, budgets and ranks: on-demand unless set; offers without it are out (only on-demand
     * falls back to unpriced offers, see {@link AcceleratorCatalog}).
     */
    public PricingModel pricing() { return pricing; }

    /** Whether the pricing model is {@link PricingModel#SPOT}: offers without a spot price are then out. */
    public boolean spot() { return pricing == PricingModel.SPOT; }

    /** The serving throughput figures given, in the order given; empty when none. */
    public List<ServingThroughput> throughput() { return throughput; }

    /** What the offers that fit are ordered by: price per hour unless set. */
    public Ranking rankBy() { return rankBy; }

    /** Whether offers with less than one device (a fraction of a GPU) may be chosen. */
    public boolean allowFractional() { return allowFractional; }

    /**
     * Whether offers without the price used may be chosen (ranked after every priced offer, smallest first). Without
     * it they are chosen only when no priced offer fits and neither a budget nor spot is set; see
     * {@link AcceleratorCatalog}.
     */
    public boolean allowUnpriced() { return allowUnpriced; }

    private static OptionalDouble opt(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AcceleratorRequirement[workload=").append(workload == null ? "any" : workload);
        if (!clouds.isEmpty()) sb.append(", clouds=").append(clouds);
        if (!regions.isEmpty()) sb.append(", regions=").append(regions);
        if (!platforms.isEmpty()) sb.append(", platforms=").append(platforms);
        if (!accelerators.isEmpty()) sb.append(", accelerators=").append(accelerators);
        if (!vendors.isEmpty()) sb.append(", vendors=").append(vendors);
        if (minAcceleratorCount != null) sb.append(", minAcceleratorCount=").append(minAcceleratorCount);
        if (minAcceleratorMemoryGib != null) sb.append(", minAcceleratorMemoryGib=").append(minAcceleratorMemoryGib);
        if (minTotalAcceleratorMemoryGib != null) sb.append(", minTotalAcceleratorMemoryGib=").append(minTotalAcceleratorMemoryGib);
        if (modelBillionsOfParameters != null) sb.append(", modelSize=").append(modelBillionsOfParameters).append("B ").append(modelPrecision);
        if (minNetworkGbps != null) sb.append(", minNetworkGbps=").append(minNetworkGbps);
        if (maxPricePerHour != null) sb.append(", maxPricePerHour=").append(maxPricePerHour);
        if (pricing == PricingModel.SPOT) sb.append(", spot");
        else if (pricing != PricingModel.ON_DEMAND) sb.append(", pricing=").append(pricing);
        if (allowFractional) sb.append(", allowFractional");
        if (allowUnpriced) sb.append(", allowUnpriced");
        if (!throughput.isEmpty()) sb.append(", throughput=").append(throughput);
        if (rankBy != Ranking.PRICE_PER_HOUR) sb.append(", rankBy=").append(rankBy);
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceleratorRequirement r && toString().equals(r.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Builds an {@link AcceleratorRequirement}; each setter checks its value and names it when it is wrong. */
    public static final class Builder {
        private static final Set<String> KNOWN_CLOUDS = Set.of("aws", "gcp", "azure");
        private static final Set<String> KNOWN_PLATFORMS = Set.of("sagemaker", "vertex", "azureml", "vm");
        private static final Set<String> KNOWN_VENDORS = Set.of("nvidia", "aws", "google", "amd");

        private Workload workload;
        private final Set<String> clouds = new LinkedHashSet<>();
        private final Set<String> regions = new LinkedHashSet<>();
        private final Set<String> platforms = new LinkedHashSet<>();
        private final Set<String> accelerators = new LinkedHashSet<>();
        private final Set<String> vendors = new LinkedHashSet<>();
        private Double minAcceleratorCount;
        private Double minAcceleratorMemoryGib;
        private Double minTotalAcceleratorMemoryGib;
        private Double modelBillionsOfParameters;
        private Precision modelPrecision;
        private Double minNetworkGbps;
        private Double maxPricePerHour;
        /** The pricing model this builder started from: on-demand, or the one of the requirement it copies. */
        private PricingModel inheritedPricing = PricingModel.ON_DEMAND;
        /** What {@link #spot} and {@link #pricing} were called with on this builder, null when not called. */
        private Boolean spotCall;
        private PricingModel pricingCall;
        private boolean allowFractional;
        private boolean allowUnpriced;
        /** By {@link ServingThroughput#identity()}, so that the same figure given twice is refused. */
        private final Map<String, ServingThroughput> throughput = new LinkedHashMap<>();
        private Ranking rankBy = Ranking.PRICE_PER_HOUR;

        private Builder() {
        }

        /** Only offers for this workload; without it, offers for any workload qualify. */
        public Builder workload(Workload value) { this.workload = Objects.requireNonNull(value, "workload"); return this; }

        /** Removes the cloud, region and platform constraints, so a provider can set its own. */
        public Builder anyLocation() {
            clouds.clear();
            regions.clear();
            platforms.clear();
            return this;
        }

        /** Only these clouds: {@code aws}, {@code gcp}, {@code azure}. */
        public Builder clouds(String... values) {
            return addAll(clouds, "clouds", values, KNOWN_CLOUDS);
        }

        /** Only these regions, for example {@code us-east-1}, {@code us-central1}, {@code eastus}. */
        public Builder regions(String... values) {
            return addAll(regions, "regions", values, null);
        }

        /** Only these platforms: {@code sagemaker}, {@code vertex}, {@code azureml}, {@code vm}. */
        public Builder platforms(String... values) {
            return addAll(platforms, "platforms", values, KNOWN_PLATFORMS);
        }

        /** Only these accelerators, by canonical name or alias ({@code H100}, {@code inf2}, {@code v5e}, ...). */
        public Builder accelerators(String... values) {
            for (String v : Objects.requireNonNull(values, "accelerators")) {
                if (v == null || v.isBlank()) throw new IllegalArgumentException("accelerators: must not contain a blank name");
                accelerators.add(v.strip());
            }
            return this;
        }

        /** Only accelerators of these vendors: {@code nvidia}, {@code aws} (Inferentia, Trainium), {@code google} (TPU), {@code amd} (Instinct). */
        public Builder vendors(String... values) {
            return addAll(vendors, "vendors", values, KNOWN_VENDORS);
        }

        public Builder minAcceleratorCount(double value) { this.minAcceleratorCount = positive(value, "minAcceleratorCount"); return this; }

        public Builder minAcceleratorMemoryGib(double value) { this.minAcceleratorMemoryGib = positive(value, "minAcceleratorMemoryGib"); return this; }

        public Builder minTotalAcceleratorMemoryGib(double value) { this.minTotalAcceleratorMemoryGib = positive(value, "minTotalAcceleratorMemoryGib"); return this; }

        /** The model to serve or train: billions of parameters and the weights' precision. */
        public Builder modelSize(double billionsOfParameters, Precision precision) {
            this.modelBillionsOfParameters = positive(billionsOfParameters, "modelSize.billionsOfParameters");
            this.modelPrecision = Objects.requireNonNull(precision, "modelSize.precision");
            return this;
        }

        public Builder minNetworkGbps(double value) { this.minNetworkGbps = positive(value, "minNetworkGbps"); return this; }

        /** At most this USD per hour, against the price of the pricing model ({@link #pricing}). */
        public Builder maxPricePerHour(double value) { this.maxPricePerHour = positive(value, "maxPricePerHour"); return this; }

        /**
         * {@code spot(true)} is {@code pricing(PricingModel.SPOT)}: price by spot, and offers without a spot price are
         * out. {@code spot(false)} means "not spot": a requirement copied from a spot one goes back to on-demand, and
         * any other pricing model stays. Setting both on one builder must agree ({@code spot(true)} with
         * {@code pricing(SPOT)}, {@code spot(false)} with anything but {@code SPOT}), or {@link #build} fails naming both.
         */
        public Builder spot(boolean value) { this.spotCall = value; return this; }

        /**
         * The price that filters, budgets ({@link #maxPricePerHour}) and ranks: {@link PricingModel#ON_DEMAND} (the
         * default), {@link PricingModel#SPOT}, or the effective hourly price of a 1- or 3-year commitment. Offers
         * without that price are out; only on-demand falls back to unpriced offers when none fits (see
         * {@link AcceleratorCatalog}). See {@link #spot} for how the two setters agree.
         */
        public Builder pricing(PricingModel value) { this.pricingCall = Objects.requireNonNull(value, "pricing"); return this; }

        /**
         * Serving throughput figures, for accelerators (per device) or instance types (per instance), that turn
         * prices per hour into USD per million output tokens: shown in each offer's reasons and
         * {@link Offer#outputTokensPerSecond()}, and what {@link Ranking#COST_PER_MILLION_TOKENS} ranks by. Adds to
         * the figures already given; the same figure (scope, name and model) twice fails naming it.
         */
        public Builder throughput(ServingThroughput... values) {
            for (ServingThroughput t : Objects.requireNonNull(values, "throughput")) {
                Objects.requireNonNull(t, "throughput: must not contain null");
                ServingThroughput clash = throughput.putIfAbsent(t.identity(), t);
                if (clash != null) {
                    throw new IllegalArgumentException("throughput: " + t.name() + " is given twice for the same scope and"
                            + " model (" + clash + " and " + t + "); keep one");
                }
            }
            return this;
        }

        /** What to order the offers that fit by: {@link Ranking#PRICE_PER_HOUR} (the default) or USD per million tokens. */
        public Builder rankBy(Ranking value) { this.rankBy = Objects.requireNonNull(value, "rankBy"); return this; }

        public Builder allowFractional(boolean value) { this.allowFractional = value; return this; }

        /**
         * Admits offers whose price no public source gives, after every priced one; for planning where the catalog
         * knows the hardware but not the price. Cannot be combined with {@link #maxPricePerHour}.
         */
        public Builder allowUnpriced(boolean value) { this.allowUnpriced = value; return this; }

        public AcceleratorRequirement build() {
            return new AcceleratorRequirement(this);
        }

        /** The pricing model the calls on this builder set, failing when {@code spot} and {@code pricing} disagree. */
        private PricingModel pricing() {
            if (spotCall != null && pricingCall != null && spotCall != (pricingCall == PricingModel.SPOT)) {
                throw new IllegalArgumentException("pricing: spot(" + spotCall + ") contradicts pricing(" + pricingCall
                        + "); spot(true) means pricing(PricingModel.SPOT), so set only one of them");
            }
            if (pricingCall != null) return pricingCall;
            if (spotCall == null) return inheritedPricing;
            if (spotCall) return PricingModel.SPOT;
            return inheritedPricing == PricingModel.SPOT ? PricingModel.ON_DEMAND : inheritedPricing;
        }

        private Builder addAll(Set<String> target, String field, String[] values, Set<String> allowed) {
            for (String v : Objects.requireNonNull(values, field)) {
                if (v == null || v.isBlank()) throw new IllegalArgumentException(field + ": must not contain a blank value");
                String norm = v.strip().toLowerCase(Locale.ROOT);
                if (allowed != null && !allowed.contains(norm)) {
                    throw new IllegalArgumentException(field + ": unknown value '" + v + "'; use one of "
                            + List.copyOf(new java.util.TreeSet<>(allowed)));
                }
                target.add(norm);
            }
            return this;
        }

        private static double positive(double value, String field) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(field + ": must be a positive number, was " + value);
            }
            return value;
        }
    }
}

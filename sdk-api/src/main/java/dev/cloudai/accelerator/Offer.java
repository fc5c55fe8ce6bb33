package dev.cloudai.accelerator;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One concrete instance offer of a cloud: where, which accelerator, how many, how big, what it costs. Rows of the
 * accelerator catalog; {@link AcceleratorCatalog#select} returns them ranked, with the reasons each was chosen.
 * Figures a source does not publish are empty, and an empty figure never satisfies a constraint on it.
 *
 * <pre>{@code
 * Offer best = catalog.select(requirement).get(0);
 * System.out.println(best.instanceType() + " $" + best.pricePerHour().getAsDouble() + "/h " + best.reasons());
 * }</pre>
 *
 * @param cloud {@code aws}, {@code gcp} or {@code azure}
 * @param platform the service the offer is for: {@code sagemaker}, {@code vertex}, {@code azureml} or {@code vm}
 * @param region the cloud's region name
 * @param instanceType the cloud's instance or machine type name
 * @param accelerator the canonical accelerator name, for example {@code H100} or {@code Inferentia2}
 * @param acceleratorCount how many devices; below 1 for a fraction of a GPU
 * @param acceleratorMemoryGib memory per device, when published
 * @param vcpus virtual CPUs, when published
 * @param memoryGib host memory, when published
 * @param networkGbps network bandwidth, when published
 * @param pricePerHour on-demand USD per hour, when published
 * @param spotPricePerHour spot USD per hour, when published
 * @param workloads what the offer suits
 * @param notes free text, typically the source of the figures
 * @param reasons why a selection chose this offer; empty for catalog rows
 * @param committed1yPricePerHour the effective USD per hour of a one-year commitment without upfront payment, when published
 * @param committed3yPricePerHour the same for three years, when published
 * @param throughput the serving throughput figure a selection applied to this offer (see
 *                   {@link AcceleratorRequirement.Builder#throughput}); empty for catalog rows
 */
public record Offer(String cloud, String platform, String region, String instanceType, String accelerator,
                    double acceleratorCount, OptionalDouble acceleratorMemoryGib, OptionalInt vcpus,
                    OptionalDouble memoryGib, OptionalDouble networkGbps, OptionalDouble pricePerHour,
                    OptionalDouble spotPricePerHour, Set<Workload> workloads, String notes, List<String> reasons,
                    OptionalDouble committed1yPricePerHour, OptionalDouble committed3yPricePerHour,
                    Optional<ServingThroughput> throughput) {

    public Offer {
        Arguments.requireText(cloud, "cloud");
        Arguments.requireText(platform, "platform");
        Arguments.requireText(region, "region");
        Arguments.requireText(instanceType, "instanceType");
        Arguments.requireText(accelerator, "accelerator");
        if (!(acceleratorCount > 0) || Double.isInfinite(acceleratorCount)) {
            throw new IllegalArgumentException("acceleratorCount: must be positive, was " + acceleratorCount);
        }
        requirePositive(acceleratorMemoryGib, "acceleratorMemoryGib");
        Objects.requireNonNull(vcpus, "vcpus");
        if (vcpus.isPresent() && vcpus.getAsInt() <= 0) throw new IllegalArgumentException("vcpus: must be positive, was " + vcpus.getAsInt());
        requirePositive(memoryGib, "memoryGib");
        requirePositive(networkGbps, "networkGbps");
        requireNonNegative(pricePerHour, "pricePerHour");
        requireNonNegative(spotPricePerHour, "spotPricePerHour");
        requireNonNegative(committed1yPricePerHour, "committed1yPricePerHour");
        requireNonNegative(committed3yPricePerHour, "committed3yPricePerHour");
        workloads = workloadsOf(workloads);
        notes = notes == null ? "" : notes;
        // a selection's reasons are built on first read (Selection.LazyReasons): copying them here would build them
        reasons = reasons instanceof Selection.LazyReasons ? reasons : Arguments.listOf(reasons, "reasons");
        Objects.requireNonNull(throughput, "throughput");
    }

    /** An offer with on-demand, spot and committed prices, as a catalog row (no throughput figure). */
    public Offer(String cloud, String platform, String region, String instanceType, String accelerator,
                 double acceleratorCount, OptionalDouble acceleratorMemoryGib, OptionalInt vcpus,
                 OptionalDouble memoryGib, OptionalDouble networkGbps, OptionalDouble pricePerHour,
                 OptionalDouble spotPricePerHour, Set<Workload> workloads, String notes, List<String> reasons,
                 OptionalDouble committed1yPricePerHour, OptionalDouble committed3yPricePerHour) {
        this(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib, vcpus, memoryGib,
                networkGbps, pricePerHour, spotPricePerHour, workloads, notes, reasons, committed1yPricePerHour,
                committed3yPricePerHour, Optional.empty());
    }

    /** An offer with on-demand and spot prices only, as the pinned catalog columns carry. */
    public Offer(String cloud, String platform, String region, String instanceType, String accelerator,
                 double acceleratorCount, OptionalDouble acceleratorMemoryGib, OptionalInt vcpus,
                 OptionalDouble memoryGib, OptionalDouble networkGbps, OptionalDouble pricePerHour,
                 OptionalDouble spotPricePerHour, Set<Workload> workloads, String notes, List<String> reasons) {
        this(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib, vcpus, memoryGib,
                networkGbps, pricePerHour, spotPricePerHour, workloads, notes, reasons, OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    /** Accelerator memory across all devices: count times memory per device; empty when the memory is unknown. */
    public OptionalDouble totalAcceleratorMemoryGib() {
        return acceleratorMemoryGib.isPresent()
                ? OptionalDouble.of(acceleratorCount * acceleratorMemoryGib.getAsDouble()) : OptionalDouble.empty();
    }

    /** The price a selection uses: spot when {@code spot}, else on-demand. */
    public OptionalDouble price(boolean spot) {
        return spot ? spotPricePerHour : pricePerHour;
    }

    /** The USD per hour under this pricing model, when published. */
    public OptionalDouble price(PricingModel model) {
        return switch (Objects.requireNonNull(model, "model")) {
            case ON_DEMAND -> pricePerHour;
            case SPOT -> spotPricePerHour;
            case COMMITTED_1Y -> committed1yPricePerHour;
            case COMMITTED_3Y -> committed3yPricePerHour;
        };
    }

    /**
     * This offer with the price of {@code model} set (or cleared, with an empty value) and {@code notes} replaced,
     * as a catalog refresh writes a price it fetched.
     */
    public Offer withPrice(PricingModel model, OptionalDouble usdPerHour, String notes) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usdPerHour, "usdPerHour");
        Objects.requireNonNull(notes, "notes");   // a refresh says where the price comes from; "" to clear
        return new Offer(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib,
                vcpus, memoryGib, networkGbps, model == PricingModel.ON_DEMAND ? usdPerHour : pricePerHour,
                model == PricingModel.SPOT ? usdPerHour : spotPricePerHour, workloads, notes, reasons,
                model == PricingModel.COMMITTED_1Y ? usdPerHour : committed1yPricePerHour,
                model == PricingModel.COMMITTED_3Y ? usdPerHour : committed3yPricePerHour, throughput);
    }

    /** This offer moved to another region (a refresh found the same instance type priced there). */
    public Offer inRegion(String region) {
        return new Offer(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib,
                vcpus, memoryGib, networkGbps, pricePerHour, spotPricePerHour, workloads, notes, reasons,
                committed1yPricePerHour, committed3yPricePerHour, throughput);
    }

    /** This offer with the given reasons, as a selection returns it. */
    public Offer withReasons(List<String> reasons) {
        return new Offer(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib,
                vcpus, memoryGib, networkGbps, pricePerHour, spotPricePerHour, workloads, notes, reasons,
                committed1yPricePerHour, committed3yPricePerHour, throughput);
    }

    /** This offer as a selection returns it: with its reasons and the throughput figure that applied, if any. */
    Offer selected(List<String> reasons, Optional<ServingThroughput> throughput) {
        return new Offer(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib,
                vcpus, memoryGib, networkGbps, pricePerHour, spotPricePerHour, workloads, notes, reasons,
                committed1yPricePerHour, committed3yPricePerHour, throughput);
    }

    /**
     * The output tokens per second a whole instance serves by the {@link #throughput()} figure a selection applied:
     * per device times the device count, or the per-instance figure; empty without a figure.
     */
    public OptionalDouble outputTokensPerSecond() {
        return throughput.isPresent() ? OptionalDouble.of(throughput.get().instanceTokensPerSecond(this)) : OptionalDouble.empty();
    }

    /**
     * USD per million output tokens under {@code model}: the price per hour over the tokens served in an hour
     * ({@link ServingThroughput#costPerMillionTokens}); empty without that price or a throughput figure.
     *
     * <pre>{@code
     * // $36/h at 1,000 output tokens/s: 3.6 million tokens an hour, $10 per million
     * offer.costPerMillionTokens(PricingModel.ON_DEMAND);   // OptionalDouble[10.0]
     * }</pre>
     */
    public OptionalDouble costPerMillionTokens(PricingModel model) {
        OptionalDouble price = price(model);
        OptionalDouble tokens = outputTokensPerSecond();
        return price.isPresent() && tokens.isPresent()
                ? OptionalDouble.of(ServingThroughput.costPerMillionTokens(price.getAsDouble(), tokens.getAsDouble()))
                : OptionalDouble.empty();
    }

    /** {@code cloud/platform/region/instanceType}: what identifies an offer in a catalog. */
    public String key() {
        return cloud + "/" + platform + "/" + region + "/" + instanceType;
    }

    /** {@link #key()} in lower case: rows whose keys differ only in letter case are the same offer. */
    String identity() {
        return key().toLowerCase(Locale.ROOT);
    }


    /**
     * An unmodifiable copy of {@code workloads}, refusing null and empty; free for a set that is already unmodifiable
     * ({@code Set.copyOf} returns it), as every copy a selection makes of a catalog row passes the row's own set.
     */
    private static Set<Workload> workloadsOf(Set<Workload> workloads) {
        if (workloads == null) throw new NullPointerException("workloads: must not be null");
        Set<Workload> copy;
        try {
            copy = Set.copyOf(workloads);   // refuses a null element
        } catch (NullPointerException e) {
            throw new NullPointerException("workloads: must not contain null");
        }
        if (copy.isEmpty()) throw new IllegalArgumentException("workloads: at least one of training, inference");
        return copy;
    }

    private static void requirePositive(OptionalDouble value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isPresent() && !(value.getAsDouble() > 0)) {
            throw new IllegalArgumentException(field + ": must be positive, was " + value.getAsDouble());
        }
    }

    private static void requireNonNegative(OptionalDouble value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isPresent() && !(value.getAsDouble() >= 0)) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + value.getAsDouble());
        }
    }
}

package dev.cloudai.accelerator;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One concrete instance offer of a cloud: where, which accelerator, how many, how big, what it costs. Rows of the
 * accelerator catalog; {@link AcceleratorCatalog#select} returns them ranked, with the reasons each was chosen.
 *
 * <pre>{@code
 * Offer best = catalog.select(requirement).get(0);
 * System.out.println(best.instanceType() + " " + best.pricePerHour() + " " + best.reasons());
 * }</pre>
 *
 * @param cloud {@code aws}, {@code gcp} or {@code azure}
 * @param platform the service the offer is for: {@code sagemaker}, {@code vertex}, {@code azureml} or {@code vm}
 * @param region the cloud's region name
 * @param instanceType the cloud's instance or machine type name
 * @param accelerator the canonical accelerator name, for example {@code H100} or {@code Inferentia2}
 * @param acceleratorCount how many devices; below 1 for a fraction of a GPU
 * @param acceleratorMemoryGib memory per device
 * @param vcpus virtual CPUs
 * @param memoryGib host memory
 * @param networkGbps network bandwidth, when published
 * @param pricePerHour on-demand USD per hour, when published
 * @param spotPricePerHour spot USD per hour, when published
 * @param workloads what the offer suits
 * @param notes free text, typically the source of the figures
 * @param reasons why a selection chose this offer; empty for catalog rows
 */
public record Offer(String cloud, String platform, String region, String instanceType, String accelerator,
                    double acceleratorCount, double acceleratorMemoryGib, int vcpus, double memoryGib,
                    OptionalDouble networkGbps, OptionalDouble pricePerHour, OptionalDouble spotPricePerHour,
                    Set<Workload> workloads, String notes, List<String> reasons) {

    public Offer {
        requireText(cloud, "cloud");
        requireText(platform, "platform");
        requireText(region, "region");
        requireText(instanceType, "instanceType");
        requireText(accelerator, "accelerator");
        if (!(acceleratorCount > 0)) throw new IllegalArgumentException("acceleratorCount: must be positive, was " + acceleratorCount);
        if (!(acceleratorMemoryGib > 0)) throw new IllegalArgumentException("acceleratorMemoryGib: must be positive, was " + acceleratorMemoryGib);
        if (vcpus <= 0) throw new IllegalArgumentException("vcpus: must be positive, was " + vcpus);
        if (!(memoryGib > 0)) throw new IllegalArgumentException("memoryGib: must be positive, was " + memoryGib);
        Objects.requireNonNull(networkGbps, "networkGbps");
        Objects.requireNonNull(pricePerHour, "pricePerHour");
        Objects.requireNonNull(spotPricePerHour, "spotPricePerHour");
        requireNonNegative(pricePerHour, "pricePerHour");
        requireNonNegative(spotPricePerHour, "spotPricePerHour");
        workloads = Set.copyOf(Objects.requireNonNull(workloads, "workloads"));
        if (workloads.isEmpty()) throw new IllegalArgumentException("workloads: at least one of training, inference");
        notes = notes == null ? "" : notes;
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    }

    /** Accelerator memory across all devices: count times memory per device. */
    public double totalAcceleratorMemoryGib() {
        return acceleratorCount * acceleratorMemoryGib;
    }

    /** This offer with the given reasons, as a selection returns it. */
    public Offer withReasons(List<String> newReasons) {
        return new Offer(cloud, platform, region, instanceType, accelerator, acceleratorCount, acceleratorMemoryGib,
                vcpus, memoryGib, networkGbps, pricePerHour, spotPricePerHour, workloads, notes, newReasons);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
    }

    private static void requireNonNegative(OptionalDouble value, String field) {
        if (value.isPresent() && !(value.getAsDouble() >= 0)) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + value.getAsDouble());
        }
    }
}

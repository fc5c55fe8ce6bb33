package dev.cloudai.accelerator;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How many output tokens per second an accelerator (per device) or an instance type (the whole instance) serves,
 * measured by you for your model, server and latency target: the figure that turns a price per hour into a cost per
 * million tokens, as GKE Inference Quickstart does. The SDK ships no such figures (throughput depends on the model,
 * the serving stack, batch size and the latency you accept far more than on the hardware alone); you give them on
 * the requirement, and {@link AcceleratorCatalog#select} ranks by them with {@link Ranking#COST_PER_MILLION_TOKENS}.
 *
 * <pre>{@code
 * AcceleratorRequirement r = AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16)
 *         .throughput(ServingThroughput.perDevice("H100", 1500).forModel(70, Precision.BF16).withSource("our vLLM run"),
 *                     ServingThroughput.perInstance("ml.inf2.48xlarge", 2400))
 *         .rankBy(Ranking.COST_PER_MILLION_TOKENS).build();
 * Offer best = catalog.select(r).get(0);
 * best.costPerMillionTokens(r.pricing());   // USD per million output tokens
 * }</pre>
 *
 * <p>A figure {@link #forModel for a model} applies only to a requirement with that {@code modelSize}, and wins over
 * a figure without one; a figure for an instance type wins over one for its accelerator.
 *
 * @param per whether {@code outputTokensPerSecond} is for one device (multiplied by the offer's device count) or
 *            for a whole instance
 * @param name an accelerator name or alias ({@code H100}, {@code inf2}) for {@link Per#DEVICE}, an instance type
 *             ({@code ml.g6e.12xlarge}, {@code a3-highgpu-8g}) for {@link Per#INSTANCE}
 * @param outputTokensPerSecond the output tokens served per second, summed over all concurrent requests
 * @param modelBillionsOfParameters the model size the figure was measured with, when it is model-specific
 * @param modelPrecision the model's precision, present exactly when the size is
 * @param source where the figure comes from, shown in the offer's reasons; empty for none
 */
public record ServingThroughput(Per per, String name, double outputTokensPerSecond,
                                OptionalDouble modelBillionsOfParameters, Optional<Precision> modelPrecision,
                                String source) {
    private static final double SECONDS_PER_HOUR = 3600;
    private static final double MILLION = 1_000_000;

    /** What a figure is measured over. */
    public enum Per {
        /** One accelerator device: the offer serves the figure times its device count. */
        DEVICE,
        /** One whole instance of the named type. */
        INSTANCE
    }

    public ServingThroughput {
        Objects.requireNonNull(per, "throughput.per");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("throughput.name: must not be blank");
        name = name.strip();
        if (!(outputTokensPerSecond > 0) || Double.isInfinite(outputTokensPerSecond)) {
            throw new IllegalArgumentException("throughput.outputTokensPerSecond: must be a positive number, was "
                    + outputTokensPerSecond + " (for " + name + ")");
        }
        Objects.requireNonNull(modelBillionsOfParameters, "throughput.modelBillionsOfParameters");
        Objects.requireNonNull(modelPrecision, "throughput.modelPrecision");
        if (modelBillionsOfParameters.isPresent() != modelPrecision.isPresent()) {
            throw new IllegalArgumentException("throughput.model: give both the size and the precision, or neither (for "
                    + name + ")");
        }
        if (modelBillionsOfParameters.isPresent() && !(modelBillionsOfParameters.getAsDouble() > 0
                && !Double.isInfinite(modelBillionsOfParameters.getAsDouble()))) {
            throw new IllegalArgumentException("throughput.modelBillionsOfParameters: must be a positive number, was "
                    + modelBillionsOfParameters.getAsDouble());
        }
        source = Objects.requireNonNull(source, "throughput.source: must not be null (empty for none)").strip();
    }

    /** A figure for one device of {@code accelerator} (a name or alias), for any model. */
    public static ServingThroughput perDevice(String accelerator, double outputTokensPerSecond) {
        Objects.requireNonNull(accelerator, "accelerator");
        return new ServingThroughput(Per.DEVICE, accelerator, outputTokensPerSecond, OptionalDouble.empty(),
                Optional.empty(), "");
    }

    /** A figure for a whole instance of {@code instanceType}, on any cloud and in any region, for any model. */
    public static ServingThroughput perInstance(String instanceType, double outputTokensPerSecond) {
        Objects.requireNonNull(instanceType, "instanceType");
        return new ServingThroughput(Per.INSTANCE, instanceType, outputTokensPerSecond, OptionalDouble.empty(),
                Optional.empty(), "");
    }

    /** This figure, measured with a model of this size and precision: it applies only to a requirement for that model. */
    public ServingThroughput forModel(double billionsOfParameters, Precision precision) {
        return new ServingThroughput(per, name, outputTokensPerSecond, OptionalDouble.of(billionsOfParameters),
                Optional.of(Objects.requireNonNull(precision, "precision")), source);
    }

    /** This figure citing where it comes from (a benchmark, your own load test). */
    public ServingThroughput withSource(String source) {
        return new ServingThroughput(per, name, outputTokensPerSecond, modelBillionsOfParameters, modelPrecision, source);
    }

    /** The output tokens per second a whole instance of {@code offer} serves by this figure. */
    public double instanceTokensPerSecond(Offer offer) {
        Objects.requireNonNull(offer, "offer");
        return per == Per.DEVICE ? outputTokensPerSecond * offer.acceleratorCount() : outputTokensPerSecond;
    }

    /**
     * USD per million output tokens at {@code usdPerHour} and {@code tokensPerSecond}: price per hour / (tokens per
     * second x 3600) x 1,000,000, computed as {@code usdPerHour x 1,000,000 / (tokensPerSecond x 3600)} so that round
     * figures stay exact ($36/h at 1,000 tokens/s is exactly $10).
     */
    public static double costPerMillionTokens(double usdPerHour, double tokensPerSecond) {
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("usdPerHour: must not be negative, was " + usdPerHour);
        }
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond: must be a positive number, was " + tokensPerSecond);
        }
        return usdPerHour * MILLION / (tokensPerSecond * SECONDS_PER_HOUR);
    }

    /** Whether this figure applies to a requirement for this model (none: only figures for any model apply). */
    boolean appliesTo(OptionalDouble billions, Optional<Precision> precision) {
        if (modelBillionsOfParameters.isEmpty()) return true;
        return billions.isPresent() && billions.getAsDouble() == modelBillionsOfParameters.getAsDouble()
                && precision.equals(modelPrecision);
    }

    /** What makes two figures the same one: scope, name (any letter case) and model. */
    String identity() {
        return per + "/" + Accelerator.normalize(name) + "/" + describeModel();
    }

    private String describeModel() {
        return modelBillionsOfParameters.isEmpty() ? "any model"
                : Selection.fmt(modelBillionsOfParameters.getAsDouble()) + "B " + modelPrecision.orElseThrow();
    }

    /** For example {@code H100 1500 output tokens/s per device (70B BF16)}. */
    @Override
    public String toString() {
        return name + " " + Selection.fmt(outputTokensPerSecond) + " output tokens/s per " + per.name().toLowerCase(Locale.ROOT)
                + (modelBillionsOfParameters.isPresent() ? " (" + describeModel() + ")" : "")
                + (source.isEmpty() ? "" : " from " + source);
    }
}

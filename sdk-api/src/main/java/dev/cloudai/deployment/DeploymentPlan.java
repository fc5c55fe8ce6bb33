package dev.cloudai.deployment;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.internal.util.Arguments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What {@link Endpoints#deploy} would do for a spec, without doing it: the instance chosen, its price and why.
 *
 * <pre>{@code
 * DeploymentPlan plan = ai.endpoints().plan(spec);
 * System.out.printf("%s x%d at $%.2f/h: %s%n", plan.instanceType(), plan.instanceCount(),
 *         plan.pricePerHour().orElse(Double.NaN), plan.reasons());
 * }</pre>
 *
 * @param provider the provider that would host the endpoint
 * @param endpointName the endpoint's name
 * @param instanceType the instance type chosen
 * @param instanceCount how many instances
 * @param offer the catalog offer the choice rests on
 * @param pricePerHour the hourly price of all instances together, when the catalog has a price
 * @param reasons why this instance was chosen
 * @param environment the container's environment: the spec's, plus what the serving settings derive (the model id
 *                    and the tensor parallelism for the devices chosen), the spec's own values winning
 */
public record DeploymentPlan(String provider, String endpointName, String instanceType, int instanceCount,
                             Offer offer, OptionalDouble pricePerHour, List<String> reasons,
                             Map<String, String> environment) {

    public DeploymentPlan {
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
        if (endpointName == null || endpointName.isBlank()) throw new IllegalArgumentException("endpointName: must not be blank");
        if (instanceType == null || instanceType.isBlank()) throw new IllegalArgumentException("instanceType: must not be blank");
        if (instanceCount < 1) throw new IllegalArgumentException("instanceCount: must be at least 1, was " + instanceCount);
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(pricePerHour, "pricePerHour");
        reasons = Arguments.listOf(reasons, "reasons");
        Objects.requireNonNull(environment, "environment");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** A plan whose container gets no environment. */
    public DeploymentPlan(String provider, String endpointName, String instanceType, int instanceCount, Offer offer,
                          OptionalDouble pricePerHour, List<String> reasons) {
        this(provider, endpointName, instanceType, instanceCount, offer, pricePerHour, reasons, Map.of());
    }
}

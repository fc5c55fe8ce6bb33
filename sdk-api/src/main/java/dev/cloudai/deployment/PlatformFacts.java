package dev.cloudai.deployment;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.internal.util.Arguments;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a deployment would run, as {@link DeploymentPlanner} needs to know it: the provider, its cloud and endpoint
 * platform, the region, and what the platform refuses that the catalog cannot say. Each adapter supplies its own
 * ({@code EndpointPlatform.facts()}); to plan without a provider, make one here.
 *
 * <pre>{@code
 * PlatformFacts sageMaker = PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1");
 * DeploymentPlan plan = DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec, sageMaker);
 * }</pre>
 *
 * @param provider   the provider id the plan names, for example {@code aws}
 * @param cloud      the catalog's cloud id: {@code aws}, {@code gcp} or {@code azure}
 * @param platform   the catalog's endpoint platform: {@code sagemaker}, {@code vertex} or {@code azureml}
 * @param region     the region or location endpoints are created in, for example {@code us-east-1}
 * @param offerCheck called with the offer the planner chose; throws an {@link IllegalArgumentException} naming the
 *                   field when the platform cannot host it although the catalog lists it (Vertex AI prediction
 *                   attaches only whole GPUs it has an accelerator type for)
 */
public record PlatformFacts(String provider, String cloud, String platform, String region, Consumer<Offer> offerCheck) {
    private static final Consumer<Offer> ANY_OFFER = offer -> { };

    public PlatformFacts {
        Arguments.requireText(provider, "provider");
        Arguments.requireText(cloud, "cloud");
        Arguments.requireText(platform, "platform");
        Arguments.requireText(region, "region");
        Objects.requireNonNull(offerCheck, "offerCheck");
    }

    /** Facts for a platform that hosts every offer the catalog lists for it. */
    public static PlatformFacts of(String provider, String cloud, String platform, String region) {
        return new PlatformFacts(provider, cloud, platform, region, ANY_OFFER);
    }

    /** A copy whose chosen offer must also pass {@code check}, which throws an {@link IllegalArgumentException} to refuse it. */
    public PlatformFacts withOfferCheck(Consumer<Offer> check) {
        return new PlatformFacts(provider, cloud, platform, region, Objects.requireNonNull(check, "check"));
    }

    /** Shows where, not the check. */
    @Override
    public String toString() {
        return "PlatformFacts[provider=" + provider + ", cloud=" + cloud + ", platform=" + platform + ", region=" + region + "]";
    }
}

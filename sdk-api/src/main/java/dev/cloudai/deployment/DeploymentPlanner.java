package dev.cloudai.deployment;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Explanation;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.internal.util.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Turns an {@link EndpointSpec} into a {@link DeploymentPlan} on one cloud platform, through the accelerator
 * catalog: a pure function, no cloud call. {@link Endpoints#plan} and {@link Endpoints#deploy} plan with it, so the
 * three clouds choose, price and reject instances by the same rules; called directly, it answers what a spec would
 * cost on any platform without a provider.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder("llama-chat").image(image)
 *         .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(8, Precision.BF16).build())
 *         .build();
 * DeploymentPlan plan = DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec,
 *         PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
 * }</pre>
 *
 * <p>An explicit instance type must be one the catalog lists for the platform (a typo or another cloud's type
 * fails with the nearest valid names); its price is the catalog's for the region, or empty when the catalog has
 * no figure there. An accelerator requirement is narrowed to the platform and region and must be for inference;
 * a requirement for any workload is planned as inference. Offers are chosen by {@link AcceleratorCatalog#select},
 * so a plan and {@code cloudai accelerators} agree, unpriced offers included (chosen only when no priced offer
 * fits and no budget is set). When nothing fits, the message gives the nearest misses, and names the clouds that
 * do offer the accelerator.
 * The offer chosen must then pass the platform's {@link PlatformFacts#offerCheck()}.
 */
public final class DeploymentPlanner {
    private final String cloud;
    private final String platform;
    private final String region;

    private DeploymentPlanner(PlatformFacts facts) {
        this.cloud = facts.cloud();
        this.platform = facts.platform();
        this.region = facts.region();
    }

    /**
     * The plan for {@code spec} on the platform {@code facts} describe, with the offers of {@code catalog}.
     *
     * @throws NullPointerException     naming {@code catalog}, {@code spec} or {@code facts} when it is null
     * @throws IllegalArgumentException when the instance type or the accelerator requirement cannot be met on this
     *                                  platform; the message names the field ({@code instanceType},
     *                                  {@code accelerator...}) and the nearest valid offers
     */
    public static DeploymentPlan plan(AcceleratorCatalog catalog, EndpointSpec spec, PlatformFacts facts) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(facts, "facts");
        return new DeploymentPlanner(facts).plan(facts, spec, catalog);
    }

    private DeploymentPlan plan(PlatformFacts facts, EndpointSpec spec, AcceleratorCatalog catalog) {
        Offer offer;
        List<String> reasons = new ArrayList<>();
        if (spec.instanceType().isPresent()) {
            offer = byInstanceType(spec.instanceType().get(), catalog);
            reasons.add("instance type " + offer.instanceType() + " given explicitly: " + describe(offer));
            if (offer.region().equals(region) && offer.pricePerHour().isPresent()) {
                reasons.add("$" + money(offer.pricePerHour().getAsDouble()) + "/h on-demand per instance");
            } else if (offer.region().equals(region)) {
                reasons.add("the catalog has no published price for it in " + region);
            } else {
                reasons.add("the catalog has no " + platform + " figures for " + region + "; hardware from " + offer.region()
                        + ", price unknown");
            }
        } else {
            offer = byRequirement(spec.accelerator().orElseThrow(), catalog);
            reasons.addAll(offer.reasons());
        }
        facts.offerCheck().accept(offer);
        if (spec.instanceCount() > 1) reasons.add(spec.instanceCount() + " instances");
        OptionalDouble price = offer.region().equals(region) && offer.pricePerHour().isPresent()
                ? OptionalDouble.of(offer.pricePerHour().getAsDouble() * spec.instanceCount()) : OptionalDouble.empty();
        Map<String, String> environment = servingEnvironment(spec, offer);
        if (environment.containsKey("NUM_SHARD")) {
            reasons.add("serves " + spec.modelId().orElseThrow() + " with tensor parallelism " + devices(offer)
                    + " (the accelerators of one instance)");
        }
        environment.putAll(spec.environment());   // what the spec sets wins over what is derived
        return new DeploymentPlan(facts.provider(), spec.name(), offer.instanceType(), spec.instanceCount(), offer, price,
                reasons, environment);
    }

    /**
     * The variables the common model servers read to load a model and shard it over the instance's accelerators:
     * {@code HF_MODEL_ID} (Hugging Face TGI, TEI and LMI containers), the tensor-parallel degree as TGI's
     * {@code NUM_SHARD}, the Hugging Face SageMaker containers' {@code SM_NUM_GPUS} and LMI's
     * {@code OPTION_TENSOR_PARALLEL_DEGREE}, and the context length as TGI's {@code MAX_TOTAL_TOKENS}, LMI's
     * {@code OPTION_MAX_MODEL_LEN} and vLLM's {@code MAX_MODEL_LEN}. Each server reads its own and ignores the rest.
     * Empty without a model id.
     */
    static Map<String, String> servingEnvironment(EndpointSpec spec, Offer offer) {
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.modelId().isEmpty()) return env;
        env.put("HF_MODEL_ID", spec.modelId().get());
        if (spec.servingProtocol().map(ServingProtocol::canChat).orElse(true)) {
            String degree = Integer.toString(devices(offer));
            env.put("SM_NUM_GPUS", degree);
            env.put("NUM_SHARD", degree);
            env.put("OPTION_TENSOR_PARALLEL_DEGREE", degree);
        }
        spec.maxModelLength().ifPresent(tokens -> {
            env.put("MAX_TOTAL_TOKENS", Integer.toString(tokens));
            env.put("OPTION_MAX_MODEL_LEN", Integer.toString(tokens));
            env.put("MAX_MODEL_LEN", Integer.toString(tokens));
        });
        return env;
    }

    /** Whole accelerators on one instance; a fraction of a GPU is one device to the server. */
    private static int devices(Offer offer) {
        return Math.max(1, (int) Math.floor(offer.acceleratorCount()));
    }

    private Offer byInstanceType(String type, AcceleratorCatalog catalog) {
        List<Offer> onPlatform = catalog.offers().stream()
                .filter(o -> o.cloud().equals(cloud) && o.platform().equals(platform)).toList();
        List<Offer> same = onPlatform.stream().filter(o -> o.instanceType().equalsIgnoreCase(type)).toList();
        if (!same.isEmpty()) {
            return same.stream().filter(o -> o.region().equals(region)).findFirst().orElse(same.get(0));
        }
        StringBuilder sb = new StringBuilder("instanceType: '").append(type).append("' is not a ").append(platform)
                .append(" instance type with an accelerator in the catalog");
        catalog.offers().stream().filter(o -> o.instanceType().equalsIgnoreCase(type)).findFirst()
                .ifPresent(o -> sb.append("; it is a ").append(o.cloud()).append(' ').append(o.platform()).append(" type"));
        List<String> names = onPlatform.stream().map(Offer::instanceType).distinct().toList();
        Suggestions.closest(type, names).ifPresent(n -> sb.append("; did you mean '").append(n).append("'?"));
        sb.append(". Valid ").append(platform).append(" types include: ").append(cheapest(onPlatform, 8))
                .append(". Rows of cloudai.catalog.file can add instance types");
        throw new IllegalArgumentException(sb.toString());
    }

    private Offer byRequirement(AcceleratorRequirement requirement, AcceleratorCatalog catalog) {
        if (requirement.workload().isPresent() && requirement.workload().get() != Workload.INFERENCE) {
            throw new IllegalArgumentException("accelerator.workload: endpoints serve models, so the requirement must be"
                    + " for Workload.INFERENCE, was " + requirement.workload().get());
        }
        if (!requirement.clouds().isEmpty() && !requirement.clouds().contains(cloud)) {
            throw new IllegalArgumentException("accelerator.clouds: " + requirement.clouds() + " excludes " + cloud
                    + ", the cloud of this provider; drop the clouds constraint or configure another provider");
        }
        if (!requirement.platforms().isEmpty() && !requirement.platforms().contains(platform)) {
            throw new IllegalArgumentException("accelerator.platforms: " + requirement.platforms() + " excludes " + platform
                    + ", the endpoint platform of this provider");
        }
        // A requirement for any workload is one for inference here: an endpoint serves.
        AcceleratorRequirement here = requirement.toBuilder().workload(Workload.INFERENCE).anyLocation()
                .clouds(cloud).platforms(platform).regions(region).build();
        // select applies the catalog's one unpriced-offer rule, so a plan and `cloudai accelerators` agree: without a
        // budget, when no priced offer fits, the smallest unpriced one is chosen and its reasons say the price is unknown.
        List<Offer> ranked = catalog.select(here);
        if (!ranked.isEmpty()) return ranked.get(0);

        Explanation why = catalog.explain(here);
        StringBuilder sb = new StringBuilder("accelerator: no ").append(platform).append(" offer in ").append(region)
                .append(" meets ").append(requirement).append('.');
        if (!requirement.accelerators().isEmpty() || !requirement.vendors().isEmpty()) {
            AcceleratorRequirement.Builder everywhere = requirement.toBuilder().anyLocation();
            if (requirement.maxPricePerHour().isEmpty()) everywhere.allowUnpriced(true);
            List<Offer> anywhere = catalog.select(everywhere.build());
            String where = anywhere.stream().map(o -> o.cloud() + " " + o.platform()).distinct().sorted()
                    .collect(Collectors.joining(", "));
            if (!where.isEmpty() && anywhere.stream().noneMatch(o -> o.cloud().equals(cloud) && o.platform().equals(platform))) {
                sb.append(" That accelerator is offered on: ").append(where).append('.');
            }
        }
        if (!why.nearestMisses().isEmpty()) {
            sb.append(" Nearest ").append(platform).append(" offers: ").append(String.join(" | ", why.nearestMisses()));
        }
        throw new IllegalArgumentException(sb.toString());
    }

    private static String cheapest(List<Offer> offers, int n) {
        return offers.stream().sorted(java.util.Comparator.comparingDouble(o -> o.pricePerHour().orElse(Double.MAX_VALUE)))
                .map(Offer::instanceType).distinct().limit(n).collect(Collectors.joining(", "));
    }

    private static String describe(Offer o) {
        String n = o.acceleratorCount() == Math.rint(o.acceleratorCount())
                ? Long.toString((long) o.acceleratorCount()) : Double.toString(o.acceleratorCount());
        return n + " x " + o.accelerator() + o.acceleratorMemoryGib().stream()
                .mapToObj(m -> " (" + (long) m + " GiB each)").findFirst().orElse("");
    }

    private static String money(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

}

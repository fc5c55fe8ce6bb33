package dev.cloudai.deployment;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentPlannerTest {
    static final AcceleratorCatalog CATALOG = AcceleratorCatalog.builtIn();
    static final PlatformFacts SAGEMAKER = PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1");

    static EndpointSpec.Builder spec() {
        return EndpointSpec.builder("llama-chat").image("tgi:latest");
    }

    static AcceleratorRequirement.Builder inference() {
        return AcceleratorRequirement.builder().workload(Workload.INFERENCE);
    }

    @Test
    void anExplicitInstanceTypeIsPricedForTheRegionTimesTheInstanceCount() {
        DeploymentPlan plan = DeploymentPlanner.plan(CATALOG, spec().instanceType("ML.INF2.XLARGE").instanceCount(2).build(), SAGEMAKER);
        assertEquals("ml.inf2.xlarge", plan.instanceType());
        assertEquals(2, plan.instanceCount());
        assertEquals(OptionalDouble.of(1.98), plan.pricePerHour());
        assertEquals("us-east-1", plan.offer().region());
        assertTrue(plan.reasons().get(0).startsWith("instance type ml.inf2.xlarge given explicitly: 1 x Inferentia2"), plan.reasons().toString());
    }

    @Test
    void aTypoInTheInstanceTypeSuggestsTheNearestValidOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeploymentPlanner.plan(CATALOG, spec().instanceType("ml.g5.xlarg").build(), SAGEMAKER));
        assertTrue(e.getMessage().startsWith("instanceType: 'ml.g5.xlarg' is not a sagemaker instance type"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'ml.g5.xlarge'?"), e.getMessage());
        assertTrue(e.getMessage().contains("Valid sagemaker types include: ml.g4dn.xlarge"), e.getMessage());
    }

    @Test
    void anotherCloudsInstanceTypeIsNamedAsSuch() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeploymentPlanner.plan(CATALOG, spec().instanceType("a2-highgpu-1g").build(), SAGEMAKER));
        assertTrue(e.getMessage().contains("it is a gcp vertex type"), e.getMessage());
    }

    @Test
    void aRegionTheCatalogDoesNotCoverStillPlansWithTheHardwareButNoPrice() {
        DeploymentPlan plan = DeploymentPlanner.plan(CATALOG, spec().instanceType("ml.g5.xlarge").build(),
                PlatformFacts.of("aws", "aws", "sagemaker", "eu-west-1"));
        assertEquals("ml.g5.xlarge", plan.instanceType());
        assertTrue(plan.pricePerHour().isEmpty());
        assertTrue(plan.reasons().get(1).contains("no sagemaker figures for eu-west-1"), plan.reasons().toString());
    }

    @Test
    void anAcceleratorRequirementPicksTheCheapestOfferOnThePlatformInTheRegion() {
        DeploymentPlan plan = DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().modelSize(70, Precision.BF16).build()).build(), SAGEMAKER);
        assertEquals("ml.inf2.24xlarge", plan.instanceType());
        assertEquals(OptionalDouble.of(7.79), plan.pricePerHour());
        assertTrue(plan.reasons().contains("fits a 70B BF16 model for inference: needs 156.46 GiB"), plan.reasons().toString());
    }

    @Test
    void aTpuOnAwsIsRejectedNamingWhereTpusAreOffered() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().accelerators("TPU_V5_LITEPOD").build()).build(), SAGEMAKER));
        assertTrue(e.getMessage().startsWith("accelerator: no sagemaker offer in us-east-1 meets"), e.getMessage());
        assertTrue(e.getMessage().contains("That accelerator is offered on: gcp vertex, gcp vm"), e.getMessage());
        assertTrue(e.getMessage().contains("Nearest sagemaker offers: aws/sagemaker/us-east-1/"), e.getMessage());
    }

    @Test
    void whenNoOfferThatFitsHasAPriceTheSmallestUnpricedOneIsPlannedAndSaysSo() {
        // No Vertex prediction row for A100 80GB has a cited price: plans still work, on hardware alone.
        DeploymentPlan plan = DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().accelerators("A100-80GB").build()).build(),
                PlatformFacts.of("gcp", "gcp", "vertex", "us-central1"));
        assertEquals("a2-ultragpu-1g", plan.instanceType());
        assertTrue(plan.pricePerHour().isEmpty());
        assertTrue(plan.reasons().contains("no published on-demand price in the catalog"), plan.reasons().toString());
        var e = assertThrows(IllegalArgumentException.class, () -> DeploymentPlanner.plan(CATALOG,
                spec().accelerator(inference().accelerators("A100-80GB").maxPricePerHour(50).build()).build(),
                PlatformFacts.of("gcp", "gcp", "vertex", "us-central1")));
        assertTrue(e.getMessage().contains("no on-demand price is published for it"), e.getMessage());
    }

    static Stream<Arguments> platformsAndRequirements() {
        PlatformFacts vertex = PlatformFacts.of("gcp", "gcp", "vertex", "us-central1");
        PlatformFacts azureml = PlatformFacts.of("azure", "azure", "azureml", "eastus");
        return Stream.of(
                Arguments.of("priced offers fit: the cheapest", SAGEMAKER, inference().accelerators("inf2")),
                Arguments.of("only unpriced Vertex offers fit: the smallest", vertex, inference().accelerators("A100-80GB")),
                Arguments.of("the one priced Vertex offer wins over unpriced ones", vertex, inference().accelerators("H100")),
                Arguments.of("only unpriced Vertex TPU shapes fit", vertex, inference().accelerators("v5e")),
                Arguments.of("a budget refuses unpriced offers", vertex, inference().accelerators("A100-80GB").maxPricePerHour(50)),
                Arguments.of("a model size on Vertex", vertex, inference().modelSize(70, Precision.BF16)),
                Arguments.of("a model size on Azure ML", azureml, inference().modelSize(70, Precision.BF16)),
                Arguments.of("allowUnpriced keeps priced offers first", azureml, inference().minAcceleratorCount(8).allowUnpriced(true)),
                Arguments.of("nothing fits at all", SAGEMAKER, inference().minAcceleratorMemoryGib(500)));
    }

    /** `cloudai accelerators` (select) and plan apply one unpriced-offer rule, so they give the same answer. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("platformsAndRequirements")
    void selectAndPlanAgreeOnUnpricedOffers(String rule, PlatformFacts facts, AcceleratorRequirement.Builder requirement) {
        List<String> selected = CATALOG.select(requirement.build().toBuilder().clouds(facts.cloud())
                .platforms(facts.platform()).regions(facts.region()).build()).stream().map(o -> o.instanceType()).toList();
        EndpointSpec spec = spec().accelerator(requirement.build()).build();
        if (selected.isEmpty()) {
            assertThrows(IllegalArgumentException.class, () -> DeploymentPlanner.plan(CATALOG, spec, facts), rule);
        } else {
            assertEquals(selected.get(0), DeploymentPlanner.plan(CATALOG, spec, facts).instanceType(), rule);
        }
    }

    @Test
    void theOfferedOnHintCountsOffersWhosePriceIsUnknown() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().accelerators("TPU-v6e").build()).build(), SAGEMAKER));
        // Vertex's TPU v6e serving shapes have no cited price, yet they are where the accelerator is.
        assertTrue(e.getMessage().contains("That accelerator is offered on: gcp vertex, gcp vm"), e.getMessage());
    }

    @Test
    void endpointsServeInferenceOnly() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeploymentPlanner.plan(CATALOG,
                spec().accelerator(AcceleratorRequirement.builder().workload(Workload.TRAINING).build()).build(), SAGEMAKER));
        assertTrue(e.getMessage().startsWith("accelerator.workload: endpoints serve models"), e.getMessage());
    }

    @Test
    void aRequirementForAnyWorkloadIsPlannedAsInference() {
        AcceleratorRequirement any = AcceleratorRequirement.builder().accelerators("inf2").build();
        assertEquals(DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().accelerators("inf2").build()).build(), SAGEMAKER)
                        .instanceType(),
                DeploymentPlanner.plan(CATALOG, spec().accelerator(any).build(), SAGEMAKER).instanceType());
    }

    @Test
    void aRequirementForAnotherCloudIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentPlanner.plan(CATALOG, spec().accelerator(inference().clouds("gcp").build()).build(), SAGEMAKER));
        assertTrue(e.getMessage().startsWith("accelerator.clouds: [gcp] excludes aws"), e.getMessage());
    }

    @Test
    void theOfferChosenMustPassThePlatformsOwnCheck() {
        java.util.List<String> checked = new java.util.ArrayList<>();
        PlatformFacts picky = SAGEMAKER.withOfferCheck(offer -> {
            checked.add(offer.instanceType());
            if (offer.acceleratorCount() < 2) {
                throw new IllegalArgumentException("instanceType: " + offer.instanceType() + " has one accelerator");
            }
        });
        var e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentPlanner.plan(CATALOG, spec().instanceType("ml.g5.xlarge").build(), picky));
        assertEquals("instanceType: ml.g5.xlarge has one accelerator", e.getMessage());
        assertEquals("ml.g5.12xlarge", DeploymentPlanner.plan(CATALOG, spec().instanceType("ml.g5.12xlarge").build(), picky)
                .instanceType());
        assertEquals(java.util.List.of("ml.g5.xlarge", "ml.g5.12xlarge"), checked);
    }

    @Test
    void factsNameWhatTheyRefuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> PlatformFacts.of("aws", "aws", "sagemaker", " "));
        assertEquals("region: must not be blank", e.getMessage());
        var n = assertThrows(NullPointerException.class, () -> DeploymentPlanner.plan(CATALOG, spec().instanceType("ml.g5.xlarge")
                .build(), null));
        assertEquals("facts", n.getMessage());
        assertEquals("PlatformFacts[provider=aws, cloud=aws, platform=sagemaker, region=us-east-1]", SAGEMAKER.toString());
    }
}

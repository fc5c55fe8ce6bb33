package dev.cloudai.internal;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.DeploymentPlanner;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.FakeTimer;
import dev.cloudai.internal.pipeline.OpenCalls;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.spi.EndpointPlatform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResilientEndpointsTest {
    static final PlatformFacts SAGEMAKER = PlatformFacts.of("fake", "aws", "sagemaker", "us-east-1");

    /** What a cloud SDK throws when asked about an endpoint it knows is missing. */
    static final class NativeNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NativeNotFound() {
            super("no such endpoint");
        }
    }

    /** A platform that answers its facts and records what it is asked to deploy; anything else is a test failure. */
    static class Recording implements EndpointPlatform {
        final List<EndpointSpec> specs = new ArrayList<>();
        final List<DeploymentPlan> plans = new ArrayList<>();

        public PlatformFacts facts() { return SAGEMAKER; }

        public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
            specs.add(spec);
            plans.add(plan);
            return Endpoint.builder(spec.name(), spec.name(), "fake", EndpointStatus.IN_SERVICE)
                    .instanceType(plan.instanceType()).instanceCount(plan.instanceCount()).build();
        }

        public Optional<Endpoint> get(String id) { throw new AssertionError(); }
        public List<Endpoint> list() { throw new AssertionError(); }
        public void delete(String id) { throw new AssertionError(); }
        public InvokeResponse invoke(String id, InvokeRequest r) { throw new AssertionError(); }
        public CompletableFuture<InvokeResponse> invokeAsync(String id, InvokeRequest r) { throw new AssertionError(); }
    }

    /** Every call's outcome as {@code provider finished ok|ExceptionClass}. */
    private static final class Log implements dev.cloudai.resilience.CallListener {
        final List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public void onAttempt(Attempt e) {
            seen.add(e.provider() + " attempt #" + e.attempt());
        }

        @Override
        public void onCallFinished(CallFinished e) {
            seen.add(e.provider() + " finished " + e.failure().map(f -> f.split(":")[0]).orElse("ok"));
        }
    }

    private final Log log = new Log();

    /** A pipeline with circuit breakers on, which reports every call to {@link #log}. */
    private CallPipeline pipeline() {
        ResilienceSettings circuits = ResilienceSettings.builder().timeout(Duration.ofSeconds(60)).circuitBreaker(true)
                .slidingWindowSize(2).minimumCalls(2).build();
        return CallPipeline.builder("fake", (op, e) -> new NotFoundException(
                        dev.cloudai.errors.ErrorInfo.builder("fake", op).build(), e.getMessage(), e))
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).resilience(circuits).timer(new FakeTimer())
                .calls(new OpenCalls()).listener(log).build();
    }

    private static EndpointSpec spec(String instanceType) {
        return EndpointSpec.builder("llama-chat").image("tgi:latest").instanceType(instanceType)
                .modelId("meta-llama/Llama-3.1-8B-Instruct").build();
    }

    @Test
    void planMakesNoCallThroughThePipelineSoItAnswersWhileTheCircuitIsOpen() {
        CallPipeline pipeline = pipeline();
        pipeline.guards().circuit("plan").transitionToOpenState();
        pipeline.guards().circuit("deploy").transitionToOpenState();
        // the circuits refuse a call indeed
        assertThrows(UnavailableException.class, () -> pipeline.call("plan", () -> "refused"));
        log.seen.clear();

        DeploymentPlan plan = new ResilientEndpoints(new Recording(), pipeline, AcceleratorCatalog::builtIn)
                .plan(spec("ml.g5.xlarge"));

        assertEquals("ml.g5.xlarge", plan.instanceType());
        assertEquals("fake", plan.provider());
        assertEquals(List.of(), log.seen, "no attempt, retry or outcome: plan is not a pipeline call");
    }

    @Test
    void deployHandsTheAdapterExactlyThePlanThatPlanReturnsThroughThePipeline() {
        Recording platform = new Recording();
        Endpoints endpoints = new ResilientEndpoints(platform, pipeline(), AcceleratorCatalog::builtIn);
        EndpointSpec spec = spec("ml.g5.12xlarge");

        DeploymentPlan planned = endpoints.plan(spec);
        Endpoint deployed = endpoints.deploy(spec);

        assertEquals(List.of(planned), platform.plans);
        assertSame(spec, platform.specs.get(0));
        assertEquals(DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec, SAGEMAKER), platform.plans.get(0),
                "the planner's plan for the platform's facts");
        assertEquals("4", platform.plans.get(0).environment().get("NUM_SHARD"), "the planned environment reaches the adapter");
        assertEquals(Optional.of("ml.g5.12xlarge"), deployed.instanceType());
        assertEquals(List.of("fake finished ok"), log.seen, "deploy is one pipeline call");
    }

    @Test
    void aSpecThePlatformCannotHostFailsDeployAsItFailsPlanBeforeTheAdapterIsAsked() {
        Recording platform = new Recording();
        Endpoints endpoints = new ResilientEndpoints(platform, pipeline(), AcceleratorCatalog::builtIn);

        var planned = assertThrows(IllegalArgumentException.class, () -> endpoints.plan(spec("ml.g5.xlarg")));
        var deployed = assertThrows(IllegalArgumentException.class, () -> endpoints.deploy(spec("ml.g5.xlarg")));

        assertEquals(planned.getMessage(), deployed.getMessage());
        assertTrue(deployed.getMessage().startsWith("instanceType: 'ml.g5.xlarg' is not a sagemaker instance type"),
                deployed.getMessage());
        assertEquals(List.of(), platform.plans);
        assertEquals(List.of("fake finished IllegalArgumentException"), log.seen, "the deploy call's one outcome, as before");
    }

    @Test
    void aPlatformWhoseFactsFailLeavesThePlanWithTheMappedException() {
        Recording platform = new Recording() {
            @Override
            public PlatformFacts facts() {
                throw new NativeNotFound();
            }
        };
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> new ResilientEndpoints(platform, pipeline(), AcceleratorCatalog::builtIn).plan(spec("ml.g5.xlarge")));
        assertEquals("plan", e.operation());
    }

    @Test
    void anAdapterThatThrowsWhenAskedForAStreamThrowsTheMappedException() {
        EndpointPlatform raw = new Recording() {
            @Override
            public Flow.Publisher<byte[]> invokeStream(String id, InvokeRequest r) { throw new NativeNotFound(); }
        };
        CallPipeline pipeline = CallPipeline.builder("fake", (op, e) -> new NotFoundException(
                dev.cloudai.errors.ErrorInfo.builder("fake", op).build(), e.getMessage(), e))
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).timer(new FakeTimer()).calls(new OpenCalls()).build();

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> new ResilientEndpoints(raw, pipeline, AcceleratorCatalog::builtIn).invokeStream("ep", InvokeRequest.json("{}")));
        assertEquals("invoke-stream", e.operation());
    }
}

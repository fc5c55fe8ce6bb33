package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.internal.ResilientEndpoints;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.OpenCalls;
import dev.cloudai.internal.pipeline.SystemTimer;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.spi.EndpointPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prices in the client: {@code cloudai.pricing.file} over the built-in table, checked like the catalog file; and the
 * hourly price a deployed endpoint carries from its plan.
 */
class PricingTest {
    private static final String HEADER = "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,"
            + "cache_write_usd_per_1m,source,source_date,notes";

    private static CloudAiConfig.Builder fake() {
        return CloudAiConfig.builder().provider("fake")
                .retry(RetrySettings.builder().maxAttempts(1).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build());
    }

    @Test
    void withoutAPriceFileTheClientUsesTheBuiltInTable() {
        try (CloudAi ai = CloudAi.create(fake().build())) {
            assertSame(PriceTable.builtIn(), ai.prices());
            assertSame(ai.prices(), ai.prices(), "read once");
        }
    }

    @Test
    void aPriceFileReplacesBuiltInRowsOfTheSameModelAndAddsTheRest(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("negotiated.csv"), String.join("\n", HEADER,
                "aws,anthropic.claude-3-haiku-20240307-v1:0,0.20,1.00,,,contract 42,2026-11-01,negotiated rate",
                "fake,fake-model-1,1.00,2.00,,,our own figure,2026-11-01,"));
        try (CloudAi ai = CloudAi.create(fake().pricingFile(file).build())) {
            assertEquals(file, ai.config().pricingFile().orElseThrow());
            PriceTable prices = ai.prices();
            assertEquals(PriceTable.builtIn().prices().size() + 1, prices.prices().size());
            var haiku = prices.cost("aws", "us.anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1_000_000, 1_000_000));
            assertEquals(0, new BigDecimal("1.20").compareTo(haiku.orElseThrow().totalUsd()));
            assertEquals(0, new BigDecimal("0.000004").compareTo(
                    prices.cost("fake", "fake-model-1", new TokenUsage(2, 1)).orElseThrow().totalUsd()));
        }
    }

    @Test
    void aMissingPriceFileFailsAtStartUpNamingTheKey(@TempDir Path dir) {
        var e = assertThrows(ConfigurationException.class, () -> fake().pricingFile(dir.resolve("missing.csv")).build());
        assertTrue(e.getMessage().contains("cloudai.pricing.file"), e.getMessage());
    }

    @Test
    void aBadPriceFileFailsAtStartUpNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), HEADER + "\naws,m,cheap,1.00,,,s,2026-11-01,\n");
        CloudAiConfig config = fake().pricingFile(file).build();
        var e = assertThrows(IllegalArgumentException.class, () -> CloudAi.create(config));
        assertTrue(e.getMessage().startsWith(file + ":2, column input_usd_per_1m: 'cheap' is not a price"), e.getMessage());
    }

    /** Endpoints over a platform in {@code region} whose deploy answers what {@code deployed} makes of the plan. */
    private static Endpoints endpoints(String region, UnaryOperator<Endpoint.Builder> deployed) {
        EndpointPlatform platform = new EndpointPlatform() {
            public PlatformFacts facts() { return PlatformFacts.of("fake", "aws", "sagemaker", region); }
            public Endpoint deploy(EndpointSpec s, DeploymentPlan p) {
                return deployed.apply(Endpoint.builder("ep-1", s.name(), "fake", EndpointStatus.IN_SERVICE)
                        .instanceType(p.instanceType()).instanceCount(p.instanceCount())).build();
            }
            public Optional<Endpoint> get(String id) { return Optional.of(Endpoint.builder(id, "n", "fake", EndpointStatus.IN_SERVICE).build()); }
            public List<Endpoint> list() { throw new AssertionError(); }
            public void delete(String id) { throw new AssertionError(); }
            public InvokeResponse invoke(String id, InvokeRequest r) { throw new AssertionError(); }
            public CompletableFuture<InvokeResponse> invokeAsync(String id, InvokeRequest r) { throw new AssertionError(); }
        };
        return new ResilientEndpoints(platform, CallPipeline.builder("fake", (op, e) -> null)
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).timer(new SystemTimer()).calls(new OpenCalls()).build(),
                AcceleratorCatalog::builtIn);
    }

    private static EndpointSpec spec(int instances) {
        return EndpointSpec.builder("llama").image("tgi:latest").instanceType("ml.g5.xlarge").instanceCount(instances).build();
    }

    @Test
    void aDeployedEndpointCarriesItsPlansHourlyPrice() {
        Endpoints priced = endpoints("us-east-1", b -> b);
        DeploymentPlan plan = priced.plan(spec(2));
        assertTrue(plan.pricePerHour().isPresent(), "the built-in catalog prices ml.g5.xlarge in us-east-1");
        assertEquals(plan.pricePerHour(), priced.deploy(spec(2)).pricePerHour());
        assertEquals(OptionalDouble.empty(), priced.get("ep-1").orElseThrow().pricePerHour(), "a read-back endpoint has no plan");
    }

    @Test
    void anEndpointWithoutACatalogPriceHasNoneAndAnAdaptersOwnPriceStands() {
        assertEquals(OptionalDouble.empty(), endpoints("us-west-2", b -> b).deploy(spec(1)).pricePerHour(),
                "the built-in catalog has no SageMaker price in us-west-2");
        assertEquals(OptionalDouble.of(9.99), endpoints("us-east-1", b -> b.pricePerHour(9.99)).deploy(spec(1)).pricePerHour());
    }
}

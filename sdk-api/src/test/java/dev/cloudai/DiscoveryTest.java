package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.fake.DuplicateFakeProviderFactory;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.fake.FakeProvider;
import dev.cloudai.fake.FakeProviderFactory;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FlowStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryTest {

    @BeforeEach
    void resetFake() {
        FakeProvider.reset();
    }

    private static CloudAiConfig.Builder fake() {
        return CloudAiConfig.builder().provider("fake")
                .retry(RetrySettings.builder().maxAttempts(3)
                        .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build());
    }

    @Test
    void aProviderRegisteredInTestResourcesIsFoundAndUsedEndToEnd() {
        try (CloudAi ai = CloudAi.create(fake().model("default", "fake", "fake-model-1").build())) {
            assertEquals("fake", ai.providerId());
            ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("hello"));
            assertEquals("echo: hello", r.text());
            assertEquals("fake-model-1", r.model(), "the alias resolves to the provider's native model id");
            assertEquals("fake", r.provider());
            assertEquals(5, r.usage().totalTokens());
        }
        assertTrue(FakeProvider.closed, "closing CloudAi closes the provider");
    }

    @Test
    void callsFromCloudAiGoThroughTheRetryPipeline() {
        FakeProvider.failNext(2, new FakeCloudException(503, "ServiceUnavailable", "r-1", null));
        try (CloudAi ai = CloudAi.create(fake().build())) {
            assertEquals("echo: hi", ai.chatModel("m").chat(ChatRequest.ofUser("hi")).text());
            assertEquals(3, FakeProvider.calls.get(), "two failures, then the third attempt succeeds");
        }
    }

    @Test
    void streamsAndAsyncCallsGoThroughThePipelineToo() throws Exception {
        FakeProvider.failNext(1, new FakeCloudException(500, "InternalError", "r-2", null));
        try (CloudAi ai = CloudAi.create(fake().build());
             Stream<ChatChunk> chunks = FlowStreams.toStream(ai.chatModel("m").stream(ChatRequest.ofUser("hi")))) {
            List<ChatChunk> all = chunks.toList();
            assertEquals(4, all.size());
            assertEquals(2, FakeProvider.calls.get());
        }
        FakeProvider.calls.set(0);
        FakeProvider.failNext(5, new FakeCloudException(500, "InternalError", "r-3", null));
        try (CloudAi ai = CloudAi.create(fake().build())) {
            var future = ai.chatModel("m").chatAsync(ChatRequest.ofUser("hi"));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, future::get);
            assertTrue(e.getCause() instanceof UnavailableException, "mapped: " + e.getCause());
            assertEquals(3, FakeProvider.calls.get(), "max-attempts 3 caps the requests of one logical call");
        }
    }

    @Test
    void theProviderReceivesOnlyItsOwnKeys() {
        CloudAi.create(fake().property("cloudai.backup.region", "eu-west-1").build()).close();   // create hands the provider its keys
        assertTrue(FakeProvider.lastConfig.get("cloudai.backup.region").isEmpty());
        assertEquals("fake", FakeProvider.lastConfig.providerId());
    }

    @Test
    void everyProviderReceivesTheHttpClientSettings() {
        try (CloudAi ai = CloudAi.create(fake().property(ConfigKeys.HTTP_MAX_CONNECTIONS, "250").build())) {
            assertEquals(Optional.of("250"), FakeProvider.lastConfig.get(ConfigKeys.HTTP_MAX_CONNECTIONS));
            assertEquals(250, FakeProvider.lastConfig.maxConnections());
        }
    }

    @Test
    void unwrapReachesTheNativeClientAndNamesWhatIsMissing() {
        try (CloudAi ai = CloudAi.create(fake().build())) {
            assertEquals("native-fake-client", ai.unwrap(String.class));
            var e = assertThrows(IllegalArgumentException.class, () -> ai.unwrap(Integer.class));
            assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
        }
    }

    @Test
    void anUnknownProviderIdListsTheIdsFound() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAi.create(CloudAiConfig.builder().provider("fak").build()));
        assertTrue(e.getMessage().contains("unknown provider 'fak'"), e.getMessage());
        assertTrue(e.getMessage().contains("providers found: backup, fake"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'fake'"), e.getMessage());
    }

    @Test
    void aKnownCloudWhoseAdapterIsMissingNamesTheArtifactToAdd() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAi.create(CloudAiConfig.builder().provider("gcp").build()));
        assertTrue(e.getMessage().contains("add the dependency dev.cloudai:sdk-gcp"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.provider=gcp"), e.getMessage());
    }

    @Test
    void aMissingProviderSaysWhichKeyToSetAndWhatIsAvailable() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAi.create(CloudAiConfig.builder().build()));
        assertTrue(e.getMessage().contains("cloudai.provider is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("fake"), e.getMessage());
    }

    @Test
    void twoFactoriesWithOneIdFailNamingBothClasses(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.cloudai.spi.ProviderFactory"),
                DuplicateFakeProviderFactory.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            var e = assertThrows(IllegalStateException.class, () -> ProviderRegistry.load(loader));
            assertTrue(e.getMessage().contains(FakeProviderFactory.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains(DuplicateFakeProviderFactory.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains("'fake'"), e.getMessage());
        }
    }

    @Test
    void fallbackProvidersMustBeOnTheClasspath() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAi.create(fake().fallback("azure").build()));
        assertTrue(e.getMessage().startsWith("Invalid Cloud AI configuration: cloudai.fallback=azure"), e.getMessage());
        assertTrue(e.getMessage().contains("dev.cloudai:sdk-azure"), e.getMessage());
    }

    @Test
    void anAliasDefinedOnlyForAnotherProviderFailsNamingTheKeyToSet() {
        try (CloudAi ai = CloudAi.create(fake().model("default", "aws", "anthropic.claude").build())) {
            var e = assertThrows(ConfigurationException.class, () -> ai.chatModel("default"));
            assertTrue(e.getMessage().contains("set cloudai.models.default.fake"), e.getMessage());
        }
    }

    @Test
    void aClosedCloudAiRefusesCallsWithAClearMessage() {
        CloudAi ai = CloudAi.create(fake().build());
        var chat = ai.chatModel("m");
        ai.close();
        ai.close();
        var e = assertThrows(IllegalStateException.class, () -> chat.chat(ChatRequest.ofUser("hi")));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertEquals(0, FakeProvider.calls.get());
    }

    @Test
    void aCatalogFileReplacesBuiltInRowsWithTheSameKeyAndAddsTheRest(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("negotiated.csv"), String.join("\n",
                "cloud,platform,region,instance_type,accelerator,accelerator_count,accelerator_memory_gib,vcpus,memory_gib,"
                        + "network_gbps,price_per_hour,spot_price_per_hour,workloads,notes",
                "aws,sagemaker,us-east-1,ml.inf2.xlarge,Inferentia2,1,32,4,16,,0.50,,inference,negotiated rate",
                "aws,sagemaker,eu-west-1,ml.inf2.xlarge,Inferentia2,1,32,4,16,,1.10,,inference,our own figure"));
        try (CloudAi ai = CloudAi.create(fake().catalogFile(file).build())) {
            var catalog = ai.accelerators();
            assertEquals(dev.cloudai.accelerator.AcceleratorCatalog.builtIn().offers().size() + 1, catalog.offers().size());
            var best = catalog.select(dev.cloudai.accelerator.AcceleratorRequirement.builder()
                    .workload(dev.cloudai.accelerator.Workload.INFERENCE).accelerators("inf2").build()).get(0);
            assertEquals("aws/sagemaker/us-east-1/ml.inf2.xlarge", best.key());
            assertEquals(java.util.OptionalDouble.of(0.50), best.pricePerHour());
            var plan = ai.endpoints().plan(dev.cloudai.deployment.EndpointSpec.builder("inf2-endpoint").image("tgi:latest")
                    .instanceType("ml.inf2.xlarge").build());
            assertEquals(java.util.OptionalDouble.of(0.50), plan.pricePerHour(), "endpoints plan with the same catalog");
        }
    }

    @Test
    void aProviderWhoseEndpointsCannotStreamSaysSoWhenAskedNotWhenSubscribed() {
        dev.cloudai.deployment.Endpoints plain = new dev.cloudai.internal.ResilientEndpoints(new dev.cloudai.spi.EndpointPlatform() {
            public dev.cloudai.deployment.PlatformFacts facts() { throw new AssertionError(); }
            public dev.cloudai.deployment.Endpoint deploy(dev.cloudai.deployment.EndpointSpec s,
                    dev.cloudai.deployment.DeploymentPlan p) { throw new AssertionError(); }
            public java.util.Optional<dev.cloudai.deployment.Endpoint> get(String id) { throw new AssertionError(); }
            public java.util.List<dev.cloudai.deployment.Endpoint> list() { throw new AssertionError(); }
            public void delete(String id) { throw new AssertionError(); }
            public dev.cloudai.deployment.InvokeResponse invoke(String id, dev.cloudai.deployment.InvokeRequest r) { throw new AssertionError(); }
            public java.util.concurrent.CompletableFuture<dev.cloudai.deployment.InvokeResponse> invokeAsync(String id,
                    dev.cloudai.deployment.InvokeRequest r) { throw new AssertionError(); }
        }, dev.cloudai.internal.pipeline.CallPipeline.builder("fake", (op, e) -> null)
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).timer(new dev.cloudai.internal.pipeline.SystemTimer())
                .calls(new dev.cloudai.internal.pipeline.OpenCalls()).build(),
                dev.cloudai.accelerator.AcceleratorCatalog::builtIn);
        var e = assertThrows(UnsupportedOperationException.class,
                () -> plain.invokeStream("ep", dev.cloudai.deployment.InvokeRequest.json("{}")));
        assertTrue(e.getMessage().startsWith("invokeStream: this provider's endpoints do not stream responses"), e.getMessage());
    }

    @Test
    void availableProvidersListsWhatServiceLoaderFinds() {
        assertEquals(java.util.Set.of("backup", "fake"), CloudAi.availableProviders());
    }
}

package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.CatalogOrigin;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.fake.FakePriceSource;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cloudai.fake.FakePriceSource.onDemand;
import static dev.cloudai.fake.FakePriceSource.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CatalogRefresh} with in-memory price sources: what each source is asked, how a failing or partial cloud is
 * reported, the adapters it finds, the cache it writes, and a refreshed catalog feeding {@code select}.
 */
class CatalogRefreshTest {
    static final Instant NOW = Instant.parse("2026-12-02T09:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CloudAiConfig NO_KEYS = CloudAiConfig.builder().build();

    static CatalogRefresh.Builder refresh(PriceSource... sources) {
        return CatalogRefresh.builder(NO_KEYS).clock(CLOCK).sources(sources);
    }

    static Offer row(AcceleratorCatalog c, String key) {
        return c.offers().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no row " + key));
    }

    static Set<String> builtInRegions(String cloud) {
        Set<String> out = new TreeSet<>();
        AcceleratorCatalog.builtIn().offers().stream().filter(o -> o.cloud().equals(cloud)).forEach(o -> out.add(o.region()));
        return out;
    }

    @Test
    void aRefreshedCatalogFeedsSelectEndToEnd() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 2, onDemand("sagemaker", "us-east-1", "ml.g5.xlarge", 0.31));
        FakePriceSource gcp = FakePriceSource.pricing("gcp", 1, onDemand("vertex", "us-central1", "g2-standard-4", 0.29));
        CatalogRefresh.Result r = refresh(aws, gcp).build().run();

        AcceleratorRequirement cheapL4OrA10G = AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                .accelerators("L4", "A10G").maxPricePerHour(0.35).build();
        List<Offer> ranked = r.catalog().select(cheapL4OrA10G);
        assertEquals(List.of("gcp/vertex/us-central1/g2-standard-4", "aws/sagemaker/us-east-1/ml.g5.xlarge"),
                ranked.stream().map(Offer::key).toList(), "the Vertex price the built-in snapshot lacks now ranks it first");
        assertEquals(List.of(), AcceleratorCatalog.builtIn().select(cheapL4OrA10G), "nothing that cheap before the refresh");
        assertEquals(AcceleratorCatalog.builtIn().offers().size(), r.catalog().offers().size(), "no row lost or added");
        assertEquals(CatalogOrigin.Kind.CODE, r.catalog().origin().kind());
        assertEquals(NOW, r.fetchedAt());
        assertEquals(List.of(), r.skipped());
        assertEquals(Optional.empty(), r.written(), "no cache asked for");
        assertEquals(r.catalog().toCsv(), r.csv());
        assertTrue(r.csv().contains(",0.31,,inference,fake sagemaker list ml.g5.xlarge (fetched 2026-12-02)\n"), r::csv);
    }

    @Test
    void eachSourceIsAskedForItsOwnShapesOnceInTheBaseRegionsWithTheModelsAndDate() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 1);
        FakePriceSource azure = FakePriceSource.pricing("azure", 1);
        refresh(aws, azure).models(PricingModel.SPOT, PricingModel.ON_DEMAND).build().run();

        PriceQuery q = aws.queries.get(0);
        assertTrue(q.shapes().stream().allMatch(o -> o.cloud().equals("aws")), "only aws shapes");
        Set<String> shapes = new TreeSet<>();
        q.shapes().forEach(o -> assertTrue(shapes.add(o.platform() + "/" + o.instanceType()), "each shape once: " + o.key()));
        Set<String> builtInShapes = new TreeSet<>();
        AcceleratorCatalog.builtIn().offers().stream().filter(o -> o.cloud().equals("aws"))
                .forEach(o -> builtInShapes.add(o.platform() + "/" + o.instanceType()));
        assertEquals(builtInShapes, shapes, "every aws shape");
        assertEquals(builtInRegions("aws"), q.regions());
        assertEquals(Set.of(PricingModel.ON_DEMAND, PricingModel.SPOT), q.models());
        assertEquals(LocalDate.of(2026, 12, 2), q.today());
        assertEquals(builtInRegions("azure"), azure.queries.get(0).regions());
        assertFalse(aws.closed, "sources given in code are the caller's to close");
    }

    @Test
    void regionsAskedReplaceTheBaseRegionsForEveryCloudOrOne() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 1);
        FakePriceSource gcp = FakePriceSource.pricing("gcp", 1);
        CatalogRefresh.Result r = refresh(aws, gcp).regions("eu-west-1", "us-east-1")
                .regionsOf("gcp", List.of("asia-northeast1")).build().run();
        assertEquals(Set.of("eu-west-1", "us-east-1"), aws.queries.get(0).regions());
        assertEquals(Set.of("asia-northeast1"), gcp.queries.get(0).regions());
        assertEquals(Set.of("asia-northeast1"), r.cloud("gcp").orElseThrow().regions(), "reported as asked");
    }

    @Test
    void aCloudThatFailsEntirelyIsReportedWithItsErrorAndKeepsItsRows() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 4, onDemand("vm", "us-east-1", "p5.48xlarge", 55.04));
        FakePriceSource gcp = FakePriceSource.failing("gcp",
                new IllegalStateException("Cloud Billing Catalog: PERMISSION_DENIED, enable the API"));
        CatalogRefresh.Result r = refresh(aws, gcp).build().run();

        CatalogRefresh.CloudResult g = r.cloud("gcp").orElseThrow();
        assertEquals(CatalogRefresh.Status.FAILED, g.status());
        assertEquals(Optional.of("Cloud Billing Catalog: PERMISSION_DENIED, enable the API"), g.error());
        assertEquals("gcp: failed, Cloud Billing Catalog: PERMISSION_DENIED, enable the API", g.toString());
        assertEquals(List.of("gcp"), r.failed());
        assertFalse(r.complete());
        List<Offer> gcpBefore = AcceleratorCatalog.builtIn().offers().stream().filter(o -> o.cloud().equals("gcp")).toList();
        assertEquals(gcpBefore, r.catalog().offers().stream().filter(o -> o.cloud().equals("gcp")).toList());
        assertEquals(OptionalDouble.of(55.04), row(r.catalog(), "aws/vm/us-east-1/p5.48xlarge").pricePerHour(), "aws still refreshed");
        assertEquals(List.of("aws", "gcp"), r.clouds().stream().map(CatalogRefresh.CloudResult::cloud).toList());
    }

    @Test
    void aCloudWithProblemsIsPartialAndItsPricesStillCount() {
        PriceSheet sheet = new PriceSheet(List.of(
                point("vm", "eastus", "Standard_ND96isr_H100_v5", PricingModel.SPOT, 30.0),
                point("vm", "eastus", "Standard_ND96isr_H100_v5", PricingModel.SPOT, 31.0),
                point("vm", "eastus", "Standard_ND128_future_v9", PricingModel.ON_DEMAND, 110.0),
                point("vm", "japaneast", "Standard_ND96isr_H100_v5", PricingModel.COMMITTED_1Y, 60.0)),
                List.of("westus reservations: throttled 4 times, gave up"), 17);
        CatalogRefresh.Result r = refresh(FakePriceSource.answering("azure", sheet)).build().run();

        CatalogRefresh.CloudResult a = r.cloud("azure").orElseThrow();
        assertEquals(CatalogRefresh.Status.PARTIAL, a.status());
        assertEquals(2, a.problems().size(), a.problems()::toString);
        assertEquals("westus reservations: throttled 4 times, gave up", a.problems().get(0), "the source's problem first");
        assertTrue(a.problems().get(1).contains("two prices, 30.0"), "then the conflict the merge found");
        assertEquals(4, a.points());
        assertEquals(17, a.requests());
        assertEquals(1, a.rowsUpdated());
        assertEquals(1, a.rowsAdded());
        assertEquals(OptionalDouble.of(30.0), row(r.catalog(), "azure/vm/eastus/Standard_ND96isr_H100_v5").spotPricePerHour());
        assertEquals(OptionalDouble.of(60.0), row(r.catalog(), "azure/vm/japaneast/Standard_ND96isr_H100_v5").committed1yPricePerHour());
        assertEquals(List.of(new CatalogRefresh.UnknownShape("azure", "vm", "Standard_ND128_future_v9", Set.of("eastus"))),
                r.unknownShapes(), "priced, but no hardware facts: listed, not added");
        assertTrue(r.csv().lines().findFirst().orElseThrow().endsWith(",committed_1y_price_per_hour,committed_3y_price_per_hour"));
    }

    /** A factory of a test: its id, and the price source it makes (or none), recording the configuration it gets. */
    static ProviderFactory factory(String id, Optional<PriceSource> source, AtomicReference<ProviderConfig> seen) {
        return new ProviderFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Provider create(ProviderConfig config) {
                throw new UnsupportedOperationException("a refresh never creates a provider");
            }

            @Override
            public Optional<PriceSource> priceSource(ProviderConfig config) {
                if (seen != null) seen.set(config);
                return source;
            }
        };
    }

    @Test
    void theAdaptersPriceSourcesAreMadeFromEachCloudsKeysAndClosedAfterTheRun() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 1, onDemand("vm", "us-east-1", "p5.48xlarge", 50.0));
        AtomicReference<ProviderConfig> awsConfig = new AtomicReference<>();
        CloudAiConfig config = CloudAiConfig.builder().property("cloudai.aws.endpoint", "http://127.0.0.1:4566")
                .property("cloudai.gcp.project", "demo").build();
        CatalogRefresh.Result r = CatalogRefresh.builder(config).clock(CLOCK).factories(List.of(
                factory("gcp", Optional.empty(), null), factory("aws", Optional.of(aws), awsConfig))).build().run();

        assertEquals(Optional.of("http://127.0.0.1:4566"), awsConfig.get().get("cloudai.aws.endpoint"));
        assertEquals(Optional.empty(), awsConfig.get().get("cloudai.gcp.project"), "only its own keys");
        assertEquals(List.of("aws"), r.clouds().stream().map(CatalogRefresh.CloudResult::cloud).toList());
        assertEquals(List.of("gcp"), r.skipped(), "an adapter without a price source is skipped");
        assertEquals(1, aws.fetches());
        assertTrue(aws.closed, "the refresh closes the sources it made");
    }

    @Test
    void cloudsThatCannotBePricedFailBeforeAnyRequest() {
        FakePriceSource aws = FakePriceSource.pricing("aws", 1);
        List<ProviderFactory> factories = List.of(factory("aws", Optional.of(aws), null), factory("gcp", Optional.empty(), null));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CatalogRefresh.builder(NO_KEYS)
                .factories(factories).clouds("aws", "azure").build().run());
        assertEquals("clouds: no adapter for 'azure' on the class path; add the dependency dev.cloudai:sdk-azure"
                + " (adapters found: aws, gcp)", unknown.getMessage());
        ConfigurationException noSource = assertThrows(ConfigurationException.class, () -> CatalogRefresh.builder(NO_KEYS)
                .factories(factories).clouds("gcp").build().run());
        assertTrue(noSource.problems().get(0).startsWith("clouds: the adapter for 'gcp'"), noSource::getMessage);
        assertTrue(noSource.problems().get(0).endsWith("has no price source; use a version of it that has one"), noSource::getMessage);
        ConfigurationException none = assertThrows(ConfigurationException.class, () -> CatalogRefresh.builder(NO_KEYS)
                .factories(List.of(factory("gcp", Optional.empty(), null))).build().run());
        assertTrue(none.problems().get(0).startsWith("No adapter on the class path has a price source (adapters without one: gcp)"),
                none::getMessage);
        assertEquals(0, aws.fetches());
    }

    @Test
    void aFactoryThatCannotMakeItsSourceFailsOnlyItsCloud() {
        ProviderFactory broken = new ProviderFactory() {
            @Override
            public String id() {
                return "azure";
            }

            @Override
            public Provider create(ProviderConfig config) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PriceSource> priceSource(ProviderConfig config) {
                throw new ConfigurationException("cloudai.azure.ml-endpoint: 'x' is not a URL");
            }
        };
        FakePriceSource aws = FakePriceSource.pricing("aws", 1);
        CatalogRefresh.Result r = CatalogRefresh.builder(NO_KEYS).factories(List.of(broken, factory("aws", Optional.of(aws), null)))
                .build().run();
        assertEquals(Optional.of("its price source could not be made: cloudai.azure.ml-endpoint: 'x' is not a URL"),
                r.cloud("azure").orElseThrow().error());
        assertEquals(CatalogRefresh.Status.COMPLETE, r.cloud("aws").orElseThrow().status());
    }

    @Test
    void withACacheTheResultIsWrittenAndALaterPartialRefreshKeepsTheOtherCloudsPrices(@TempDir Path dir) throws IOException {
        CatalogCache cache = CatalogCache.at(dir).withClock(CLOCK);
        CatalogRefresh.Result first = refresh(
                FakePriceSource.pricing("aws", 1, onDemand("sagemaker", "us-east-1", "ml.g5.xlarge", 1.11)),
                FakePriceSource.pricing("gcp", 1, onDemand("vertex", "us-central1", "g2-standard-4", 0.77)))
                .cache(cache).build().run();
        assertEquals(Optional.of(dir.resolve("catalog.csv")), first.written());
        assertEquals(first.csv(), Files.readString(dir.resolve("catalog.csv")));

        Instant later = NOW.plusSeconds(86_400);
        CatalogRefresh.Result second = CatalogRefresh.builder(NO_KEYS).clock(Clock.fixed(later, ZoneOffset.UTC)).sources(
                FakePriceSource.pricing("aws", 1, onDemand("sagemaker", "us-east-1", "ml.g5.xlarge", 1.22)),
                FakePriceSource.failing("gcp", new IllegalStateException("credentials expired"))).cache(cache).build().run();
        assertTrue(second.written().isPresent());
        AcceleratorCatalog cached = cache.catalog();
        assertEquals(OptionalDouble.of(1.22), row(cached, "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
        assertEquals(OptionalDouble.of(0.77), row(cached, "gcp/vertex/us-central1/g2-standard-4").pricePerHour(),
                "gcp failed this time: the price the last refresh fetched stays");
        CatalogCache.Metadata m = cache.status().metadata().orElseThrow();
        assertEquals(later, m.cloudsFetchedAt().get("aws"));
        assertEquals(NOW, m.cloudsFetchedAt().get("gcp"), "gcp's prices are as old as before");
        assertEquals(NOW, m.fetchedAt(), "the cache is as old as its oldest prices");
    }

    @Test
    void aCacheEditedByHandStopsTheRefreshBeforeAnyRequestUnlessForced(@TempDir Path dir) throws IOException {
        CatalogCache cache = CatalogCache.at(dir).withClock(CLOCK);
        refresh(FakePriceSource.pricing("aws", 1)).cache(cache).build().run();
        Path csv = dir.resolve("catalog.csv");
        Files.writeString(csv, Files.readString(csv) + "# my note\n");

        FakePriceSource aws = FakePriceSource.pricing("aws", 1, onDemand("sagemaker", "us-east-1", "ml.g5.xlarge", 9.99));
        assertThrows(CatalogCache.LocalEditException.class, () -> refresh(aws).cache(cache).build().run());
        assertEquals(0, aws.fetches(), "no request spent on a refresh that cannot be written");
        assertTrue(Files.readString(csv).endsWith("# my note\n"));

        CatalogRefresh.Result forced = refresh(aws).cache(cache).force(true).build().run();
        assertEquals(Optional.of(csv), forced.written());
        assertEquals(CatalogCache.State.VALID, cache.status().state());
        assertEquals(OptionalDouble.of(9.99), row(cache.catalog(), "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
    }

    @Test
    void whenEveryCloudFailsTheCacheIsNotWritten(@TempDir Path dir) {
        CatalogCache cache = CatalogCache.at(dir);
        CatalogRefresh.Result r = refresh(FakePriceSource.failing("aws", new IllegalStateException("no credentials")))
                .cache(cache).build().run();
        assertEquals(Optional.empty(), r.written(), "writing would only make old prices look fresh");
        assertEquals(CatalogCache.State.ABSENT, cache.status().state());
    }

    @Test
    void cloudAiPrefersTheCacheItsConfigurationNamesWithTheCatalogFileOnTop(@TempDir Path dir) throws IOException {
        CatalogCache cache = CatalogCache.at(dir.resolve("cache"));
        refresh(FakePriceSource.pricing("aws", 1, onDemand("sagemaker", "us-east-1", "ml.g5.xlarge", 1.01)))
                .cache(cache).build().run();
        Path file = dir.resolve("mine.csv");
        Offer g6 = row(AcceleratorCatalog.builtIn(), "aws/sagemaker/us-east-1/ml.g6.xlarge")
                .withPrice(PricingModel.ON_DEMAND, OptionalDouble.of(0.5), "my negotiated price");
        Files.writeString(file, AcceleratorCatalog.of(List.of(g6)).toCsv());

        CloudAiConfig config = CloudAiConfig.builder().provider("fake")
                .property("cloudai.catalog.cache-dir", dir.resolve("cache").toString()).catalogFile(file).build();
        try (CloudAi ai = CloudAi.create(config)) {
            AcceleratorCatalog c = ai.accelerators();
            assertEquals(CatalogOrigin.Kind.CACHE, c.origin().kind());
            assertEquals(List.of("with the rows of file " + file + " on top"), c.origin().notes());
            assertEquals(OptionalDouble.of(1.01), row(c, "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
            assertEquals(OptionalDouble.of(0.5), row(c, "aws/sagemaker/us-east-1/ml.g6.xlarge").pricePerHour());
        }
        try (CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("fake").build())) {
            assertEquals(CatalogOrigin.Kind.BUILT_IN, ai.accelerators().origin().kind(), "the build's empty cache directory");
        }
    }

    @Test
    void theBuilderNamesTheFieldOfABadArgument() {
        assertEquals("models: name at least one pricing model", assertThrows(IllegalArgumentException.class,
                () -> CatalogRefresh.builder(NO_KEYS).models()).getMessage());
        assertEquals("regions: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> CatalogRefresh.builder(NO_KEYS).regions(" ")).getMessage());
        assertEquals("sources: two sources for cloud 'aws'; give one per cloud", assertThrows(IllegalArgumentException.class,
                () -> refresh(FakePriceSource.pricing("aws", 0), FakePriceSource.pricing("AWS", 0))).getMessage());
        assertEquals("clouds: no price source given for 'gcp'; the sources given are for aws", assertThrows(
                IllegalArgumentException.class, () -> refresh(FakePriceSource.pricing("aws", 0)).clouds("gcp").build().run())
                .getMessage());
        assertEquals("config", assertThrows(NullPointerException.class, () -> CatalogRefresh.builder(null)).getMessage());
    }
}

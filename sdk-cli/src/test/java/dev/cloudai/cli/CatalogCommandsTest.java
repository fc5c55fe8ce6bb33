package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cloudai catalog refresh} and {@code status}, with canned price sources given through
 * {@link Connector#withPriceSources}: no adapter's price source, no emulator and no network is involved, and every
 * cache is a temporary directory.
 */
class CatalogCommandsTest {
    @TempDir
    Path dir;

    /** A source answering every query with {@code answer}, recording the queries and whether it was closed. */
    static final class Canned implements PriceSource {
        final String cloud;
        final Function<PriceQuery, PriceSheet> answer;
        final List<PriceQuery> queries = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        Canned(String cloud, Function<PriceQuery, PriceSheet> answer) {
            this.cloud = cloud;
            this.answer = answer;
        }

        @Override
        public String cloud() {
            return cloud;
        }

        @Override
        public PriceSheet fetch(PriceQuery query) {
            queries.add(query);
            return answer.apply(query);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Canned aws(double g5) {
        return new Canned("aws", q -> new PriceSheet(List.of(
                new PricePoint("sagemaker", "us-east-1", "ml.g5.xlarge", PricingModel.ON_DEMAND, g5, "AWS Price List SKU G5"),
                new PricePoint("sagemaker", "ap-south-1", "ml.g5.xlarge", PricingModel.ON_DEMAND, 1.6, "AWS Price List SKU G5M"),
                new PricePoint("sagemaker", "us-east-1", "ml.p9.xlarge", PricingModel.ON_DEMAND, 99, "AWS Price List SKU P9")),
                List.of(), 3));
    }

    static Canned gcpFailing() {
        return new Canned("gcp", q -> {
            throw new IllegalStateException("Cloud Billing Catalog: PERMISSION_DENIED");
        });
    }

    static Cli.Result cloudai(List<PriceSource> sources, String... args) {
        return Cli.run(Connector.embedded().withPriceSources(() -> sources), args);
    }

    static Offer row(AcceleratorCatalog c, String key) {
        return c.offers().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @Test
    void refreshLiveWritesTheCacheAndPrintsEachCloudsFigures() {
        Canned aws = aws(0.99);
        Path cache = dir.resolve("cache");
        Cli.Result r = cloudai(List.of(aws), "catalog", "refresh", "--live", "--cache-dir", cache.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].matches("cloud\\s+status\\s+regions\\s+points\\s+rows added\\s+rows updated\\s+requests\\s+problems\\s+seconds"), lines[0]);
        assertTrue(lines[1].matches("aws\\s+complete\\s+\\d+\\s+3\\s+1\\s+1\\s+3\\s+0\\s+\\d+\\.\\d"), lines[1]);
        assertTrue(r.out().contains("1 priced instance types have no hardware facts in the catalog, so no rows"), r::toString);
        assertTrue(r.out().contains("  aws sagemaker ml.p9.xlarge [us-east-1]"), r::toString);
        int rows = AcceleratorCatalog.builtIn().offers().size() + 1;
        assertTrue(r.out().contains("Wrote " + rows + " rows to " + cache.resolve("catalog.csv")
                + " (the cache every catalog now prefers)."), r::toString);
        assertTrue(aws.closed, "the run closes the sources it was given");

        CatalogCache.Status s = CatalogCache.at(cache).status();
        assertEquals(CatalogCache.State.VALID, s.state(), s::toString);
        assertEquals(OptionalDouble.of(0.99), row(s.catalog().orElseThrow(), "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
        assertEquals(Set.of("aws"), s.metadata().orElseThrow().clouds());
    }

    @Test
    void aCloudThatFailsIsExitCodeFiveAndTheOthersPricesAreStillWritten() {
        Path cache = dir.resolve("cache");
        Cli.Result r = cloudai(List.of(aws(0.99), gcpFailing()), "catalog", "refresh", "--live", "--cache-dir", cache.toString());
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s).*\\Rgcp\\s+failed\\s+\\d+\\s+0\\s+0\\s+0\\s+0\\s+0.*"), r::toString);
        assertTrue(r.out().contains("gcp failed: Cloud Billing Catalog: PERMISSION_DENIED (its rows stay as they were)"), r::toString);
        assertEquals(OptionalDouble.of(0.99), row(CatalogCache.at(cache).catalog(), "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
    }

    @Test
    void aCacheEditedByHandIsRefusedWithExitCodeFourUntilForced() throws IOException {
        Path cache = dir.resolve("cache");
        assertEquals(0, cloudai(List.of(aws(0.99)), "catalog", "refresh", "--live", "--cache-dir", cache.toString()).exitCode());
        Path csv = cache.resolve("catalog.csv");
        String edited = Files.readString(csv).replace(",0.99,", ",0.42,");
        Files.writeString(csv, edited);

        Canned again = aws(1.11);
        Cli.Result refused = cloudai(List.of(again), "catalog", "refresh", "--live", "--cache-dir", cache.toString());
        assertEquals(ExitCodes.BAD_ARGUMENT, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("The catalog cache " + csv + " was edited by hand"), refused::toString);
        assertTrue(refused.err().contains("Refresh with --force"), refused::toString);
        assertEquals(List.of(), again.queries, "refused before any request");
        assertEquals(edited, Files.readString(csv));

        Cli.Result forced = cloudai(List.of(aws(1.11)), "catalog", "refresh", "--live", "--force", "--cache-dir", cache.toString());
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(OptionalDouble.of(1.11), row(CatalogCache.at(cache).catalog(), "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
    }

    @Test
    void onTheEmulatorPricesAreShownAndWrittenOnlyToOutputNeverToTheCache() throws IOException {
        Path cache = dir.resolve("cache");
        Cli.Result shown = cloudai(List.of(aws(0.5)), "catalog", "refresh", "--cache-dir", cache.toString());
        assertEquals(0, shown.exitCode(), shown::toString);
        assertTrue(shown.out().contains("Not written: emulated prices never go into the cache " + cache
                + "; pass --output FILE to keep them, or --live to refresh the cache from the clouds."), shown::toString);
        assertFalse(Files.exists(cache), "the cache directory was not even made");

        Path out = dir.resolve("out/emulated.csv");
        Cli.Result kept = cloudai(List.of(aws(0.5)), "catalog", "refresh", "--output", out.toString(), "--cache-dir", cache.toString());
        assertEquals(0, kept.exitCode(), kept::toString);
        assertTrue(kept.out().contains("Wrote " + (AcceleratorCatalog.builtIn().offers().size() + 1) + " rows to " + out + "."), kept::toString);
        assertEquals(OptionalDouble.of(0.5), row(AcceleratorCatalog.fromCsv(out), "aws/sagemaker/us-east-1/ml.g5.xlarge").pricePerHour());
        assertFalse(Files.exists(cache));
    }

    @Test
    void regionsPerCloudAndPricingModelsReachTheSources() {
        Canned aws = aws(0.99);
        Canned gcp = new Canned("gcp", q -> new PriceSheet(List.of(), List.of(), 1));
        Cli.Result r = cloudai(List.of(aws, gcp), "catalog", "refresh", "--regions", "us-east-1,gcp:europe-west4",
                "--pricing", "spot,Committed-1Y", "--output", dir.resolve("x.csv").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Set.of("us-east-1"), aws.queries.get(0).regions());
        assertEquals(Set.of("europe-west4"), gcp.queries.get(0).regions());
        assertEquals(Set.of(PricingModel.SPOT, PricingModel.COMMITTED_1Y), aws.queries.get(0).models());

        Cli.Result onlyGcp = cloudai(List.of(aws(0.99), gcp), "catalog", "refresh", "--clouds", "gcp");
        assertEquals(0, onlyGcp.exitCode(), onlyGcp::toString);
        assertTrue(onlyGcp.out().split("\\R")[1].startsWith("gcp "), onlyGcp::toString);
        assertFalse(onlyGcp.out().contains("\naws "), onlyGcp::toString);

        Cli.Result bad = cloudai(List.of(aws(0.99)), "catalog", "refresh", "--pricing", "reserved");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("'reserved' is not a pricing model; use on-demand, spot, committed-1y or committed-3y"), bad::toString);
    }

    @Test
    void refreshPrintsJsonThatParses() throws Exception {
        Cli.Result r = cloudai(List.of(aws(0.99), gcpFailing()), "catalog", "refresh", "--format", "json");
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("aws", doc.get("clouds").get(0).get("cloud").asText());
        assertEquals("complete", doc.get("clouds").get(0).get("status").asText());
        assertEquals(3, doc.get("clouds").get(0).get("points").asInt());
        assertEquals(1, doc.get("clouds").get(0).get("rowsAdded").asInt());
        assertEquals("failed", doc.get("clouds").get(1).get("status").asText());
        assertEquals("Cloud Billing Catalog: PERMISSION_DENIED", doc.get("clouds").get(1).get("error").asText());
        assertEquals("ml.p9.xlarge", doc.get("unknownShapes").get(0).get("instanceType").asText());
        assertTrue(doc.get("written").isNull(), "on the emulator, without --output");
    }

    @Test
    void statusSaysTheBuiltInSnapshotIsUsedUntilARefreshThenTheCacheWithItsAge() throws IOException {
        Path cache = dir.resolve("cache");
        Cli.Result none = Cli.run(Connector.embedded(), "catalog", "status", "--cache-dir", cache.toString());
        assertEquals(0, none.exitCode(), none::toString);
        assertTrue(none.out().startsWith("Catalog used: the built-in snapshot\nCache:        " + cache.resolve("catalog.csv") + ": none\n"), none::toString);
        assertTrue(none.out().contains("No cache yet: run 'cloudai catalog refresh --live'"), none::toString);
        assertTrue(none.out().matches("(?s).*\\Raws\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+\\d+\\R.*"), none::toString);

        // A cache fetched 10 days ago: older than the 7-day interval.
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        CatalogCache.at(cache).write(AcceleratorCatalog.builtIn(), Map.of("aws", tenDaysAgo), Map.of("aws", Set.of("us-east-1")), false);
        Cli.Result stale = Cli.run(Connector.embedded(), "catalog", "status", "--cache-dir", cache.toString());
        assertEquals(0, stale.exitCode(), stale::toString);
        assertTrue(stale.out().startsWith("Catalog used: the cache " + cache.resolve("catalog.csv") + "\n"), stale::toString);
        assertTrue(stale.out().contains(": valid, fetched " + tenDaysAgo + " (10 days old), stale\n"), stale::toString);
        assertTrue(stale.out().contains("The cache is stale: run 'cloudai catalog refresh --live'."), stale::toString);

        JsonNode doc = new ObjectMapper().readTree(Cli.run(Connector.embedded(), "catalog", "status", "--cache-dir",
                cache.toString(), "--format", "json").out());
        assertEquals("cache", doc.get("used").asText());
        assertTrue(doc.get("stale").asBoolean());
        assertEquals(Duration.ofDays(7).getSeconds(), doc.get("refreshIntervalSeconds").asLong());
        assertEquals("aws", doc.get("clouds").get(0).get("cloud").asText());
    }

    @Test
    void theAcceleratorsCommandRanksByTheCachedPrices() {
        Path cache = dir.resolve("cache");
        assertEquals(0, cloudai(List.of(aws(0.05)), "catalog", "refresh", "--live", "--cache-dir", cache.toString()).exitCode());
        String key = "cloudai.catalog.cache-dir";
        String before = System.getProperty(key);
        System.setProperty(key, cache.toString());
        try {
            Cli.Result r = Cli.run(Connector.embedded(), "accelerators", "--platform", "sagemaker", "--limit", "1");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().split("\\R")[1].matches("aws\\s+sagemaker\\s+us-east-1\\s+ml\\.g5\\.xlarge\\s+A10G\\s+1\\s+24\\s+0\\.05"), r::toString);
        } finally {
            if (before == null) System.clearProperty(key);
            else System.setProperty(key, before);
        }
    }

    @Test
    void catalogAloneIsAUsageErrorAndEachSubcommandHasHelpWithExamples() {
        Cli.Result r = Cli.run(Connector.embedded(), "catalog");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Missing command: give refresh or status"), r::toString);
        for (String sub : List.of("refresh", "status")) {
            Cli.Result help = Cli.run(Connector.embedded(), "catalog", sub, "--help");
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.out().startsWith("Usage: cloudai catalog " + sub), help::toString);
            assertTrue(help.out().contains("Examples:" + System.lineSeparator() + "  cloudai catalog " + sub)
                    || help.out().contains("Examples:\n  cloudai catalog " + sub), help::toString);
        }
    }
}

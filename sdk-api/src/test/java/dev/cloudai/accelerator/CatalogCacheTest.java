package dev.cloudai.accelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The home cache: what it holds, which catalog it gives, when it is stale, and that a local edit is never overwritten. */
class CatalogCacheTest {
    static final Instant FETCHED = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path dir;

    /** The cache in the temp directory, its clock {@code age} after the fetch. */
    CatalogCache cache(Duration age) {
        return CatalogCache.at(dir).withClock(Clock.fixed(FETCHED.plus(age), ZoneOffset.UTC));
    }

    /** The built-in catalog with one price changed, so a cache's catalog is told from the built-in one. */
    static AcceleratorCatalog refreshed() {
        List<Offer> offers = new java.util.ArrayList<>(AcceleratorCatalog.builtIn().offers());
        offers.set(0, offers.get(0).withPrice(PricingModel.ON_DEMAND, OptionalDouble.of(1.2345), "test price (fetched 2026-12-02)"));
        return AcceleratorCatalog.of(offers);
    }

    Path write(AcceleratorCatalog catalog) {
        return cache(Duration.ZERO).write(catalog, Map.of("aws", FETCHED, "gcp", FETCHED.minus(Duration.ofHours(1))),
                Map.of("aws", Set.of("us-west-2", "us-east-1"), "gcp", Set.of("us-central1")), false);
    }

    void setMetadata(String key, String value) throws IOException {
        Path meta = dir.resolve(CatalogCache.METADATA_FILE);
        String text = Files.readString(meta).replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$", key + "=" + value);
        Files.writeString(meta, text);
    }

    @Test
    void anEmptyDirectoryMeansTheBuiltInSnapshot() {
        CatalogCache.Status s = cache(Duration.ZERO).status();
        assertEquals(CatalogCache.State.ABSENT, s.state());
        assertSame(AcceleratorCatalog.builtIn(), cache(Duration.ZERO).catalog());
        assertEquals(CatalogOrigin.Kind.BUILT_IN, cache(Duration.ZERO).catalog().origin().kind());
    }

    @Test
    void aWrittenCacheIsUsedWithItsOriginAndAge() throws IOException {
        Path csv = write(refreshed());
        assertEquals(dir.resolve("catalog.csv"), csv);
        CatalogCache three = cache(Duration.ofDays(3).plusHours(1));
        CatalogCache.Status s = three.status();
        assertEquals(CatalogCache.State.VALID, s.state(), s::toString);
        assertFalse(s.stale());
        AcceleratorCatalog c = three.catalog();
        assertEquals(refreshed().offers(), c.offers());
        CatalogOrigin o = c.origin();
        assertEquals(CatalogOrigin.Kind.CACHE, o.kind());
        assertEquals(Optional.of(csv), o.path());
        assertEquals(Optional.of(FETCHED.minus(Duration.ofHours(1))), o.fetchedAt(), "the oldest cloud's fetch");
        assertEquals(Optional.of(Duration.ofDays(3).plusHours(2)), o.age());
        assertTrue(c.toString().endsWith("from the cache " + csv + ", fetched 2026-12-02T08:00:00Z (3 days old)]"), c::toString);

        CatalogCache.Metadata m = s.metadata().orElseThrow();
        assertEquals(1, m.schemaVersion());
        assertEquals(Set.of("aws", "gcp"), m.clouds());
        assertEquals(List.of("us-east-1", "us-west-2"), List.copyOf(m.regions().get("aws")), "sorted");
        assertEquals(refreshed().offers().size(), m.rows());
        assertEquals(CatalogCache.sha256(Files.readAllBytes(csv)), m.sha256());
        assertEquals(List.of(), List.of(dir.toFile().list()).stream().filter(n -> n.endsWith(".tmp")).toList(), "no temp file left");
    }

    @Test
    void aCacheOlderThanTheRefreshIntervalIsStaleButStillUsed() {
        write(refreshed());
        CatalogCache old = cache(Duration.ofDays(8));
        CatalogCache.Status s = old.status();
        assertEquals(CatalogCache.State.VALID, s.state());
        assertTrue(s.stale());
        assertTrue(s.notes().get(0).contains("older than the refresh interval of 7 days (cloudai.catalog.refresh-interval);"
                + " run: cloudai catalog refresh"), s::toString);
        assertEquals(CatalogOrigin.Kind.CACHE, old.catalog().origin().kind());
        assertTrue(old.catalog().origin().stale());
        assertTrue(old.catalog().origin().toString().contains(", stale; older than"), old.catalog().origin()::toString);

        assertTrue(cache(Duration.ofDays(2)).withRefreshInterval(Duration.ofDays(1)).status().stale(), "a shorter interval");
    }

    @Test
    void aCacheFromAnotherBuiltInSnapshotIsStale() throws IOException {
        write(refreshed());
        setMetadata("snapshot-sha256", "0".repeat(64));
        CatalogCache.Status s = cache(Duration.ofHours(1)).status();
        assertEquals(CatalogCache.State.VALID, s.state());
        assertTrue(s.stale());
        assertTrue(s.notes().get(0).startsWith("written from another built-in snapshot than this SDK's"), s::toString);
    }

    @Test
    void aHandEditedCacheIsUsedAsEditedAndNeverOverwrittenUnlessForced() throws IOException {
        Path csv = write(refreshed());
        String edited = Files.readString(csv).replace("1.2345", "0.5");
        Files.writeString(csv, edited);
        CatalogCache c = cache(Duration.ofHours(1));
        assertEquals(CatalogCache.State.EDITED, c.status().state());
        assertEquals(OptionalDouble.of(0.5), c.catalog().offers().get(0).pricePerHour(), "the edit is what is used");
        assertTrue(c.catalog().origin().notes().get(0).startsWith("edited by hand"), c.catalog().origin()::toString);

        CatalogCache.LocalEditException e = assertThrows(CatalogCache.LocalEditException.class, () -> write(refreshed()));
        assertEquals("The catalog cache " + csv + " was edited by hand since it was written (its SHA-256 is no longer the"
                + " one catalog.properties records); a refresh never overwrites a local edit. Refresh with --force"
                + " (force(true) in code) to overwrite it, delete it, or write elsewhere with --output FILE", e.getMessage());
        assertEquals(edited, Files.readString(csv), "untouched");

        c.write(refreshed(), Map.of("aws", FETCHED), Map.of("aws", Set.of("us-east-1")), true);
        assertEquals(CatalogCache.State.VALID, c.status().state());
        assertEquals(OptionalDouble.of(1.2345), c.catalog().offers().get(0).pricePerHour());
    }

    @Test
    void aCsvWithoutMetadataIsIgnoredAndNotOverwritten() throws IOException {
        Path csv = dir.resolve("catalog.csv");
        Files.writeString(csv, refreshed().toCsv());
        CatalogCache c = cache(Duration.ZERO);
        CatalogCache.Status s = c.status();
        assertEquals(CatalogCache.State.IGNORED, s.state());
        assertEquals(List.of("The catalog cache " + csv + " was ignored: it has no catalog.properties beside it, so it is"
                + " no cache a refresh wrote"), s.notes());
        AcceleratorCatalog used = c.catalog();
        assertEquals(AcceleratorCatalog.builtIn().offers(), used.offers());
        assertEquals(CatalogOrigin.Kind.BUILT_IN, used.origin().kind());
        assertEquals(s.notes(), used.origin().notes(), "the catalog says why the cache was not used");
        assertTrue(assertThrows(CatalogCache.LocalEditException.class, () -> write(refreshed())).getMessage()
                .contains("has no catalog.properties beside it, so it may be a file of yours"));
    }

    @Test
    void aCacheOfANewerSchemaIsIgnoredWithAWarningAndNotOverwritten() throws IOException {
        write(refreshed());
        setMetadata("schema-version", "2");
        CatalogCache c = cache(Duration.ZERO);
        CatalogCache.Status s = c.status();
        assertEquals(CatalogCache.State.IGNORED, s.state());
        assertTrue(s.notes().get(0).endsWith("was ignored: its schema version 2 is newer than this SDK's (1); refresh it"
                + " with this version, or use an SDK that reads it"), s::toString);
        assertEquals(AcceleratorCatalog.builtIn().offers(), c.catalog().offers());
        assertTrue(assertThrows(CatalogCache.LocalEditException.class, () -> write(refreshed())).getMessage()
                .contains("was written by a newer SDK (schema version 2)"));
    }

    @Test
    void unreadableContentOrMetadataIsIgnoredNeverThrown() throws IOException {
        Path csv = write(refreshed());
        byte[] garbage = "cloud,platform\naws,vm\n".getBytes(StandardCharsets.UTF_8);
        Files.write(csv, garbage);
        setMetadata("sha256", CatalogCache.sha256(garbage));
        CatalogCache.Status s = cache(Duration.ZERO).status();
        assertEquals(CatalogCache.State.IGNORED, s.state());
        assertTrue(s.notes().get(0).contains("was ignored: its content does not read: " + csv + ":1"), s::toString);

        write(refreshed());
        setMetadata("fetched-at", "yesterday");
        s = cache(Duration.ZERO).status();
        assertEquals(CatalogCache.State.IGNORED, s.state());
        assertTrue(s.notes().get(0).endsWith("catalog.properties does not read: fetched-at: 'yesterday' is not an ISO-8601 instant"), s::toString);
        assertEquals(CatalogOrigin.Kind.BUILT_IN, cache(Duration.ZERO).catalog().origin().kind());
    }

    @Test
    void committedPricesRoundTripThroughTheCache() {
        List<Offer> offers = new java.util.ArrayList<>(AcceleratorCatalog.builtIn().offers());
        offers.set(1, offers.get(1).withPrice(PricingModel.COMMITTED_3Y, OptionalDouble.of(0.42), "3y sku (fetched 2026-12-02)"));
        write(AcceleratorCatalog.of(offers));
        assertEquals(OptionalDouble.of(0.42), cache(Duration.ZERO).catalog().offers().get(1).committed3yPricePerHour());
    }

    @Test
    void aDirectoryStartingWithTildeIsUnderTheHome() {
        assertEquals(Path.of(System.getProperty("user.home"), "caches", "cloudai"),
                CatalogCache.configured(Optional.of("~/caches/cloudai"), Optional.empty()).directory());
        assertEquals(Duration.ofDays(2), CatalogCache.configured(Optional.empty(), Optional.of(Duration.ofDays(2))).refreshInterval());
    }

    @Test
    void theBuildPointsEveryTestAtAnEmptyCacheSoCurrentIsTheBuiltInSnapshot() {
        String configured = System.getProperty("cloudai.catalog.cache-dir");
        assumeTrue(configured != null, "run by the build's surefire, which sets cloudai.catalog.cache-dir");
        assertEquals(Path.of(configured), CatalogCache.defaultDirectory());
        assertFalse(CatalogCache.defaultDirectory().startsWith(Path.of(System.getProperty("user.home"), ".cloudai")));
        assertEquals(CatalogOrigin.Kind.BUILT_IN, AcceleratorCatalog.current().origin().kind());
    }

    @Test
    void everyCatalogSaysWhereItCameFrom(@TempDir Path files) throws IOException {
        assertEquals("AcceleratorCatalog[" + AcceleratorCatalog.builtIn().offers().size() + " offers, "
                + AcceleratorCatalog.builtIn().accelerators().size() + " accelerators, from the built-in snapshot]",
                AcceleratorCatalog.builtIn().toString());
        Path file = files.resolve("mine.csv");
        Files.writeString(file, AcceleratorCatalog.of(AcceleratorCatalog.builtIn().offers().subList(0, 2)).toCsv());
        AcceleratorCatalog mine = AcceleratorCatalog.fromCsv(file);
        assertEquals(new CatalogOrigin(CatalogOrigin.Kind.FILE, Optional.of(file), Optional.empty(), Optional.empty(), false,
                List.of()), mine.origin());
        assertEquals(CatalogOrigin.Kind.CODE, AcceleratorCatalog.of(mine.offers()).origin().kind());
        CatalogOrigin layered = AcceleratorCatalog.builtIn().withOverrides(mine).origin();
        assertEquals(CatalogOrigin.Kind.BUILT_IN, layered.kind());
        assertEquals(List.of("with the rows of file " + file + " on top"), layered.notes());
    }
}

package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two keys of the catalog cache: where it is, and how old it may get before it is reported stale. */
class CatalogCacheKeysTest {

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({"30m", "366d", "PT0S", "weekly"})
    void aRefreshIntervalOutsideOneHourToAYearIsRefusedNamingTheRange(String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property(ConfigKeys.CATALOG_REFRESH_INTERVAL, value).build());
        assertEquals(1, e.problems().size(), e::getMessage);
        String p = e.problems().get(0);
        assertTrue(p.startsWith("cloudai.catalog.refresh-interval: '" + value + "' "), p);
        assertTrue(p.contains("1h to 365d"), p);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"7d, PT168H", "36h, PT36H", "P30D, PT720H", "1h, PT1H", "365d, PT8760H"})
    void aRefreshIntervalInDaysHoursOrIsoIsTheCachesInterval(String value, String expected) {
        CloudAiConfig c = CloudAiConfig.builder().property(ConfigKeys.CATALOG_REFRESH_INTERVAL, value).build();
        assertEquals(Duration.parse(expected), c.catalogCache().refreshInterval());
    }

    @Test
    void theDefaultsAreSevenDaysAndTheHomeDirectoryUnlessTheBuildSaysOtherwise() {
        ConfigKeys.Key interval = ConfigKeys.find(ConfigKeys.CATALOG_REFRESH_INTERVAL).orElseThrow();
        assertEquals("7d", interval.defaultValue().orElseThrow());
        assertEquals(Duration.ofDays(7), CloudAiConfig.builder().build().catalogCache().refreshInterval());
        assertEquals("~/.cloudai/catalog", ConfigKeys.find(ConfigKeys.CATALOG_CACHE_DIR).orElseThrow().defaultValue().orElseThrow());
    }

    @Test
    void aCacheDirectoryThatIsAFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.csv"), "x");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property(ConfigKeys.CATALOG_CACHE_DIR, file.toString()).build());
        assertEquals("cloudai.catalog.cache-dir: '" + file + "' is a file, not a directory (from code)", e.problems().get(0));
        Path missing = dir.resolve("not/yet");
        assertEquals(missing, CloudAiConfig.builder().property(ConfigKeys.CATALOG_CACHE_DIR, missing.toString()).build()
                .catalogCache().directory(), "a directory that does not exist yet is fine: the first refresh makes it");
    }
}

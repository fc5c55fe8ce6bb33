package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest {

    private static Properties file(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) p.setProperty(keyValues[i], keyValues[i + 1]);
        return p;
    }

    @Test
    void systemPropertiesBeatEnvironmentWhichBeatsTheFile() {
        CloudAiConfig c = ConfigLoader.load(
                Map.of("cloudai.backup.region", "from-sys"),
                Map.of("CLOUDAI_BACKUP_REGION", "from-env", "CLOUDAI_BACKUP_PROFILE", "env-profile"),
                file("cloudai.backup.region", "from-file", "cloudai.backup.profile", "file-profile", "cloudai.provider", "backup"));
        assertEquals("from-sys", c.get("cloudai.backup.region").orElseThrow());
        assertEquals("system property", c.sourceOf("cloudai.backup.region").orElseThrow());
        assertEquals("env-profile", c.get("cloudai.backup.profile").orElseThrow());
        assertEquals("environment variable CLOUDAI_BACKUP_PROFILE", c.sourceOf("cloudai.backup.profile").orElseThrow());
        assertEquals("backup", c.provider().orElseThrow());
        assertEquals("cloudai.properties", c.sourceOf("cloudai.provider").orElseThrow());
    }

    @Test
    void environmentVariablesMapToKeysWithHyphensAndModelAliases() {
        CloudAiConfig c = ConfigLoader.load(Map.of(), Map.of(
                "CLOUDAI_BACKUP_ACCESS_TOKEN", "k-123",
                "CLOUDAI_RETRY_MAX_ATTEMPTS", "4",
                "CLOUDAI_MODELS_FAST_CHAT_AWS", "anthropic.claude-3-haiku-20240307-v1:0",
                "PATH", "/usr/bin"), null);
        assertEquals("k-123", c.get("cloudai.backup.access-token").orElseThrow(), "a provider's declared key, hyphen included");
        assertEquals(4, c.retry().maxAttempts());
        assertEquals("anthropic.claude-3-haiku-20240307-v1:0", c.model("fast-chat", "aws").orElseThrow(),
                "alias names match whether written with hyphens or underscores");
        assertFalse(c.keys().stream().anyMatch(k -> k.contains("path")), "unrelated variables are ignored");
    }

    @Test
    void envReferencesAreResolvedWithOptionalDefaults() {
        CloudAiConfig c = ConfigLoader.load(Map.of(), Map.of("MY_KEY", "secret-from-env"), file(
                "cloudai.backup.access-token", "${env:MY_KEY}",
                "cloudai.backup.endpoint", "https://${env:RESOURCE:-myres}.openai.azure.com"));
        assertEquals("secret-from-env", c.get("cloudai.backup.access-token").orElseThrow());
        assertEquals("https://myres.openai.azure.com", c.get("cloudai.backup.endpoint").orElseThrow());
    }

    @Test
    void anEnvReferenceToAnUnsetVariableFailsNamingTheKeyAndTheVariable() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of(), Map.of(),
                file("cloudai.backup.access-token", "${env:AZURE_OPENAI_KEY}")));
        assertTrue(e.getMessage().contains("cloudai.backup.access-token: ${env:AZURE_OPENAI_KEY} refers to environment variable"
                + " AZURE_OPENAI_KEY, which is not set"), e.getMessage());
    }

    @Test
    void aTypoInAKeyFailsWithTheKeyItsSourceAndASuggestion() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(
                Map.of("cloudai.backup.regoin", "us-east-1"), Map.of(), null));
        assertEquals(1, e.problems().size());
        assertEquals("unknown key 'cloudai.backup.regoin' (from system property); did you mean 'cloudai.backup.region'?",
                e.problems().get(0));
    }

    @Test
    void aProvidersKeysAreTheOnesItsFactoryDeclaresRangesIncluded() {
        assertEquals("8", CloudAiConfig.builder().property("cloudai.backup.pool", "8").build().get("cloudai.backup.pool").orElseThrow());
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.backup.pool", "9").property("cloudai.backup.maximum-output-size", "red").build());
        assertEquals(java.util.List.of("cloudai.backup.pool: '9' is not from 1 to 8 (from code)",
                "unknown key 'cloudai.backup.maximum-output-size' (from code); provider 'backup' declares cloudai.backup.region,"
                        + " cloudai.backup.profile, cloudai.backup.endpoint, cloudai.backup.access-token, cloudai.backup.pool"),
                e.problems());
        var none = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.fake.region", "x").build());
        assertTrue(none.getMessage().contains("unknown key 'cloudai.fake.region' (from code); provider 'fake' declares no keys"),
                none.getMessage());
    }

    @Test
    void keysOfAnIdNoFactoryHasAreUnknownUnlessAShippedAdapterIsMissing() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.nocloud.something-else-entirely", "x").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.nocloud.something-else-entirely' (from code); no adapter with id"
                        + " 'nocloud' is on the classpath (adapters found: backup, fake); add its adapter, or correct the id"),
                e.problems());
        // sdk-aws is not on this module's classpath: its keys are kept for it with one warning, and using it names the artifact
        java.util.List<String> warnings = new java.util.ArrayList<>();
        assertEquals("eu-west-1", CloudAiConfig.builder().property("cloudai.aws.region", "eu-west-1")
                .property("cloudai.aws.profile", "dev").warnings(warnings::add).build().get("cloudai.aws.region").orElseThrow());
        assertEquals(java.util.List.of("2 keys are for provider 'aws', whose adapter is not on the classpath, and stay unchecked:"
                + " cloudai.aws.region (from code), cloudai.aws.profile (from code). Add the dependency dev.cloudai:sdk-aws to use"
                + " that provider, or ignore this when the configuration is shared with a service that does"), warnings);
        var region = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider("aws").region("eu-west-1").build());
        assertTrue(region.getMessage().contains("region('eu-west-1'): the adapter for 'aws', which knows its region key, is not on"
                + " the classpath; add the dependency dev.cloudai:sdk-aws"), region.getMessage());
    }

    @Test
    void aKeyUnderAMisspeltAdapterIdGetsTheKeyOfTheClosestAdapterFound() {
        var found = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.bakcup.region", "x").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.bakcup.region' (from code); no adapter with id 'bakcup' is on the"
                + " classpath (adapters found: backup, fake); did you mean 'cloudai.backup.region'?"), found.problems());
        // the key is too far from every key for a key suggestion, but its id is close to the id of an adapter found
        var byId = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.bkup.access-token-value", "2").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.bkup.access-token-value' (from code); no adapter with id 'bkup' is on"
                + " the classpath (adapters found: backup, fake); did you mean 'cloudai.backup.access-token'?"), byId.problems());
        // a shipped adapter's id counts, even when its adapter is absent: its key is then suggested as written
        var shipped = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.awz.region", "x").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.awz.region' (from code); no adapter with id 'awz' is on the classpath"
                + " (adapters found: backup, fake); did you mean 'cloudai.aws.region'?"), shipped.problems());
        // an SDK section is not an adapter id, and a typo in it is one in the SDK's keys
        var sdk = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.retry.tries", "2").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.retry.tries' (from code); the README's Configuration section lists every key"),
                sdk.problems());
        var section = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().property("cloudai.retyr.max-attempts", "2").build());
        assertEquals(java.util.List.of("unknown key 'cloudai.retyr.max-attempts' (from code); did you mean 'cloudai.retry.max-attempts'?"),
                section.problems());
    }

    /** A factory of id fake declaring what a test says. */
    private record Declaring(java.util.List<ConfigKeys.Key> keys, String region) implements dev.cloudai.spi.ProviderFactory {
        @Override
        public String id() {
            return "fake";
        }

        @Override
        public dev.cloudai.spi.Provider create(dev.cloudai.spi.ProviderConfig config) {
            throw new UnsupportedOperationException("only declares keys");
        }

        @Override
        public java.util.Optional<String> regionKey() {
            return java.util.Optional.ofNullable(region);
        }
    }

    @Test
    void aFactoryDeclaringAnotherProvidersKeyOrAnUndeclaredRegionKeyIsRefused() {
        dev.cloudai.spi.ProviderFactory stray = new Declaring(
                java.util.List.of(new ConfigKeys.Key("cloudai.aws.region", ConfigKeys.Type.TEXT, false, "Not mine.")), null);
        var e = assertThrows(IllegalStateException.class, () -> dev.cloudai.internal.DeclaredKeys.of(java.util.List.of(stray)));
        assertTrue(e.getMessage().contains("declares key 'cloudai.aws.region', which is not under cloudai.fake."), e.getMessage());
        dev.cloudai.spi.ProviderFactory noRegion = new Declaring(java.util.List.of(), "cloudai.fake.region");
        var r = assertThrows(IllegalStateException.class, () -> dev.cloudai.internal.DeclaredKeys.of(java.util.List.of(noRegion)));
        assertTrue(r.getMessage().contains(".regionKey() is 'cloudai.fake.region', which its keys() do not declare"), r.getMessage());
    }

    @Test
    void aTypoInAnEnvironmentVariableIsReportedToo() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(
                Map.of(), Map.of("CLOUDAI_RETRY_MAX_ATEMPTS", "5"), null));
        assertTrue(e.getMessage().contains("environment variable CLOUDAI_RETRY_MAX_ATEMPTS"), e.getMessage());
    }

    @Test
    void aKeyInThePropertiesFileOutsideTheCloudaiPrefixIsRejected() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of(), Map.of(),
                file("aws.region", "us-east-1")));
        assertTrue(e.getMessage().contains("'aws.region'"), e.getMessage());
    }

    @Test
    void badValuesFailNamingKeyValueAndSourceAllAtOnce() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.retry.max-attempts", "zero")
                .property("cloudai.retry.initial-backoff", "fast")
                .property("cloudai.backup.endpoint", "localhost:4566")
                .property("cloudai.provider", "AWS!")
                .build());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.retry.max-attempts: 'zero' is not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.retry.initial-backoff: 'fast' is not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.backup.endpoint: 'localhost:4566' is not an http:// or https:// URL"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.provider: 'AWS!' is not a provider id"), e.getMessage());
        assertTrue(e.getMessage().contains("(from code)"), e.getMessage());
    }

    @Test
    void durationsAcceptIsoAndShortForms() {
        CloudAiConfig c = CloudAiConfig.builder()
                .property("cloudai.retry.initial-backoff", "PT0.25S")
                .property("cloudai.retry.max-backoff", "5m")
                .property("cloudai.retry.max-attempts", "7").build();
        assertEquals(Duration.ofMillis(250), c.retry().initialBackoff());
        assertEquals(Duration.ofMinutes(5), c.retry().maxBackoff());
        assertEquals(7, c.retry().maxAttempts());
        assertEquals(Duration.ofMillis(500), CloudAiConfig.builder().property("cloudai.retry.initial-backoff", "500ms")
                .build().retry().initialBackoff());
    }

    @Test
    void aMaxBackoffBelowTheInitialBackoffIsRejected() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.retry.initial-backoff", "2s").property("cloudai.retry.max-backoff", "1s").build());
        assertTrue(e.getMessage().contains("cloudai.retry.max-backoff"), e.getMessage());
    }

    @Test
    void secretsNeverAppearInToStringDescribeOrMessages() {
        CloudAiConfig c = CloudAiConfig.builder().provider("backup").property("cloudai.backup.access-token", "s3cr3t-value").build();
        assertFalse(c.toString().contains("s3cr3t-value"), c.toString());
        assertFalse(c.describe().contains("s3cr3t-value"), c.describe());
        assertTrue(c.toString().contains("cloudai.backup.access-token=****"), c.toString());
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.backup.access-token", " ").build());
        assertTrue(e.getMessage().contains("(secret value hidden)"), e.getMessage());
    }

    @Test
    void regionGoesToTheConfiguredProvidersRegionKey() {
        // the key the provider's factory names as its region key (the adapters' own tests cover aws, gcp, azure)
        assertEquals("us-east-1", CloudAiConfig.builder().provider("backup").region("us-east-1").build()
                .get("cloudai.backup.region").orElseThrow());
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().provider("fake").region("x").build());
        assertTrue(e.getMessage().contains("provider 'fake' has no region key"), e.getMessage());
    }

    @Test
    void aCatalogFileMustExist(@TempDir Path dir) throws Exception {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().catalogFile(dir.resolve("missing.csv")).build());
        assertTrue(e.getMessage().contains("cloudai.catalog.file"), e.getMessage());
        Path real = Files.writeString(dir.resolve("c.csv"), "cloud\n");
        assertEquals(real, CloudAiConfig.builder().catalogFile(real).build().catalogFile().orElseThrow());
    }

    @Test
    void fallbackIsAnOrderedListOfProviderIds() {
        assertEquals(java.util.List.of("aws", "gcp", "azure"),
                CloudAiConfig.builder().property("cloudai.fallback", "aws, gcp ,azure").build().fallback());
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().property("cloudai.fallback", "aws,aws").build());
        assertTrue(e.getMessage().contains("names a provider twice"), e.getMessage());
    }

    @Test
    void everyKeyDocumentsItselfAndHasAnEnvironmentVariable() {
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            assertFalse(k.description().isBlank(), k.name());
            assertTrue(k.environmentVariable().matches("CLOUDAI_[A-Z0-9_]+"), k.environmentVariable());
        }
        assertTrue(ConfigKeys.isSecret("cloudai.azure.api-key"), "a key-like name is hidden even when its adapter is absent");
    }

    @Test
    void aModelAliasWithAnEmptyIdIsRejected() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().property("cloudai.models.default.aws", " ").build());
        assertTrue(e.getMessage().contains("cloudai.models.default.aws: the model id is empty"), e.getMessage());
    }
}

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
                Map.of("cloudai.aws.region", "from-sys"),
                Map.of("CLOUDAI_AWS_REGION", "from-env", "CLOUDAI_AWS_PROFILE", "env-profile"),
                file("cloudai.aws.region", "from-file", "cloudai.aws.profile", "file-profile", "cloudai.provider", "aws"));
        assertEquals("from-sys", c.get("cloudai.aws.region").orElseThrow());
        assertEquals("system property", c.sourceOf("cloudai.aws.region").orElseThrow());
        assertEquals("env-profile", c.get("cloudai.aws.profile").orElseThrow());
        assertEquals("environment variable CLOUDAI_AWS_PROFILE", c.sourceOf("cloudai.aws.profile").orElseThrow());
        assertEquals("aws", c.provider().orElseThrow());
        assertEquals("cloudai.properties", c.sourceOf("cloudai.provider").orElseThrow());
    }

    @Test
    void environmentVariablesMapToKeysWithHyphensAndModelAliases() {
        CloudAiConfig c = ConfigLoader.load(Map.of(), Map.of(
                "CLOUDAI_AZURE_API_KEY", "k-123",
                "CLOUDAI_AZURE_RESOURCE_GROUP", "rg",
                "CLOUDAI_MODELS_FAST_CHAT_AWS", "anthropic.claude-3-haiku-20240307-v1:0",
                "PATH", "/usr/bin"), null);
        assertEquals("k-123", c.get(ConfigKeys.AZURE_API_KEY).orElseThrow());
        assertEquals("rg", c.get(ConfigKeys.AZURE_RESOURCE_GROUP).orElseThrow());
        assertEquals("anthropic.claude-3-haiku-20240307-v1:0", c.model("fast-chat", "aws").orElseThrow(),
                "alias names match whether written with hyphens or underscores");
        assertFalse(c.keys().stream().anyMatch(k -> k.contains("path")), "unrelated variables are ignored");
    }

    @Test
    void envReferencesAreResolvedWithOptionalDefaults() {
        CloudAiConfig c = ConfigLoader.load(Map.of(), Map.of("MY_KEY", "secret-from-env"), file(
                "cloudai.azure.api-key", "${env:MY_KEY}",
                "cloudai.azure.endpoint", "https://${env:RESOURCE:-myres}.openai.azure.com"));
        assertEquals("secret-from-env", c.get(ConfigKeys.AZURE_API_KEY).orElseThrow());
        assertEquals("https://myres.openai.azure.com", c.get(ConfigKeys.AZURE_ENDPOINT).orElseThrow());
    }

    @Test
    void anEnvReferenceToAnUnsetVariableFailsNamingTheKeyAndTheVariable() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(Map.of(), Map.of(),
                file("cloudai.azure.api-key", "${env:AZURE_OPENAI_KEY}")));
        assertTrue(e.getMessage().contains("cloudai.azure.api-key: ${env:AZURE_OPENAI_KEY} refers to environment variable"
                + " AZURE_OPENAI_KEY, which is not set"), e.getMessage());
    }

    @Test
    void aTypoInAKeyFailsWithTheKeyItsSourceAndASuggestion() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigLoader.load(
                Map.of("cloudai.aws.regoin", "us-east-1"), Map.of(), null));
        assertEquals(1, e.problems().size());
        assertEquals("unknown key 'cloudai.aws.regoin' (from system property); did you mean 'cloudai.aws.region'?",
                e.problems().get(0));
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
                .property("cloudai.aws.endpoint", "localhost:4566")
                .property("cloudai.provider", "AWS!")
                .build());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.retry.max-attempts: 'zero' is not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.retry.initial-backoff: 'fast' is not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("cloudai.aws.endpoint: 'localhost:4566' is not an http:// or https:// URL"), e.getMessage());
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
        CloudAiConfig c = CloudAiConfig.builder().provider("azure").property("cloudai.azure.api-key", "s3cr3t-value").build();
        assertFalse(c.toString().contains("s3cr3t-value"), c.toString());
        assertFalse(c.describe().contains("s3cr3t-value"), c.describe());
        assertTrue(c.toString().contains("cloudai.azure.api-key=****"), c.toString());
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.azure.api-key", " ").build());
        assertTrue(e.getMessage().contains("(secret value hidden)"), e.getMessage());
    }

    @Test
    void regionGoesToTheConfiguredProvidersRegionKey() {
        assertEquals("us-east-1", CloudAiConfig.builder().provider("aws").region("us-east-1").build()
                .get(ConfigKeys.AWS_REGION).orElseThrow());
        assertEquals("europe-west4", CloudAiConfig.builder().provider("gcp").region("europe-west4").build()
                .get(ConfigKeys.GCP_LOCATION).orElseThrow());
        assertEquals("eastus", CloudAiConfig.builder().provider("azure").region("eastus").build()
                .get(ConfigKeys.AZURE_LOCATION).orElseThrow());
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
        assertTrue(ConfigKeys.isSecret(ConfigKeys.AZURE_API_KEY));
    }

    @Test
    void aModelAliasWithAnEmptyIdIsRejected() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().property("cloudai.models.default.aws", " ").build());
        assertTrue(e.getMessage().contains("cloudai.models.default.aws: the model id is empty"), e.getMessage());
    }
}

package dev.cloudai.config;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key checks its own values and says what it is required for: the messages {@code CloudAiConfig} and
 * {@code ProviderConfig.require} give come from here.
 */
class KeyDeclarationTest {
    private static final ConfigKeys.Key PROJECT = new ConfigKeys.Key("cloudai.mycloud.project", ConfigKeys.Type.TEXT, false,
            "The project.");

    @Test
    void eachKeyNamesItselfTheValueTheReasonAndTheSource() {
        ConfigKeys.Key timeout = ConfigKeys.find(ConfigKeys.TIMEOUT).orElseThrow();
        assertEquals(Optional.of("cloudai.timeout: '0s' is not from 1ms to 24h (from system property)"),
                timeout.problem(" 0s ", "system property"));
        assertEquals(Optional.of("cloudai.timeout: 'soon' is not a duration; use ISO-8601 (PT0.5S) or 500ms, 2s, 5m, 1h, from"
                + " 1ms to 24h (from code)"), timeout.problem("soon", "code"));
        assertEquals(Optional.empty(), timeout.problem("2s", "code"));
        ConfigKeys.Key secret = new ConfigKeys.Key("cloudai.mycloud.token", ConfigKeys.Type.URL, true, "A token.");
        assertEquals(Optional.of("cloudai.mycloud.token: (secret value hidden) is not an http:// or https:// URL with a host"
                + " (from code)"), secret.problem("s3cr3t", "code"));
    }

    @Test
    void aKeyIsOptionalUntilDeclaredRequiredForACapability() {
        assertEquals(Set.of(), PROJECT.requiredFor());
        assertEquals("optional", PROJECT.requirement());
        assertEquals("endpoints", PROJECT.required(ConfigKeys.Capability.ENDPOINTS).requirement());
        assertEquals("chat, embeddings",
                PROJECT.required(ConfigKeys.Capability.EMBEDDINGS, ConfigKeys.Capability.CHAT).requirement());
        assertEquals("always", PROJECT.required(ConfigKeys.Capability.CHAT, ConfigKeys.Capability.EMBEDDINGS,
                ConfigKeys.Capability.ENDPOINTS, ConfigKeys.Capability.BATCH).requirement());
        assertEquals("chat, embeddings, endpoints", PROJECT.required(ConfigKeys.Capability.CHAT,
                ConfigKeys.Capability.EMBEDDINGS, ConfigKeys.Capability.ENDPOINTS).requirement());
        assertEquals("batch", PROJECT.required(ConfigKeys.Capability.BATCH).requirement());
        assertEquals(EnumSet.of(ConfigKeys.Capability.ENDPOINTS), PROJECT.required(ConfigKeys.Capability.ENDPOINTS).requiredFor());
    }

    @Test
    void aMissingKeySaysWhatNeedsIt() {
        assertEquals("cloudai.mycloud.project is required by provider 'mycloud' for endpoints (The project.); set it in"
                        + " cloudai.properties, as -Dcloudai.mycloud.project=..., or as environment variable CLOUDAI_MYCLOUD_PROJECT",
                PROJECT.required(ConfigKeys.Capability.ENDPOINTS).missing("mycloud"));
        assertTrue(PROJECT.required(ConfigKeys.Capability.CHAT, ConfigKeys.Capability.EMBEDDINGS, ConfigKeys.Capability.ENDPOINTS,
                        ConfigKeys.Capability.BATCH)
                .missing("mycloud").startsWith("cloudai.mycloud.project is required by provider 'mycloud' (The project.)"));
    }

    @Test
    void requiredForHoldsNoNull() {
        Set<ConfigKeys.Capability> withNull = new HashSet<>();
        withNull.add(null);
        var e = assertThrows(NullPointerException.class, () -> new ConfigKeys.Key("cloudai.mycloud.project",
                ConfigKeys.Type.TEXT, false, "The project.", Optional.empty(), Optional.empty(), withNull));
        assertEquals("requiredFor: holds null", e.getMessage());
    }
}

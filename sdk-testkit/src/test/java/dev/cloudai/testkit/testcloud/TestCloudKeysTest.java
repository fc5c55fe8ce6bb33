package dev.cloudai.testkit.testcloud;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An adapter from outside this project owns its keys: testcloud's factory declares
 * {@value TestCloudProviderFactory#API_VERSION}, and {@code CloudAiConfig} checks it at start-up like the SDK's own
 * keys (range, "did you mean" for a typo) before the provider reads it.
 */
class TestCloudKeysTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new TestCloud().serveModels("my-model"));

    @Test
    void theProviderReadsItsDeclaredKey() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("testcloud").property(TestCloudProviderFactory.API_VERSION, "2").build())) {
            ai.chatModel("my-model").chat(ChatRequest.ofUser("Hello"));
        }
        EMULATOR.emulator().cloud("testcloud", TestCloud.class).server().verify(1,
                postRequestedFor(urlEqualTo("/v1/models/my-model/chat")).withHeader("x-api-version", equalTo("2")));
    }

    @Test
    void aValueOutsideTheDeclaredRangeFailsAtStartUp() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider("testcloud")
                .property(TestCloudProviderFactory.API_VERSION, "3").build());
        assertEquals(List.of("cloudai.testcloud.api-version: '3' is not from 1 to 2 (from code)"), e.problems());
    }

    @Test
    void aTypoInTheProvidersKeyGetsASuggestion() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider("testcloud")
                .property("cloudai.testcloud.api-verison", "2").build());
        assertEquals(List.of("unknown key 'cloudai.testcloud.api-verison' (from code); did you mean 'cloudai.testcloud.api-version'?"),
                e.problems());
    }

    @Test
    void aKeyOfAProviderWithoutDeclarationsIsUnknown() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.sloppycloud.api-version", "2").build());
        assertEquals(List.of("unknown key 'cloudai.sloppycloud.api-version' (from code); provider 'sloppycloud' declares no keys"),
                e.problems());
    }
}

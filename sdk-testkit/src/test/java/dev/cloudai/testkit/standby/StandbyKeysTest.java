package dev.cloudai.testkit.standby;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standby provider is configured as an adapter from outside sdk-api is: it declares
 * {@value StandbyProviderFactory#ENDPOINT}, {@code CloudAiConfig} checks that key with the messages it gives the
 * SDK's own keys, and the provider reads it from its {@code ProviderConfig}, with no other way to find its server.
 */
class StandbyKeysTest {
    private static final StandbyCloud STANDBY = new StandbyCloud();

    @BeforeAll
    static void start() {
        STANDBY.start();
    }

    @AfterAll
    static void stop() {
        STANDBY.close();
    }

    @Test
    void theProviderChatsWithTheServerItsDeclaredKeyNames() {
        STANDBY.reset();
        CloudAiConfig.Builder config = CloudAiConfig.builder().provider(StandbyCloud.ID);
        STANDBY.properties().forEach(config::property);
        try (CloudAi ai = CloudAi.create(config.build())) {
            assertEquals(Canned.CHAT_TEXT, ai.chatModel("any").chat(ChatRequest.ofUser("Hello")).text());
        }
        assertEquals(1, STANDBY.requestCount());
    }

    @Test
    void aMisspeltKeyGetsADidYouMean() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider(StandbyCloud.ID)
                .property("cloudai.standby.endpiont", STANDBY.baseUrl()).build());
        assertEquals(List.of("unknown key 'cloudai.standby.endpiont' (from code); did you mean 'cloudai.standby.endpoint'?"),
                e.problems());
    }

    @Test
    void aBadValueNamesTheKeyAndTheValue() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider(StandbyCloud.ID)
                .property(StandbyProviderFactory.ENDPOINT, "localhost:8080").build());
        assertEquals(List.of("cloudai.standby.endpoint: 'localhost:8080' is not an http:// or https:// URL with a host (from code)"),
                e.problems());
    }

    @Test
    void aMissingEndpointSaysWhatNeedsIt() {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAi.create(CloudAiConfig.builder().provider(StandbyCloud.ID).build()));
        assertEquals(List.of("cloudai.standby.endpoint is required by provider 'standby' for chat (The URL of the standby"
                + " cloud emulator, for example http://127.0.0.1:8080.); set it in cloudai.properties, as"
                + " -Dcloudai.standby.endpoint=..., or as environment variable CLOUDAI_STANDBY_ENDPOINT"), e.problems());
    }

    @Test
    void aMisspeltProviderIdInAKeyIsCaughtToo() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider(StandbyCloud.ID)
                .property("cloudai.stanby.endpoint", STANDBY.baseUrl()).build());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).endsWith("did you mean 'cloudai.standby.endpoint'?"), e.getMessage());
    }
}

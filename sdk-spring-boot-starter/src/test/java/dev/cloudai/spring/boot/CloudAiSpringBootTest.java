package dev.cloudai.spring.boot;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Spring Boot application with the starter, configured by {@code application.yml} alone (relaxed names included),
 * the emulator's endpoint and region added with {@code @DynamicPropertySource}: it chats and embeds through the
 * beans. The nested class starts it again with the profile {@code tuned}, whose file overrides one key.
 */
@SpringBootTest(classes = CloudAiSpringBootTest.App.class)
class CloudAiSpringBootTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        // the emulator's endpoint and region; cloudai.provider is application.yml's
        for (String key : new String[] {"cloudai.aws.endpoint", "cloudai.aws.region"}) {
            registry.add(key, () -> EMULATOR.properties("aws").get(key));
        }
    }

    @Autowired
    CloudAi cloudAi;
    @Autowired
    ChatModel chat;
    @Autowired
    EmbeddingModel embed;

    @Test
    void chatsAndEmbedsAgainstTheEmulatorFromApplicationYml() {
        ChatResponse answer = chat.chat(ChatRequest.ofUser("Hello"));
        assertEquals(Canned.CHAT_TEXT, answer.text());
        assertEquals("aws", answer.provider());
        assertEquals(1, embed.embed(EmbeddingRequest.of("Hello")).embeddings().size());
    }

    @Test
    void relaxedNamesInApplicationYmlReachTheSdk() {
        assertEquals(2, cloudAi.config().retry().maxAttempts());
        assertEquals(Duration.ofSeconds(45), cloudAi.config().resilience().waitInOpen());
    }

    @Nested
    @ActiveProfiles("tuned")
    class WithAProfile {
        @Autowired
        CloudAi tuned;

        @Test
        void theProfilesFileOverridesApplicationYml() {
            assertEquals(4, tuned.config().retry().maxAttempts());
            assertEquals(Duration.ofSeconds(45), tuned.config().resilience().waitInOpen());
            assertEquals(Canned.CHAT_TEXT, tuned.chatModel("default").chat(ChatRequest.ofUser("Hello")).text());
        }
    }
}

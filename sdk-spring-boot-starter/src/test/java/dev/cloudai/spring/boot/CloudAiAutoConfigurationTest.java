package dev.cloudai.spring.boot;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auto-configuration in application contexts without a Spring Boot application around them (fast): the
 * {@code CloudAi} bean against the AWS emulator, listener beans attached in order, model beans present or absent by
 * configuration, backing off for the application's own beans, and the health indicator's content.
 */
class CloudAiAutoConfigurationTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CloudAiAutoConfiguration.class, CloudAiHealthAutoConfiguration.class));

    /** The emulator's keys ({@code cloudai.provider=aws}, its endpoint and region) as property values. */
    private static String[] emulator(String... more) {
        List<String> values = new java.util.ArrayList<>();
        EMULATOR.properties("aws").forEach((k, v) -> values.add(k + "=" + v));
        values.addAll(List.of(more));
        return values.toArray(String[]::new);
    }

    @Test
    void chatsThroughTheChatModelBeanAndOffersTheEmbeddingModel() {
        runner.withPropertyValues(emulator("cloudai.models.default.aws=" + SampleModels.chat("aws"),
                        "cloudai.models.embed.aws=" + SampleModels.embedding("aws")))
                .run(context -> {
                    assertEquals(Canned.CHAT_TEXT, context.getBean("chatModel", ChatModel.class)
                            .chat(ChatRequest.ofUser("Hello")).text());
                    EmbeddingModel embed = context.getBean("embeddingModel", EmbeddingModel.class);
                    assertEquals(2, embed.embed(EmbeddingRequest.of("a", "b")).embeddings().size());
                    assertEquals("aws", context.getBean(CloudAi.class).providerId());
                });
    }

    @Test
    void modelBeansExistOnlyForConfiguredAliases() {
        runner.withPropertyValues(emulator()).run(context -> {
            assertTrue(context.getBeansOfType(ChatModel.class).isEmpty());
            assertTrue(context.getBeansOfType(EmbeddingModel.class).isEmpty());
            assertEquals(1, context.getBeansOfType(CloudAi.class).size());
        });
        // the embed alias alone, as an environment variable: an embedding model and no chat model
        runner.withPropertyValues(emulator())
                .withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        "systemEnvironment", Map.of("CLOUDAI_MODELS_EMBED_AWS", SampleModels.embedding("aws")))))
                .run(context -> {
                    assertTrue(context.getBeansOfType(ChatModel.class).isEmpty());
                    assertEquals(List.of("embeddingModel"), List.copyOf(context.getBeansOfType(EmbeddingModel.class).keySet()));
                });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        CloudAi own = CloudAi.create(EMULATOR.config("aws").build());
        runner.withPropertyValues("cloudai.models.default.aws=" + SampleModels.chat("aws"))
                .withBean("myCloudAi", CloudAi.class, () -> own)
                .withBean("myChat", ChatModel.class, () -> own.chatModel(SampleModels.chat("aws")))
                .run(context -> {
                    assertSame(own, context.getBean(CloudAi.class));
                    assertEquals(List.of("myChat"), List.copyOf(context.getBeansOfType(ChatModel.class).keySet()));
                });
        assertThrows(IllegalStateException.class, () -> own.chatModel("x"), "the context closed the application's CloudAi");
    }

    /** Two listeners, given out of order; each records its name when it hears a finished call. */
    @Configuration(proxyBeanMethods = false)
    static class Listeners {
        static final List<String> HEARD = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        CallListener second() {
            return recording("second");
        }

        @Bean
        @Order(1)
        CallListener first() {
            return recording("first");
        }

        private static CallListener recording(String name) {
            return new CallListener() {
                @Override
                public void onCallFinished(CallFinished e) {
                    HEARD.add(name + ":" + e.provider() + "." + e.operation());
                }
            };
        }
    }

    @Test
    void everyListenerBeanIsAttachedInOrder() {
        Listeners.HEARD.clear();
        runner.withPropertyValues(emulator("cloudai.models.default.aws=" + SampleModels.chat("aws")))
                .withUserConfiguration(Listeners.class)
                .run(context -> {
                    context.getBean(ChatModel.class).chat(ChatRequest.ofUser("Hello"));
                    assertEquals(List.of("first:aws.chat", "second:aws.chat"), Listeners.HEARD);
                });
    }

    @Test
    void theHealthOfEachProviderFollowsItsCircuits() {
        runner.withPropertyValues(emulator("cloudai.models.default.aws=" + SampleModels.chat("aws"),
                        "cloudai.retry.max-attempts=1", "cloudai.circuit-breaker.sliding-window-size=2",
                        "cloudai.circuit-breaker.minimum-calls=2", "cloudai.circuit-breaker.wait-in-open=1h"))
                .run(context -> {
                    HealthIndicator aws = indicator(context.getBean("cloudAiHealthContributor",
                            CompositeHealthContributor.class), "aws");
                    Health before = aws.health();
                    assertEquals(Status.UP, before.getStatus());
                    assertEquals(Map.of("role", "primary", "circuits", Map.of()), before.getDetails());
                    int requests = EMULATOR.cloud("aws").requestCount();

                    EMULATOR.cloud("aws").inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
                    ChatModel chat = context.getBean(ChatModel.class);
                    for (int i = 0; i < 2; i++) {
                        assertThrows(CloudAiException.class, () -> chat.chat(ChatRequest.ofUser("Hello")));
                    }

                    Health after = aws.health();
                    assertEquals(Status.DOWN, after.getStatus());
                    assertEquals(Map.of("role", "primary", "circuits", Map.of("chat", "OPEN")), after.getDetails());
                    assertEquals(requests + 2, EMULATOR.cloud("aws").requestCount(), "reading health calls no cloud");
                });
    }

    @Test
    void noHealthIndicatorWithoutBootsHealthModuleOrWhenDisabled() {
        runner.withPropertyValues(emulator())
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> {
                    assertFalse(context.containsBean("cloudAiHealthContributor"));
                    assertEquals(1, context.getBeansOfType(CloudAi.class).size());
                });
        runner.withPropertyValues(emulator("management.health.cloudai.enabled=false"))
                .run(context -> assertFalse(context.containsBean("cloudAiHealthContributor")));
    }

    private static HealthIndicator indicator(CompositeHealthContributor composite, String name) {
        return assertInstanceOf(HealthIndicator.class, composite.getContributor(name));
    }
}

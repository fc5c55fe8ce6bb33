package dev.cloudai.spring.boot;

import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.micrometer.MicrometerListener;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With sdk-micrometer and a {@code MeterRegistry} bean, a {@link MicrometerListener} bean meters every call of the
 * {@code CloudAi} bean; without the registry bean or without Micrometer there is none.
 */
class CloudAiMicrometerAutoConfigurationTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CloudAiAutoConfiguration.class, CloudAiMicrometerAutoConfiguration.class));

    private static String[] emulator() {
        List<String> values = new ArrayList<>();
        EMULATOR.properties("aws").forEach((k, v) -> values.add(k + "=" + v));
        values.add("cloudai.models.default.aws=" + SampleModels.chat("aws"));
        return values.toArray(String[]::new);
    }

    @Test
    void theApplicationsRegistryMetersEveryCall() {
        runner.withPropertyValues(emulator()).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertEquals(1, context.getBeansOfType(MicrometerListener.class).size());
            context.getBean(ChatModel.class).chat(ChatRequest.ofUser("Hello"));

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertEquals(1, registry.get(MicrometerListener.CALLS).tag("provider", "aws").tag("operation", "chat")
                    .tag("outcome", "success").timer().count());
        });
    }

    @Test
    void noListenerWithoutARegistryBeanOrWithoutMicrometer() {
        runner.withPropertyValues(emulator())
                .run(context -> assertTrue(context.getBeansOfType(MicrometerListener.class).isEmpty()));
        runner.withPropertyValues(emulator()).withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> {
                    assertTrue(context.getBeansOfType(MicrometerListener.class).isEmpty());
                    assertEquals(1, context.getBeanNamesForType(ChatModel.class).length);
                });
    }
}

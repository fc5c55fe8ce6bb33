package dev.cloudai.spring.boot;

import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.opentelemetry.OpenTelemetryListener;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
 * With sdk-opentelemetry and an {@code OpenTelemetry} bean, an {@link OpenTelemetryListener} bean traces every call
 * of the {@code CloudAi} bean; without the bean or without OpenTelemetry there is none.
 */
class CloudAiOpenTelemetryAutoConfigurationTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CloudAiAutoConfiguration.class, CloudAiOpenTelemetryAutoConfiguration.class));

    private static String[] emulator() {
        List<String> values = new ArrayList<>();
        EMULATOR.properties("aws").forEach((k, v) -> values.add(k + "=" + v));
        values.add("cloudai.models.default.aws=" + SampleModels.chat("aws"));
        return values.toArray(String[]::new);
    }

    @Test
    void theApplicationsOpenTelemetryTracesEveryCall() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        runner.withPropertyValues(emulator()).withBean(OpenTelemetry.class, () -> sdk).run(context -> {
            assertEquals(1, context.getBeansOfType(OpenTelemetryListener.class).size());
            context.getBean(ChatModel.class).chat(ChatRequest.ofUser("Hello"));

            assertEquals(List.of("chat " + SampleModels.chat("aws")),
                    spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
        });
        sdk.close();
    }

    @Test
    void noListenerWithoutAnOpenTelemetryBeanOrWithoutOpenTelemetry() {
        runner.withPropertyValues(emulator())
                .run(context -> assertTrue(context.getBeansOfType(OpenTelemetryListener.class).isEmpty()));
        runner.withPropertyValues(emulator()).withClassLoader(new FilteredClassLoader(OpenTelemetry.class))
                .run(context -> {
                    assertTrue(context.getBeansOfType(OpenTelemetryListener.class).isEmpty());
                    assertEquals(1, context.getBeanNamesForType(ChatModel.class).length);
                });
    }
}

package dev.cloudai.spring.boot;

import dev.cloudai.micrometer.MicrometerListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A {@link MicrometerListener} bean, meters of every call, when the application has {@code sdk-micrometer} and a
 * {@link MeterRegistry} bean (Actuator makes one). Like every {@code CallListener} bean, it is attached to the
 * {@code CloudAi} bean.
 *
 * <pre>{@code
 * <dependency><groupId>dev.cloudai</groupId><artifactId>sdk-micrometer</artifactId></dependency>
 * }</pre>
 */
@AutoConfiguration(afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MicrometerListener.class})
@ConditionalOnBean(MeterRegistry.class)
public class CloudAiMicrometerAutoConfiguration {

    /** The listener, on the application's {@code MeterRegistry}. */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerListener cloudAiMicrometerListener(MeterRegistry registry) {
        return MicrometerListener.create(registry);
    }
}

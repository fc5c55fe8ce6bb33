package dev.cloudai.spring.boot;

import dev.cloudai.opentelemetry.OpenTelemetryListener;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An {@link OpenTelemetryListener} bean, GenAI spans and metrics of every call, when the application has
 * {@code sdk-opentelemetry} and an {@link OpenTelemetry} bean (Boot's {@code spring-boot-starter-opentelemetry}
 * makes one). Like every {@code CallListener} bean, it is attached to the {@code CloudAi} bean.
 *
 * <pre>{@code
 * <dependency><groupId>dev.cloudai</groupId><artifactId>sdk-opentelemetry</artifactId></dependency>
 * }</pre>
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({OpenTelemetry.class, OpenTelemetryListener.class})
@ConditionalOnBean(OpenTelemetry.class)
public class CloudAiOpenTelemetryAutoConfiguration {

    /** The listener, on the application's {@code OpenTelemetry}. */
    @Bean
    @ConditionalOnMissingBean
    public OpenTelemetryListener cloudAiOpenTelemetryListener(OpenTelemetry openTelemetry) {
        return OpenTelemetryListener.create(openTelemetry);
    }
}

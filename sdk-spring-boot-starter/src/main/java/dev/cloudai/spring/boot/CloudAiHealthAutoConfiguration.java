package dev.cloudai.spring.boot;

import dev.cloudai.CloudAi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A health contributor {@code cloudAi} with one indicator per provider of the {@code CloudAi} bean (the configured
 * one, then {@code cloudai.fallback}'s), from the circuit states {@link CloudAiCircuitStates} heard: no cloud call is
 * made. Configured when Boot's health module is on the classpath (Actuator brings it); off with
 * {@code management.health.cloudai.enabled=false}.
 *
 * <pre>{@code
 * GET /actuator/health/cloudAi
 * {"status":"UP","components":{"aws":{"status":"UP","details":{"role":"primary","circuits":{}}}}}
 * }</pre>
 */
@AutoConfiguration(after = CloudAiAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean({CloudAi.class, CloudAiCircuitStates.class})
public class CloudAiHealthAutoConfiguration {

    /**
     * Nested so that its condition, a class of the health module, is read only once the health module is known
     * to be there: Spring collects every condition of a class before evaluating the first.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("cloudai")
    static class Indicators {

        /** One {@link CloudAiHealthIndicator} per provider, named by its id. */
        @Bean
        @ConditionalOnMissingBean(name = "cloudAiHealthContributor")
        CompositeHealthContributor cloudAiHealthContributor(CloudAi cloudAi, CloudAiCircuitStates circuits) {
            Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
            for (String id : cloudAi.providerIds()) {
                indicators.put(id, new CloudAiHealthIndicator(id, id.equals(cloudAi.providerId()), circuits));
            }
            return CompositeHealthContributor.fromMap(indicators);
        }
    }
}

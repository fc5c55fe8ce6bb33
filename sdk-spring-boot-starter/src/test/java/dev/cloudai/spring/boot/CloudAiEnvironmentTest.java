package dev.cloudai.spring.boot;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How {@link CloudAiEnvironment} finds the {@code cloudai.*} keys in Spring property sources: relaxed names,
 * environment variables, YAML lists, precedence, placeholders; and that the SDK then checks them as it does outside
 * Spring. No application context: a plain environment with hand-made sources.
 */
class CloudAiEnvironmentTest {

    /** An environment with no system sources, then {@code sources} in order of precedence, Boot's view attached. */
    private static StandardEnvironment environment(org.springframework.core.env.PropertySource<?>... sources) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        for (var s : sources) env.getPropertySources().addLast(s);
        ConfigurationPropertySources.attach(env);
        return env;
    }

    private static MapPropertySource map(String name, Map<String, Object> values) {
        return new MapPropertySource(name, values);
    }

    @Test
    void relaxedNamesBecomeTheCanonicalKeys() {
        var env = environment(map("application.yml", Map.of(
                "cloudai.provider", "aws",
                "cloudai.retry.maxAttempts", 5,                      // camel case, an Integer as YAML gives it
                "cloudai.retry.initial_backoff", "10ms",             // underscore
                "cloudai.retry.maxbackoff", "1s",                    // Boot's uniform form
                "cloudai.circuitBreaker.failureRateThreshold", "60",
                "cloudai.aws.executionRole", "arn:aws:iam::1:role/r",  // an adapter's declared key
                "cloudai.models.default.aws", "anthropic.claude-3-haiku-20240307-v1:0",
                "cloudai.models[embed].aws", "amazon.titan-embed-text-v2:0",
                "spring.application.name", "not ours")));

        assertEquals(Map.of(
                "cloudai.provider", "aws",
                "cloudai.retry.max-attempts", "5",
                "cloudai.retry.initial-backoff", "10ms",
                "cloudai.retry.max-backoff", "1s",
                "cloudai.circuit-breaker.failure-rate-threshold", "60",
                "cloudai.aws.execution-role", "arn:aws:iam::1:role/r",
                "cloudai.models.default.aws", "anthropic.claude-3-haiku-20240307-v1:0",
                "cloudai.models.embed.aws", "amazon.titan-embed-text-v2:0"), CloudAiEnvironment.properties(env));

        CloudAiConfig config = CloudAiEnvironment.config(env).build();
        assertEquals(5, config.retry().maxAttempts());
        assertEquals("amazon.titan-embed-text-v2:0", config.model("embed", "aws").orElseThrow());
    }

    @Test
    void environmentVariablesAreReadAsTheSdkReadsThem() {
        var env = environment(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "CLOUDAI_PROVIDER", "azure",
                "CLOUDAI_RETRY_MAX_ATTEMPTS", "4",
                "CLOUDAI_AZURE_API_KEY", "secret",
                "CLOUDAI_MODELS_DEFAULT_AZURE", "gpt-4o",
                "CLOUDAI_MODELS_MY_ALIAS_AZURE", "gpt-4o-mini",
                "PATH", "/usr/bin")));

        assertEquals(Map.of(
                "cloudai.provider", "azure",
                "cloudai.retry.max-attempts", "4",
                "cloudai.azure.api-key", "secret",
                "cloudai.models.default.azure", "gpt-4o",
                "cloudai.models.my_alias.azure", "gpt-4o-mini"), CloudAiEnvironment.properties(env));
    }

    @Test
    void anEarlierSourceWinsAsInSpringsOwnBinding() {
        var env = environment(
                map("commandLineArgs", Map.of("cloudai.retry.max-attempts", "7")),
                new SystemEnvironmentPropertySource("systemEnvironment", Map.of("CLOUDAI_RETRY_MAX_ATTEMPTS", "4",
                        "CLOUDAI_TIMEOUT", "30s")),
                map("application.yml", Map.of("cloudai.retry.maxAttempts", "2", "cloudai.timeout", "10s",
                        "cloudai.provider", "aws")));

        Map<String, String> p = CloudAiEnvironment.properties(env);
        assertEquals("7", p.get("cloudai.retry.max-attempts"));
        assertEquals("30s", p.get("cloudai.timeout"));
        assertEquals("aws", p.get("cloudai.provider"));
    }

    @Test
    void aYamlListIsTheCommaSeparatedValue() {
        var env = environment(map("application.yml", Map.of(
                "cloudai.fallback[1]", "azure", "cloudai.fallback[0]", "gcp", "cloudai.provider", "aws")));

        assertEquals("gcp,azure", CloudAiEnvironment.properties(env).get("cloudai.fallback"));
    }

    @Test
    void springPlaceholdersAreResolvedAndTheSdksEnvReferencesAreLeftToIt() {
        var env = environment(map("application.yml", Map.of(
                "region", "eu-west-3",
                "cloudai.aws.region", "${region}",
                "cloudai.azure.api-key", "${env:AZURE_OPENAI_API_KEY}")));

        Map<String, String> p = CloudAiEnvironment.properties(env);
        assertEquals("eu-west-3", p.get("cloudai.aws.region"));
        assertEquals("${env:AZURE_OPENAI_API_KEY}", p.get("cloudai.azure.api-key"));
    }

    @Test
    void aMisspeltKeyFailsExactlyAsOutsideSpring() {
        var env = environment(map("application.yml", Map.of("cloudai.provider", "aws", "cloudai.aws.regoin", "us-east-1",
                "cloudai.retry.maxAttempts", "0")));
        ConfigurationException outside = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property("cloudai.provider", "aws").property("cloudai.aws.regoin", "us-east-1")
                .property("cloudai.retry.max-attempts", "0").build());

        ConfigurationException inSpring = assertThrows(ConfigurationException.class,
                () -> CloudAiEnvironment.config(env).build());

        // the same problems, each naming the property source that set the key instead of "code"
        assertEquals(outside.getMessage().replace("(from code)", "(from application.yml)"), inSpring.getMessage());
        assertEquals(2, inSpring.problems().size(), inSpring.getMessage());
        assertEquals(List.of(true, true), List.of(inSpring.getMessage().contains("cloudai.aws.regoin"),
                inSpring.getMessage().contains("cloudai.aws.region")), inSpring.getMessage());
    }
}

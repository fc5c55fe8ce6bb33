package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;

import java.util.Set;

/**
 * The README's tour: what the SDK does, shown on this machine with no cloud account. It grows with the SDK; today
 * it shows the providers found on the classpath, how configuration is read and checked, and the retry policy.
 *
 * <pre>{@code
 * ./mvnw -q -Ptour -DskipTests verify
 * }</pre>
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) {
        System.out.println("Cloud AI SDK for Java: the tour");
        System.out.println("===============================");
        System.out.println("Running locally: no cloud account or network is used.");
        System.out.println();

        section("1. Providers found on the classpath (java.util.ServiceLoader)");
        Set<String> found = CloudAi.availableProviders();
        System.out.println(found.isEmpty()
                ? "   none yet: the aws, gcp and azure adapters register themselves as their issues land"
                : "   " + String.join(", ", found));

        section("2. Configuration: system properties > environment > cloudai.properties");
        CloudAiConfig config = CloudAiConfig.builder()
                .provider("aws").region("us-east-1")
                .model("default", "aws", "anthropic.claude-3-haiku-20240307-v1:0")
                .model("default", "gcp", "gemini-2.0-flash-001")
                .property(ConfigKeys.AZURE_API_KEY, "example-key-never-printed")
                .property(ConfigKeys.RETRY_MAX_ATTEMPTS, "4")
                .property(ConfigKeys.RETRY_INITIAL_BACKOFF, "250ms")
                .build();
        config.describe().lines().forEach(l -> System.out.println("   " + l));
        System.out.println("   Switching cloud is one key: cloudai.provider=gcp picks cloudai.models.default.gcp.");

        section("3. Mistakes fail at start-up, naming the key, the value and the fix");
        try {
            CloudAiConfig.builder().provider("aws").property("cloudai.aws.regoin", "us-east-1")
                    .property(ConfigKeys.RETRY_MAX_ATTEMPTS, "lots").build();
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> System.out.println("   - " + p));
        }
        try {
            CloudAi.create(CloudAiConfig.builder().provider("gcp").build()).close();
            System.out.println("   the gcp adapter is on the classpath");
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> System.out.println("   - " + p));
        }

        section("4. Every call goes through one pipeline");
        System.out.println("   Errors map to one sealed tree (ThrottledException, UnavailableException, ...) with the");
        System.out.println("   provider's code and request id; retryable ones are retried with exponential backoff and");
        System.out.println("   jitter, honouring Retry-After, at most cloudai.retry.max-attempts requests per call.");
        System.out.println();
        System.out.println("Next in the tour, as they land: chat, streaming and embeddings on AWS, GCP and Azure;");
        System.out.println("accelerator selection across clouds; endpoint deployment; fallback between clouds.");
    }

    private static void section(String title) {
        System.out.println(title);
    }
}

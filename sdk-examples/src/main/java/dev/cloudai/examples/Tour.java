package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The README's tour: what the SDK does, shown on this machine with no cloud account. It grows with the SDK; today
 * it shows the providers found on the classpath, how configuration is read and checked, accelerator selection
 * across clouds, and the retry policy.
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

        section("4. Accelerator selection across clouds (built-in catalog, cited public prices)");
        AcceleratorCatalog catalog = AcceleratorCatalog.builtIn();
        System.out.println("   " + catalog.offers().size() + " offers, " + catalog.accelerators().size() + " accelerator types");
        System.out.println();
        System.out.println("   Cheapest training offer per accelerator family:");
        List<Offer> picks = new ArrayList<>();
        for (String family : List.of("Trainium", "TPU-v5e", "TPU-v6e", "H100", "A100-80GB")) {
            catalog.select(AcceleratorRequirement.builder().workload(Workload.TRAINING).accelerators(family).build())
                    .stream().findFirst().ifPresent(picks::add);
        }
        table(picks);
        System.out.println();
        System.out.println("   Endpoints that fit a 70B-parameter BF16 model (weights x 1.2 in accelerator memory):");
        table(catalog.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16)
                .platforms("sagemaker", "vertex", "azureml").build()).stream().limit(5).toList());
        System.out.println();
        AcceleratorRequirement impossible = AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                .clouds("aws").minAcceleratorMemoryGib(141).maxPricePerHour(10).build();
        System.out.println("   When nothing fits, explain() says why (" + impossible + "):");
        catalog.explain(impossible).toString().lines().forEach(l -> System.out.println("     " + l));

        section("5. Every call goes through one pipeline");
        System.out.println("   Errors map to one sealed tree (ThrottledException, UnavailableException, ...) with the");
        System.out.println("   provider's code and request id; retryable ones are retried with exponential backoff and");
        System.out.println("   jitter, honouring Retry-After, at most cloudai.retry.max-attempts requests per call.");
        System.out.println();
        System.out.println("Next in the tour, as they land: chat, streaming and embeddings on AWS, GCP and Azure;");
        System.out.println("endpoint deployment fed by the accelerator choice; fallback between clouds.");
    }

    private static void section(String title) {
        System.out.println();
        System.out.println(title);
    }

    private static void table(List<Offer> offers) {
        System.out.printf("   %-6s %-10s %-15s %-28s %-12s %6s %10s%n", "cloud", "platform", "region", "instance",
                "accelerator", "count", "$/hour");
        for (Offer o : offers) {
            System.out.printf(Locale.ROOT, "   %-6s %-10s %-15s %-28s %-12s %6s %10.2f%n", o.cloud(), o.platform(), o.region(),
                    o.instanceType(), o.accelerator(), count(o.acceleratorCount()), o.pricePerHour().orElse(Double.NaN));
        }
    }

    private static String count(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }
}

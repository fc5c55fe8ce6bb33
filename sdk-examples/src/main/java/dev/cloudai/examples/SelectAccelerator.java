package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.EndpointSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Rank accelerator offers across clouds for a workload, explain an empty answer, and feed a requirement straight
 * into a deployment plan (a dry run: nothing is created, so it is safe with {@code --live} too).
 * {@code ai.accelerators()} is the built-in catalog, extended by {@code cloudai.catalog.file} when set.
 *
 * Run: {@code java -cp ... dev.cloudai.examples.SelectAccelerator [--provider gcp] [--live]}
 */
public final class SelectAccelerator {
    private SelectAccelerator() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, SelectAccelerator::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            AcceleratorCatalog catalog = ai.accelerators();

            AcceleratorRequirement serve70b = AcceleratorRequirement.builder()
                    .workload(Workload.INFERENCE)
                    .modelSize(70, Precision.BF16)                      // needs the weights x 1.2 in accelerator memory
                    .platforms("sagemaker", "vertex", "azureml")        // managed endpoints only
                    .build();
            out.println("Cheapest managed endpoints for a 70B BF16 model:");
            print(catalog.select(serve70b).stream().limit(5).toList(), serve70b.spot(), out);

            AcceleratorRequirement train = AcceleratorRequirement.builder()
                    .workload(Workload.TRAINING).accelerators("trn1", "v5e", "H100").minAcceleratorCount(8).spot(true).build();
            out.println();
            out.println("Cheapest spot training with 8+ Trainium, TPU v5e or H100 devices:");
            print(catalog.select(train).stream().limit(3).toList(), train.spot(), out);

            AcceleratorRequirement impossible = AcceleratorRequirement.builder()
                    .workload(Workload.INFERENCE).clouds("aws").minAcceleratorMemoryGib(141).maxPricePerHour(10).build();
            out.println();
            out.println("Nothing fits 141 GiB per device under $10/h on AWS; explain() says why:");
            catalog.explain(impossible).toString().lines().limit(9).forEach(l -> out.println("  " + l));

            // The same requirement language chooses the instance of a deployment on the configured cloud.
            EndpointSpec spec = EndpointSpec.builder("llama-8b")
                    .image("registry.example.com/serving/tgi:2.4")
                    .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                            .modelSize(8, Precision.BF16).build())
                    .build();
            DeploymentPlan plan = ai.endpoints().plan(spec);
            out.println();
            out.printf(Locale.ROOT, "Plan on %s for an 8B model: %s x%d, %s%n", plan.provider(), plan.instanceType(),
                    plan.instanceCount(), plan.pricePerHour().isPresent()
                            ? String.format(Locale.ROOT, "$%.2f/h", plan.pricePerHour().getAsDouble()) : "price unknown");
            plan.reasons().forEach(r -> out.println("  because " + r));
        }
    }

    /** An aligned table; {@code spot} says which price the selection ranked by. */
    private static void print(List<Offer> offers, boolean spot, PrintStream out) {
        out.printf("  %-6s %-10s %-15s %-26s %-12s %5s %9s%n", "cloud", "platform", "region", "instance", "accelerator",
                "count", spot ? "spot $/h" : "$/hour");
        for (Offer o : offers) {
            out.printf(Locale.ROOT, "  %-6s %-10s %-15s %-26s %-12s %5s %9.2f%n", o.cloud(), o.platform(), o.region(),
                    o.instanceType(), o.accelerator(), count(o.acceleratorCount()), o.price(spot).orElse(Double.NaN));
        }
    }

    private static String count(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }
}

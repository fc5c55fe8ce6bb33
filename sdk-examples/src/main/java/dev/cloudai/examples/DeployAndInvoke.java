package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.errors.DeploymentFailedException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Put a model on a managed real-time endpoint (SageMaker, Vertex AI or Azure ML), wait until it serves, invoke it,
 * and delete it again, even when something in between fails; a deployment the cloud cannot start throws
 * {@code DeploymentFailedException} with the cloud's reason and the endpoint it left, which is deleted too. The
 * instance is chosen by an accelerator requirement
 * (at least 24 GiB per device); {@code plan} shows the choice and its price first.
 *
 * <p>With {@code --live} this creates real, billed resources: give your serving image and model with
 * {@code --image URI --model-uri URI} (an s3://, gs:// or azureml: URI), plus the cloud's deploy keys
 * ({@code cloudai.aws.execution-role}; {@code cloudai.gcp.project} and {@code location}; the Azure ML
 * subscription, resource group and workspace).
 *
 * Run: {@code java -cp ... dev.cloudai.examples.DeployAndInvoke [--provider gcp] [--live --image URI --model-uri URI]}
 */
public final class DeployAndInvoke {
    private DeployAndInvoke() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, DeployAndInvoke::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            String provider = ai.providerId();
            EndpointSpec spec = EndpointSpec.builder(cloud.option("--name", "example-chat"))
                    .image(cloud.live() ? required(cloud, "--image") : emulatorImage(provider))
                    .modelUri(cloud.live() ? required(cloud, "--model-uri") : emulatorModel(provider))
                    .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).minAcceleratorMemoryGib(24).build())
                    .timeout(Duration.ofMinutes(45))
                    .build();

            Endpoints endpoints = ai.endpoints();
            DeploymentPlan plan = endpoints.plan(spec);
            out.printf(Locale.ROOT, "Plan on %s: %s x%d, %s%n", provider, plan.instanceType(), plan.instanceCount(),
                    plan.pricePerHour().isPresent() ? String.format(Locale.ROOT, "$%.2f/h", plan.pricePerHour().getAsDouble())
                            : "price unknown");

            out.println("Deploying " + spec.name() + " (returns when it serves; real clouds take 5 to 20 minutes)...");
            long start = System.nanoTime();
            Endpoint ep;
            try {
                ep = endpoints.deploy(spec);
            } catch (DeploymentFailedException e) {
                // the cloud could not start it: its reason says why; the failed endpoint stays, and may bill, until deleted
                out.println("Deployment failed: " + e.reason());
                endpoints.delete(e.endpointId());
                out.println("Deleted " + e.endpointId() + "; fix the cause and deploy again");
                return;
            }
            try {
                out.printf("Endpoint %s is %s after %d ms%n", ep.id(), ep.status(), (System.nanoTime() - start) / 1_000_000);
                InvokeResponse answer = endpoints.invoke(ep.id(), InvokeRequest.json("{\"inputs\":\"Hello\"}"));
                out.println("Invoke answered: " + answer.bodyAsString());
            } finally {
                endpoints.delete(ep.id());                 // an endpoint bills by the hour: never leave it behind
                out.println("Deleted " + ep.id() + (endpoints.get(ep.id()).isEmpty() ? "" : " (deletion in progress)"));
            }
        }
    }

    private static String required(ExampleCloud cloud, String option) {
        return cloud.option(option).orElseThrow(() -> new IllegalArgumentException(option
                + ": required with --live; give your serving container image and model artifacts"));
    }

    private static String emulatorImage(String provider) {
        return switch (provider) {
            case "aws" -> "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4";
            case "gcp" -> "us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu124.2-4";
            default -> "azureml:tgi-serving:1";
        };
    }

    private static String emulatorModel(String provider) {
        return switch (provider) {
            case "aws" -> "s3://example-bucket/model.tar.gz";
            case "gcp" -> "gs://example-bucket/model/";
            default -> "azureml:example-model:1";
        };
    }
}

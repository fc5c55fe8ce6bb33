package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.aws.AwsKeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The README's tour: the SDK on this machine with no cloud account, against the embedded {@link CloudEmulator}.
 * The same code runs on each cloud; only the configuration changes.
 *
 * <pre>{@code
 * ./mvnw -q -Ptour -DskipTests verify
 * }</pre>
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) {
        // gRPC logs through java.util.logging; the tour prints its own output, so libraries speak up for warnings only.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        try {
            run();
        } catch (CloudAiException | IllegalArgumentException | IllegalStateException e) {
            System.out.println();
            System.out.println("The tour stopped: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run() {
        System.out.println("Cloud AI SDK for Java: the tour");
        System.out.println("===============================");
        System.out.println("Running against the embedded CloudEmulator: local servers that speak each cloud's wire");
        System.out.println("format. No cloud account or network is used.");

        section("1. Providers found on the classpath (java.util.ServiceLoader)");
        System.out.println("   " + String.join(", ", CloudAi.availableProviders()));

        try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud(), new GcpCloud(), new AzureCloud())) {
            List<String> clouds = List.of("aws", "gcp", "azure");

            section("2. The same code on every cloud: only the configuration changes");
            for (String cloud : clouds) {
                CloudAiConfig config = config(emulator, cloud);
                System.out.println();
                System.out.println("   cloudai.provider=" + cloud + "   (cloudai.models.default." + cloud + "="
                        + SampleModels.chat(cloud) + ")");
                try (CloudAi ai = CloudAi.create(config)) {
                    askAndStreamAndEmbed(ai);
                }
            }

            section("3. Tools, records and images: the ToolCalling and StructuredOutput examples on every cloud");
            for (String cloud : clouds) {
                System.out.println();
                System.out.println("   cloudai.provider=" + cloud);
                ExampleCloud example = ExampleCloud.emulated(emulator, cloud);
                ToolCalling.run(example, indented());
                StructuredOutput.run(example, indented());
            }

            section("4. Configuration: system properties > environment > cloudai.properties; mistakes fail at start-up");
            CloudAiConfig shown = config(emulator, "azure");
            shown.describe().lines().filter(l -> !l.contains("endpoint") && !l.contains("subscription"))
                    .forEach(l -> System.out.println("   " + l));
            try {
                CloudAiConfig.builder().provider("aws").property("cloudai.aws.regoin", "us-east-1")
                        .property(ConfigKeys.RETRY_MAX_ATTEMPTS, "lots").build();
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> System.out.println("   - " + p));
            }

            section("5. Accelerator selection across clouds (built-in catalog, cited public prices)");
            accelerators();

            section("6. Deploy an endpoint chosen by an accelerator requirement, invoke it, delete it");
            for (String cloud : clouds) {
                try (CloudAi ai = CloudAi.create(config(emulator, cloud))) {
                    deploy(ai);
                }
            }

            section("7. Your own model: the OwnModel example deploys an 8B model, chats with it, falls back, deletes it");
            for (String cloud : clouds) {
                System.out.println();
                OwnModel.run(ExampleCloud.emulated(emulator, cloud), indented());
            }

            section("8. Retries: the emulator throttles the next two requests; one logical call rides it out");
            EmulatedCloud aws = emulator.cloud("aws");
            aws.reset();
            aws.inject(Fault.throttle(Duration.ofMillis(200)), 2);
            try (CloudAi ai = CloudAi.create(config(emulator, "aws"))) {
                long start = System.nanoTime();
                ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Hello"));
                System.out.printf(Locale.ROOT, "   answer: \"%s\" after %d requests in %d ms (Retry-After 200 ms honoured)%n",
                        r.text(), aws.requestCount(), (System.nanoTime() - start) / 1_000_000);
            }
            aws.reset();
            aws.inject(Fault.invalidRequest("Malformed input request"), 1);
            try (CloudAi ai = CloudAi.create(config(emulator, "aws"))) {
                ai.chatModel("default").chat(ChatRequest.ofUser("Hello"));
            } catch (CloudAiException e) {
                System.out.println("   an invalid request is not retried (" + aws.requestCount() + " request): "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
            }

            section("9. Fallback: AWS fails on every request; cloudai.fallback=azure answers the same call");
            aws.reset();
            aws.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
            CloudAiConfig failover = emulator.config("aws", "azure")
                    .model("default", "aws", SampleModels.chat("aws")).model("default", "azure", SampleModels.chat("azure"))
                    .property(ConfigKeys.RETRY_INITIAL_BACKOFF, "50ms").build();
            try (CloudAi ai = CloudAi.create(failover, new CallListener() {
                @Override
                public void onFallback(Fallback e) {
                    System.out.println("   fallback: " + e.from() + " -> " + e.to() + " after " + e.failure().split(":")[0]);
                }
            })) {
                ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Hello"));
                System.out.println("   answer: \"" + r.text() + "\" from " + r.provider() + " (" + r.model() + "), after "
                        + aws.requestCount() + " requests to aws");
            }

            section("10. Batch inference: the BatchInference example, 100 tickets as one job on each cloud's batch engine");
            aws.reset();
            for (String cloud : clouds) {
                System.out.println();
                System.out.println("   cloudai.provider=" + cloud);
                batch(ExampleCloud.emulated(emulator, cloud), cloud);
            }
        }
        System.out.println();
        System.out.println("Next: the example programs (./mvnw -q -Pexample -DskipTests verify -Dexample=QuickChat) and the");
        System.out.println("cloudai command-line tool (sdk-cli/target/cloudai --help, after a build); see the README.");
    }

    /**
     * The BatchInference example on one cloud; a provider whose adapter has no batch engine yet is named and skipped,
     * so the tour runs on a build whose adapters do not all offer batch inference.
     */
    private static void batch(ExampleCloud cloud, String id) {
        try {
            BatchInference.run(cloud, indented());
        } catch (UnsupportedOperationException e) {
            if (!e.getMessage().contains("does not offer batch inference")) throw e;
            System.out.println("   (skipped: the " + id + " adapter of this build has no batch engine)");
        }
    }

    /** Standard output, each line indented like the tour's own. */
    private static java.io.PrintStream indented() {
        return new java.io.PrintStream(new java.io.OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart) System.out.print("   ");
                System.out.write(b);
                lineStart = b == '\n';
            }

            @Override
            public void flush() {
                System.out.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static CloudAiConfig config(CloudEmulator emulator, String cloud) {
        return SampleModels.aliases(emulator.config(cloud), cloud)
                .property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/tour-sagemaker")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "100ms")
                .property(ConfigKeys.BATCH_POLL_INTERVAL, "100ms")
                .property(ConfigKeys.RETRY_INITIAL_BACKOFF, "50ms")
                .build();
    }

    /** The code an application writes once: nothing in it names a cloud. */
    private static void askAndStreamAndEmbed(CloudAi ai) {
        ChatResponse r = ai.chatModel("default").chat(ChatRequest.builder()
                .system("Answer in one sentence.").user("Say hello to the emulator").maxTokens(100).build());
        System.out.printf("   chat:   \"%s\"  [%s, %d in / %d out tokens, answered by %s]%n", r.text(), r.finishReason(),
                r.usage().inputTokens(), r.usage().outputTokens(), r.provider());
        System.out.print("   stream: \"");
        try (Stream<ChatChunk> chunks = FlowStreams.toStream(ai.chatModel("default").stream(ChatRequest.ofUser("Say hello to the emulator")))) {
            chunks.forEach(c -> {
                if (c instanceof ChatChunk.TextDelta d) {
                    System.out.print(d.text());
                    System.out.flush();
                } else if (c instanceof ChatChunk.Finished f) {
                    System.out.print("\"  [" + f.finishReason() + f.usage().map(u -> ", " + u.totalTokens() + " tokens").orElse("") + "]");
                }
            });
        }
        System.out.println();
        EmbeddingResponse e = ai.embeddingModel("embed").embed(EmbeddingRequest.of("first input"));
        float[] v = e.embeddings().get(0).vector();
        System.out.printf(Locale.ROOT, "   embed:  %d dimensions [%.3f, %.3f, %.3f, ...]%n", v.length, v[0], v[1], v[2]);
    }

    private static void accelerators() {
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
    }

    private static void deploy(CloudAi ai) {
        String cloud = ai.providerId();
        EndpointSpec spec = EndpointSpec.builder("tour-chat")
                .image(switch (cloud) {
                    case "aws" -> "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4";
                    case "gcp" -> "us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu124.2-4";
                    default -> "azureml:tgi-serving:1";
                })
                .modelUri(switch (cloud) {
                    case "aws" -> "s3://tour-bucket/model.tar.gz";
                    case "gcp" -> "gs://tour-bucket/model/";
                    default -> "azureml:tour-model:1";
                })
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).minAcceleratorMemoryGib(24).build())
                .timeout(Duration.ofMinutes(1))
                .build();
        DeploymentPlan plan = ai.endpoints().plan(spec);
        System.out.println();
        String price = plan.pricePerHour().isPresent()
                ? String.format(Locale.ROOT, "$%.2f/h", plan.pricePerHour().getAsDouble()) : "price unknown";
        System.out.printf(Locale.ROOT, "   %s plan: %s x%d, %s: %s%n", cloud, plan.instanceType(), plan.instanceCount(),
                price, String.join("; ", plan.reasons()));
        long start = System.nanoTime();
        Endpoint ep;
        Progress progress = Progress.watch(ai, cloud, spec.name(), start);
        try {
            ep = ai.endpoints().deploy(spec);
        } finally {
            progress.close();
        }
        System.out.printf(Locale.ROOT, "   %s deploy: %s is %s after %d ms%n", ai.providerId(), spec.name(), ep.status(),
                (System.nanoTime() - start) / 1_000_000);
        String out = ai.endpoints().invoke(ep.id(), InvokeRequest.json("{\"inputs\":\"Hello\"}")).bodyAsString();
        System.out.println("   " + ai.providerId() + " invoke: " + out);
        ai.endpoints().delete(ep.id());
        System.out.println("   " + ai.providerId() + " delete: " + (ai.endpoints().get(ep.id()).isEmpty() ? "gone" : "still there"));
    }

    /**
     * A progress display for a deployment: while deploy waits, a daemon thread looks the endpoint up with the public
     * API and prints each state it passes through.
     */
    private static final class Progress implements AutoCloseable {
        private final Thread watcher;
        private volatile boolean done;

        private Progress(Runnable watch) {
            this.watcher = new Thread(watch, "tour-deploy-progress");
            watcher.setDaemon(true);
        }

        static Progress watch(CloudAi ai, String cloud, String name, long startNanos) {
            Progress[] self = new Progress[1];
            self[0] = new Progress(() -> {
                String last = "";
                while (!self[0].done) {
                    String state;
                    try {
                        state = ai.endpoints().get(name).map(e -> e.status().name()).orElse("not created yet");
                    } catch (RuntimeException e) {
                        state = "status check failed: " + e.getClass().getSimpleName();
                    }
                    if (!state.equals(last)) {
                        System.out.printf(Locale.ROOT, "   %s deploy: %5d ms  %s%n", cloud,
                                (System.nanoTime() - startNanos) / 1_000_000, state);
                        last = state;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                }
            });
            self[0].watcher.start();
            return self[0];
        }

        @Override
        public void close() {
            done = true;
            try {
                watcher.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.testkit.Fault;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The whole loop in one program: choose the cheapest accelerator for an 8B model, deploy an open model on it, chat
 * and stream with it through the same {@link ChatModel} as a managed model, fall back to a managed model on another
 * cloud when the endpoint's server is down, and delete the endpoint.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder("my-llama").image(vllmImage)
 *         .modelId("meta-llama/Llama-3.1-8B-Instruct").servingProtocol(ServingProtocol.OPENAI_CHAT)
 *         .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(8, Precision.BF16).build())
 *         .build();
 * Endpoint ep = ai.endpoints().deploy(spec);
 * ChatModel mine = ai.endpoints().chatModel(ep.id(), ServingProtocol.OPENAI_CHAT);
 * // or in cloudai.properties: cloudai.models.mine.aws=endpoint:my-llama;protocol=openai-chat
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.OwnModel [--provider gcp] [--live --image URI]} (live creates billed
 * resources).
 */
public final class OwnModel {
    private OwnModel() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, OwnModel::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            String provider = ai.providerId();
            EndpointSpec spec = EndpointSpec.builder(cloud.option("--name", "own-llama"))
                    .image(cloud.live() ? cloud.option("--image").orElseThrow(() -> new IllegalArgumentException(
                            "--image: required with --live; an OpenAI-compatible server image (vLLM, SGLang, LMI, TGI)"))
                            : "registry.example.com/vllm/vllm-openai:v0.9")
                    .modelId(cloud.option("--model-id", "meta-llama/Llama-3.1-8B-Instruct"))
                    .servingProtocol(ServingProtocol.OPENAI_CHAT)
                    .maxModelLength(8192)
                    .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE)
                            .modelSize(8, Precision.BF16).build())
                    .timeout(Duration.ofMinutes(45))
                    .build();

            Endpoints endpoints = ai.endpoints();
            DeploymentPlan plan = endpoints.plan(spec);
            out.printf(Locale.ROOT, "Plan on %s: %s x%d, %s, tensor parallel %s%n", provider, plan.instanceType(),
                    plan.instanceCount(), plan.pricePerHour().isPresent()
                            ? String.format(Locale.ROOT, "$%.2f/h", plan.pricePerHour().getAsDouble()) : "price unknown",
                    plan.environment().getOrDefault("NUM_SHARD", "1"));

            Endpoint ep = endpoints.deploy(spec);
            try {
                out.println("Endpoint " + ep.id() + " is " + ep.status());
                ChatModel mine = endpoints.chatModel(ep.id(), ServingProtocol.OPENAI_CHAT);
                ChatRequest ask = ChatRequest.builder().user("Say hello in five words.").maxTokens(20).build();
                ChatResponse r = mine.chat(ask);
                out.println("chat:   " + r.text() + "  [" + r.finishReason() + ", " + r.usage().outputTokens()
                        + " tokens, model " + r.model() + "]");
                StringBuilder streamed = new StringBuilder();
                try (Stream<ChatChunk> chunks = FlowStreams.toStream(mine.stream(ask))) {
                    chunks.forEach(c -> {
                        if (c instanceof ChatChunk.TextDelta d) streamed.append(d.text());
                    });
                }
                out.println("stream: " + streamed);
                fallBack(cloud, provider, ep, out);
            } finally {
                endpoints.delete(ep.id());                  // an endpoint bills by the hour: never leave it behind
                out.println("Deleted " + ep.id());
            }
        }
    }

    /**
     * The same model by configuration, {@code endpoint:<id>;protocol=openai-chat}, with a managed model on another
     * cloud behind it. On the emulator the endpoint's server is made to fail, to show the move.
     */
    private static void fallBack(ExampleCloud cloud, String provider, Endpoint ep, PrintStream out) {
        String other = provider.equals("aws") ? "azure" : "aws";
        if (cloud.live() && cloud.config().fallback().isEmpty()) {
            out.println("(set cloudai.fallback and a managed model for alias 'mine' on it to see a fallback live)");
            return;
        }
        CloudAiConfig config = cloud.config(provider).toBuilder()
                .model("mine", provider, "endpoint:" + ep.id() + ";protocol=openai-chat")
                .model("mine", other, cloud.config(provider).model("default", other).orElseThrow())
                .fallback(other).build();
        // Every attempt of the next call finds the server down (the retries first, then the move to the other cloud).
        cloud.emulator(provider).ifPresent(c -> c.inject(Fault.containerError(503, "the model server is down"),
                config.retry().maxAttempts()));
        try (CloudAi ai = CloudAi.create(config)) {
            ChatResponse r = ai.chatModel("mine").chat(ChatRequest.ofUser("Say hello in five words."));
            out.println("server down, alias 'mine' fell back: " + r.text() + "  [from " + r.provider() + ", "
                    + r.model() + "]");
        }
    }
}

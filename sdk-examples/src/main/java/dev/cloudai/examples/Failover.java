package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;

import java.io.PrintStream;

/**
 * Keep answering when one cloud fails: with {@code cloudai.fallback=azure}, a call that still fails retryably on
 * {@code cloudai.provider} after its retries moves to the next provider, with the model its alias names there
 * ({@code cloudai.models.default.azure}). A {@link CallListener} hears each retry and the switch.
 *
 * <p>On the emulator, AWS is made to fail every request (HTTP 503) to show it. Live, set {@code cloudai.fallback}
 * and each provider's keys and model aliases yourself; the example then shows who answered.
 *
 * Run: {@code java -cp ... dev.cloudai.examples.Failover [--live]}
 */
public final class Failover {
    private Failover() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, Failover::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        CloudAiConfig config = cloud.config();
        if (config.fallback().isEmpty()) {
            if (cloud.live()) {
                out.println("cloudai.fallback is not set: add cloudai.fallback=<provider>,... and those providers' keys"
                        + " and cloudai.models.default.<provider> to see a failover.");
                return;
            }
            config = config.toBuilder().fallback("azure").build();
        }
        // Simulate an outage of the first provider; the emulator answers 503 until reset.
        cloud.emulator(config.provider().orElse("aws")).ifPresent(c -> c.inject(Fault.serverError(503), EmulatedCloud.ALWAYS));

        CallListener narrator = new CallListener() {
            @Override
            public void onRetry(Retry e) {
                out.println("  retry " + e.attempt() + " on " + e.provider() + " in " + e.delay().toMillis() + " ms after "
                        + e.failure().split(":")[0]);
            }

            @Override
            public void onFallback(Fallback e) {
                out.println("  fallback: " + e.from() + " -> " + e.to());
            }
        };
        out.println("cloudai.provider=" + config.provider().orElse("?") + ", cloudai.fallback=" + String.join(",", config.fallback()));
        try (CloudAi ai = CloudAi.create(config, narrator)) {
            ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Hello"));
            out.println("Answer: \"" + r.text() + "\" from " + r.provider() + " (" + r.model() + ")");
        } finally {
            cloud.emulator(config.provider().orElse("aws")).ifPresent(EmulatedCloud::reset);
        }
    }
}

package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The same application code on AWS, Google Cloud and Azure: {@link #answer} names no cloud; only the configuration
 * ({@code cloudai.provider=aws|gcp|azure} and that cloud's keys) changes. In production you switch with one
 * property or environment variable ({@code CLOUDAI_PROVIDER=gcp}) and no rebuild.
 *
 * Run: {@code java -cp ... dev.cloudai.examples.SwitchCloudByConfig [--live [--providers aws,gcp]]}
 */
public final class SwitchCloudByConfig {
    private SwitchCloudByConfig() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, SwitchCloudByConfig::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        List<String> providers = Arrays.asList(cloud.option("--providers", String.join(",", ExampleCloud.PROVIDERS)).split(","));
        for (String provider : providers) {
            try (CloudAi ai = cloud.connect(provider.strip())) {
                out.println("cloudai.provider=" + ai.providerId() + "  ->  " + answer(ai));
            } catch (ConfigurationException e) {
                // Live, a provider you have not configured is skipped with the reason, not a crash.
                out.println("cloudai.provider=" + provider + "  ->  skipped: " + String.join("; ", e.problems()));
            }
        }
    }

    /** The code an application writes once. */
    static String answer(CloudAi ai) {
        ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Say hello"));
        return "\"" + r.text() + "\" (" + r.model() + ")";
    }
}

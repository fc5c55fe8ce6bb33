package dev.cloudai.testkit;

import dev.cloudai.CloudAiConfig;

import java.util.Map;
import java.util.Set;

/**
 * Real native model ids of each cloud, for programs that run against the emulator and should read like code for the
 * real cloud (the emulators answer any id). The tour, the example programs and the CLI all use these, so they agree.
 *
 * <pre>{@code
 * CloudAiConfig config = SampleModels.aliases(emulator.config("aws"), "aws").build();   // default -> a Claude model
 * }</pre>
 */
public final class SampleModels {
    private static final Map<String, String> CHAT = Map.of(
            "aws", "anthropic.claude-3-haiku-20240307-v1:0", "gcp", "gemini-2.0-flash-001", "azure", "gpt-4o");
    private static final Map<String, String> EMBEDDING = Map.of(
            "aws", "amazon.titan-embed-text-v2:0", "gcp", "text-embedding-005", "azure", "text-embedding-3-small");

    private SampleModels() {
    }

    /** The clouds that have sample models. */
    public static Set<String> clouds() {
        return CHAT.keySet();
    }

    /** A chat model id of {@code cloud}: a Bedrock model id, a Gemini model or an Azure OpenAI deployment name. */
    public static String chat(String cloud) {
        return require(CHAT, cloud);
    }

    /** An embedding model id of {@code cloud}. */
    public static String embedding(String cloud) {
        return require(EMBEDDING, cloud);
    }

    /** Adds the aliases {@code default} (chat) and {@code embed} (embeddings) for {@code cloud} to the builder. */
    public static CloudAiConfig.Builder aliases(CloudAiConfig.Builder config, String cloud) {
        return config.model("default", cloud, chat(cloud)).model("embed", cloud, embedding(cloud));
    }

    private static String require(Map<String, String> models, String cloud) {
        String id = models.get(cloud);
        if (id == null) {
            throw new IllegalArgumentException("cloud: no sample models for '" + cloud + "'; known: " + new java.util.TreeSet<>(models.keySet()));
        }
        return id;
    }
}

package dev.cloudai.testkit;

import dev.cloudai.CloudAiConfig;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real native model ids of each cloud, for programs that run against the emulator and should read like code for the
 * real cloud. The tour, the example programs and the CLI all use these, so they agree; and each cloud's emulator
 * serves them ({@link #servedBy(String)}), answering any other model id as the cloud answers an unknown one.
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
    /**
     * More models an emulator serves out of the box: on AWS Bedrock's second embedding family and Amazon Nova's
     * chat models, which the contracts use.
     */
    private static final Map<String, List<String>> MORE = Map.of("aws", List.of("cohere.embed-english-v3",
            "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0"));

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

    /**
     * The model ids {@code cloud}'s emulator serves unless told more ({@link EmulatedCloud#serveModels(String...)}):
     * the sample chat and embedding models, the contract tests' {@link Canned#CHAT_MODEL} and
     * {@link Canned#EMBEDDING_MODEL}, and on AWS {@code cohere.embed-english-v3} and Amazon Nova Micro, Lite, Pro and
     * Premier ({@code amazon.nova-lite-v1:0}...).
     */
    public static Set<String> servedBy(String cloud) {
        Set<String> ids = new LinkedHashSet<>(List.of(chat(cloud), embedding(cloud), Canned.CHAT_MODEL, Canned.EMBEDDING_MODEL));
        ids.addAll(MORE.getOrDefault(cloud, List.of()));
        return Set.copyOf(ids);
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

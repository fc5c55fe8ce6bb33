package dev.cloudai.testkit;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The vectors every emulator embeds a text as, on every cloud: derived from the text alone, so different texts get
 * different vectors (nearly orthogonal, as unrelated texts are) and the same text always the same one, in every
 * run; unit length, as the real models return them; with the dimension the real model returns. A test computes the
 * vector it expects with the same method.
 *
 * <pre>{@code
 * int d = EmulatedEmbeddings.dimensions("amazon.titan-embed-text-v2:0");     // 1024
 * float[] expected = EmulatedEmbeddings.vector("first input", d);
 * assertArrayEquals(expected, ai.embeddingModel("amazon.titan-embed-text-v2:0")
 *         .embed(EmbeddingRequest.of("first input")).embeddings().get(0).vector());
 * }</pre>
 *
 * <p>How: SHA-256 of the text's UTF-8 bytes seeds a SplitMix64 sequence, whose values, mapped to [-1, 1) and scaled
 * to unit length, are the components. Nothing here depends on the JDK's random number generators, so the vectors
 * never change between JDK versions.
 */
public final class EmulatedEmbeddings {
    /**
     * The vector size each known model returns by default, by the start of its id (after any {@code us.}-style
     * inference-profile prefix or ARN path). Sources: Bedrock user guide, "Amazon Titan Text Embeddings" (v2: 1024,
     * or 512 or 256 on request; v1: 1536) and "Cohere Embed models" (1024), and "Amazon Titan Multimodal Embeddings"
     * (1024); Vertex AI "Text embeddings API" (text-embedding-005, text-multilingual-embedding-002: 768;
     * gemini-embedding-001: 3072); Azure OpenAI "Embeddings" models table (text-embedding-3-small and ada-002: 1536;
     * text-embedding-3-large: 3072).
     */
    private static final List<Map.Entry<String, Integer>> NATIVE_DIMENSIONS = List.of(
            Map.entry("amazon.titan-embed-text-v2", 1024),
            Map.entry("amazon.titan-embed-text-v1", 1536),
            Map.entry("amazon.titan-embed-image-v1", 1024),
            Map.entry("cohere.embed-", 1024),
            Map.entry("text-embedding-005", 768),
            Map.entry("text-embedding-004", 768),
            Map.entry("text-multilingual-embedding-002", 768),
            Map.entry("gemini-embedding-001", 3072),
            Map.entry("text-embedding-3-small", 1536),
            Map.entry("text-embedding-3-large", 3072),
            Map.entry("text-embedding-ada-002", 1536));

    private EmulatedEmbeddings() {
    }

    /**
     * The vector of {@code text}: {@code dimensions} components, unit length.
     *
     * @throws IllegalArgumentException when {@code dimensions} is below 1
     */
    public static float[] vector(String text, int dimensions) {
        if (text == null) throw new NullPointerException("text");
        if (dimensions < 1) throw new IllegalArgumentException("dimensions: must be at least 1, was " + dimensions);
        long state = seed(text);
        double[] raw = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            state += 0x9E3779B97F4A7C15L;
            raw[i] = ((mix(state) >>> 11) * 0x1.0p-53) * 2 - 1;          // uniform in [-1, 1)
            norm += raw[i] * raw[i];
        }
        norm = Math.sqrt(norm);
        float[] v = new float[dimensions];
        for (int i = 0; i < dimensions; i++) v[i] = (float) (raw[i] / norm);
        return v;
    }

    /**
     * The vector size {@code model} returns by default: the real model's for the embedding models of the three clouds
     * this project knows (Titan, Cohere Embed, Vertex text embeddings, Azure OpenAI text-embedding), matched by the
     * id's start, else {@link Canned#EMBEDDING_DIMENSIONS} (an Azure deployment or made-up id of unknown model).
     */
    public static int dimensions(String model) {
        if (model == null) throw new NullPointerException("model");
        String id = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Integer> known : NATIVE_DIMENSIONS) {
            if (id.startsWith(known.getKey()) || id.contains("." + known.getKey())) return known.getValue();
        }
        return Canned.EMBEDDING_DIMENSIONS;
    }

    /**
     * {@code vector} as a JSON array. Each component is written as the exact value of its {@code float}, so a client
     * that parses it as a double or a float gets the same {@code float} back.
     */
    public static String json(float[] vector) {
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (float f : vector) json.add(Double.toString(f));
        return json.toString();
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) seed = (seed << 8) | (digest[i] & 0xFF);
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** SplitMix64's output function (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

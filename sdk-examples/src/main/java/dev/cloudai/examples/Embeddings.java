package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Embed a few texts in one call and compare them by cosine similarity, as a semantic search would. The alias
 * {@code embed} names the embedding model on each provider ({@code cloudai.models.embed.<provider>}).
 *
 * <pre>{@code
 * EmbeddingResponse r = ai.embeddingModel("embed").embed(EmbeddingRequest.of("first text", "second text"));
 * float[] v = r.embeddings().get(0).vector();
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.Embeddings [--provider gcp] [--live]}
 */
public final class Embeddings {
    private Embeddings() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, Embeddings::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        List<String> texts = List.of("Inferentia serves models cheaply", "TPUs train large models", "The cat sat on the mat");
        try (CloudAi ai = cloud.connect()) {
            EmbeddingResponse r = ai.embeddingModel("embed").embed(EmbeddingRequest.builder().inputs(texts).build());
            out.println(r.embeddings().size() + " vectors of " + r.embeddings().get(0).dimensions()
                    + " dimensions from " + r.provider() + " " + r.model());
            float[] first = r.embeddings().get(0).vector();
            for (Embedding e : r.embeddings()) {
                out.printf(Locale.ROOT, "  cosine(text 0, text %d) = %6.3f   %s%n", e.index(), cosine(first, e.vector()),
                        texts.get(e.index()));
            }
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}

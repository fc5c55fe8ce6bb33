package dev.cloudai.testkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulators' embedding vectors: by text, stable, unit length, of the real models' sizes. */
class EmulatedEmbeddingsTest {

    @Test
    void theSameTextAlwaysGetsTheSameVectorAndThatVectorNeverChanges() {
        assertArrayEquals(EmulatedEmbeddings.vector("first input", 1024), EmulatedEmbeddings.vector("first input", 1024));
        // pinned: a user's test may compare against vectors it stored, so the derivation must not drift
        float[] v = EmulatedEmbeddings.vector("first input", 4);
        assertEquals("[0.5375490784645081,0.4442233443260193,-0.5486242771148682,0.461213618516922]", EmulatedEmbeddings.json(v));
    }

    @Test
    void differentTextsGetNearlyOrthogonalUnitVectors() {
        float[] a = EmulatedEmbeddings.vector("Inferentia serves models cheaply", 1024);
        float[] b = EmulatedEmbeddings.vector("The cat sat on the mat", 1024);
        assertEquals(1.0, dot(a, a), 1e-5, "unit length");
        assertEquals(1.0, dot(b, b), 1e-5, "unit length");
        assertTrue(Math.abs(dot(a, b)) < 0.2, () -> "cosine " + dot(a, b));
    }

    @Test
    void dimensionsAreTheRealModelsOrTheCannedSizeForAnUnknownOne() {
        assertEquals(1024, EmulatedEmbeddings.dimensions("amazon.titan-embed-text-v2:0"));
        assertEquals(1024, EmulatedEmbeddings.dimensions("us.cohere.embed-english-v3"));
        assertEquals(1024, EmulatedEmbeddings.dimensions("arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-multilingual-v3"));
        assertEquals(768, EmulatedEmbeddings.dimensions("text-embedding-005"));
        assertEquals(3072, EmulatedEmbeddings.dimensions("gemini-embedding-001"));
        assertEquals(1536, EmulatedEmbeddings.dimensions("text-embedding-3-small"));
        assertEquals(Canned.EMBEDDING_DIMENSIONS, EmulatedEmbeddings.dimensions("my-embedding-deployment"));
    }

    @Test
    void aSizeBelowOneIsRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmulatedEmbeddings.vector("x", 0));
        assertEquals("dimensions: must be at least 1, was 0", e.getMessage());
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += (double) a[i] * b[i];
        return d;
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embeddings contract: one vector per input, in input order, each the emulator's vector of its text
 * ({@link EmulatedEmbeddings#vector(String, int)}: different texts differ, the same text always gets the same
 * vector) of the model's dimension, blocking and async; an unknown model is the cloud's not-found; bad input fails
 * before any request.
 *
 * <pre>{@code
 * class AzureEmbeddingModelContractTest extends EmbeddingModelContract {
 *     protected EmulatedCloud newCloud() { return new AzureCloud(); }
 *     protected String embeddingModel() { return "text-embedding-3-small"; }
 * }
 * }</pre>
 */
public abstract class EmbeddingModelContract extends EmulatorContract {

    /** The model id (or alias) the tests embed with; by default {@link Canned#EMBEDDING_MODEL}. */
    protected String embeddingModel() {
        return Canned.EMBEDDING_MODEL;
    }

    /**
     * An embedding model id the cloud does not serve, sent as it is; by default {@link Canned#UNKNOWN_MODEL}. An
     * adapter that picks a wire format by the id (Bedrock's Titan or Cohere) returns an unknown id of a family it sends.
     */
    protected String unknownEmbeddingModel() {
        return Canned.UNKNOWN_MODEL;
    }

    /** The size of the vectors the model returns; by default {@link EmulatedEmbeddings#dimensions(String)} of the model. */
    protected int embeddingDimensions() {
        return EmulatedEmbeddings.dimensions(embeddingModel());
    }

    /** The model the responses must name; by default {@link #embeddingModel()}. */
    protected String expectedResponseModel() {
        return embeddingModel();
    }

    /**
     * How many requests the adapter sends to embed {@code inputs} texts: 1 for a cloud whose API takes a batch (the
     * default), {@code inputs} for one that embeds one text per request.
     */
    protected int requestsToEmbed(int inputs) {
        return 1;
    }

    /** The embedding model under test. */
    protected final EmbeddingModel embeddings() {
        return ai().embeddingModel(embeddingModel());
    }

    @Test
    public final void embeddingOneTextReturnsOneVectorOfTheModelsDimension() {
        EmbeddingResponse response = embeddings().embed(EmbeddingRequest.of(Canned.EMBEDDING_INPUTS.get(0)));
        assertCannedVectors(1, response);
        assertRequests(requestsToEmbed(1), "requests to embed one text");
    }

    @Test
    public final void embeddingSeveralTextsReturnsOneVectorPerTextInInputOrder() {
        EmbeddingResponse response = embeddings().embed(EmbeddingRequest.builder().inputs(Canned.EMBEDDING_INPUTS).build());
        assertCannedVectors(Canned.EMBEDDING_INPUTS.size(), response);
        assertRequests(requestsToEmbed(Canned.EMBEDDING_INPUTS.size()), "requests to embed every text");
    }

    @Test
    public final void embedAsyncReturnsTheSameVectors() throws Exception {
        EmbeddingResponse response = embeddings().embedAsync(EmbeddingRequest.builder().inputs(Canned.EMBEDDING_INPUTS).build())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertCannedVectors(Canned.EMBEDDING_INPUTS.size(), response);
        assertRequests(requestsToEmbed(Canned.EMBEDDING_INPUTS.size()), "requests to embed every text");
    }

    @Test
    public final void aBlankOrMissingInputIsRejectedBeforeAnyRequestIsSent() {
        assertThrows(IllegalArgumentException.class, () -> embeddings().embed(EmbeddingRequest.of("  ")));
        assertThrows(IllegalArgumentException.class, () -> embeddings().embed(EmbeddingRequest.of(Canned.EMBEDDING_INPUTS.get(0), "")));
        assertThrows(IllegalArgumentException.class, () -> embeddings().embed(EmbeddingRequest.of()));
        assertThrows(NullPointerException.class, () -> embeddings().embed(null));
        assertThrows(NullPointerException.class, () -> embeddings().embedAsync(null));
        assertRequests(0, "invalid arguments fail before any request");
    }

    @Test
    public final void oneThrottleIsRetriedAndTheEmbeddingSucceeds() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        assertCannedVectors(1, embeddings().embed(EmbeddingRequest.of(Canned.EMBEDDING_INPUTS.get(0))));
        assertRequests(1 + requestsToEmbed(1), "the throttled attempt and the successful retry");
    }

    @Test
    public final void aThrottleOnEveryRequestFailsWithThrottledExceptionAfterMaxAttempts() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), EmulatedCloud.ALWAYS);
        ThrottledException e = assertThrows(ThrottledException.class,
                () -> embeddings().embed(EmbeddingRequest.of(Canned.EMBEDDING_INPUTS.get(0))));
        assertEquals(providerId(), e.providerId());
        assertRequests(maxAttempts(), "one request per attempt, no retries of the adapter's own");
    }

    @Test
    public final void differentTextsGetDifferentVectorsAndTheSameTextAlwaysTheSameVector() {
        String first = Canned.EMBEDDING_INPUTS.get(0);
        String second = Canned.EMBEDDING_INPUTS.get(1);
        float[] a = embeddings().embed(EmbeddingRequest.of(first)).embeddings().get(0).vector();
        float[] b = embeddings().embed(EmbeddingRequest.of(second)).embeddings().get(0).vector();
        List<Embedding> twice = embeddings().embed(EmbeddingRequest.of(first, first)).embeddings();

        double cosine = cosine(a, b);
        assertTrue(cosine < 0.99, () -> "'" + first + "' and '" + second + "' got vectors of cosine " + cosine
                + "; different texts must get different vectors");
        assertArrayEquals(a, twice.get(0).vector(), "the same text, embedded again, gets the same vector");
        assertArrayEquals(a, twice.get(1).vector(), "the same text twice in one request gets the same vector twice");
    }

    @Test
    public final void anUnknownModelFailsWithNotFoundExceptionAfterOneRequest() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> ai().embeddingModel(unknownEmbeddingModel()).embed(EmbeddingRequest.of(Canned.EMBEDDING_INPUTS.get(0))),
                () -> "embed with model '" + unknownEmbeddingModel() + "', which the cloud does not serve");
        assertEquals(providerId(), e.providerId(), "providerId");
        assertTrue(e.providerCode().filter(c -> !c.isBlank()).isPresent(), () -> "the cloud's own error code: " + e);
        assertFalse(e.isRetryable(), "isRetryable");
        assertRequests(1, "an unknown model is not retried");
    }

    /** The cosine similarity of two vectors of the same length. */
    protected static double cosine(float[] a, float[] b) {
        assertEquals(a.length, b.length, "vector lengths");
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
        return dot;
    }

    /**
     * Asserts {@code response} holds the vectors of the first {@code count} of {@link Canned#EMBEDDING_INPUTS}, in
     * order, each of {@link #embeddingDimensions()} and unit length, from this provider and model.
     */
    protected final void assertCannedVectors(int count, EmbeddingResponse response) {
        List<Embedding> vectors = response.embeddings();
        assertEquals(count, vectors.size(), "one vector per input");
        for (int i = 0; i < count; i++) {
            Embedding e = vectors.get(i);
            assertEquals(i, e.index(), "index of vector " + i);
            assertEquals(embeddingDimensions(), e.dimensions(), "dimensions of vector " + i);
            String text = Canned.EMBEDDING_INPUTS.get(i);
            assertArrayEquals(EmulatedEmbeddings.vector(text, embeddingDimensions()), e.vector(),
                    "vector " + i + ": the vector of '" + text + "' (input order)");
            double length = Math.sqrt(dot(e.vector(), e.vector()));
            assertEquals(1.0, length, 1e-5, "length of vector " + i);
        }
        assertEquals(providerId(), response.provider(), "provider");
        assertEquals(expectedResponseModel(), response.model(), "model");
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The embeddings contract: one vector per input, in input order, of the canned dimension and values
 * ({@link Canned#embeddingVector(int)}), blocking and async; bad input fails before any request.
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
    public final void embeddingOneTextReturnsOneVectorOfTheCannedDimension() {
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

    /** Asserts {@code response} holds the canned vectors {@code 0..count-1}, from this provider and model. */
    protected final void assertCannedVectors(int count, EmbeddingResponse response) {
        List<Embedding> vectors = response.embeddings();
        assertEquals(count, vectors.size(), "one vector per input");
        for (int i = 0; i < count; i++) {
            Embedding e = vectors.get(i);
            assertEquals(i, e.index(), "index of vector " + i);
            assertEquals(Canned.EMBEDDING_DIMENSIONS, e.dimensions(), "dimensions of vector " + i);
            assertArrayEquals(Canned.embeddingVector(i), e.vector(), "vector " + i + " (input order)");
        }
        assertEquals(providerId(), response.provider(), "provider");
        assertEquals(expectedResponseModel(), response.model(), "model");
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.TokenUsage;

import java.util.List;
import java.util.Optional;

/**
 * One model server's embedding API, both ways. Stateless and thread-safe. Not API.
 *
 * <pre>{@code
 * EmbeddingCodec codec = EmbeddingCodec.of(ServingProtocol.TEI);
 * EmbeddingCodec.Vectors v = codec.decode(endpoints.invoke(id, codec.encode(request)), request);
 * }</pre>
 */
public interface EmbeddingCodec {

    /**
     * What the server answered.
     *
     * @param embeddings one per input, in input order
     * @param usage the tokens, where the server counts them
     */
    record Vectors(List<Embedding> embeddings, Optional<TokenUsage> usage) {
    }

    /** The protocol this codec speaks. */
    ServingProtocol protocol();

    /**
     * The body for {@code request}.
     *
     * @throws UnsupportedOperationException for a setting the protocol cannot carry (dimensions on TEI, say)
     */
    InvokeRequest encode(EmbeddingRequest request);

    /**
     * The vectors in the server's body; their count must match the request's inputs.
     *
     * @throws ProtocolMismatchException when the body is not this protocol's, naming the protocol it looks like
     */
    Vectors decode(InvokeResponse response, EmbeddingRequest request);

    /** The codec for {@code protocol}. */
    static EmbeddingCodec of(ServingProtocol protocol) {
        return Codecs.embeddings(protocol);
    }
}

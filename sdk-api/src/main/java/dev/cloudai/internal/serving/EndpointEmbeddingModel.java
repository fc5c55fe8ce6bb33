package dev.cloudai.internal.serving;

import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A deployed embedding model as an {@link EmbeddingModel}: the server's embedding API ({@link EmbeddingCodec}) over
 * the provider's raw endpoint invoke. Not API.
 *
 * <pre>{@code
 * EmbeddingModel vectors = new ResilientEmbeddingModel(new EndpointEmbeddingModel(raw, "gcp", "123", ServingProtocol.TEI), pipeline);
 * }</pre>
 */
public final class EndpointEmbeddingModel implements EmbeddingModel {
    private final EndpointPlatform endpoints;
    private final String providerId;
    private final String endpointId;
    private final EmbeddingCodec codec;

    public EndpointEmbeddingModel(EndpointPlatform endpoints, String providerId, String endpointId, ServingProtocol protocol) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.endpointId = EndpointChatModel.requireId(endpointId);
        Objects.requireNonNull(protocol, "protocol");
        if (!protocol.canEmbed()) {
            throw new IllegalArgumentException("protocol: " + protocol + " is a chat protocol and cannot embed;"
                    + " use OPENAI_EMBEDDINGS or TEI, or Endpoints.chatModel for " + protocol);
        }
        this.codec = EmbeddingCodec.of(protocol);
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return answer(endpoints.invoke(endpointId, codec.encode(request)), request);
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        return endpoints.invokeAsync(endpointId, codec.encode(request)).thenApply(r -> answer(r, request));
    }

    private EmbeddingResponse answer(InvokeResponse response, EmbeddingRequest request) {
        try {
            EmbeddingCodec.Vectors v = codec.decode(response, request);
            return new EmbeddingResponse(v.embeddings(), v.usage(), providerId, endpointId);
        } catch (ProtocolMismatchException | ServerErrorException e) {
            throw EndpointChatModel.mapped(providerId, endpointId, "embed", e);
        }
    }

    @Override
    public String toString() {
        return "EndpointEmbeddingModel[" + providerId + ", " + endpointId + ", " + codec.protocol() + "]";
    }
}

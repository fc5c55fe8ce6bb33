package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.longrunning.OperationsClient;
import dev.cloudai.gcp.deployment.VertexEndpoints;
import dev.cloudai.gcp.errors.VertexErrorMapper;
import dev.cloudai.gcp.internal.VertexLocation;
import dev.cloudai.gcp.invocation.VertexChatModel;
import dev.cloudai.gcp.invocation.VertexEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

/**
 * Vertex AI behind the neutral API: raw models and endpoints over the gax gRPC clients, one error mapper.
 * {@link #unwrap(Class)} gives {@link PredictionServiceClient}, {@link EndpointServiceClient},
 * {@link ModelServiceClient} and the {@link OperationsClient} deploy polls with.
 */
final class GcpProvider implements Provider {
    private final String id;
    private final VertexLocation location;
    private final VertexClients clients;
    private final ErrorMapper mapper;
    private final EndpointPlatform endpoints;

    GcpProvider(String id, VertexLocation location, VertexClients clients, ProviderConfig config) {
        this.id = id;
        this.location = location;
        this.clients = clients;
        this.mapper = new VertexErrorMapper(id);
        this.endpoints = new VertexEndpoints(id, location, clients.endpoints(), clients.models(), clients.prediction(),
                clients.operations(), mapper, config.pollInterval());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ErrorMapper errorMapper() {
        return mapper;
    }

    @Override
    public ChatModel chatModel(String modelId) {
        return new VertexChatModel(id, clients.prediction(), modelId, location.publisherModel(modelId));
    }

    @Override
    public EmbeddingModel embeddingModel(String modelId) {
        return new VertexEmbeddingModel(id, clients.prediction(), modelId, location.publisherModel(modelId));
    }

    @Override
    public EndpointPlatform endpointPlatform() {
        return endpoints;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type == PredictionServiceClient.class) return type.cast(clients.prediction().get());
        if (type == EndpointServiceClient.class) return type.cast(clients.endpoints().get());
        if (type == ModelServiceClient.class) return type.cast(clients.models().get());
        if (type == OperationsClient.class) return type.cast(clients.operations().get());
        throw new IllegalArgumentException("type: provider '" + id + "' has no native client of type " + type.getName()
                + "; it has PredictionServiceClient, EndpointServiceClient, ModelServiceClient and OperationsClient");
    }

    @Override
    public void close() {
        clients.close();
    }

    /** The clients, for the adapter's tests. */
    VertexClients clients() {
        return clients;
    }

    @Override
    public String toString() {
        return "GcpProvider[" + location.parent() + " via " + clients.endpoint() + "]";
    }
}

package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.storage.Storage;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.gcp.batch.GcsLocation;
import dev.cloudai.gcp.batch.VertexBatches;
import dev.cloudai.spi.BatchPlatform;
import java.util.Optional;
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
    private final Optional<String> batchBucket;

    GcpProvider(String id, VertexLocation location, VertexClients clients, ProviderConfig config) {
        this.id = id;
        this.location = location;
        this.clients = clients;
        this.mapper = new VertexErrorMapper(id);
        this.endpoints = new VertexEndpoints(id, location, clients.endpoints(), clients.models(), clients.prediction(),
                clients.operations(), mapper, config.pollInterval());
        this.batchBucket = config.get(GcpKeys.BATCH_BUCKET);
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

    /** Vertex AI batch prediction; needs {@code cloudai.gcp.batch-bucket}. */
    @Override
    public BatchPlatform batchPlatform() {
        String bucket = batchBucket.orElseThrow(() -> new ConfigurationException(GcpKeys.BATCH_BUCKET
                + ": batches on Vertex AI need a Cloud Storage location for their input and output, for example gs://my-bucket/batches"));
        return new VertexBatches(id, location, clients.jobs(), clients.storage(), GcsLocation.parse(GcpKeys.BATCH_BUCKET, bucket),
                mapper, model -> new VertexChatModel(id, clients.prediction(), model, location.publisherModel(model)));
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type == PredictionServiceClient.class) return type.cast(clients.prediction().get());
        if (type == EndpointServiceClient.class) return type.cast(clients.endpoints().get());
        if (type == ModelServiceClient.class) return type.cast(clients.models().get());
        if (type == OperationsClient.class) return type.cast(clients.operations().get());
        if (type == JobServiceClient.class) return type.cast(clients.jobs().get());
        if (type == Storage.class) return type.cast(clients.storage().get());
        throw new IllegalArgumentException("type: provider '" + id + "' has no native client of type " + type.getName()
                + "; it has PredictionServiceClient, EndpointServiceClient, ModelServiceClient, OperationsClient, JobServiceClient and Storage");
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

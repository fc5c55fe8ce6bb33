package dev.cloudai.aws;

import dev.cloudai.aws.batch.BatchSettings;
import dev.cloudai.aws.batch.BedrockBatches;
import dev.cloudai.aws.deployment.SageMakerEndpoints;
import dev.cloudai.aws.errors.AwsErrorMapper;
import dev.cloudai.aws.invocation.BedrockChatModel;
import dev.cloudai.aws.invocation.BedrockEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.Optional;

/**
 * The raw AWS provider: Bedrock chat and embeddings, SageMaker endpoints, Bedrock batch inference (with S3 for its
 * files), each call one AWS request (or one
 * logical operation) that throws the SDK's own exceptions; {@link AwsErrorMapper} maps them. Models and endpoints
 * hold the clients' suppliers: a client is built by the first call that needs it ({@link AwsClients}).
 */
final class AwsProvider implements Provider {
    static final String ID = "aws";

    private final ProviderConfig config;
    private final AwsClients clients;
    private final AwsErrorMapper errorMapper = new AwsErrorMapper();

    /** @throws dev.cloudai.config.ConfigurationException for a batch bucket or role of the wrong form */
    AwsProvider(ProviderConfig config) {
        // the batch settings are needed only by batch calls, but a value of the wrong form fails at start-up
        config.get(AwsKeys.BATCH_BUCKET).ifPresent(v -> BatchSettings.location(AwsKeys.BATCH_BUCKET, v));
        config.get(AwsKeys.BATCH_ROLE).ifPresent(v -> BatchSettings.role(AwsKeys.BATCH_ROLE, v));
        this.config = config;
        this.clients = AwsClients.create(config);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ErrorMapper errorMapper() {
        return errorMapper;
    }

    @Override
    public ChatModel chatModel(String modelId) {
        return new BedrockChatModel(ID, clients.bedrock(), clients.bedrockAsync(), modelId);
    }

    @Override
    public EmbeddingModel embeddingModel(String modelId) {
        return new BedrockEmbeddingModel(ID, clients.bedrock(), clients.bedrockAsync(), modelId);
    }

    @Override
    public EndpointPlatform endpointPlatform() {
        URI runtimeBase = clients.endpointOverride()
                .orElseGet(() -> URI.create("https://runtime.sagemaker." + clients.region().id() + ".amazonaws.com"));
        return new SageMakerEndpoints(ID, clients.sageMaker(), clients.sageMakerRuntime(), clients.sageMakerRuntimeAsync(),
                errorMapper, clients.region().id(), config, runtimeBase);
    }

    /**
     * Bedrock batch inference, its files in {@code cloudai.aws.batch-bucket}, run as {@code cloudai.aws.batch-role}.
     *
     * @throws dev.cloudai.config.ConfigurationException when either key is not set, naming it
     */
    @Override
    public BatchPlatform batchPlatform() {
        return new BedrockBatches(ID, clients.bedrockControl(), clients.s3(),
                BatchSettings.location(AwsKeys.BATCH_BUCKET, config.require(AwsKeys.BATCH_BUCKET)),
                BatchSettings.role(AwsKeys.BATCH_ROLE, config.require(AwsKeys.BATCH_ROLE)), errorMapper);
    }

    /**
     * {@code BedrockRuntimeClient}, {@code BedrockRuntimeAsyncClient}, {@code SageMakerClient}, the SageMaker
     * Runtime clients, {@code BedrockClient} (the control plane) and {@code S3Client}; the one asked for is built
     * now if no call has needed it yet.
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        Optional<T> client = clients.client(type);
        if (client.isPresent()) return client.get();
        throw new IllegalArgumentException("type: provider 'aws' has no native client of type " + type.getName()
                + "; it has " + String.join(", ", clients.clientTypes()));
    }

    /** The clients, for the adapter's tests. */
    AwsClients clients() {
        return clients;
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "AwsProvider[" + clients.region() + clients.endpointOverride().map(u -> ", endpoint " + u).orElse("") + "]";
    }
}

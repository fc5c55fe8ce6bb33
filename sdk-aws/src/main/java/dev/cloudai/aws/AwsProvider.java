package dev.cloudai.aws;

import dev.cloudai.aws.deployment.SageMakerEndpoints;
import dev.cloudai.aws.errors.AwsErrorMapper;
import dev.cloudai.aws.invocation.BedrockChatModel;
import dev.cloudai.aws.invocation.BedrockEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.Optional;

/**
 * The raw AWS provider: Bedrock chat and embeddings, SageMaker endpoints, each call one AWS request (or one
 * logical operation) that throws the SDK's own exceptions; {@link AwsErrorMapper} maps them. Models and endpoints
 * hold the clients' suppliers: a client is built by the first call that needs it ({@link AwsClients}).
 */
final class AwsProvider implements Provider {
    static final String ID = "aws";

    private final ProviderConfig config;
    private final AwsClients clients;
    private final AwsErrorMapper errorMapper = new AwsErrorMapper();

    AwsProvider(ProviderConfig config) {
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
     * {@code BedrockRuntimeClient}, {@code BedrockRuntimeAsyncClient}, {@code SageMakerClient} and the SageMaker
     * Runtime clients; the one asked for is built now if no call has needed it yet.
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

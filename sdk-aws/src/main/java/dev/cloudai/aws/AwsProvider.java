package dev.cloudai.aws;

import dev.cloudai.aws.deployment.SageMakerEndpoints;
import dev.cloudai.aws.errors.AwsErrorMapper;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.aws.invocation.BedrockChatModel;
import dev.cloudai.aws.invocation.BedrockEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * The raw AWS provider: Bedrock chat and embeddings, SageMaker endpoints, each call one AWS request (or one
 * logical operation) that throws the SDK's own exceptions; {@link AwsErrorMapper} maps them.
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
    public Endpoints endpoints() {
        URI runtimeBase = clients.endpointOverride()
                .orElseGet(() -> URI.create("https://runtime.sagemaker." + clients.region().id() + ".amazonaws.com"));
        return new SageMakerEndpoints(ID, clients.sageMaker(), clients.sageMakerRuntime(), clients.sageMakerRuntimeAsync(),
                errorMapper, clients.region().id(), config, runtimeBase);
    }

    /** {@code BedrockRuntimeClient}, {@code BedrockRuntimeAsyncClient}, {@code SageMakerClient} and the SageMaker Runtime clients. */
    @Override
    public <T> T unwrap(Class<T> type) {
        for (Object client : clients.clients()) {
            if (type.isInstance(client)) return type.cast(client);
        }
        if (type.isInstance(this)) return type.cast(this);
        throw new IllegalArgumentException("type: provider 'aws' has no native client of type " + type.getName()
                + "; it has " + clients.clients().stream().map(c -> c.getClass().getInterfaces()[0].getSimpleName())
                .collect(Collectors.joining(", ")));
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

package dev.cloudai.azure;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import dev.cloudai.azure.batch.AzureBatches;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.azure.invocation.AzureChatModel;
import dev.cloudai.azure.invocation.AzureEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.Lazy;
import dev.cloudai.spi.LazyClients;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Azure provider. Nothing is built when it is created: the Azure OpenAI clients (blocking, async) when a chat or
 * an embedding first needs one, the connection pool they share when the first request is sent, the Azure ML side
 * when endpoints are first asked for ({@link AzureMl}); each once ({@link LazyClients}). The API key stays inside the
 * clients: it is in no field that {@code toString()} shows.
 */
final class AzureProvider implements Provider {
    private final String id;
    private final ProviderConfig config;
    private final LazyClients clients;
    private final Supplier<AzureClients.Http> connections;
    /** The HTTP client every pipeline of this provider sends through: the pool, built with the first request. */
    private final HttpClient http;
    private final AzureErrorMapper mapper;
    private final Supplier<TokenCredential> credential;
    private final URI openAiEndpoint;
    private final Supplier<OpenAIClient> openAi;
    private final Supplier<OpenAIAsyncClient> openAiAsync;
    /** The pipeline of batch jobs and their files: the OpenAI one, at the batch API version. */
    private final Supplier<HttpPipeline> batchPipeline;
    private volatile EndpointPlatform endpoints;
    private volatile BatchPlatform batches;

    AzureProvider(String id, ProviderConfig config) {
        this.id = id;
        this.config = Objects.requireNonNull(config, "config");
        this.clients = new LazyClients(id);
        this.connections = clients.add("http", () -> AzureClients.httpClient(config.timeout(), config.maxConnections()));
        this.http = AzureClients.onFirstUse(() -> connections.get().client());
        this.mapper = new AzureErrorMapper(id);
        this.credential = Lazy.of(AzureClients::defaultCredential, "credential");
        this.openAiEndpoint = config.uri(AzureKeys.ENDPOINT).orElse(null);
        String apiKey = config.get(AzureKeys.API_KEY).orElse(null);
        // the OpenAI clients hold nothing to close: the pool under them is this provider's
        this.openAi = clients.add("openai", () -> AzureClients.openAi(
                AzureClients.openAiBuilder(http, openAiEndpoint, apiKey, credential)), nothing -> { });
        this.openAiAsync = clients.add("openai-async", () -> AzureClients.openAiAsync(
                AzureClients.openAiBuilder(http, openAiEndpoint, apiKey, credential)), nothing -> { });
        this.batchPipeline = clients.add("openai-batch", () -> AzureClients.openAiPipeline(http, openAiEndpoint, apiKey,
                credential, AzureBatches.API_VERSION), nothing -> { });
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
    public ChatModel chatModel(String deployment) {
        requireOpenAi();
        return new AzureChatModel(id, requireDeployment(deployment), openAi, openAiAsync);
    }

    @Override
    public EmbeddingModel embeddingModel(String deployment) {
        requireOpenAi();
        return new AzureEmbeddingModel(id, requireDeployment(deployment), openAi, openAiAsync);
    }

    @Override
    public EndpointPlatform endpointPlatform() {
        EndpointPlatform e = endpoints;
        if (e == null) {
            synchronized (this) {
                e = endpoints;
                if (e == null) endpoints = e = AzureMl.endpoints(id, config, http, credential, mapper);
            }
        }
        return e;
    }

    /**
     * Azure OpenAI Batch on the same resource and credentials as chat ({@code cloudai.azure.endpoint} and the key or
     * Entra ID): nothing is built until the first batch call.
     */
    @Override
    public BatchPlatform batchPlatform() {
        requireOpenAi();
        BatchPlatform b = batches;
        if (b == null) {
            synchronized (this) {
                b = batches;
                if (b == null) {
                    Supplier<OpenAIClient> client = Lazy.of(() -> AzureClients.openAi(batchPipeline.get(), openAiEndpoint),
                            "openai-batch client");
                    batches = b = new AzureBatches(id, client, batchPipeline, openAiEndpoint, mapper, config.pollInterval());
                }
            }
        }
        return b;
    }

    /**
     * {@link OpenAIClient} and {@link OpenAIAsyncClient} (when {@code cloudai.azure.endpoint} is set) and the
     * provider's {@link HttpClient}; the one asked for is built now if no call has needed it yet.
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (openAiEndpoint != null && type.isAssignableFrom(OpenAIClient.class)) return type.cast(openAi.get());
        if (openAiEndpoint != null && type.isAssignableFrom(OpenAIAsyncClient.class)) return type.cast(openAiAsync.get());
        if (type.isAssignableFrom(HttpClient.class)) return type.cast(connections.get().client());
        throw new IllegalArgumentException("type: provider '" + id + "' has no native client of type " + type.getName()
                + "; it has " + OpenAIClient.class.getName() + " and " + OpenAIAsyncClient.class.getName()
                + " (when " + AzureKeys.ENDPOINT + " is set) and " + HttpClient.class.getName());
    }

    /** Closes the connection pool, if a request ever opened it; the clients on it hold nothing of their own. */
    @Override
    public void close() {
        clients.close();
    }

    /** What has been built so far, in order; for the adapter's tests. */
    List<String> built() {
        return clients.built();
    }

    @Override
    public String toString() {
        return "AzureProvider[endpoint=" + openAiEndpoint + ", config=" + config + "]";
    }

    private void requireOpenAi() {
        if (openAiEndpoint == null) config.require(AzureKeys.ENDPOINT);   // throws, naming the key
    }

    private static String requireDeployment(String deployment) {
        if (deployment == null || deployment.isBlank()) {
            throw new IllegalArgumentException("modelId: the Azure OpenAI deployment name must not be blank");
        }
        return deployment;
    }

}

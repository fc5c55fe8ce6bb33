package dev.cloudai.azure;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.azure.invocation.AzureChatModel;
import dev.cloudai.azure.invocation.AzureEmbeddingModel;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Azure provider: Azure OpenAI clients built at creation when {@code cloudai.azure.endpoint} is set (no
 * network I/O), Azure ML endpoints when first asked for. The API key stays inside the clients: it is in no field
 * that {@code toString()} shows.
 */
final class AzureProvider implements Provider {
    private final String id;
    private final ProviderConfig config;
    private final AzureClients.Http connections;
    private final HttpClient http;
    private final AzureErrorMapper mapper;
    private final Supplier<TokenCredential> credential;
    private final URI openAiEndpoint;
    private final OpenAIClient openAi;
    private final OpenAIAsyncClient openAiAsync;
    private volatile Endpoints endpoints;

    AzureProvider(String id, ProviderConfig config) {
        this.id = id;
        this.config = Objects.requireNonNull(config, "config");
        this.connections = AzureClients.httpClient(config.timeout());
        this.http = connections.client();
        this.mapper = new AzureErrorMapper(id);
        this.credential = memoize(AzureClients::defaultCredential);
        this.openAiEndpoint = config.uri(ConfigKeys.AZURE_ENDPOINT).orElse(null);
        if (openAiEndpoint != null) {
            OpenAIClientBuilder b = AzureClients.openAiBuilder(http, openAiEndpoint,
                    config.get(ConfigKeys.AZURE_API_KEY).orElse(null), credential);
            this.openAi = AzureClients.openAi(b);
            this.openAiAsync = AzureClients.openAiAsync(b);
        } else {
            this.openAi = null;
            this.openAiAsync = null;
        }
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
    public Endpoints endpoints() {
        Endpoints e = endpoints;
        if (e == null) {
            synchronized (this) {
                e = endpoints;
                if (e == null) endpoints = e = AzureMl.endpoints(id, config, http, credential, mapper);
            }
        }
        return e;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (openAi != null && type.isInstance(openAi)) return type.cast(openAi);
        if (openAiAsync != null && type.isInstance(openAiAsync)) return type.cast(openAiAsync);
        if (type.isInstance(http)) return type.cast(http);
        if (type.isInstance(this)) return type.cast(this);
        throw new IllegalArgumentException("type: provider '" + id + "' has no native client of type " + type.getName()
                + "; it has " + OpenAIClient.class.getName() + " and " + OpenAIAsyncClient.class.getName()
                + " (when " + ConfigKeys.AZURE_ENDPOINT + " is set) and " + HttpClient.class.getName());
    }

    @Override
    public void close() {
        // The OpenAI and ARM clients hold nothing of their own; the connection pool they share is this provider's.
        connections.close();
    }

    @Override
    public String toString() {
        return "AzureProvider[endpoint=" + openAiEndpoint + ", config=" + config + "]";
    }

    private void requireOpenAi() {
        if (openAi == null) config.require(ConfigKeys.AZURE_ENDPOINT);   // throws, naming the key
    }

    private static String requireDeployment(String deployment) {
        if (deployment == null || deployment.isBlank()) {
            throw new IllegalArgumentException("modelId: the Azure OpenAI deployment name must not be blank");
        }
        return deployment;
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }
}

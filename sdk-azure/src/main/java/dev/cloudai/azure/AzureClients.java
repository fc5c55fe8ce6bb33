package dev.cloudai.azure;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.cloudai.azure.http.ApiVersions;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How the adapter's Azure clients are built: one shared HTTP client, the SDK's retries off (the SDK pipeline owns
 * retries), a GA service version, and authentication by key or Microsoft Entra ID.
 *
 * <p>Why the http:// branch: azure-core's credential policies refuse plain http ("Key credentials require HTTPS"),
 * so against a local emulator the {@code api-key} or {@code Authorization} header is added as a plain header
 * (azure-sdk-for-java#41092). With no key there, a harmless static value is sent: an emulator checks its presence,
 * not its worth.
 *
 * <pre>{@code
 * OpenAIClient c = AzureClients.openAiBuilder(http, "https://res.openai.azure.com", key, credential).buildClient();
 * }</pre>
 */
final class AzureClients {
    /**
     * The newest GA Azure OpenAI data-plane version azure-ai-openai 1.0.0-beta.16 knows; its default is a preview
     * (2025-01-01-preview), which can change or vanish.
     */
    static final OpenAIServiceVersion SERVICE_VERSION = OpenAIServiceVersion.V2024_06_01;
    static final String EMULATOR_API_KEY = "emulator-api-key";
    static final String EMULATOR_BEARER = "Bearer emulator-token";

    private AzureClients() {
    }

    /** azure-core's default idle time of a pooled connection. */
    static final Duration CONNECTION_IDLE_TIME = Duration.ofSeconds(60);
    /** How long close() waits for the pool to close its connections. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * The HTTP client every pipeline of one provider shares, and the connection pool it owns. azure-core's
     * {@code HttpClient.createDefault(options)} makes a new pool per client and never closes it, so each provider
     * once left its connections open after {@code close()} until the server's idle timeout: this one is closed.
     */
    static final class Http implements AutoCloseable {
        private final HttpClient client;
        private final ConnectionProvider connections;

        private Http(HttpClient client, ConnectionProvider connections) {
            this.client = client;
            this.connections = connections;
        }

        HttpClient client() {
            return client;
        }

        /** Closes every pooled connection; calls still using one have been ended by the pipeline first. */
        @Override
        public void close() {
            connections.disposeLater().block(CLOSE_WAIT);
        }
    }

    /**
     * The HTTP client of one provider. Its response timeout is {@code cloudai.timeout}: a blocking call cannot be
     * cancelled from outside, and a non-streamed completion is written before its first byte comes back. A stream's
     * headers arrive at once, so a long stream is not cut; its reads have their own, longer timeout.
     *
     * @param maxConnections the most connections the pool opens to one host ({@code cloudai.http.max-connections}),
     *                       so the most requests in flight at once, blocking and async together; callers beyond it
     *                       wait for a connection, as long as their deadline allows
     */
    static Http httpClient(Duration responseTimeout, int maxConnections) {
        ConnectionProvider connections = ConnectionProvider.builder("cloudai-azure")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)          // callers beyond the pool wait for a connection, as in azure-core
                .pendingAcquireTimeout(responseTimeout)   // not reactor-netty's 45 s: the call's own deadline
                .maxIdleTime(CONNECTION_IDLE_TIME)
                .build();
        HttpClient client = new NettyAsyncHttpClientBuilder()
                .connectionProvider(connections)
                .connectTimeout(Duration.ofSeconds(10))
                .responseTimeout(responseTimeout)
                .readTimeout(Duration.ofMinutes(2))
                .writeTimeout(Duration.ofMinutes(1))
                .build();
        return new Http(client, connections);
    }

    /**
     * An HTTP client that gets the real one from {@code http} when it sends its first request, so that building the
     * OpenAI clients or the Azure ML pipelines builds no connection pool: that comes with the first call.
     */
    static HttpClient onFirstUse(Supplier<HttpClient> http) {
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                return Mono.defer(() -> http.get().send(request));
            }

            @Override
            public Mono<HttpResponse> send(HttpRequest request, Context context) {
                return Mono.defer(() -> http.get().send(request, context));
            }

            @Override
            public HttpResponse sendSync(HttpRequest request, Context context) {
                return http.get().sendSync(request, context);
            }
        };
    }

    /** The scope of Microsoft Entra ID tokens for Azure OpenAI, as azure-ai-openai's own builder asks for. */
    static final String OPENAI_SCOPE = "https://cognitiveservices.azure.com/.default";

    /**
     * The OpenAI clients' builder, on a pipeline of our own. Given only options, azure-ai-openai adds azure-core's
     * {@code RetryPolicy}: with its retries off, that policy still logs "Retry attempts have been exhausted" at
     * INFO after every call. Our pipeline has none ({@code CallPipeline} retries), so a service logging at INFO
     * gets no line per call.
     */
    static OpenAIClientBuilder openAiBuilder(HttpClient http, URI endpoint, String apiKey, Supplier<TokenCredential> entraId) {
        return new OpenAIClientBuilder()
                .endpoint(endpoint.toString())
                .serviceVersion(SERVICE_VERSION)
                .pipeline(openAiPipeline(http, endpoint, apiKey, entraId));
    }

    /** The policies azure-ai-openai would add, less its retry policy: user agent, request id, credentials. */
    static HttpPipeline openAiPipeline(HttpClient http, URI endpoint, String apiKey, Supplier<TokenCredential> entraId) {
        return pipeline(http, openAiPolicies(endpoint, apiKey, entraId));
    }

    /**
     * {@link #openAiPipeline} with every request sent at {@code apiVersion} in place of the client's service version:
     * for operations azure-ai-openai reaches only through its typed methods, whose {@code OpenAIServiceVersion} has
     * no GA value after 2024-06-01.
     */
    static HttpPipeline openAiPipeline(HttpClient http, URI endpoint, String apiKey, Supplier<TokenCredential> entraId,
                                       String apiVersion) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new ApiVersionPolicy(apiVersion));
        policies.addAll(openAiPolicies(endpoint, apiKey, entraId));
        return pipeline(http, policies);
    }

    private static List<HttpPipelinePolicy> openAiPolicies(URI endpoint, String apiKey, Supplier<TokenCredential> entraId) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy());
        policies.add(new RequestIdPolicy());
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        if (https && apiKey != null) {
            policies.add(new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(apiKey)));
        } else if (https) {
            policies.add(new BearerTokenAuthenticationPolicy(entraId.get(), OPENAI_SCOPE));
        } else {
            policies.add(new AddHeadersPolicy(new HttpHeaders()
                    .set(HttpHeaderName.fromString("api-key"), apiKey != null ? apiKey : EMULATOR_API_KEY)));
        }
        return policies;
    }

    private static HttpPipeline pipeline(HttpClient http, List<HttpPipelinePolicy> policies) {
        return new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
    }

    /** An OpenAI client on a pipeline of its own (built by {@link #openAiPipeline}). */
    static OpenAIClient openAi(HttpPipeline pipeline, URI endpoint) {
        return new OpenAIClientBuilder().endpoint(endpoint.toString()).serviceVersion(SERVICE_VERSION).pipeline(pipeline)
                .buildClient();
    }

    /** Sets the {@code api-version} query parameter of every request, replacing the one the client put there. */
    static final class ApiVersionPolicy extends HttpPipelineSyncPolicy {
        private final String version;

        ApiVersionPolicy(String version) {
            this.version = version;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            ApiVersions.set(context.getHttpRequest(), version);
        }
    }

    static OpenAIClient openAi(OpenAIClientBuilder b) {
        return b.buildClient();
    }

    static OpenAIAsyncClient openAiAsync(OpenAIClientBuilder b) {
        return b.buildAsyncClient();
    }

    /**
     * The Azure Resource Manager pipeline: a bearer token from Microsoft Entra ID for the management scope
     * ({@code <ml-endpoint>/.default}), or a static one over http for an emulator; no retries.
     */
    static HttpPipeline armPipeline(HttpClient http, URI managementEndpoint, Supplier<TokenCredential> entraId) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        if ("https".equalsIgnoreCase(managementEndpoint.getScheme())) {
            String scope = managementEndpoint.toString().replaceAll("/+$", "") + "/.default";
            policies.add(new BearerTokenAuthenticationPolicy(entraId.get(), scope));
        } else {
            policies.add(new AddHeadersPolicy(new HttpHeaders().set(HttpHeaderName.AUTHORIZATION, EMULATOR_BEARER)));
        }
        return new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
    }

    /**
     * The pipeline for scoring URIs: no credential policy, since each call carries the endpoint's own key, and, like
     * the others, no retry policy.
     */
    static HttpPipeline scoringPipeline(HttpClient http) {
        return new HttpPipelineBuilder().httpClient(http).build();
    }

    /** Microsoft Entra ID through the standard chain (environment, workload and managed identity, Azure CLI...). */
    static TokenCredential defaultCredential() {
        return new DefaultAzureCredentialBuilder().build();
    }
}

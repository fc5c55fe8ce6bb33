package dev.cloudai.benchmarks;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.cloud.aiplatform.v1.PredictionServiceSettings;
import io.grpc.ManagedChannelBuilder;
import reactor.netty.resources.ConnectionProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The raw side of every benchmark: the cloud SDK clients built with the options the adapters give theirs (same
 * HTTP client, timeouts, protocol, credentials and, off, retries), so that the difference measured is the SDK's
 * own code. When an adapter changes how it builds a client, change the twin here; each method names its model.
 * The Azure and Vertex AI clients are built in nested classes: the cold-start benchmark loads this class on its
 * clock, and verifying it must load no class of theirs.
 *
 * <pre>{@code
 * try (RawClients.Bedrock raw = RawClients.bedrock(stub.uri())) { raw.client().converse(...); }
 * PredictionServiceClient vertex = RawClients.Vertex.create(stub.hostPort());
 * }</pre>
 */
final class RawClients {
    /** {@code cloudai.timeout}'s default, which the adapters give blocking calls as their deadline. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);
    static final Region REGION = Region.of(OurSide.AWS_REGION);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AWS_READ_TIMEOUT = Duration.ofMinutes(3);

    private RawClients() {
    }

    /** A blocking Bedrock Runtime client and the Apache HTTP client it owns. */
    record Bedrock(BedrockRuntimeClient client, SdkHttpClient http) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            http.close();
        }
    }

    /** An async Bedrock Runtime client and the Netty HTTP client and event loop it owns. */
    record BedrockAsync(BedrockRuntimeAsyncClient client, NettyNioAsyncHttpClient http, SdkEventLoopGroup loop)
            implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            http.close();
            loop.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** An Azure OpenAI client and the connection pool it owns. */
    record Azure(OpenAIClient client, ConnectionProvider connections) implements AutoCloseable {
        /**
         * As sdk-azure {@code AzureClients} builds its OpenAI client: azure-core's Netty client on a pool of 500
         * connections, its timeouts, the GA service version, no retries and, over http, the key as a plain header.
         */
        static Azure create(URI endpoint) {
            ConnectionProvider connections = ConnectionProvider.builder("raw-azure")
                    .maxConnections(500).pendingAcquireMaxCount(-1).maxIdleTime(Duration.ofSeconds(60)).build();
            com.azure.core.http.HttpClient http = new NettyAsyncHttpClientBuilder()
                    .connectionProvider(connections)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .responseTimeout(CALL_TIMEOUT)
                    .readTimeout(Duration.ofMinutes(2))
                    .writeTimeout(Duration.ofMinutes(1))
                    .build();
            OpenAIClient client = new OpenAIClientBuilder()
                    .endpoint(endpoint.toString())
                    .httpClient(http)
                    .serviceVersion(OpenAIServiceVersion.V2024_06_01)     // the GA version the adapter pins
                    .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                    .addPolicy(new AddHeadersPolicy(new HttpHeaders()
                            .set(HttpHeaderName.fromString("api-key"), OurSide.AZURE_API_KEY)))
                    .buildClient();
            return new Azure(client, connections);
        }

        @Override
        public void close() {
            connections.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    /** The Vertex AI client. */
    static final class Vertex {
        private Vertex() {
        }

        /**
         * As sdk-gcp {@code VertexClients} builds its PredictionServiceClient against a plaintext endpoint: gax's gRPC
         * channels with plaintext, as many as the adapter's default {@code cloudai.http.max-connections} gives (one per
         * 100 calls), no credentials, every unary method one attempt with the call timeout as deadline.
         */
        @SuppressWarnings("rawtypes")   // gax types the channel configurator with the raw ManagedChannelBuilder
        static PredictionServiceClient create(String hostPort) {
            PredictionServiceSettings.Builder b = PredictionServiceSettings.newBuilder();
            b.setEndpoint(hostPort)
                    .setTransportChannelProvider(PredictionServiceSettings.defaultGrpcTransportProviderBuilder()
                            .setEndpoint(hostPort).setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                            .setChannelPoolSettings(com.google.api.gax.grpc.ChannelPoolSettings.staticallySized(10))
                            .build())
                    .setCredentialsProvider(NoCredentialsProvider.create());
            b.applyToAllUnaryMethods(settings -> {
                settings.setRetryableCodes(Set.of());
                settings.setRetrySettings(settings.getRetrySettings().toBuilder().setMaxAttempts(1)
                        .setInitialRpcTimeoutDuration(CALL_TIMEOUT).setMaxRpcTimeoutDuration(CALL_TIMEOUT)
                        .setTotalTimeoutDuration(CALL_TIMEOUT).build());
                return null;
            });
            try {
                return PredictionServiceClient.create(b.build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** As sdk-aws {@code AwsClients} builds its blocking Bedrock client: Apache, 10 s connect, 3 min socket timeout. */
    static Bedrock bedrock(URI endpoint) {
        SdkHttpClient http = ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(AWS_READ_TIMEOUT).build();
        BedrockRuntimeClient client = BedrockRuntimeClient.builder()
                .region(REGION).credentialsProvider(awsCredentials()).endpointOverride(endpoint)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT).build())
                .httpClient(http).build();
        return new Bedrock(client, http);
    }

    /**
     * As sdk-aws {@code AwsClients} builds its async Bedrock client (Netty over HTTP/1.1 on an event loop of its
     * own, no API call timeout) but with {@code maxConcurrency} connections instead of the AWS SDK's default 50.
     */
    static BedrockAsync bedrockAsync(URI endpoint, int maxConcurrency) {
        SdkEventLoopGroup loop = SdkEventLoopGroup.builder().build();
        NettyNioAsyncHttpClient http = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP1_1).eventLoopGroup(loop).maxConcurrency(maxConcurrency)
                .connectionTimeout(CONNECT_TIMEOUT).readTimeout(AWS_READ_TIMEOUT).build();
        BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder()
                .region(REGION).credentialsProvider(awsCredentials()).endpointOverride(endpoint)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .httpClient(http).build();
        return new BedrockAsync(client, http, loop);
    }

    /**
     * The chain sdk-aws uses against an endpoint override with no profile: system properties, environment, the
     * default profile, then static test credentials, remembering the one that answered.
     */
    private static AwsCredentialsProvider awsCredentials() {
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(
                SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(),
                ProfileCredentialsProvider.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCHMARK", "benchmark-secret"))).build();
    }

    /** A Converse request with one user message, as an application writes it. */
    static ConverseRequest converseRequest(String prompt) {
        return ConverseRequest.builder().modelId(OurSide.BEDROCK_MODEL)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(prompt)).build())
                .build();
    }

    /** The text of a Converse answer, as an application reads it: the first content block's. */
    static String text(ConverseResponse response) {
        return response.output().message().content().get(0).text();
    }
}

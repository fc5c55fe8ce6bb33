package dev.cloudai.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.ChannelPoolSettings;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.ServerStreamingCallSettings;
import com.google.api.gax.rpc.UnaryCallSettings;
import dev.cloudai.gcp.errors.CredentialsUnavailableException;
import dev.cloudai.spi.LazyClients;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EndpointServiceSettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.aiplatform.v1.JobServiceSettings;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.cloud.aiplatform.v1.PredictionServiceSettings;
import com.google.longrunning.OperationsClient;
import com.google.longrunning.OperationsSettings;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The four gax clients the adapter uses (Prediction, Endpoint, Model, Operations), each created on first use and
 * once ({@link LazyClients}), so that building the provider does no I/O (loading Application Default Credentials may
 * call the metadata server) and an application that only chats builds the Prediction client alone. Every method's
 * gax retries are off, streaming included: the SDK's pipeline owns retries, and deploy polls operations itself with
 * {@code Polling.until}.
 *
 * <p>{@code cloudai.http.max-connections} sizes the Prediction client's channel pool, which carries every chat,
 * embedding and endpoint invocation. gRPC multiplexes calls as HTTP/2 streams on one connection per channel, and
 * Google's front ends run at most {@value #CALLS_PER_CONNECTION} at once on a connection; the calls beyond wait in
 * the client. So the requests in flight the key allows are spread over {@code ceil(max-connections / 100)} channels
 * (10 by default), each its own connection carrying up to 100 calls. Calls take the channels in turn, and a channel
 * connects on its first call: the first calls of a program each open one (a TLS handshake each, against Vertex). A
 * static pool rather than gax's resizing one, which grows once a minute at most, too late for a burst. The
 * deployment clients (a handful of calls per deployment) keep gax's single channel.
 */
final class VertexClients implements AutoCloseable {
    /**
     * Calls Google's front ends run at once on one connection: "Google middleware enforces a limit of 100 streams per
     * connection" (googleapis/google-cloud-java, docs/grpc_channel_pool_guide.md; googleapis/sdk-platform-java
     * issue 1594).
     */
    static final int CALLS_PER_CONNECTION = 100;

    private final String endpoint;
    private final boolean plaintext;
    private final java.time.Duration timeout;
    private final int predictionChannels;
    private final LazyClients clients = new LazyClients("gcp");

    private final Supplier<PredictionServiceClient> prediction = lazy("prediction", this::newPrediction);
    private final Supplier<EndpointServiceClient> endpoints = lazy("endpoints", this::newEndpoints);
    private final Supplier<ModelServiceClient> models = lazy("models", this::newModels);
    private final Supplier<OperationsClient> operations = lazy("operations", this::newOperations);
    private final Supplier<JobServiceClient> jobs = lazy("jobs", this::newJobs);
    private final Supplier<Storage> storage = lazy("storage", this::newStorage);
    /** {@code cloudai.gcp.storage-endpoint}, or null for Google's. */
    private String storageEndpoint;

    /**
     * @param endpoint       host:port of the Vertex AI gRPC API
     * @param plaintext      plain gRPC without credentials (an emulator), instead of TLS with Application Default Credentials
     * @param timeout        the deadline of each unary call ({@code cloudai.timeout}); streams keep none, since a long
     *                       answer takes long (the SDK's pipeline bounds the wait for their first chunk)
     * @param maxConnections {@code cloudai.http.max-connections}: the Prediction client gets one channel per
     *                       {@value #CALLS_PER_CONNECTION} of them
     */
    VertexClients(String endpoint, boolean plaintext, java.time.Duration timeout, int maxConnections) {
        this.endpoint = endpoint;
        this.plaintext = plaintext;
        this.timeout = timeout;
        this.predictionChannels = channelsFor(maxConnections);
    }

    /** {@code ceil(maxConnections / 100)}: enough connections for that many calls at once. */
    static int channelsFor(int maxConnections) {
        return (maxConnections + CALLS_PER_CONNECTION - 1) / CALLS_PER_CONNECTION;
    }

    int predictionChannels() {
        return predictionChannels;
    }

    /** What has been built so far, in order; for the adapter's tests. */
    List<String> built() {
        return clients.built();
    }

    Supplier<PredictionServiceClient> prediction() { return prediction; }

    Supplier<EndpointServiceClient> endpoints() { return endpoints; }

    Supplier<ModelServiceClient> models() { return models; }

    Supplier<OperationsClient> operations() { return operations; }

    Supplier<JobServiceClient> jobs() { return jobs; }

    Supplier<Storage> storage() { return storage; }

    /** Sends the Cloud Storage calls to {@code url} ({@code http://} without credentials, for an emulator). */
    VertexClients storageEndpoint(String url) {
        this.storageEndpoint = url;
        return this;
    }

    String endpoint() { return endpoint; }

    private PredictionServiceClient newPrediction() throws IOException {
        PredictionServiceSettings.Builder b = configure(PredictionServiceSettings.newBuilder(),
                PredictionServiceSettings.defaultGrpcTransportProviderBuilder()
                        .setChannelPoolSettings(ChannelPoolSettings.staticallySized(predictionChannels)));
        b.applyToAllUnaryMethods(this::noRetries);
        noRetries(b.streamGenerateContentSettings());
        noRetries(b.serverStreamingPredictSettings());
        noRetries(b.streamRawPredictSettings());
        return PredictionServiceClient.create(b.build());
    }

    private EndpointServiceClient newEndpoints() throws IOException {
        EndpointServiceSettings.Builder b = configure(EndpointServiceSettings.newBuilder(),
                EndpointServiceSettings.defaultGrpcTransportProviderBuilder());
        b.applyToAllUnaryMethods(this::noRetries);
        return EndpointServiceClient.create(b.build());
    }

    private ModelServiceClient newModels() throws IOException {
        ModelServiceSettings.Builder b = configure(ModelServiceSettings.newBuilder(),
                ModelServiceSettings.defaultGrpcTransportProviderBuilder());
        b.applyToAllUnaryMethods(this::noRetries);
        return ModelServiceClient.create(b.build());
    }

    private JobServiceClient newJobs() throws IOException {
        JobServiceSettings.Builder b = configure(JobServiceSettings.newBuilder(),
                JobServiceSettings.defaultGrpcTransportProviderBuilder());
        b.applyToAllUnaryMethods(this::noRetries);
        return JobServiceClient.create(b.build());
    }

    /** Cloud Storage for batch input and output; no retries either, as for the gRPC clients. */
    private Storage newStorage() {
        StorageOptions.Builder b = StorageOptions.http().setRetrySettings(ServiceOptions.getNoRetrySettings());
        if (storageEndpoint != null) {
            b.setHost(storageEndpoint);
            if (storageEndpoint.startsWith("http://")) b.setCredentials(NoCredentials.getInstance()).setProjectId("emulator");
        }
        return b.build().getService();
    }

    /** Our own operations client: the one inside the GAPIC clients retries GetOperation for up to 10 minutes. */
    private OperationsClient newOperations() throws Exception {
        OperationsSettings.Builder b = configure(OperationsSettings.newBuilder(),
                InstantiatingGrpcChannelProvider.newBuilder().setMaxInboundMessageSize(Integer.MAX_VALUE));
        b.applyToAllUnaryMethods(this::noRetries);
        return OperationsClient.create(b.build());
    }

    private <B extends ClientSettings.Builder<?, B>> B configure(B builder, InstantiatingGrpcChannelProvider.Builder channel) {
        channel.setEndpoint(endpoint);
        // a lambda, not ManagedChannelBuilder::usePlaintext: gax's signature has the raw type, which javac warns about
        if (plaintext) channel.setChannelConfigurator(b -> b.usePlaintext());
        builder.setEndpoint(endpoint).setTransportChannelProvider(channel.build());
        if (plaintext) builder.setCredentialsProvider(NoCredentialsProvider.create());
        else builder.setCredentialsProvider(adc());
        return builder;
    }

    private static CredentialsProvider adc() {
        // Application Default Credentials with the cloud-platform scope, as the GAPIC settings default to
        return PredictionServiceSettings.defaultCredentialsProviderBuilder().build();
    }

    private Void noRetries(UnaryCallSettings.Builder<?, ?> settings) {
        settings.setRetryableCodes(Set.of());
        // One attempt with a deadline: a blocking call cannot be cancelled from outside, so gRPC enforces
        // cloudai.timeout itself (DEADLINE_EXCEEDED, mapped to DeadlineExceededException).
        settings.setRetrySettings(settings.getRetrySettings().toBuilder().setMaxAttempts(1)
                .setInitialRpcTimeoutDuration(timeout).setMaxRpcTimeoutDuration(timeout).setTotalTimeoutDuration(timeout)
                .build());
        return null;
    }

    private static void noRetries(ServerStreamingCallSettings.Builder<?, ?> settings) {
        settings.setRetryableCodes(Set.of());
        settings.setRetrySettings(settings.getRetrySettings().toBuilder().setMaxAttempts(1).build());
    }

    @FunctionalInterface
    private interface Factory<T> {
        T create() throws Exception;
    }

    private <T extends AutoCloseable> Supplier<T> lazy(String name, Factory<T> factory) {
        return clients.add(name, () -> {
            try {
                return factory.create();
            } catch (IOException e) {
                // creating a client reads the credentials; the channel itself connects lazily
                throw new CredentialsUnavailableException(endpoint, e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not create the Vertex AI " + name + " client for " + endpoint, e);
            }
        });
    }

    /** Closes the clients built, newest first. */
    @Override
    public void close() {
        clients.close();
    }
}

package dev.cloudai.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.ServerStreamingCallSettings;
import com.google.api.gax.rpc.UnaryCallSettings;
import dev.cloudai.gcp.errors.CredentialsUnavailableException;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EndpointServiceSettings;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.cloud.aiplatform.v1.PredictionServiceSettings;
import com.google.longrunning.OperationsClient;
import com.google.longrunning.OperationsSettings;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The four gax clients the adapter uses (Prediction, Endpoint, Model, Operations), created on first use so that
 * building the provider does no I/O (loading Application Default Credentials may call the metadata server). Every
 * method's gax retries are off, streaming included: the SDK's pipeline owns retries, and deploy polls operations
 * itself with {@code Polling.until}.
 */
final class VertexClients implements AutoCloseable {
    private final String endpoint;
    private final boolean plaintext;
    private final java.time.Duration timeout;
    private final List<AutoCloseable> created = new ArrayList<>();   // guarded by this
    private boolean closed;                                          // guarded by this

    private final Supplier<PredictionServiceClient> prediction = lazy(this::newPrediction);
    private final Supplier<EndpointServiceClient> endpoints = lazy(this::newEndpoints);
    private final Supplier<ModelServiceClient> models = lazy(this::newModels);
    private final Supplier<OperationsClient> operations = lazy(this::newOperations);

    /**
     * @param endpoint  host:port of the Vertex AI gRPC API
     * @param plaintext plain gRPC without credentials (an emulator), instead of TLS with Application Default Credentials
     * @param timeout   the deadline of each unary call ({@code cloudai.timeout}); streams keep none, since a long answer
     *                  takes long (the SDK's pipeline bounds the wait for their first chunk)
     */
    VertexClients(String endpoint, boolean plaintext, java.time.Duration timeout) {
        this.endpoint = endpoint;
        this.plaintext = plaintext;
        this.timeout = timeout;
    }

    Supplier<PredictionServiceClient> prediction() { return prediction; }

    Supplier<EndpointServiceClient> endpoints() { return endpoints; }

    Supplier<ModelServiceClient> models() { return models; }

    Supplier<OperationsClient> operations() { return operations; }

    String endpoint() { return endpoint; }

    private PredictionServiceClient newPrediction() throws IOException {
        PredictionServiceSettings.Builder b = configure(PredictionServiceSettings.newBuilder(),
                PredictionServiceSettings.defaultGrpcTransportProviderBuilder());
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

    /** Our own operations client: the one inside the GAPIC clients retries GetOperation for up to 10 minutes. */
    private OperationsClient newOperations() throws Exception {
        OperationsSettings.Builder b = configure(OperationsSettings.newBuilder(),
                InstantiatingGrpcChannelProvider.newBuilder().setMaxInboundMessageSize(Integer.MAX_VALUE));
        b.applyToAllUnaryMethods(this::noRetries);
        return OperationsClient.create(b.build());
    }

    private <B extends ClientSettings.Builder<?, B>> B configure(B builder, InstantiatingGrpcChannelProvider.Builder channel) {
        channel.setEndpoint(endpoint);
        if (plaintext) channel.setChannelConfigurator(ManagedChannelBuilder::usePlaintext);
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

    private <T extends AutoCloseable> Supplier<T> lazy(Factory<T> factory) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                synchronized (VertexClients.this) {
                    if (closed) throw new IllegalStateException("the gcp provider is closed");
                    if (value == null) {
                        try {
                            value = factory.create();
                        } catch (IOException e) {
                            // creating a client reads the credentials; the channel itself connects lazily
                            throw new CredentialsUnavailableException(endpoint, e);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException("could not create the Vertex AI client for " + endpoint, e);
                        }
                        created.add(value);
                    }
                    return value;
                }
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (AutoCloseable c : created) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing the others matters more
            }
        }
        created.clear();
    }
}

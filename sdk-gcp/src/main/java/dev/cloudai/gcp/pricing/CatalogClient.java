package dev.cloudai.gcp.pricing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.billing.v1.CloudCatalogClient;
import com.google.cloud.billing.v1.CloudCatalogSettings;
import dev.cloudai.gcp.errors.CredentialsUnavailableException;
import dev.cloudai.spi.LazyClients;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Cloud Billing Catalog client, built on first use (building it may read Application Default Credentials, which
 * may call the metadata server: not at construction). gax's retries are off for every method: {@link Pager} retries
 * a page itself and counts every request. Credentials: an API key when one is configured, else Application Default
 * Credentials; none against a plaintext endpoint (an emulator).
 *
 * <pre>{@code
 * CatalogClient clients = new CatalogClient("cloudbilling.googleapis.com:443", false, Optional.empty(), Duration.ofSeconds(60));
 * clients.get().listSkusCallable().call(request);
 * }</pre>
 */
final class CatalogClient implements AutoCloseable {
    /** The Cloud Billing API's gRPC endpoint. */
    static final String DEFAULT_ENDPOINT = "cloudbilling.googleapis.com:443";

    private final String endpoint;
    private final boolean plaintext;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final LazyClients clients = new LazyClients("gcp");
    private final Supplier<CloudCatalogClient> catalog = clients.add("billing-catalog", this::newClient);

    CatalogClient(String endpoint, boolean plaintext, Optional<String> apiKey, Duration timeout) {
        this.endpoint = endpoint;
        this.plaintext = plaintext;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    CloudCatalogClient get() {
        return catalog.get();
    }

    String endpoint() {
        return endpoint;
    }

    /** What has been built so far; for tests of the no-I/O-at-construction rule. */
    List<String> built() {
        return clients.built();
    }

    private CloudCatalogClient newClient() {
        InstantiatingGrpcChannelProvider.Builder channel = CloudCatalogSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(endpoint);
        // a lambda, not ManagedChannelBuilder::usePlaintext: gax's signature has the raw type, which javac warns about
        if (plaintext) channel.setChannelConfigurator(b -> b.usePlaintext());
        CloudCatalogSettings.Builder settings = CloudCatalogSettings.newBuilder();
        settings.setEndpoint(endpoint).setTransportChannelProvider(channel.build());
        if (apiKey.isPresent()) {
            settings.setApiKey(apiKey.get());   // takes precedence over any credentials provider in gax
        } else if (plaintext) {
            settings.setCredentialsProvider(NoCredentialsProvider.create());
        }   // else the settings' default: Application Default Credentials, cloud-platform scope
        settings.applyToAllUnaryMethods(this::oneAttempt);
        try {
            return CloudCatalogClient.create(settings.build());
        } catch (IOException e) {
            // creating the client reads the credentials; the channel itself connects lazily
            throw new CredentialsUnavailableException(endpoint, e);
        }
    }

    private Void oneAttempt(UnaryCallSettings.Builder<?, ?> method) {
        method.setRetryableCodes(Set.of());
        method.setRetrySettings(method.getRetrySettings().toBuilder().setMaxAttempts(1)
                .setInitialRpcTimeoutDuration(timeout).setMaxRpcTimeoutDuration(timeout).setTotalTimeoutDuration(timeout)
                .build());
        return null;
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "CatalogClient[" + endpoint + (plaintext ? ", plaintext" : "") + (apiKey.isPresent() ? ", API key" : "") + "]";
    }
}

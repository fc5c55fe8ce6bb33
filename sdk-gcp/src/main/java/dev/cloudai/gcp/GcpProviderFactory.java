package dev.cloudai.gcp;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.gcp.batch.GcsLocation;
import dev.cloudai.gcp.internal.VertexLocation;
import dev.cloudai.gcp.pricing.GcpPriceSource;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/**
 * Provider {@code gcp}: Google Vertex AI over gRPC with {@code google-cloud-aiplatform}. Found by
 * {@link java.util.ServiceLoader}; users only configure it:
 *
 * <pre>
 * cloudai.provider=gcp
 * cloudai.gcp.project=my-project          # required
 * cloudai.gcp.location=us-central1        # required
 * cloudai.gcp.endpoint=http://127.0.0.1:9090   # optional: an emulator (plaintext, no credentials)
 * cloudai.gcp.batch-bucket=gs://my-bucket/batches   # for batches: where input and output go
 * </pre>
 *
 * Without {@code cloudai.gcp.endpoint}, calls go to {@code {location}-aiplatform.googleapis.com:443} (or
 * {@code aiplatform.googleapis.com:443} for location {@code global}) with Application Default Credentials. An
 * endpoint given as {@code host:port} or {@code https://host:port} uses TLS and those credentials too; only
 * {@code http://} means plaintext without credentials.
 *
 * <p>{@link #priceSource} reads Google's prices from the Cloud Billing Catalog API for a catalog refresh; it needs
 * neither project nor location. It calls {@code cloudbilling.googleapis.com:443} with
 * {@code cloudai.gcp.billing-api-key} when set, else Application Default Credentials; an {@code http://} endpoint
 * (an emulator, which serves both APIs) replaces it, a TLS endpoint (a Vertex AI endpoint) does not.
 */
public final class GcpProviderFactory implements ProviderFactory {

    @Override
    public String id() {
        return "gcp";
    }

    @Override
    public java.util.List<dev.cloudai.config.ConfigKeys.Key> keys() {
        return GcpKeys.all();
    }

    @Override
    public java.util.Optional<String> regionKey() {
        return java.util.Optional.of(GcpKeys.LOCATION);
    }

    @Override
    public Provider create(ProviderConfig config) {
        VertexLocation location = new VertexLocation(config.require(GcpKeys.PROJECT), config.require(GcpKeys.LOCATION));
        String configured = configuredEndpoint(config);
        String hostPort;
        boolean plaintext = configured.startsWith("http://");
        if (configured.isEmpty()) {
            hostPort = (location.location().equals("global") ? "" : location.location() + "-") + "aiplatform.googleapis.com:443";
        } else if (plaintext) {
            hostPort = hostPort(configured.substring("http://".length()), 80);
        } else if (configured.startsWith("https://")) {
            hostPort = hostPort(configured.substring("https://".length()), 443);
        } else {
            hostPort = hostPort(configured, 443);
        }
        VertexClients clients = new VertexClients(hostPort, plaintext, config.timeout(), config.maxConnections());
        config.get(GcpKeys.STORAGE_ENDPOINT).map(String::strip).ifPresent(clients::storageEndpoint);
        // checked here, at start-up, though only batches read it
        config.get(GcpKeys.BATCH_BUCKET).ifPresent(v -> GcsLocation.parse(GcpKeys.BATCH_BUCKET, v));
        return new GcpProvider(config.providerId(), location, clients, config);
    }

    /**
     * The Cloud Billing Catalog, for {@code cloudai catalog refresh}. Needs no project or location, and builds its
     * client on the first fetch.
     */
    @Override
    public java.util.Optional<PriceSource> priceSource(ProviderConfig config) {
        String configured = configuredEndpoint(config);
        boolean emulator = configured.startsWith("http://");
        java.util.Optional<String> endpoint = emulator
                ? java.util.Optional.of(hostPort(configured.substring("http://".length()), 80)) : java.util.Optional.empty();
        java.util.Optional<String> apiKey = config.get(GcpKeys.BILLING_API_KEY).map(String::strip).filter(k -> !k.isEmpty());
        return java.util.Optional.of(GcpPriceSource.create(config.providerId(), endpoint, emulator, apiKey, config.timeout()));
    }

    private static String configuredEndpoint(ProviderConfig config) {
        return config.get(GcpKeys.ENDPOINT).map(String::strip).orElse("");
    }

    private static String hostPort(String value, int defaultPort) {
        String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (v.isEmpty() || v.contains("/")) {
            throw new ConfigurationException(GcpKeys.ENDPOINT + ": '" + value + "' is not host:port of the Vertex AI"
                    + " gRPC API; use for example us-central1-aiplatform.googleapis.com:443, or http://127.0.0.1:9090 for an emulator");
        }
        return v.lastIndexOf(':') > v.lastIndexOf(']') ? v : v + ":" + defaultPort;
    }
}

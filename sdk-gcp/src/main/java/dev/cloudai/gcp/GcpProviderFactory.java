package dev.cloudai.gcp;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.gcp.batch.GcsLocation;
import dev.cloudai.gcp.internal.VertexLocation;
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
        String configured = config.get(GcpKeys.ENDPOINT).map(String::strip).orElse("");
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

    private static String hostPort(String value, int defaultPort) {
        String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (v.isEmpty() || v.contains("/")) {
            throw new ConfigurationException(GcpKeys.ENDPOINT + ": '" + value + "' is not host:port of the Vertex AI"
                    + " gRPC API; use for example us-central1-aiplatform.googleapis.com:443, or http://127.0.0.1:9090 for an emulator");
        }
        return v.lastIndexOf(':') > v.lastIndexOf(']') ? v : v + ":" + defaultPort;
    }
}

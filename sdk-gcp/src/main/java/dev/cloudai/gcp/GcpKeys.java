package dev.cloudai.gcp;

import dev.cloudai.config.ConfigKeys.Capability;
import dev.cloudai.config.ConfigKeys.Key;
import dev.cloudai.config.ConfigKeys.Type;

import java.util.List;

/**
 * The configuration keys of the Vertex AI adapter, declared by {@link GcpProviderFactory#keys()} so that
 * {@code CloudAiConfig} checks them (type, "did you mean" for a typo) at start-up.
 *
 * <pre>{@code
 * CloudAiConfig.builder().provider("gcp").property(GcpKeys.PROJECT, "my-project").region("us-central1").build();
 * }</pre>
 */
public final class GcpKeys {
    /** The Google Cloud project id; required. */
    public static final String PROJECT = "cloudai.gcp.project";
    /** The Vertex AI location; required, and what {@code CloudAiConfig.builder().region(...)} sets. */
    public static final String LOCATION = "cloudai.gcp.location";
    /** host:port of the gRPC API; {@code http://} means plaintext, for an emulator. */
    public static final String ENDPOINT = "cloudai.gcp.endpoint";
    /** A Google Cloud API key for the Cloud Billing Catalog API (catalog refresh only); a secret. */
    public static final String BILLING_API_KEY = "cloudai.gcp.billing-api-key";
    /** Where batch jobs keep their input and output: {@code gs://bucket/prefix}; required for batches. */
    public static final String BATCH_BUCKET = "cloudai.gcp.batch-bucket";
    /** The Cloud Storage JSON API's base URL; {@code http://} means no credentials, for an emulator. */
    public static final String STORAGE_ENDPOINT = "cloudai.gcp.storage-endpoint";

    private static final List<Key> ALL = List.of(
            new Key(PROJECT, Type.TEXT, false, "The Google Cloud project id.")
                    .required(Capability.CHAT, Capability.EMBEDDINGS, Capability.ENDPOINTS),
            new Key(LOCATION, Type.TEXT, false, "The Vertex AI location, for example us-central1.")
                    .required(Capability.CHAT, Capability.EMBEDDINGS, Capability.ENDPOINTS),
            new Key(ENDPOINT, Type.HOST_PORT_OR_URL, false, "host:port of the Vertex AI gRPC API; http:// means plaintext, for an emulator."),
            new Key(BILLING_API_KEY, Type.TEXT, true, "A Google Cloud API key for the Cloud Billing Catalog API, read by catalog refresh only (secret); without it, Application Default Credentials."),
            new Key(BATCH_BUCKET, Type.TEXT, false, "Cloud Storage location of batch input and output, gs://bucket/prefix."),
            new Key(STORAGE_ENDPOINT, Type.URL, false, "Base URL of the Cloud Storage JSON API; http:// means no credentials, for an emulator."));

    private GcpKeys() {
    }

    /** Every key, in documentation order. */
    static List<Key> all() {
        return ALL;
    }
}

package dev.cloudai.benchmarks;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.aws.AwsKeys;
import dev.cloudai.azure.AzureKeys;
import dev.cloudai.gcp.GcpKeys;

import java.net.URI;

/**
 * The configuration of our side of every benchmark: one provider pointed at a stub, the defaults otherwise
 * (circuit breaker on, no rate limit, no bulkhead), and retries off ({@code cloudai.retry.max-attempts=1}) as the
 * raw clients have theirs.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(OurSide.aws(stub.uri()).build());
 * }</pre>
 *
 * <p>Only strings here: the cold-start benchmark builds our side through this class, which must load no cloud SDK
 * class that our side would not load itself.
 */
final class OurSide {
    /** The key that sets the connections of each provider's HTTP clients (issue #12). */
    static final String MAX_CONNECTIONS = "cloudai.http.max-connections";
    /** A {@code maxConnections} parameter value meaning "leave the key out": the SDK's default. */
    static final String DEFAULT = "default";

    static final String BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String AZURE_DEPLOYMENT = "gpt-4o";
    static final String VERTEX_MODEL = "gemini-2.0-flash-001";
    static final String GCP_PROJECT = "benchmark-project";
    static final String GCP_LOCATION = "us-central1";
    static final String PROMPT = "Say hello to the stub";
    static final String AWS_REGION = "us-east-1";
    static final String AZURE_API_KEY = "benchmark-api-key";

    private OurSide() {
    }

    static CloudAiConfig.Builder aws(URI endpoint) {
        return base("aws").region(AWS_REGION).property(AwsKeys.ENDPOINT, endpoint.toString());
    }

    static CloudAiConfig.Builder azure(URI endpoint) {
        return base("azure").property(AzureKeys.ENDPOINT, endpoint.toString())
                .property(AzureKeys.API_KEY, AZURE_API_KEY);
    }

    static CloudAiConfig.Builder gcp(String endpoint) {
        return base("gcp").property(GcpKeys.PROJECT, GCP_PROJECT).property(GcpKeys.LOCATION, GCP_LOCATION)
                .property(GcpKeys.ENDPOINT, endpoint);
    }

    /**
     * Sets {@value #MAX_CONNECTIONS} to {@code value}, or nothing when it is {@value #DEFAULT}.
     *
     * @throws IllegalStateException when a value is asked for and this build of the SDK has no such key (the
     *                               configuration would refuse it as unknown)
     */
    static CloudAiConfig.Builder maxConnections(CloudAiConfig.Builder config, String value) {
        if (DEFAULT.equals(value)) return config;
        if (ConfigKeys.find(MAX_CONNECTIONS).isEmpty()) {
            throw new IllegalStateException("maxConnections=" + value + ": this SDK has no key " + MAX_CONNECTIONS
                    + " yet; run with -p maxConnections=" + DEFAULT);
        }
        return config.property(MAX_CONNECTIONS, value);
    }

    /** Whether this build of the SDK knows {@value #MAX_CONNECTIONS}. */
    static boolean hasMaxConnections() {
        return ConfigKeys.find(MAX_CONNECTIONS).isPresent();
    }

    private static CloudAiConfig.Builder base(String provider) {
        return CloudAiConfig.builder().provider(provider).property(ConfigKeys.RETRY_MAX_ATTEMPTS, "1");
    }
}

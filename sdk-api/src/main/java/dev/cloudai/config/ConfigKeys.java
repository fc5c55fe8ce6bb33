package dev.cloudai.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every configuration key the SDK reads, with its type and whether it holds a secret. Keys are the same in
 * {@code cloudai.properties}, system properties and environment variables ({@code CLOUDAI_AWS_REGION} for
 * {@code cloudai.aws.region}).
 *
 * <pre>{@code
 * CloudAiConfig.builder().property(ConfigKeys.AWS_REGION, "eu-west-1");
 * ConfigKeys.find("cloudai.aws.region").map(ConfigKeys.Key::description);
 * }</pre>
 */
public final class ConfigKeys {

    /** The kinds of value a key takes; each is parsed and checked at start-up. */
    public enum Type {
        /** Any non-blank text. */
        TEXT,
        /** A provider id: lower-case letters and digits. */
        PROVIDER_ID,
        /** A comma-separated list of provider ids. */
        PROVIDER_LIST,
        /** A whole number from 1 to 100. */
        ATTEMPTS,
        /** A duration: ISO-8601 ({@code PT0.5S}) or {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
        DURATION,
        /** An absolute {@code http://} or {@code https://} URL. */
        URL,
        /** {@code host:port}, or an {@code http://} or {@code https://} URL. */
        HOST_PORT_OR_URL,
        /** The path of a readable file. */
        FILE,
        /** A whole number from 1 to 100. */
        PERCENT,
        /** A whole number of at least 1. */
        POSITIVE_INT,
        /** A number above 0. */
        POSITIVE_NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN
    }

    /**
     * One key.
     *
     * @param name the key, for example {@code cloudai.aws.region}
     * @param type the kind of value
     * @param secret whether the value is a secret, never shown in logs, {@code toString()} or messages
     * @param description what it does, one sentence
     */
    public record Key(String name, Type type, boolean secret, String description) {

        /** The environment variable that sets this key: upper case, dots and hyphens as underscores. */
        public String environmentVariable() {
            return toEnvironmentVariable(name);
        }
    }

    public static final String PROVIDER = "cloudai.provider";
    public static final String AWS_REGION = "cloudai.aws.region";
    public static final String AWS_ENDPOINT = "cloudai.aws.endpoint";
    public static final String AWS_PROFILE = "cloudai.aws.profile";
    public static final String AWS_EXECUTION_ROLE = "cloudai.aws.execution-role";
    public static final String GCP_PROJECT = "cloudai.gcp.project";
    public static final String GCP_LOCATION = "cloudai.gcp.location";
    public static final String GCP_ENDPOINT = "cloudai.gcp.endpoint";
    public static final String AZURE_ENDPOINT = "cloudai.azure.endpoint";
    public static final String AZURE_API_KEY = "cloudai.azure.api-key";
    public static final String AZURE_SUBSCRIPTION_ID = "cloudai.azure.subscription-id";
    public static final String AZURE_RESOURCE_GROUP = "cloudai.azure.resource-group";
    public static final String AZURE_WORKSPACE = "cloudai.azure.workspace";
    public static final String AZURE_LOCATION = "cloudai.azure.location";
    public static final String AZURE_ML_ENDPOINT = "cloudai.azure.ml-endpoint";
    public static final String RETRY_MAX_ATTEMPTS = "cloudai.retry.max-attempts";
    public static final String RETRY_INITIAL_BACKOFF = "cloudai.retry.initial-backoff";
    public static final String RETRY_MAX_BACKOFF = "cloudai.retry.max-backoff";
    public static final String FALLBACK = "cloudai.fallback";
    public static final String CATALOG_FILE = "cloudai.catalog.file";
    public static final String DEPLOY_POLL_INTERVAL = "cloudai.deploy.poll-interval";
    public static final String TIMEOUT = "cloudai.timeout";
    public static final String CIRCUIT_ENABLED = "cloudai.circuit-breaker.enabled";
    public static final String CIRCUIT_FAILURE_RATE = "cloudai.circuit-breaker.failure-rate-threshold";
    public static final String CIRCUIT_WINDOW = "cloudai.circuit-breaker.sliding-window-size";
    public static final String CIRCUIT_MINIMUM_CALLS = "cloudai.circuit-breaker.minimum-calls";
    public static final String CIRCUIT_WAIT_IN_OPEN = "cloudai.circuit-breaker.wait-in-open";
    public static final String RATE_LIMIT = "cloudai.rate-limit.requests-per-second";
    public static final String BULKHEAD = "cloudai.bulkhead.max-concurrent-calls";
    /** The prefix of model alias keys, {@code cloudai.models.<alias>.<provider>}. */
    public static final String MODELS_PREFIX = "cloudai.models.";

    private static final Pattern MODEL_KEY = Pattern.compile("cloudai\\.models\\.([a-z0-9][a-z0-9_-]*)\\.([a-z][a-z0-9]*)");

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        add(PROVIDER, Type.PROVIDER_ID, "The provider every call goes to: aws, gcp or azure.");
        add(AWS_REGION, Type.TEXT, "The AWS region, for example us-east-1; default: the AWS default region chain.");
        add(AWS_ENDPOINT, Type.URL, "One endpoint override for every AWS service the adapter uses (an emulator URL).");
        add(AWS_PROFILE, Type.TEXT, "The named profile of the AWS shared config and credentials files.");
        add(AWS_EXECUTION_ROLE, Type.TEXT, "The IAM role ARN SageMaker endpoints run as, unless the spec names one.");
        add(GCP_PROJECT, Type.TEXT, "The Google Cloud project id.");
        add(GCP_LOCATION, Type.TEXT, "The Vertex AI location, for example us-central1.");
        add(GCP_ENDPOINT, Type.HOST_PORT_OR_URL, "host:port of the Vertex AI gRPC API; http:// means plaintext, for an emulator.");
        add(AZURE_ENDPOINT, Type.URL, "The Azure OpenAI resource URL, https://<resource>.openai.azure.com.");
        KEYS.put(AZURE_API_KEY, new Key(AZURE_API_KEY, Type.TEXT, true,
                "The Azure OpenAI API key; without it, Microsoft Entra ID through DefaultAzureCredential."));
        add(AZURE_SUBSCRIPTION_ID, Type.TEXT, "The Azure subscription of the Azure ML workspace.");
        add(AZURE_RESOURCE_GROUP, Type.TEXT, "The resource group of the Azure ML workspace.");
        add(AZURE_WORKSPACE, Type.TEXT, "The Azure ML workspace name.");
        add(AZURE_LOCATION, Type.TEXT, "The Azure region of the Azure ML workspace, for example eastus; deployments are planned and priced there.");
        add(AZURE_ML_ENDPOINT, Type.URL, "The Azure management-plane URL override (an emulator URL).");
        add(RETRY_MAX_ATTEMPTS, Type.ATTEMPTS, "Requests per logical call, the first included; 1 means no retry. Default 3.");
        add(RETRY_INITIAL_BACKOFF, Type.DURATION, "The wait before the first retry, doubled each time, with jitter. Default 500ms.");
        add(RETRY_MAX_BACKOFF, Type.DURATION, "The longest computed wait between attempts. Default 20s.");
        add(FALLBACK, Type.PROVIDER_LIST, "Providers to try in order when the configured one fails retryably, for example aws,gcp,azure.");
        add(CATALOG_FILE, Type.FILE, "A catalog CSV that replaces or extends the built-in accelerator catalog.");
        add(DEPLOY_POLL_INTERVAL, Type.DURATION, "How often deploy asks the cloud whether an endpoint serves yet. Default 15s.");
        add(TIMEOUT, Type.DURATION, "The deadline of one logical call, retries included; for a stream, until its first chunk. Default 120s.");
        add(CIRCUIT_ENABLED, Type.BOOLEAN, "Whether each provider and operation has a circuit breaker. Default true.");
        add(CIRCUIT_FAILURE_RATE, Type.PERCENT, "The failure rate, in percent of the sliding window, that opens a circuit. Default 50.");
        add(CIRCUIT_WINDOW, Type.POSITIVE_INT, "How many recent calls the failure rate is measured over. Default 20.");
        add(CIRCUIT_MINIMUM_CALLS, Type.POSITIVE_INT, "How many calls a window needs before the failure rate counts. Default 10.");
        add(CIRCUIT_WAIT_IN_OPEN, Type.DURATION, "How long an open circuit fails fast before it lets probe calls through. Default 30s.");
        add(RATE_LIMIT, Type.POSITIVE_NUMBER, "Client-side limit of requests per second per provider and operation. Default: none.");
        add(BULKHEAD, Type.POSITIVE_INT, "The most calls in flight at once per provider and operation; async calls beyond it wait their turn without holding a thread. Default: none.");
    }

    private ConfigKeys() {
    }

    private static void add(String name, Type type, String description) {
        KEYS.put(name, new Key(name, type, false, description));
    }

    /** Every fixed key, in documentation order; model alias keys ({@link #MODELS_PREFIX}) come on top. */
    public static List<Key> all() {
        return List.copyOf(KEYS.values());
    }

    /** The key of that name, or empty when it is not a fixed key. */
    public static Optional<Key> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** Whether the value of {@code name} must never be shown. */
    public static boolean isSecret(String name) {
        Key k = KEYS.get(name);
        if (k != null) return k.secret();
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("key") || n.contains("secret") || n.contains("password") || n.contains("token");
    }

    /** The model alias key for an alias and a provider: {@code cloudai.models.<alias>.<provider>}. */
    public static String modelKey(String alias, String provider) {
        return MODELS_PREFIX + alias + "." + provider;
    }

    /**
     * Parses a model alias key into alias and provider, or empty when {@code name} is not one.
     *
     * @return a two-element list: the alias, then the provider
     */
    public static Optional<List<String>> parseModelKey(String name) {
        Matcher m = MODEL_KEY.matcher(name);
        return m.matches() ? Optional.of(List.of(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The environment variable for a key: {@code cloudai.azure.api-key} becomes {@code CLOUDAI_AZURE_API_KEY}. */
    public static String toEnvironmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

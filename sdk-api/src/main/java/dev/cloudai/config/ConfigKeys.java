package dev.cloudai.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every configuration key of the SDK itself, with its type and whether it holds a secret, and the {@link Key} type
 * adapters declare their own {@code cloudai.<id>.*} keys with ({@link dev.cloudai.spi.ProviderFactory#keys()}).
 * Keys are the same in {@code cloudai.properties}, system properties and environment variables
 * ({@code CLOUDAI_RETRY_MAX_ATTEMPTS} for {@code cloudai.retry.max-attempts}). Each key checks its own values
 * ({@link Key#problem(String, String)}); {@code CloudAiConfig} asks every key set.
 *
 * <pre>{@code
 * CloudAiConfig.builder().property(ConfigKeys.TIMEOUT, "30s");
 * ConfigKeys.find("cloudai.timeout").map(ConfigKeys.Key::description);
 * }</pre>
 */
public final class ConfigKeys {

    /**
     * The kinds of value a key takes. Each type reads and checks its own values: a type without a range by its
     * form, a number or a duration against the key's {@link Key#range() range}.
     *
     * <pre>{@code
     * ConfigKeys.Type.DURATION.label();   // "duration"
     * }</pre>
     */
    public enum Type {
        /** Any non-blank text. */
        TEXT("text", "not blank", ValueForms::text, null, null),
        /** A provider id: lower-case letters and digits. */
        PROVIDER_ID("provider id", "lower-case letters and digits", ValueForms::providerId, null, null),
        /** A comma-separated list of provider ids. */
        PROVIDER_LIST("provider ids", "comma-separated, each once", ValueForms::providerList, null, null),
        /** A number of attempts: a whole number within the key's {@link Key#range() range}. */
        ATTEMPTS("whole number", null, null, ValueForms::whole, "a whole number"),
        /**
         * A duration within the key's {@link Key#range() range}: ISO-8601 ({@code PT0.5S}) or {@code 500ms},
         * {@code 2s}, {@code 5m}, {@code 1h}.
         */
        DURATION("duration", null, null, ValueForms::duration, "ISO-8601 (PT0.5S) or 500ms, 2s, 5m, 1h,"),
        /** An absolute {@code http://} or {@code https://} URL. */
        URL("URL", "http:// or https:// with a host", ValueForms::url, null, null),
        /** {@code host:port}, or an {@code http://} or {@code https://} URL. */
        HOST_PORT_OR_URL("host:port or URL", "host:port, http:// or https://", ValueForms::hostPortOrUrl, null, null),
        /** The path of a readable file. */
        FILE("file", "a readable file", ValueForms::file, null, null),
        /** The path of a directory, which need not exist yet (it is created when first written); not a file. */
        DIRECTORY("directory", "a directory path, created when first written", ValueForms::directory, null, null),
        /** A percentage: a whole number within the key's {@link Key#range() range}. */
        PERCENT("percent", null, null, ValueForms::whole, "a whole number"),
        /** A whole number within the key's {@link Key#range() range}. */
        POSITIVE_INT("whole number", null, null, ValueForms::whole, "a whole number"),
        /** A decimal number ({@code 2.5}, {@code 1e3}) within the key's {@link Key#range() range}. */
        POSITIVE_NUMBER("number", null, null, ValueForms::decimal, "a decimal number"),
        /** {@code true} or {@code false}. */
        BOOLEAN("boolean", "true or false", ValueForms::bool, null, null);

        private final String label;
        private final String form;
        /** For a type without a range: the reason a value is refused, or null. */
        private final Function<String, String> formCheck;
        /** For a ranged type: the value as one comparable quantity (durations in nanoseconds). */
        private final Function<String, Optional<BigDecimal>> magnitude;
        private final String example;

        Type(String label, String form, Function<String, String> formCheck,
             Function<String, Optional<BigDecimal>> magnitude, String example) {
            this.label = label;
            this.form = form;
            this.formCheck = formCheck;
            this.magnitude = magnitude;
            this.example = example;
        }

        /** A short name for documentation: {@code duration}, {@code whole number}, {@code URL}. */
        public String label() {
            return label;
        }

        /** Whether values of this type are numbers or durations, which every key of the type bounds with a range. */
        public boolean ranged() {
            return form == null;
        }

        /** Why {@code value} (stripped) is refused with this range, as the end of a sentence; null when allowed. */
        String problem(String value, Optional<Range> range) {
            if (!ranged()) return formCheck.apply(value);
            Range r = range.orElseThrow();
            Optional<BigDecimal> v = magnitude(value);
            if (v.isEmpty()) return "is not a " + label + "; use " + example + " from " + r;
            return within(v.get(), r) ? null : "is not from " + r;
        }

        /** A number or duration as one comparable quantity; empty when it is not one or the type is not ranged. */
        Optional<BigDecimal> magnitude(String text) {
            return ranged() ? magnitude.apply(text) : Optional.empty();
        }

        boolean within(BigDecimal value, Range r) {
            return value.compareTo(magnitude(r.min()).orElseThrow()) >= 0
                    && value.compareTo(magnitude(r.max()).orElseThrow()) <= 0;
        }
    }

    /**
     * What a key is required for: the capability of the provider that cannot work without it. A key required for
     * none is optional; one required for all three is required always.
     *
     * <pre>{@code
     * new ConfigKeys.Key("cloudai.mycloud.project", ConfigKeys.Type.TEXT, false, "The project.")
     *         .required(ConfigKeys.Capability.ENDPOINTS);
     * }</pre>
     */
    public enum Capability {
        /** Chat models, blocking, async and streaming. */
        CHAT,
        /** Embedding models. */
        EMBEDDINGS,
        /** Deploying and managing endpoints. */
        ENDPOINTS,
        /** Batch jobs on the cloud's own batch engine ({@code CloudAi.batches()}). */
        BATCH;

        /** {@code chat}, {@code embeddings}, {@code endpoints} or {@code batch}: how the README and messages say it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The smallest and the largest value a number or duration key allows, both included, written as values of the
     * key ({@code 1ms} and {@code 24h}, {@code 1} and {@code 10000}).
     *
     * <pre>{@code
     * ConfigKeys.find(ConfigKeys.TIMEOUT).flatMap(ConfigKeys.Key::range).orElseThrow();   // 1ms to 24h
     * }</pre>
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     */
    public record Range(String min, String max) {
        public Range {
            if (min == null || min.isBlank()) throw new IllegalArgumentException("min: must not be blank");
            if (max == null || max.isBlank()) throw new IllegalArgumentException("max: must not be blank");
        }

        /** {@code 1ms to 24h}: how messages and the README say it. */
        @Override
        public String toString() {
            return min + " to " + max;
        }
    }

    /**
     * One key. A number or duration key has a {@link #range()}; {@link #check(String)} applies the type and the
     * range and gives the reason a value is refused, {@link #problem(String, String)} the whole message.
     *
     * <pre>{@code
     * ConfigKeys.Key timeout = ConfigKeys.find(ConfigKeys.TIMEOUT).orElseThrow();
     * timeout.check("0s");          // Optional["is not from 1ms to 24h"]
     * timeout.defaultValue();       // Optional["120s"]
     * }</pre>
     *
     * @param name the key, for example {@code cloudai.aws.region}
     * @param type the kind of value
     * @param secret whether the value is a secret, never shown in logs, {@code toString()} or messages
     * @param description what it does, one sentence
     * @param range the values allowed, for a number or a duration; empty for the other types
     * @param defaultValue the value used when the key is not set; empty when there is none
     * @param requiredFor the capabilities that cannot work without the key; empty when it is optional
     */
    public record Key(String name, Type type, boolean secret, String description, Optional<Range> range,
                      Optional<String> defaultValue, Set<Capability> requiredFor) {

        public Key {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("name: must not be blank");
            Objects.requireNonNull(type, "type");
            if (description == null || description.isBlank()) throw new IllegalArgumentException("description: must not be blank");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(defaultValue, "defaultValue");
            for (Capability c : Objects.requireNonNull(requiredFor, "requiredFor")) {
                Objects.requireNonNull(c, "requiredFor: holds null");
            }
            requiredFor = Set.copyOf(requiredFor);
            if (type.ranged() != range.isPresent()) {
                throw new IllegalArgumentException("range: " + name + " is a " + type.label()
                        + (type.ranged() ? ", which needs a range" : ", which takes no range"));
            }
            range.ifPresent(r -> {
                BigDecimal min = type.magnitude(r.min()).orElseThrow(() ->
                        new IllegalArgumentException("range: min '" + r.min() + "' is not a " + type.label()));
                BigDecimal max = type.magnitude(r.max()).orElseThrow(() ->
                        new IllegalArgumentException("range: max '" + r.max() + "' is not a " + type.label()));
                if (min.compareTo(max) > 0) throw new IllegalArgumentException("range: min " + r.min() + " is above max " + r.max());
            });
        }

        /** An optional key with a range (for a number or a duration) and a default. */
        public Key(String name, Type type, boolean secret, String description, Optional<Range> range,
                   Optional<String> defaultValue) {
            this(name, type, secret, description, range, defaultValue, Set.of());
        }

        /** An optional key without a range or a default. */
        public Key(String name, Type type, boolean secret, String description) {
            this(name, type, secret, description, Optional.empty(), Optional.empty());
        }

        /**
         * This key, required for these capabilities: {@code required(Capability.ENDPOINTS)} for a key only
         * deploying needs, all three for a key the provider always needs.
         */
        public Key required(Capability capability, Capability... more) {
            EnumSet<Capability> set = EnumSet.of(Objects.requireNonNull(capability, "capability"));
            for (Capability c : Objects.requireNonNull(more, "more")) set.add(Objects.requireNonNull(c, "more: holds null"));
            return new Key(name, type, secret, description, range, defaultValue, set);
        }

        /**
         * For documentation and messages: {@code always} when required for every capability, the capabilities
         * ({@code endpoints}, {@code chat, embeddings}), or {@code optional}.
         */
        public String requirement() {
            if (requiredFor.isEmpty()) return "optional";
            if (requiredFor.size() == Capability.values().length) return "always";
            return Arrays.stream(Capability.values()).filter(requiredFor::contains).map(Capability::label)
                    .collect(Collectors.joining(", "));
        }

        /** The environment variable that sets this key: upper case, dots and hyphens as underscores. */
        public String environmentVariable() {
            return toEnvironmentVariable(name);
        }

        /** The values allowed, for documentation: the range ({@code 1ms to 24h}) or the type's form. */
        public String allowed() {
            return range.map(Range::toString).orElse(type.form);
        }

        /**
         * Why {@code value} is refused for this key, as the end of a sentence that starts with the key and the
         * value ({@code "is not from 1ms to 24h"}); empty when it is allowed. Cross-key rules (a maximum backoff
         * below the initial one) are checked when the whole configuration is built.
         */
        public Optional<String> check(String value) {
            Objects.requireNonNull(value, "value");
            return Optional.ofNullable(type.problem(value.strip(), range));
        }

        /**
         * The whole message when {@code value} is refused, naming the key, the value (hidden for a secret), the
         * reason and where the value came from:
         * {@code cloudai.timeout: '0s' is not from 1ms to 24h (from system property)}; empty when it is allowed.
         */
        public Optional<String> problem(String value, String source) {
            Objects.requireNonNull(source, "source");
            return check(value).map(reason -> name + ": " + (secret ? "(secret value hidden)" : "'" + value.strip() + "'")
                    + " " + reason + " (from " + source + ")");
        }

        /** The message when a required key is missing: the key, what needs it, what it is, and how to set it. */
        public String missing(String providerId) {
            Objects.requireNonNull(providerId, "providerId");
            String use = requiredFor.isEmpty() || requirement().equals("always") ? "" : " for " + requirement();
            return name + " is required by provider '" + providerId + "'" + use + " (" + description
                    + "); set it in cloudai.properties, as -D" + name + "=..., or as environment variable "
                    + environmentVariable();
        }
    }

    public static final String PROVIDER = "cloudai.provider";
    /** @deprecated declared by sdk-aws: use {@code dev.cloudai.aws.AwsKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AWS_REGION = "cloudai.aws.region";
    /** @deprecated declared by sdk-aws: use {@code dev.cloudai.aws.AwsKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AWS_ENDPOINT = "cloudai.aws.endpoint";
    /** @deprecated declared by sdk-aws: use {@code dev.cloudai.aws.AwsKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AWS_PROFILE = "cloudai.aws.profile";
    /** @deprecated declared by sdk-aws: use {@code dev.cloudai.aws.AwsKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AWS_EXECUTION_ROLE = "cloudai.aws.execution-role";
    /** @deprecated declared by sdk-gcp: use {@code dev.cloudai.gcp.GcpKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String GCP_PROJECT = "cloudai.gcp.project";
    /** @deprecated declared by sdk-gcp: use {@code dev.cloudai.gcp.GcpKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String GCP_LOCATION = "cloudai.gcp.location";
    /** @deprecated declared by sdk-gcp: use {@code dev.cloudai.gcp.GcpKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String GCP_ENDPOINT = "cloudai.gcp.endpoint";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_ENDPOINT = "cloudai.azure.endpoint";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_API_KEY = "cloudai.azure.api-key";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_SUBSCRIPTION_ID = "cloudai.azure.subscription-id";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_RESOURCE_GROUP = "cloudai.azure.resource-group";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_WORKSPACE = "cloudai.azure.workspace";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_LOCATION = "cloudai.azure.location";
    /** @deprecated declared by sdk-azure: use {@code dev.cloudai.azure.AzureKeys} there; this name stays for existing code. */
    @Deprecated
    public static final String AZURE_ML_ENDPOINT = "cloudai.azure.ml-endpoint";
    public static final String RETRY_MAX_ATTEMPTS = "cloudai.retry.max-attempts";
    public static final String RETRY_INITIAL_BACKOFF = "cloudai.retry.initial-backoff";
    public static final String RETRY_MAX_BACKOFF = "cloudai.retry.max-backoff";
    public static final String FALLBACK = "cloudai.fallback";
    public static final String CATALOG_FILE = "cloudai.catalog.file";
    /** Where {@code cloudai catalog refresh} keeps the refreshed catalog; honoured as a system property by {@code AcceleratorCatalog.current()} too. */
    public static final String CATALOG_CACHE_DIR = "cloudai.catalog.cache-dir";
    /** How old the cached catalog may get before it is reported stale. */
    public static final String CATALOG_REFRESH_INTERVAL = "cloudai.catalog.refresh-interval";
    public static final String PRICING_FILE = "cloudai.pricing.file";
    public static final String DEPLOY_POLL_INTERVAL = "cloudai.deploy.poll-interval";
    /** How often {@code Batches.await} reads a batch job's status; the core's own key, not passed to providers. */
    public static final String BATCH_POLL_INTERVAL = "cloudai.batch.poll-interval";
    public static final String TIMEOUT = "cloudai.timeout";
    public static final String CIRCUIT_ENABLED = "cloudai.circuit-breaker.enabled";
    public static final String CIRCUIT_FAILURE_RATE = "cloudai.circuit-breaker.failure-rate-threshold";
    public static final String CIRCUIT_WINDOW = "cloudai.circuit-breaker.sliding-window-size";
    public static final String CIRCUIT_MINIMUM_CALLS = "cloudai.circuit-breaker.minimum-calls";
    public static final String CIRCUIT_WAIT_IN_OPEN = "cloudai.circuit-breaker.wait-in-open";
    public static final String RATE_LIMIT = "cloudai.rate-limit.requests-per-second";
    public static final String BULKHEAD = "cloudai.bulkhead.max-concurrent-calls";
    public static final String HTTP_MAX_CONNECTIONS = "cloudai.http.max-connections";
    /** The prefix of model alias keys, {@code cloudai.models.<alias>.<provider>}. */
    public static final String MODELS_PREFIX = "cloudai.models.";

    private static final Pattern MODEL_KEY = Pattern.compile("cloudai\\.models\\.([a-z0-9][a-z0-9_-]*)\\.([a-z][a-z0-9]*)");

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    /*
     * Ranges. Every number and duration has one, so a value that would only fail the first call (or never fail
     * and misbehave) fails at start-up instead:
     * - Durations are at most 24 h. Deadlines and backoffs are added to System.nanoTime() and converted to nanoseconds
     *   and milliseconds; PT3000000H overflowed a long there. No single call, wait between attempts or circuit pause
     *   of a request/response SDK is meant to last longer than a day, and sums of a few such values stay far below
     *   the 292 years a long of nanoseconds holds.
     * - cloudai.timeout is at least 1 ms: a zero deadline fails every call (the AWS SDK refuses a zero
     *   apiCallTimeout outright: "apiCallTimeout must be positive").
     * - Backoffs may be 0 (retry at once), which tests use.
     * - The deploy poll interval is 1 ms to 1 h: zero would hammer the cloud's control plane in a tight loop, and
     *   polling less often than hourly leaves a ready endpoint idle longer than most deployments take.
     * - The batch poll interval has the same bounds and a longer default (30 s): a batch job runs for minutes to
     *   hours, and each poll is a control-plane request counted against the cloud's quota of status reads.
     * - wait-in-open is at least 1 ms, Resilience4j's own minimum for waitDurationInOpenState.
     * - The failure rate is a percentage above 0 (Resilience4j requires 0 < rate <= 100).
     * - The sliding window and the minimum calls are at most 10,000: Resilience4j allocates a count-based window up
     *   front, so 2147483647 ran out of memory on the first call, and 10,000 calls is already hours of history at
     *   the rates one client sends. The minimum may not exceed the window, which could never hold that many calls.
     * - The rate limit is 0.001 (one request per 1,000 s) to 1,000,000 per second: the limiter hands out whole
     *   permits per refresh period, so the count stays an int and the period stays within the duration bound;
     *   a million requests per second is far above any cloud's per-client quota.
     * - The catalog refresh interval is 1 h to 365 d: it only decides when a cached catalog is reported stale (it is
     *   used all the same), and the clouds' price APIs change their figures at most a few times a day.
     * - The bulkhead is 1 to 100,000 calls in flight, more than any connection pool of one process serves.
     * - HTTP connections are 1 to 100,000 per client, the bulkhead's bound. The default is 1,000, not the 50 of the
     *   AWS SDK (a web-page default): an AI call holds its connection for seconds, so 50 connections let 50 calls be
     *   in flight and queue the rest, however many async calls the application makes. Idle connections cost
     *   nothing until used: the pools open connections on demand.
     */
    private static final Range DAY = new Range("1ms", "24h");
    private static final Range BACKOFF = new Range("0ms", "24h");

    static {
        KEYS.put(PROVIDER, new Key(PROVIDER, Type.PROVIDER_ID, false, "The provider every call goes to: aws, gcp or azure.")
                .required(Capability.CHAT, Capability.EMBEDDINGS, Capability.ENDPOINTS, Capability.BATCH));
        add(RETRY_MAX_ATTEMPTS, Type.ATTEMPTS, new Range("1", "100"), "3",
                "Requests per logical call, the first included; 1 means no retry.");
        add(RETRY_INITIAL_BACKOFF, Type.DURATION, BACKOFF, "500ms",
                "The wait before the first retry, doubled each time, with ±50% jitter.");
        add(RETRY_MAX_BACKOFF, Type.DURATION, BACKOFF, "20s",
                "The longest computed wait between attempts, at least initial-backoff; a provider's Retry-After is honoured even when longer.");
        add(TIMEOUT, Type.DURATION, DAY, "120s",
                "The deadline of one logical call, retries included; for a stream, until its first chunk. The request in flight is cancelled (async calls and streams).");
        add(CIRCUIT_ENABLED, Type.BOOLEAN, null, "true", "Whether each provider and operation has a circuit breaker.");
        add(CIRCUIT_FAILURE_RATE, Type.PERCENT, new Range("1", "100"), "50",
                "The failure rate, in percent of the sliding window, that opens a circuit.");
        add(CIRCUIT_WINDOW, Type.POSITIVE_INT, new Range("1", "10000"), "20",
                "How many recent calls the failure rate is measured over.");
        add(CIRCUIT_MINIMUM_CALLS, Type.POSITIVE_INT, new Range("1", "10000"), "10",
                "How many calls a window needs before the failure rate counts; at most sliding-window-size, and lowered to it when the window is smaller than the default.");
        add(CIRCUIT_WAIT_IN_OPEN, Type.DURATION, DAY, "30s",
                "How long an open circuit fails fast before it lets a probe call through.");
        add(RATE_LIMIT, Type.POSITIVE_NUMBER, new Range("0.001", "1000000"), null,
                "A client-side limit of requests per second per provider and operation.");
        add(BULKHEAD, Type.POSITIVE_INT, new Range("1", "100000"), null,
                "The most calls in flight at once per provider and operation; async calls beyond it wait their turn without holding a thread.");
        add(HTTP_MAX_CONNECTIONS, Type.POSITIVE_INT, new Range("1", "100000"), "1000",
                "The most connections each HTTP client of a provider opens, blocking and async alike, so the most requests it has in flight at once (for Vertex AI's gRPC, one connection per 100 of them, what its front ends take on one). An AI call holds its connection for seconds: the default lets hundreds of async calls be in flight where a web client's usual 50 would queue them.");
        add(FALLBACK, Type.PROVIDER_LIST, "Providers to try in order when the configured one fails retryably or its circuit is open, for example gcp,azure.");
        add(CATALOG_FILE, Type.FILE, "A catalog CSV that replaces or extends the built-in accelerator catalog.");
        add(CATALOG_CACHE_DIR, Type.DIRECTORY, null, "~/.cloudai/catalog",
                "Where cloudai catalog refresh keeps the refreshed accelerator catalog, which is then used instead of the built-in snapshot.");
        add(CATALOG_REFRESH_INTERVAL, Type.DURATION, new Range("1h", "365d"), "7d",
                "How old the cached catalog may get before it is reported stale; a stale cache is still used, and cloudai catalog status says to refresh it.");
        add(PRICING_FILE, Type.FILE, "A model price CSV whose rows replace the built-in prices of the same provider and model and add the rest; calls are priced by it.");
        add(DEPLOY_POLL_INTERVAL, Type.DURATION, new Range("1ms", "1h"), "15s",
                "How often deploy asks the cloud whether an endpoint serves yet.");
        add(BATCH_POLL_INTERVAL, Type.DURATION, new Range("1ms", "1h"), "30s",
                "How often Batches.await asks the cloud where a batch job stands.");
    }

    private ConfigKeys() {
    }

    private static void add(String name, Type type, String description) {
        KEYS.put(name, new Key(name, type, false, description));
    }

    private static void add(String name, Type type, Range range, String defaultValue, String description) {
        KEYS.put(name, new Key(name, type, false, description, Optional.ofNullable(range), Optional.ofNullable(defaultValue)));
    }

    /**
     * Every fixed key of the SDK, in documentation order; model alias keys ({@link #MODELS_PREFIX}) and the
     * providers' own keys ({@link dev.cloudai.spi.ProviderFactory#keys()}) come on top.
     */
    public static List<Key> all() {
        return List.copyOf(KEYS.values());
    }

    /** The key of that name, or empty when it is not a fixed key of the SDK (a provider's key is not one). */
    public static Optional<Key> find(String name) {
        return Optional.ofNullable(KEYS.get(Objects.requireNonNull(name, "name")));
    }

    /** Whether the value of {@code name} must never be shown. */
    public static boolean isSecret(String name) {
        Key k = KEYS.get(Objects.requireNonNull(name, "name"));
        if (k != null) return k.secret();
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("key") || n.contains("secret") || n.contains("password") || n.contains("token");
    }

    /** The model alias key for an alias and a provider: {@code cloudai.models.<alias>.<provider>}. */
    public static String modelKey(String alias, String provider) {
        return MODELS_PREFIX + Objects.requireNonNull(alias, "alias") + "." + Objects.requireNonNull(provider, "provider");
    }

    /**
     * Parses a model alias key into alias and provider, or empty when {@code name} is not one.
     *
     * @return a two-element list: the alias, then the provider
     */
    public static Optional<List<String>> parseModelKey(String name) {
        Matcher m = MODEL_KEY.matcher(Objects.requireNonNull(name, "name"));
        return m.matches() ? Optional.of(List.of(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The environment variable for a key: {@code cloudai.azure.api-key} becomes {@code CLOUDAI_AZURE_API_KEY}. */
    public static String toEnvironmentVariable(String key) {
        return Objects.requireNonNull(key, "key").toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Checks a field of {@link RetrySettings} or {@link ResilienceSettings} against the range of its key, so code
     * and configuration obey the same limits.
     *
     * @throws IllegalArgumentException naming the field, the range, the key and the value
     */
    static void requireInRange(String field, String key, Duration value) {
        Objects.requireNonNull(value, field);
        requireInRange(field, key, value.toString(), ValueForms.nanos(value));
    }

    /** {@link #requireInRange(String, String, Duration)} for a whole number. */
    static void requireInRange(String field, String key, long value) {
        requireInRange(field, key, Long.toString(value), BigDecimal.valueOf(value));
    }

    /** {@link #requireInRange(String, String, Duration)} for a decimal number; NaN and infinities are refused. */
    static void requireInRange(String field, String key, double value) {
        requireInRange(field, key, Double.toString(value),
                Double.isFinite(value) ? new BigDecimal(value) : null);
    }

    private static void requireInRange(String field, String key, String shown, BigDecimal value) {
        Key k = KEYS.get(key);
        Range r = k.range().orElseThrow();
        if (value == null || !k.type().within(value, r)) {
            throw new IllegalArgumentException(field + ": must be from " + r + " (" + key + "), was " + shown);
        }
    }

    /** The default of a key that has one, parsed by {@code parse}; for the settings records' DEFAULTS. */
    static <T> T defaultOf(String key, Function<String, T> parse) {
        return parse.apply(KEYS.get(key).defaultValue().orElseThrow());
    }
}

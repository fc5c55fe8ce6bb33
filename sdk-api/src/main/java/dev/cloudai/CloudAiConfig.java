package dev.cloudai;

import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.internal.DeclaredKeys;
import dev.cloudai.internal.config.ConfigValidator;
import dev.cloudai.internal.util.Arguments;
import dev.cloudai.internal.util.Durations;
import dev.cloudai.spi.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The validated configuration of a {@link CloudAi}: the provider, its settings, model aliases, retries, fallback,
 * the accelerator catalog and the model prices. Immutable. Every key is checked when it is built: an unknown key (a typo) or a bad
 * value fails with a {@link ConfigurationException} naming the key, the value and where it came from. Secret
 * values never appear in {@link #toString()}, {@link #describe()} or any message.
 *
 * <p>The {@code cloudai.*} keys of the SDK itself are {@link ConfigKeys}; a provider's {@code cloudai.<id>.*} keys
 * are those its {@link dev.cloudai.spi.ProviderFactory#keys()} declares, the factories being found with
 * {@link java.util.ServiceLoader} on the thread's context class loader. A key under the id of no adapter found fails
 * with a "did you mean" among the ids found. Keys of an adapter this project ships ({@code aws}, {@code gcp},
 * {@code azure}) are kept unchecked when that adapter is not on the classpath, with one warning naming the
 * artifact to add, since a shared configuration may carry keys for an adapter a service does not use; using that
 * provider then fails naming the artifact.
 *
 * <p>This class holds the value and its builder; loading the sources, {@code ${env:}} references and the checks
 * live in {@code dev.cloudai.internal.config}, and each key checks its own value ({@link ConfigKeys.Key}).
 *
 * <pre>{@code
 * CloudAiConfig typed = CloudAiConfig.builder()
 *         .provider("aws").region("us-east-1")
 *         .model("default", "aws", "anthropic.claude-3-haiku-20240307-v1:0")
 *         .build();
 * CloudAiConfig loaded = CloudAiConfig.load();   // system properties > environment > cloudai.properties
 * }</pre>
 */
public final class CloudAiConfig {
    /** The classpath resource {@link #load()} reads. */
    public static final String PROPERTIES_RESOURCE = "cloudai.properties";

    private static final Logger LOG = LoggerFactory.getLogger(CloudAiConfig.class);

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final RetrySettings retry;
    private final ResilienceSettings resilience;
    /** The keys declared secret, so they are hidden whatever their name. */
    private final Set<String> secrets;

    private CloudAiConfig(Map<String, String> values, Map<String, String> sources, RetrySettings retry,
                          ResilienceSettings resilience, Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
        this.retry = retry;
        this.resilience = resilience;
    }

    /** Starts an empty configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from system properties, then environment variables, then the classpath resource
     * {@value #PROPERTIES_RESOURCE}, the first one that sets a key winning.
     *
     * @throws ConfigurationException listing every unknown key and bad value
     */
    public static CloudAiConfig load() {
        return ConfigLoader.load(ConfigLoader.systemProperties(), System.getenv(),
                ConfigLoader.classpathProperties(PROPERTIES_RESOURCE));
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        values.forEach((k, v) -> b.record(k, v, sources.get(k)));
        return b;
    }

    /** The configured provider id ({@code cloudai.provider}), when set. */
    public Optional<String> provider() {
        return get(ConfigKeys.PROVIDER);
    }

    /** The value of a key, after {@code ${env:...}} substitution. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
    }

    /** Where a key's value came from: {@code system property}, {@code environment variable X}, {@code cloudai.properties} or {@code code}. */
    public Optional<String> sourceOf(String key) {
        return Optional.ofNullable(sources.get(Objects.requireNonNull(key, "key")));
    }

    /** Every key that has a value. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** The retry settings, defaults filled in. */
    public RetrySettings retry() {
        return retry;
    }

    /** The circuit breaker, rate limit, bulkhead and deadline settings, defaults filled in. */
    public ResilienceSettings resilience() {
        return resilience;
    }

    /** The fallback providers in order ({@code cloudai.fallback}); empty when not set. */
    public List<String> fallback() {
        return get(ConfigKeys.FALLBACK).map(CloudAiConfig::splitList).orElse(List.of());
    }

    /** The native model id an alias stands for on a provider ({@code cloudai.models.<alias>.<provider>}). */
    public Optional<String> model(String alias, String provider) {
        return get(ConfigKeys.modelKey(normalizeAlias(Objects.requireNonNull(alias, "alias")),
                Objects.requireNonNull(provider, "provider")));
    }

    /** The providers that define {@code alias}; empty when the name is not an alias at all. */
    public Set<String> providersFor(String alias) {
        String prefix = ConfigKeys.MODELS_PREFIX + normalizeAlias(Objects.requireNonNull(alias, "alias")) + ".";
        Set<String> out = new java.util.TreeSet<>();
        for (String k : values.keySet()) {
            if (k.startsWith(prefix)) out.add(k.substring(prefix.length()));
        }
        return out;
    }

    /** The catalog file ({@code cloudai.catalog.file}), when set. */
    public Optional<Path> catalogFile() {
        return get(ConfigKeys.CATALOG_FILE).map(Path::of);
    }

    /**
     * The accelerator catalog cache this configuration names ({@code cloudai.catalog.cache-dir} and
     * {@code cloudai.catalog.refresh-interval}), each unset one as {@link CatalogCache#atDefaultLocation()} finds it.
     */
    public CatalogCache catalogCache() {
        return CatalogCache.configured(get(ConfigKeys.CATALOG_CACHE_DIR),
                get(ConfigKeys.CATALOG_REFRESH_INTERVAL).flatMap(Durations::parse));
    }

    /** The model price file ({@code cloudai.pricing.file}), when set. */
    public Optional<Path> pricingFile() {
        return get(ConfigKeys.PRICING_FILE).map(Path::of);
    }

    /**
     * What a provider's factory gets: the keys under {@code cloudai.<providerId>.} (secrets included), and the
     * provider-independent ones: deployment keys under {@code cloudai.deploy.}, HTTP client keys under
     * {@code cloudai.http.}, and {@code cloudai.timeout}.
     */
    Map<String, String> providerProperties(String providerId) {
        String prefix = "cloudai." + providerId + ".";
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) || ProviderConfig.isShared(k)) out.put(k, v);
        });
        return out;
    }

    /** One line per key: {@code key = value (source)}, secrets hidden, sorted by key. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> sb.append(k).append(" = ").append(shown(k, v))
                .append("   (").append(sources.get(k)).append(")\n"));
        sb.append("retry = ").append(retry.maxAttempts()).append(" attempts, backoff ")
                .append(Durations.format(retry.initialBackoff())).append(" to ")
                .append(Durations.format(retry.maxBackoff())).append('\n');
        return sb.toString();
    }

    /** The keys and values on one line, secrets hidden. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CloudAiConfig{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (!first) sb.append(", ");
            sb.append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloudAiConfig c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    static String normalizeAlias(String alias) {
        return alias.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private String shown(String key, String value) {
        return secrets.contains(key) || ConfigKeys.isSecret(key) ? "****" : value;
    }

    /**
     * Builds a {@link CloudAiConfig}. Setters record values; {@link #build()} checks them all and reports every
     * problem at once.
     */
    public static final class Builder {
        private final Map<String, String> raw = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<String> earlyProblems = new ArrayList<>();
        private Map<String, String> environment = System.getenv();
        private DeclaredKeys declared;
        private Consumer<String> warnings = LOG::warn;
        private String region;

        private Builder() {
        }

        /** The provider every call goes to: {@code aws}, {@code gcp} or {@code azure}. */
        public Builder provider(String id) {
            return property(ConfigKeys.PROVIDER, Objects.requireNonNull(id, "id: the provider id must not be null"));
        }

        /**
         * The region of the configured provider: the key its factory names as {@code regionKey()}, so
         * {@code cloudai.aws.region} for aws, {@code cloudai.gcp.location} for gcp, {@code cloudai.azure.location}
         * (the Azure ML workspace's region) for azure.
         */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /** Any key, for example {@code property("cloudai.aws.endpoint", "http://localhost:8080")}. */
        public Builder property(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value: the value of " + key + " must not be null; leave the key out instead");
            return property(key, value, "code");
        }

        /** A model alias: {@code model("default", "aws", "anthropic.claude-3-haiku-20240307-v1:0")}. */
        public Builder model(String alias, String provider, String modelId) {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(modelId, "modelId");
            return property(ConfigKeys.modelKey(normalizeAlias(alias), provider.strip().toLowerCase(Locale.ROOT)), modelId);
        }

        /** The retry settings, as {@code cloudai.retry.*}. */
        public Builder retry(RetrySettings settings) {
            Objects.requireNonNull(settings, "settings");
            property(ConfigKeys.RETRY_MAX_ATTEMPTS, Integer.toString(settings.maxAttempts()));
            property(ConfigKeys.RETRY_INITIAL_BACKOFF, settings.initialBackoff().toString());
            return property(ConfigKeys.RETRY_MAX_BACKOFF, settings.maxBackoff().toString());
        }

        /** The fallback providers, in order. */
        public Builder fallback(String... providers) {
            return property(ConfigKeys.FALLBACK, String.join(",", Arguments.listOf("providers", providers)));
        }

        /** A catalog CSV that replaces or extends the built-in one. */
        public Builder catalogFile(Path file) {
            return property(ConfigKeys.CATALOG_FILE, Objects.requireNonNull(file, "file").toString());
        }

        /** A model price CSV whose rows replace built-in prices of the same provider and model and add the rest. */
        public Builder pricingFile(Path file) {
            return property(ConfigKeys.PRICING_FILE, Objects.requireNonNull(file, "file").toString());
        }

        /**
         * Any key, with where its value came from, which every message about the key then names instead of
         * {@code code}: {@code property("cloudai.aws.region", "us-east-1", "application.yml:3:15")} reports a bad
         * value as {@code cloudai.aws.region: '...' ... (from application.yml:3:15)}. For integrations that read
         * the keys from their own configuration, such as the Spring Boot starter.
         */
        public Builder property(String key, String value, String source) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value: the value of " + key + " must not be null; leave the key out instead");
            return record(key, value, Arguments.requireText(source, "source"));
        }

        /** Records a key; a null value (a source that names a key without one) is a problem {@link #build()} reports. */
        Builder record(String key, String value, String source) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                earlyProblems.add(key + ": the value is missing (from " + source + ")");
                return this;
            }
            raw.put(key.strip(), value);
            sources.put(key.strip(), source);
            return this;
        }

        /** The provider keys to check against; the factories on the context class loader unless a test says otherwise. */
        Builder declaredKeys(DeclaredKeys keys) {
            this.declared = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The environment {@code ${env:NAME}} reads; the process environment unless a loader or test says otherwise. */
        Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env, "environment");
            return this;
        }

        /** Where warnings go (keys kept for an absent adapter); the log unless a test says otherwise. */
        Builder warnings(Consumer<String> sink) {
            this.warnings = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Checks every key and value and builds the configuration.
         *
         * @throws ConfigurationException listing every problem, each naming its key
         */
        public CloudAiConfig build() {
            DeclaredKeys keys = declared != null ? declared : DeclaredKeys.load(contextLoader());
            ConfigValidator.Result r = new ConfigValidator(keys, environment, warnings)
                    .validate(raw, sources, earlyProblems, region);
            return new CloudAiConfig(r.values(), r.sources(), r.retry(), r.resilience(), r.secrets());
        }

        private static ClassLoader contextLoader() {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            return cl != null ? cl : CloudAiConfig.class.getClassLoader();
        }
    }
}

package dev.cloudai.spi;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.internal.util.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ProviderFactory} gets to create its provider: the provider's own keys
 * ({@code cloudai.<id>.*}, already validated), the deployment settings ({@code cloudai.deploy.*}), the HTTP client
 * settings ({@code cloudai.http.*}) and {@code cloudai.timeout}. No catalog: the core plans deployments, adapters
 * deploy the plan they are given.
 *
 * <pre>{@code
 * String region = config.get("cloudai.aws.region").orElse("us-east-1");
 * Optional<URI> emulator = config.uri("cloudai.aws.endpoint");
 * String project = config.require("cloudai.gcp.project");   // fails naming the key when unset
 * }</pre>
 */
public final class ProviderConfig {
    /** Keys every provider receives besides its own: the deployment and the HTTP client settings. */
    private static final List<String> SHARED_PREFIXES = List.of("cloudai.deploy.", "cloudai.http.");
    private static final Duration DEFAULT_POLL_INTERVAL = defaultOf(ConfigKeys.DEPLOY_POLL_INTERVAL);
    private static final Duration DEFAULT_TIMEOUT = defaultOf(ConfigKeys.TIMEOUT);
    private static final int DEFAULT_MAX_CONNECTIONS = Integer.parseInt(
            ConfigKeys.find(ConfigKeys.HTTP_MAX_CONNECTIONS).flatMap(ConfigKeys.Key::defaultValue).orElseThrow());

    private final String providerId;
    private final Map<String, String> properties;
    /** The provider's declared keys by name, for messages and secrecy. */
    private final Map<String, ConfigKeys.Key> declared;

    private ProviderConfig(String providerId, Map<String, String> properties, List<ConfigKeys.Key> keys) {
        Map<String, ConfigKeys.Key> byName = new java.util.HashMap<>();
        for (ConfigKeys.Key k : keys) byName.put(k.name(), k);
        this.declared = Map.copyOf(byName);
        if (providerId == null || providerId.isBlank()) throw new IllegalArgumentException("providerId: must not be blank");
        this.providerId = providerId;
        this.properties = Map.copyOf(properties);
        String prefix = "cloudai." + providerId + ".";
        for (String key : this.properties.keySet()) {
            if (!key.startsWith(prefix) && !isShared(key)) {
                throw new IllegalArgumentException("properties: key '" + key + "' does not belong to provider '"
                        + providerId + "' (keys start with " + prefix + " or " + String.join(" or ", SHARED_PREFIXES)
                        + ", or are " + ConfigKeys.TIMEOUT + ")");
            }
        }
    }

    /** Whether every provider receives {@code key}, not only the provider its name says. */
    public static boolean isShared(String key) {
        return key.equals(ConfigKeys.TIMEOUT) || SHARED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The configuration of provider {@code providerId}: its {@code cloudai.<id>.*} keys and the shared ones. */
    public static ProviderConfig of(String providerId, Map<String, String> properties) {
        return of(providerId, properties, List.of());
    }

    /**
     * {@link #of(String, Map)} for a provider that declares {@code keys} ({@link ProviderFactory#keys()}):
     * {@link #require(String)} then says what a missing key is for, and secret keys stay hidden in {@link #toString()}.
     */
    public static ProviderConfig of(String providerId, Map<String, String> properties, List<ConfigKeys.Key> keys) {
        return new ProviderConfig(providerId, Objects.requireNonNull(properties, "properties"),
                List.copyOf(Objects.requireNonNull(keys, "keys")));
    }

    /** The provider id this configuration is for. */
    public String providerId() {
        return providerId;
    }

    /** The value of a key, for example {@code get("cloudai.aws.region")}. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * The value of a key the provider cannot work without.
     *
     * @throws ConfigurationException naming the key, its environment variable, what it is and, for a declared key,
     *                                the capability that needs it ({@link ConfigKeys.Key#requiredFor()})
     */
    public String require(String key) {
        String v = properties.get(key);
        if (v != null) return v;
        Optional<ConfigKeys.Key> k = Optional.ofNullable(declared.get(key)).or(() -> ConfigKeys.find(key));
        throw new ConfigurationException(k.map(d -> d.missing(providerId)).orElseGet(() -> key + " is required by provider '"
                + providerId + "'; set it in cloudai.properties, as -D" + key + "=..., or as environment variable "
                + ConfigKeys.toEnvironmentVariable(key)));
    }

    /** A key's value as a URI (the validation of {@code CloudAiConfig} has checked its form). */
    public Optional<URI> uri(String key) {
        return get(key).map(URI::create);
    }

    /** A key's value as a duration. */
    public Optional<Duration> duration(String key) {
        return get(key).map(v -> Durations.parse(v).orElseThrow(() ->
                new ConfigurationException(key + ": '" + v + "' is not a duration; use ISO-8601 or 500ms, 2s, 5m")));
    }

    /**
     * The deadline of one call ({@code cloudai.timeout}; default 120 s). The pipeline enforces it for async calls and
     * streams; a blocking call cannot be cancelled from outside, so an adapter gives its SDK this per-request timeout.
     */
    public Duration timeout() {
        return duration(ConfigKeys.TIMEOUT).orElse(DEFAULT_TIMEOUT);
    }

    /**
     * The most connections each HTTP client of the provider opens ({@code cloudai.http.max-connections}; default
     * 1000), which bounds the requests it has in flight at once; calls beyond it wait for a connection.
     */
    public int maxConnections() {
        return get(ConfigKeys.HTTP_MAX_CONNECTIONS).map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(ConfigKeys.HTTP_MAX_CONNECTIONS + ": '" + v + "' is not a whole number;"
                        + " use one from " + ConfigKeys.find(ConfigKeys.HTTP_MAX_CONNECTIONS).orElseThrow().allowed());
            }
        }).orElse(DEFAULT_MAX_CONNECTIONS);
    }

    /** How often {@code deploy} polls the cloud ({@code cloudai.deploy.poll-interval}; default 15 s). */
    public Duration pollInterval() {
        return duration(ConfigKeys.DEPLOY_POLL_INTERVAL).orElse(DEFAULT_POLL_INTERVAL);
    }

    /** The keys and values, secrets hidden. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : v));
        return "ProviderConfig{" + providerId + ", " + shown + "}";
    }

    private boolean isSecret(String key) {
        ConfigKeys.Key k = declared.get(key);
        return k != null ? k.secret() : ConfigKeys.isSecret(key);
    }

    /** The default a duration key declares, so the defaults live with the keys. */
    private static Duration defaultOf(String key) {
        return ConfigKeys.find(key).flatMap(ConfigKeys.Key::defaultValue).flatMap(Durations::parse).orElseThrow();
    }

}

package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.internal.Durations;
import dev.cloudai.internal.Suggestions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated configuration of a {@link CloudAi}: the provider, its settings, model aliases, retries, fallback
 * and the accelerator catalog. Immutable. Every key is checked when it is built: an unknown key (a typo) or a bad
 * value fails with a {@link ConfigurationException} naming the key, the value and where it came from. Secret
 * values never appear in {@link #toString()}, {@link #describe()} or any message.
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

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}");

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final RetrySettings retry;

    private CloudAiConfig(Map<String, String> values, Map<String, String> sources, RetrySettings retry) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
        this.retry = retry;
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
        values.forEach((k, v) -> b.property(k, v, sources.get(k)));
        return b;
    }

    /** The configured provider id ({@code cloudai.provider}), when set. */
    public Optional<String> provider() {
        return get(ConfigKeys.PROVIDER);
    }

    /** The value of a key, after {@code ${env:...}} substitution. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where a key's value came from: {@code system property}, {@code environment variable X}, {@code cloudai.properties} or {@code code}. */
    public Optional<String> sourceOf(String key) {
        return Optional.ofNullable(sources.get(key));
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
        ResilienceSettings d = ResilienceSettings.DEFAULTS;
        return new ResilienceSettings(
                get(ConfigKeys.TIMEOUT).flatMap(Durations::parse).orElse(d.timeout()),
                get(ConfigKeys.CIRCUIT_ENABLED).map(Boolean::parseBoolean).orElse(d.circuitBreakerEnabled()),
                get(ConfigKeys.CIRCUIT_FAILURE_RATE).map(Integer::parseInt).orElse(d.failureRateThreshold()),
                get(ConfigKeys.CIRCUIT_WINDOW).map(Integer::parseInt).orElse(d.slidingWindowSize()),
                get(ConfigKeys.CIRCUIT_MINIMUM_CALLS).map(Integer::parseInt).orElse(d.minimumCalls()),
                get(ConfigKeys.CIRCUIT_WAIT_IN_OPEN).flatMap(Durations::parse).orElse(d.waitInOpen()),
                get(ConfigKeys.RATE_LIMIT).map(v -> java.util.OptionalDouble.of(Double.parseDouble(v)))
                        .orElse(java.util.OptionalDouble.empty()),
                get(ConfigKeys.BULKHEAD).map(v -> java.util.OptionalInt.of(Integer.parseInt(v)))
                        .orElse(java.util.OptionalInt.empty()));
    }

    /** The fallback providers in order ({@code cloudai.fallback}); empty when not set. */
    public List<String> fallback() {
        return get(ConfigKeys.FALLBACK).map(CloudAiConfig::splitList).orElse(List.of());
    }

    /** The native model id an alias stands for on a provider ({@code cloudai.models.<alias>.<provider>}). */
    public Optional<String> model(String alias, String provider) {
        return get(ConfigKeys.modelKey(normalizeAlias(alias), provider));
    }

    /** The providers that define {@code alias}; empty when the name is not an alias at all. */
    public Set<String> providersFor(String alias) {
        String prefix = ConfigKeys.MODELS_PREFIX + normalizeAlias(alias) + ".";
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
     * What a provider's factory gets: the keys under {@code cloudai.<providerId>.} (secrets included), the
     * provider-independent deployment keys under {@code cloudai.deploy.}, and {@code cloudai.timeout}.
     */
    Map<String, String> providerProperties(String providerId) {
        String prefix = "cloudai." + providerId + ".";
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) || k.startsWith(ProviderConfigKeys.SHARED_PREFIX) || k.equals(ConfigKeys.TIMEOUT)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The prefix of keys every provider receives. */
    static final class ProviderConfigKeys {
        static final String SHARED_PREFIX = "cloudai.deploy.";

        private ProviderConfigKeys() {
        }
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

    private static String shown(String key, String value) {
        return ConfigKeys.isSecret(key) ? "****" : value;
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
        private String region;

        private Builder() {
        }

        /** The provider every call goes to: {@code aws}, {@code gcp} or {@code azure}. */
        public Builder provider(String id) {
            return property(ConfigKeys.PROVIDER, id);
        }

        /**
         * The region of the configured provider: {@code cloudai.aws.region} for aws, {@code cloudai.gcp.location}
         * for gcp, {@code cloudai.azure.location} (the Azure ML workspace's region) for azure.
         */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /** Any key, for example {@code property("cloudai.aws.endpoint", "http://localhost:8080")}. */
        public Builder property(String key, String value) {
            return property(key, value, "code");
        }

        /** A model alias: {@code model("default", "aws", "anthropic.claude-3-haiku-20240307-v1:0")}. */
        public Builder model(String alias, String provider, String modelId) {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(provider, "provider");
            return property(ConfigKeys.modelKey(normalizeAlias(alias), provider.strip().toLowerCase(Locale.ROOT)), modelId);
        }

        /** The retry settings, as {@code cloudai.retry.*}. */
        public Builder retry(RetrySettings settings) {
            Objects.requireNonNull(settings, "retry");
            property(ConfigKeys.RETRY_MAX_ATTEMPTS, Integer.toString(settings.maxAttempts()));
            property(ConfigKeys.RETRY_INITIAL_BACKOFF, settings.initialBackoff().toString());
            return property(ConfigKeys.RETRY_MAX_BACKOFF, settings.maxBackoff().toString());
        }

        /** The fallback providers, in order. */
        public Builder fallback(String... providers) {
            return property(ConfigKeys.FALLBACK, String.join(",", Objects.requireNonNull(providers, "fallback")));
        }

        /** A catalog CSV that replaces or extends the built-in one. */
        public Builder catalogFile(Path file) {
            return property(ConfigKeys.CATALOG_FILE, Objects.requireNonNull(file, "catalogFile").toString());
        }

        Builder property(String key, String value, String source) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                earlyProblems.add(key + ": the value is missing (from " + source + ")");
                return this;
            }
            raw.put(key.strip(), value);
            sources.put(key.strip(), source);
            return this;
        }

        /** The environment {@code ${env:NAME}} reads; the process environment unless a loader or test says otherwise. */
        Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env, "environment");
            return this;
        }

        /**
         * Checks every key and value and builds the configuration.
         *
         * @throws ConfigurationException listing every problem, each naming its key
         */
        public CloudAiConfig build() {
            List<String> problems = new ArrayList<>(earlyProblems);
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> src = new LinkedHashMap<>(sources);

            if (region != null) {
                String provider = raw.get(ConfigKeys.PROVIDER);
                String key = provider == null ? null : switch (provider.strip()) {
                    case "aws" -> ConfigKeys.AWS_REGION;
                    case "gcp" -> ConfigKeys.GCP_LOCATION;
                    case "azure" -> ConfigKeys.AZURE_LOCATION;
                    default -> null;
                };
                if (key == null) {
                    problems.add("region('" + region + "'): " + (provider == null
                            ? "set provider(...) too, so the region goes to the right key"
                            : "provider '" + provider + "' has no region key; configure its endpoint instead"));
                } else if (!raw.containsKey(key)) {
                    raw.put(key, region);
                    src.put(key, "code");
                }
            }

            for (Map.Entry<String, String> e : raw.entrySet()) {
                String key = e.getKey();
                String from = src.get(key);
                String value = resolveEnv(key, e.getValue(), from, problems);
                if (value == null) continue;
                value = value.strip();
                Optional<ConfigKeys.Key> known = ConfigKeys.find(key);
                if (known.isPresent()) {
                    if (check(known.get(), value, from, problems)) values.put(key, value);
                } else if (ConfigKeys.parseModelKey(key).isPresent()) {
                    if (value.isEmpty()) {
                        problems.add(key + ": the model id is empty (from " + from + "); give a native model id or deployment name");
                    } else {
                        values.put(key, value);
                    }
                } else {
                    problems.add(unknownKey(key, from));
                }
            }

            RetrySettings retry = RetrySettings.DEFAULTS;
            try {
                retry = new RetrySettings(
                        Integer.parseInt(values.getOrDefault(ConfigKeys.RETRY_MAX_ATTEMPTS, Integer.toString(retry.maxAttempts()))),
                        values.containsKey(ConfigKeys.RETRY_INITIAL_BACKOFF)
                                ? Durations.parse(values.get(ConfigKeys.RETRY_INITIAL_BACKOFF)).orElseThrow() : retry.initialBackoff(),
                        values.containsKey(ConfigKeys.RETRY_MAX_BACKOFF)
                                ? Durations.parse(values.get(ConfigKeys.RETRY_MAX_BACKOFF)).orElseThrow() : retry.maxBackoff());
            } catch (IllegalArgumentException e) {
                problems.add(ConfigKeys.RETRY_MAX_BACKOFF + ": " + e.getMessage().replaceFirst("^maxBackoff: ", "")
                        + "; raise cloudai.retry.max-backoff or lower cloudai.retry.initial-backoff");
            }

            if (!problems.isEmpty()) throw new ConfigurationException(problems);
            src.keySet().retainAll(values.keySet());
            return new CloudAiConfig(values, src, retry);
        }

        private String resolveEnv(String key, String value, String from, List<String> problems) {
            Matcher m = ENV_REF.matcher(value);
            StringBuilder out = new StringBuilder();
            boolean ok = true;
            while (m.find()) {
                String v = environment.get(m.group(1));
                if (v == null) v = m.group(2);
                if (v == null) {
                    problems.add(key + ": ${env:" + m.group(1) + "} refers to environment variable " + m.group(1)
                            + ", which is not set (from " + from + "); set it, or give a default as ${env:"
                            + m.group(1) + ":-value}");
                    ok = false;
                    v = "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return ok ? out.toString() : null;
        }

        private static boolean check(ConfigKeys.Key key, String value, String from, List<String> problems) {
            String shown = key.secret() ? "(secret value hidden)" : "'" + value + "'";
            String where = " (from " + from + ")";
            String problem = switch (key.type()) {
                case TEXT -> value.isEmpty() ? "is empty" : null;
                case PROVIDER_ID -> PROVIDER_ID.matcher(value).matches() ? null
                        : "is not a provider id; use a lower-case id such as aws, gcp or azure";
                case PROVIDER_LIST -> {
                    List<String> ids = splitList(value);
                    if (ids.isEmpty()) yield "is empty; list provider ids separated by commas, for example aws,gcp";
                    List<String> bad = ids.stream().filter(id -> !PROVIDER_ID.matcher(id).matches()).toList();
                    if (!bad.isEmpty()) yield "has entries that are not provider ids: " + bad;
                    yield ids.size() != Set.copyOf(ids).size() ? "names a provider twice" : null;
                }
                case ATTEMPTS -> {
                    try {
                        int n = Integer.parseInt(value);
                        yield n >= 1 && n <= 100 ? null : "is not from 1 to 100; 1 means no retry";
                    } catch (NumberFormatException e) {
                        yield "is not a whole number; use a number of attempts from 1 to 100";
                    }
                }
                case DURATION -> Durations.parse(value).isPresent() ? null
                        : "is not a duration; use ISO-8601 (PT0.5S) or 500ms, 2s, 5m, 1h";
                case URL -> isHttpUrl(value) ? null : "is not an http:// or https:// URL with a host";
                case HOST_PORT_OR_URL -> isHttpUrl(value) || HOST_PORT.matcher(value).matches() ? null
                        : "is neither host:port nor an http:// or https:// URL";
                case FILE -> Files.isRegularFile(Path.of(value)) && Files.isReadable(Path.of(value)) ? null
                        : "is not a readable file; check the path (relative paths start at " + Path.of("").toAbsolutePath() + ")";
                case PERCENT -> wholeNumber(value, 1, 100) ? null : "is not a whole number from 1 to 100";
                case POSITIVE_INT -> wholeNumber(value, 1, Integer.MAX_VALUE) ? null : "is not a whole number of at least 1";
                case POSITIVE_NUMBER -> {
                    try {
                        double d = Double.parseDouble(value);
                        yield d > 0 && !Double.isInfinite(d) ? null : "is not a number above 0";
                    } catch (NumberFormatException e) {
                        yield "is not a number above 0";
                    }
                }
                case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "is neither true nor false";
            };
            if (problem == null) return true;
            problems.add(key.name() + ": " + shown + " " + problem + where);
            return false;
        }

        private static boolean wholeNumber(String value, int min, int max) {
            try {
                long n = Long.parseLong(value);
                return n >= min && n <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static boolean isHttpUrl(String value) {
            try {
                URI u = new URI(value);
                return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                        && u.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }

        private static String unknownKey(String key, String from) {
            StringBuilder sb = new StringBuilder("unknown key '").append(key).append("' (from ").append(from).append(')');
            List<String> names = ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList();
            Optional<String> near = Suggestions.closest(key, names);
            if (near.isPresent()) {
                sb.append("; did you mean '").append(near.get()).append("'?");
            } else if (key.startsWith(ConfigKeys.MODELS_PREFIX)) {
                sb.append("; model aliases are cloudai.models.<alias>.<provider>, for example cloudai.models.default.aws");
            } else {
                sb.append("; the README's Configuration section lists every key");
            }
            return sb.toString();
        }
    }
}

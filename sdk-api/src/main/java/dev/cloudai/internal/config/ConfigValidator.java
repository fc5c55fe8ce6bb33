package dev.cloudai.internal.config;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.internal.DeclaredKeys;
import dev.cloudai.internal.EndpointRef;
import dev.cloudai.internal.ProviderRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks every key of a configuration and derives its settings: each value goes to the key that declares it (the
 * SDK's {@link ConfigKeys} or an adapter's {@code keys()}), which checks it; a key nothing declares is reported by
 * {@link UnknownKeys}. Every problem is collected and reported at once. Not API: may change without notice.
 *
 * <pre>{@code
 * ConfigValidator.Result r = new ConfigValidator(declared, System.getenv(), log::warn)
 *         .validate(raw, sources, List.of(), null);
 * }</pre>
 */
public final class ConfigValidator {
    private final DeclaredKeys declared;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;

    /**
     * @param declared the providers' keys to check against
     * @param environment what {@code ${env:NAME}} reads
     * @param warnings where a warning goes: keys kept for a shipped adapter that is not on the classpath
     */
    public ConfigValidator(DeclaredKeys declared, Map<String, String> environment, Consumer<String> warnings) {
        this.declared = declared;
        this.environment = environment;
        this.warnings = warnings;
    }

    /**
     * A checked configuration.
     *
     * @param values every key and its value, after {@code ${env:}} substitution
     * @param sources where each value came from
     * @param secrets the keys declared secret
     * @param retry the retry settings, defaults filled in
     * @param resilience the resilience settings, defaults filled in
     */
    public record Result(Map<String, String> values, Map<String, String> sources, Set<String> secrets,
                         RetrySettings retry, ResilienceSettings resilience) {
    }

    /**
     * Checks {@code raw} (key to value as set, in order) and builds the result.
     *
     * @param sources where each raw value came from
     * @param earlyProblems problems found while the values were recorded
     * @param region the value of {@code region(...)}, or {@code null}
     * @throws ConfigurationException listing every problem, each naming its key
     */
    public Result validate(Map<String, String> raw, Map<String, String> sources, List<String> earlyProblems, String region) {
        List<String> problems = new ArrayList<>(earlyProblems);
        Map<String, String> input = new LinkedHashMap<>(raw);
        Map<String, String> src = new LinkedHashMap<>(sources);
        if (region != null) placeRegion(region, input, src, problems);

        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> keptForAbsentAdapter = new TreeMap<>();
        UnknownKeys unknown = new UnknownKeys(declared);
        for (Map.Entry<String, String> e : input.entrySet()) {
            String key = e.getKey();
            String from = src.get(key);
            Optional<String> resolved = EnvReferences.resolve(key, e.getValue(), from, environment, problems);
            if (resolved.isEmpty()) continue;
            String value = resolved.get().strip();
            Optional<ConfigKeys.Key> known = ConfigKeys.find(key).or(() -> declared.find(key));
            Optional<String> owner = DeclaredKeys.providerOf(key);
            if (known.isPresent()) {
                Optional<String> problem = known.get().problem(value, from);
                if (problem.isPresent()) problems.add(problem.get());
                else values.put(key, value);
            } else if (owner.isPresent() && !declared.hasProvider(owner.get())
                    && ProviderRegistry.shippedArtifact(owner.get()).isPresent()) {
                values.put(key, value);   // its adapter, absent here, would check it; using the provider names the artifact
                keptForAbsentAdapter.computeIfAbsent(owner.get(), id -> new ArrayList<>()).add(key + " (from " + from + ")");
            } else if (ConfigKeys.parseModelKey(key).isPresent()) {
                checkModel(key, value, from, problems).ifPresent(v -> values.put(key, v));
            } else {
                problems.add(unknown.message(key, from));
            }
        }

        SettingsFromValues settings = new SettingsFromValues(values, src, problems);
        RetrySettings retry = settings.retry();
        ResilienceSettings resilience = settings.resilience();
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        keptForAbsentAdapter.forEach((id, keys) -> warnings.accept(keys.size() + (keys.size() == 1 ? " key is" : " keys are")
                + " for provider '" + id + "', whose adapter is not on the classpath, and stay unchecked: "
                + String.join(", ", keys) + ". Add the dependency " + ProviderRegistry.shippedArtifact(id).orElseThrow()
                + " to use that provider, or ignore this when the configuration is shared with a service that does"));
        src.keySet().retainAll(values.keySet());
        Set<String> secrets = new HashSet<>();
        for (String key : values.keySet()) {
            if (declared.find(key).map(ConfigKeys.Key::secret).orElse(false)) secrets.add(key);
        }
        return new Result(values, src, secrets, retry, resilience);
    }

    /** Puts {@code region(...)} under the region key of the configured provider, unless that key is set. */
    private void placeRegion(String region, Map<String, String> input, Map<String, String> src, List<String> problems) {
        String provider = input.get(ConfigKeys.PROVIDER);
        String id = provider == null ? null : provider.strip();
        String key = id == null ? null : declared.regionKey(id).orElse(null);
        if (key != null) {
            if (input.putIfAbsent(key, region) == null) src.put(key, "code");
            return;
        }
        Optional<String> artifact = id == null || declared.hasProvider(id) ? Optional.empty() : ProviderRegistry.shippedArtifact(id);
        problems.add("region('" + region + "'): " + (id == null
                ? "set provider(...) too, so the region goes to the right key"
                : artifact.isPresent()
                ? "the adapter for '" + id + "', which knows its region key, is not on the classpath; add the dependency " + artifact.get()
                : "provider '" + provider + "' has no region key; configure its endpoint instead"));
    }

    /** A model alias's value: a native model id, or an {@code endpoint:<id>;protocol=...} reference checked now. */
    private static Optional<String> checkModel(String key, String value, String from, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(key + ": the model id is empty (from " + from + "); give a native model id or deployment name");
            return Optional.empty();
        }
        try {
            EndpointRef.parse(value);
            return Optional.of(value);
        } catch (IllegalArgumentException bad) {
            problems.add(key + ": " + bad.getMessage() + " (from " + from + ")");
            return Optional.empty();
        }
    }
}

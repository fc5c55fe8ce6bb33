package dev.cloudai.internal;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.spi.ProviderFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cloudai.<id>.*} keys the provider factories declare ({@link ProviderFactory#keys()}), by provider id:
 * what {@code CloudAiConfig} checks a provider's keys against, so an adapter found by {@code ServiceLoader} owns its
 * keys, shipped with this project or not. A declaration outside {@code cloudai.<id>.}, or a region key that is not
 * declared, is the adapter's bug and fails naming the factory class. Not API: may change without notice.
 *
 * <pre>{@code
 * DeclaredKeys keys = DeclaredKeys.of(ProviderRegistry.discover(loader));
 * keys.find("cloudai.aws.region");   // the declaration of sdk-aws, when it is on the classpath
 * }</pre>
 */
public final class DeclaredKeys {
    private static final Pattern PROVIDER_KEY = Pattern.compile("cloudai\\.([a-z][a-z0-9]*)\\.(.+)");

    private final Map<String, Map<String, ConfigKeys.Key>> byProvider;
    private final Map<String, String> regionKeys;

    private DeclaredKeys(Map<String, Map<String, ConfigKeys.Key>> byProvider, Map<String, String> regionKeys) {
        this.byProvider = Collections.unmodifiableMap(byProvider);
        this.regionKeys = Collections.unmodifiableMap(regionKeys);
    }

    /** The declarations of the factories on {@code loader}'s classpath. */
    public static DeclaredKeys load(ClassLoader loader) {
        return of(ProviderRegistry.discover(loader));
    }

    /**
     * The declarations of these factories. Two factories with one id are merged here: {@code CloudAi.create}
     * reports that clash when the id is used.
     *
     * @throws IllegalStateException when a factory declares a key outside its {@code cloudai.<id>.} or names an
     *                               undeclared region key
     */
    public static DeclaredKeys of(Iterable<ProviderFactory> factories) {
        Map<String, Map<String, ConfigKeys.Key>> byProvider = new TreeMap<>();
        Map<String, String> regionKeys = new TreeMap<>();
        for (ProviderFactory f : factories) {
            String id = Objects.requireNonNull(f.id(), () -> f.getClass().getName() + ".id() returned null");
            String prefix = "cloudai." + id + ".";
            Map<String, ConfigKeys.Key> mine = byProvider.computeIfAbsent(id, k -> new LinkedHashMap<>());
            List<ConfigKeys.Key> declared = Objects.requireNonNull(f.keys(), () -> f.getClass().getName() + ".keys() returned null");
            for (ConfigKeys.Key key : declared) {
                if (!key.name().startsWith(prefix) || key.name().length() == prefix.length()) {
                    throw new IllegalStateException(f.getClass().getName() + " declares key '" + key.name()
                            + "', which is not under " + prefix + "; a provider declares only its own keys");
                }
                mine.put(key.name(), key);
            }
            Optional<String> region = Objects.requireNonNull(f.regionKey(), () -> f.getClass().getName() + ".regionKey() returned null");
            if (region.isPresent()) {
                if (!mine.containsKey(region.get())) {
                    throw new IllegalStateException(f.getClass().getName() + ".regionKey() is '" + region.get()
                            + "', which its keys() do not declare");
                }
                regionKeys.put(id, region.get());
            }
        }
        return new DeclaredKeys(byProvider, regionKeys);
    }

    /** The provider id a key is under ({@code aws} for {@code cloudai.aws.region}), whether a factory has it or not. */
    public static Optional<String> providerOf(String key) {
        Matcher m = PROVIDER_KEY.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether a factory with this id was found. */
    public boolean hasProvider(String id) {
        return byProvider.containsKey(id);
    }

    /** The declaration of a provider key; empty when no factory declares it. */
    public Optional<ConfigKeys.Key> find(String name) {
        return providerOf(name).map(byProvider::get).map(keys -> keys.get(name));
    }

    /** The keys provider {@code id} declares, in its order; empty when none or no such factory. */
    public List<ConfigKeys.Key> keysOf(String id) {
        return List.copyOf(byProvider.getOrDefault(id, Map.of()).values());
    }

    /** The key {@code region(...)} sets for provider {@code id}. */
    public Optional<String> regionKey(String id) {
        return Optional.ofNullable(regionKeys.get(id));
    }

    /** The names of every declared key, for "did you mean" suggestions. */
    public List<String> names() {
        return byProvider.values().stream().flatMap(m -> m.keySet().stream()).toList();
    }

    /** The provider ids found. */
    public Set<String> ids() {
        return byProvider.keySet();
    }
}

package dev.cloudai.internal;

import dev.cloudai.internal.util.Suggestions;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.spi.ProviderFactory;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The provider factories found with {@link ServiceLoader}, by id. Discovery fails loudly: two factories with one
 * id name both classes (never "first one wins"); a missing or unknown id says what was found and what to add.
 * Not API: may change without notice.
 */
public final class ProviderRegistry {
    /** The adapters this project ships, by id, so a missing one can be named. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "aws", "dev.cloudai:sdk-aws", "gcp", "dev.cloudai:sdk-gcp", "azure", "dev.cloudai:sdk-azure");

    private final Map<String, ProviderFactory> factories;

    private ProviderRegistry(Map<String, ProviderFactory> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /** The factories registered in {@code META-INF/services/dev.cloudai.spi.ProviderFactory} on {@code loader}'s classpath. */
    public static ProviderRegistry load(ClassLoader loader) {
        return of(discover(loader));
    }

    /** The factories registered on {@code loader}'s classpath, in discovery order, clashes included. */
    public static java.util.List<ProviderFactory> discover(ClassLoader loader) {
        Iterator<ProviderFactory> it = ServiceLoader.load(ProviderFactory.class, loader).iterator();
        java.util.List<ProviderFactory> found = new java.util.ArrayList<>();
        while (true) {
            try {
                if (!it.hasNext()) break;
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("A Cloud AI provider adapter could not be loaded: " + e.getMessage()
                        + ". Check that every dev.cloudai adapter on the classpath has the same version as sdk-api", e);
            }
        }
        return found;
    }

    /** The artifact of an adapter this project ships ({@code dev.cloudai:sdk-aws} for {@code aws}), if {@code id} is one. */
    public static java.util.Optional<String> shippedArtifact(String id) {
        return java.util.Optional.ofNullable(KNOWN_ARTIFACTS.get(id));
    }

    /** The ids of the adapters this project ships: {@code aws}, {@code azure}, {@code gcp}. */
    public static java.util.Set<String> shippedIds() {
        return new java.util.TreeSet<>(KNOWN_ARTIFACTS.keySet());
    }

    /** A registry of exactly these factories. */
    public static ProviderRegistry of(Iterable<ProviderFactory> found) {
        Map<String, ProviderFactory> byId = new TreeMap<>();
        for (ProviderFactory f : found) {
            String id = Objects.requireNonNull(f.id(), () -> f.getClass().getName() + ".id() returned null");
            ProviderFactory clash = byId.putIfAbsent(id, f);
            if (clash != null) {
                throw new IllegalStateException("Two provider adapters claim the id '" + id + "': "
                        + clash.getClass().getName() + " and " + f.getClass().getName()
                        + ". Remove one of them from the classpath (look for two versions of the same adapter jar)");
            }
        }
        return new ProviderRegistry(byId);
    }

    /** The ids found, sorted. */
    public Set<String> ids() {
        return factories.keySet();
    }

    /**
     * The factory for {@code id}.
     *
     * @throws ConfigurationException when no factory has that id: names the artifact to add for a known cloud, or
     *                                lists the ids found for an unknown one
     */
    public ProviderFactory require(String id, String key) {
        ProviderFactory f = factories.get(id);
        if (f != null) return f;
        String found = factories.isEmpty() ? "none" : String.join(", ", factories.keySet());
        String artifact = KNOWN_ARTIFACTS.get(id);
        if (artifact != null) {
            throw new ConfigurationException(key + "=" + id + ", but the adapter for '" + id + "' is not on the"
                    + " classpath; add the dependency " + artifact + " (providers found: " + found + ")");
        }
        StringBuilder sb = new StringBuilder(key).append(": unknown provider '").append(id).append("'; providers found: ")
                .append(found);
        Suggestions.closest(id, factories.keySet()).ifPresent(s -> sb.append("; did you mean '").append(s).append("'?"));
        if (factories.isEmpty()) sb.append("; add an adapter such as dev.cloudai:sdk-aws, sdk-gcp or sdk-azure");
        throw new ConfigurationException(sb.toString());
    }
}

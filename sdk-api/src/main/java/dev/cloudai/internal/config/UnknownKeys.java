package dev.cloudai.internal.config;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.internal.DeclaredKeys;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.internal.util.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The message for a key nothing declares, with the likeliest fix: the closest key of the provider the key is
 * under, the closest key of the SDK, or, for an id no adapter on the classpath has, the closest id found
 * ({@code cloudai.awz.region}: did you mean {@code cloudai.aws.region}?). Not API: may change without notice.
 *
 * <pre>{@code
 * new UnknownKeys(declared).message("cloudai.awz.region", "system property");
 * }</pre>
 */
public final class UnknownKeys {
    private final DeclaredKeys declared;
    /** The second part of the SDK's own keys ({@code retry}, {@code http}...): never a provider id. */
    private final Set<String> sdkNamespaces = new TreeSet<>();

    public UnknownKeys(DeclaredKeys declared) {
        this.declared = declared;
        for (ConfigKeys.Key k : ConfigKeys.all()) DeclaredKeys.providerOf(k.name()).ifPresent(sdkNamespaces::add);
        sdkNamespaces.add("models");
    }

    /** The problem for {@code key}, which no declaration has, set from {@code source}. */
    public String message(String key, String source) {
        StringBuilder sb = new StringBuilder("unknown key '").append(key).append("' (from ").append(source).append(')');
        Optional<String> id = DeclaredKeys.providerOf(key);
        if (id.isPresent() && declared.hasProvider(id.get())) {
            // a found provider's key is compared with that provider's keys only, never another provider's
            List<String> mine = names(id.get());
            Optional<String> near = Suggestions.closest(key, mine);
            if (near.isPresent()) return didYouMean(sb, near.get());
            return sb.append("; provider '").append(id.get()).append("' declares ")
                    .append(mine.isEmpty() ? "no keys" : String.join(", ", mine)).toString();
        }
        List<String> sdk = ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList();
        List<String> all = new ArrayList<>(sdk);
        all.addAll(declared.names());
        Optional<String> near = Suggestions.closest(key, all);
        if (near.isPresent() && sdk.contains(near.get())) return didYouMean(sb, near.get());   // a typo in the SDK's own key
        if (id.isPresent() && !sdkNamespaces.contains(id.get())) return noSuchAdapter(sb, key, id.get(), near);
        if (near.isPresent()) return didYouMean(sb, near.get());
        if (key.startsWith(ConfigKeys.MODELS_PREFIX)) {
            return sb.append("; model aliases are cloudai.models.<alias>.<provider>, for example cloudai.models.default.aws").toString();
        }
        return sb.append("; the README's Configuration section lists every key").toString();
    }

    /**
     * {@code cloudai.<id>.*} for an id no adapter has: says so, and suggests the closest declared key, else the same
     * key under the closest adapter id.
     */
    private String noSuchAdapter(StringBuilder sb, String key, String id, Optional<String> nearKey) {
        Set<String> ids = new TreeSet<>(declared.ids());
        sb.append("; no adapter with id '").append(id).append("' is on the classpath (adapters found: ")
                .append(ids.isEmpty() ? "none" : String.join(", ", ids)).append(')');
        if (nearKey.isPresent()) return didYouMean(sb, nearKey.get());
        ids.addAll(ProviderRegistry.shippedIds());
        Optional<String> nearId = Suggestions.closest(id, ids);
        if (nearId.isEmpty()) return sb.append("; add its adapter, or correct the id").toString();
        String same = "cloudai." + nearId.get() + key.substring(("cloudai." + id).length());
        String suggestion = declared.hasProvider(nearId.get())
                ? Suggestions.closest(same, names(nearId.get())).orElse("cloudai." + nearId.get() + ".*")
                : same;   // a shipped adapter that is absent: its keys are not known here
        return didYouMean(sb, suggestion);
    }

    private List<String> names(String id) {
        return declared.keysOf(id).stream().map(ConfigKeys.Key::name).toList();
    }

    private static String didYouMean(StringBuilder sb, String near) {
        return sb.append("; did you mean '").append(near).append("'?").toString();
    }
}

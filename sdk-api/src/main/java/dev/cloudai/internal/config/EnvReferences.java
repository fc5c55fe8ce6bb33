package dev.cloudai.internal.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} and {@code ${env:NAME:-default}} in configuration values, so secrets stay out of
 * files. Not API: may change without notice.
 *
 * <pre>{@code
 * EnvReferences.resolve("cloudai.azure.api-key", "${env:AZURE_KEY}", "cloudai.properties", System.getenv(), problems);
 * }</pre>
 */
public final class EnvReferences {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvReferences() {
    }

    /**
     * The value with every reference replaced; empty, with one problem per unset variable that has no default
     * added to {@code problems}, when a reference cannot be resolved.
     */
    public static Optional<String> resolve(String key, String value, String source, Map<String, String> environment,
                                           List<String> problems) {
        Objects.requireNonNull(environment, "environment");
        Matcher m = ENV_REF.matcher(Objects.requireNonNull(value, "value"));
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String v = environment.get(m.group(1));
            if (v == null) v = m.group(2);
            if (v == null) {
                problems.add(key + ": ${env:" + m.group(1) + "} refers to environment variable " + m.group(1)
                        + ", which is not set (from " + source + "); set it, or give a default as ${env:"
                        + m.group(1) + ":-value}");
                ok = false;
                v = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return ok ? Optional.of(out.toString()) : Optional.empty();
    }
}

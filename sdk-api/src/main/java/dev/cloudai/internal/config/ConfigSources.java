package dev.cloudai.internal.config;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.internal.DeclaredKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the three configuration sources and merges them: the properties file first, then environment variables,
 * then system properties, each setting overriding the one before when applied in order. Not API: may change
 * without notice.
 *
 * <pre>{@code
 * for (ConfigSources.Setting s : ConfigSources.merge(sys, env, file, "cloudai.properties", keys)) {
 *     builder.property(s.key(), s.value(), s.source());
 * }
 * }</pre>
 */
public final class ConfigSources {
    private static final String ENV_PREFIX = "CLOUDAI_";
    private static final String ENV_MODELS_PREFIX = "CLOUDAI_MODELS_";

    /**
     * One value from one source.
     *
     * @param key the configuration key
     * @param value the raw value, before {@code ${env:}} substitution
     * @param source where it came from, as messages name it
     */
    public record Setting(String key, String value, String source) {
    }

    private ConfigSources() {
    }

    /**
     * The settings of the three sources in the order to apply them (file, environment, system properties), each
     * source sorted by name; {@code file} may be {@code null} when there is no properties file.
     *
     * @throws ConfigurationException when the file holds a key outside {@code cloudai.}
     */
    public static List<Setting> merge(Map<String, String> systemProperties, Map<String, String> environment,
                                      Properties file, String fileName, DeclaredKeys declared) {
        List<Setting> out = new ArrayList<>();
        if (file != null) {
            for (String name : new TreeMap<>(toMap(file)).keySet()) {
                if (!name.startsWith("cloudai.")) {
                    throw new ConfigurationException("key '" + name + "' in " + fileName
                            + " does not start with 'cloudai.'; every key of this file is a Cloud AI key");
                }
                out.add(new Setting(name, file.getProperty(name), fileName));
            }
        }
        Map<String, String> envKeys = environmentKeys(declared);
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                out.add(new Setting(keyForEnvironmentVariable(name, envKeys), value, "environment variable " + name));
            }
        });
        new TreeMap<>(systemProperties).forEach((name, value) -> {
            if (name.startsWith("cloudai.")) out.add(new Setting(name, value, "system property"));
        });
        return out;
    }

    /** The JVM's system properties as a map. */
    public static Map<String, String> systemProperties() {
        return toMap(System.getProperties());
    }

    /** The classpath resource as properties, or {@code null} when there is none. */
    public static Properties classpathProperties(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource + " from the classpath", e);
        }
    }

    /**
     * The key an environment variable sets. Declared keys map exactly ({@code CLOUDAI_AZURE_API_KEY} is
     * {@code cloudai.azure.api-key}); {@code CLOUDAI_MODELS_<ALIAS>_<PROVIDER>} is a model alias; anything else
     * becomes a dotted lower-case key that validation reports as unknown, with a suggestion.
     */
    static String keyForEnvironmentVariable(String name, Map<String, String> envKeys) {
        String fixed = envKeys.get(name);
        if (fixed != null) return fixed;
        if (name.startsWith(ENV_MODELS_PREFIX)) {
            String rest = name.substring(ENV_MODELS_PREFIX.length());
            int cut = rest.lastIndexOf('_');
            if (cut > 0 && cut < rest.length() - 1) {
                return ConfigKeys.modelKey(rest.substring(0, cut).toLowerCase(Locale.ROOT),
                        rest.substring(cut + 1).toLowerCase(Locale.ROOT));
            }
        }
        return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> environmentKeys(DeclaredKeys declared) {
        Map<String, String> out = new HashMap<>();
        for (ConfigKeys.Key k : ConfigKeys.all()) out.put(k.environmentVariable(), k.name());
        for (String id : declared.ids()) {
            for (ConfigKeys.Key k : declared.keysOf(id)) out.put(k.environmentVariable(), k.name());
        }
        return out;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) out.put(name, p.getProperty(name));
        return out;
    }
}

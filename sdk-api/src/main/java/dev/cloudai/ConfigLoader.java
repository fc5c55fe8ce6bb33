package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.internal.DeclaredKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Merges the three configuration sources into a {@link CloudAiConfig.Builder}: the properties file first, then
 * environment variables, then system properties, each overriding the one before.
 */
final class ConfigLoader {
    private static final String ENV_PREFIX = "CLOUDAI_";
    private static final String ENV_MODELS_PREFIX = "CLOUDAI_MODELS_";

    private ConfigLoader() {
    }

    /**
     * Builds the configuration from explicit sources; {@code file} may be {@code null} when there is no
     * properties file.
     */
    static CloudAiConfig load(Map<String, String> systemProperties, Map<String, String> environment, Properties file) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        DeclaredKeys declared = DeclaredKeys.load(cl != null ? cl : ConfigLoader.class.getClassLoader());
        CloudAiConfig.Builder b = CloudAiConfig.builder().environment(environment).declaredKeys(declared);
        if (file != null) {
            for (String name : new TreeMap<>(toMap(file)).keySet()) {
                if (!name.startsWith("cloudai.")) {
                    throw new ConfigurationException("key '" + name + "' in " + CloudAiConfig.PROPERTIES_RESOURCE
                            + " does not start with 'cloudai.'; every key of this file is a Cloud AI key");
                }
                b.property(name, file.getProperty(name), CloudAiConfig.PROPERTIES_RESOURCE);
            }
        }
        Map<String, String> envKeys = environmentKeys(declared);
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                b.property(keyForEnvironmentVariable(name, envKeys), value, "environment variable " + name);
            }
        });
        new TreeMap<>(systemProperties).forEach((name, value) -> {
            if (name.startsWith("cloudai.")) b.property(name, value, "system property");
        });
        return b.build();
    }

    static Map<String, String> systemProperties() {
        Map<String, String> out = new HashMap<>();
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) out.put(name, p.getProperty(name));
        return out;
    }

    /** The classpath resource as properties, or {@code null} when there is none. */
    static Properties classpathProperties(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) cl = ConfigLoader.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource + " from the classpath", e);
        }
    }

    /**
     * The key an environment variable sets. Fixed keys map exactly ({@code CLOUDAI_AZURE_API_KEY} is
     * {@code cloudai.azure.api-key}); {@code CLOUDAI_MODELS_<ALIAS>_<PROVIDER>} is a model alias; anything else
     * becomes a dotted lower-case key that the builder reports as unknown, with a suggestion.
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

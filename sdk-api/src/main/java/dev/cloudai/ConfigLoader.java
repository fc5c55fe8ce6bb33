package dev.cloudai;

import dev.cloudai.internal.DeclaredKeys;
import dev.cloudai.internal.config.ConfigSources;

import java.util.Map;
import java.util.Properties;

/**
 * Feeds the three configuration sources, merged by {@link ConfigSources}, into a {@link CloudAiConfig.Builder}: the
 * properties file first, then environment variables, then system properties, each overriding the one before.
 */
final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Builds the configuration from explicit sources; {@code file} may be {@code null} when there is no
     * properties file.
     */
    static CloudAiConfig load(Map<String, String> systemProperties, Map<String, String> environment, Properties file) {
        DeclaredKeys declared = DeclaredKeys.load(contextLoader());
        CloudAiConfig.Builder b = CloudAiConfig.builder().environment(environment).declaredKeys(declared);
        for (ConfigSources.Setting s : ConfigSources.merge(systemProperties, environment, file,
                CloudAiConfig.PROPERTIES_RESOURCE, declared)) {
            b.record(s.key(), s.value(), s.source());
        }
        return b.build();
    }

    static Map<String, String> systemProperties() {
        return ConfigSources.systemProperties();
    }

    /** The classpath resource as properties, or {@code null} when there is none. */
    static Properties classpathProperties(String resource) {
        return ConfigSources.classpathProperties(contextLoader(), resource);
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ConfigLoader.class.getClassLoader();
    }
}

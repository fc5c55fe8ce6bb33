package dev.cloudai.spring.boot;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.spi.ProviderFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code cloudai.*} keys from a Spring {@link Environment}, with Spring Boot's relaxed names, into a
 * {@link CloudAiConfig}. The keys are the SDK's own (README, "Configuration"); this class only finds them in Spring's
 * property sources and writes each in its canonical form, and the SDK checks them exactly as outside Spring, so a
 * misspelt key fails with the same {@link ConfigurationException} and "did you mean".
 *
 * <p>Every enumerable property source is read, in the environment's order of precedence (command-line arguments,
 * system properties, environment variables, {@code application.yml} and its profiles, ...), the first one that sets
 * a key winning. Names are made canonical as Boot's relaxed binding reads them:
 * <ul>
 *   <li>{@code cloudai.retry.maxAttempts}, {@code cloudai.retry.max_attempts}, {@code cloudai.retry.maxattempts}
 *       are {@code cloudai.retry.max-attempts};</li>
 *   <li>environment variables as the SDK reads them: {@code CLOUDAI_RETRY_MAX_ATTEMPTS}, and
 *       {@code CLOUDAI_MODELS_<ALIAS>_<PROVIDER>} for a model alias;</li>
 *   <li>a YAML list, {@code cloudai.fallback: [gcp, azure]}, is the comma-separated value;</li>
 *   <li>{@code cloudai.models.default.aws} as it is (an alias and a provider id are names, not keys to convert).</li>
 * </ul>
 * A name that matches no declared key after that is passed on as written (lower case), for the SDK to refuse. Spring
 * placeholders in values ({@code ${OTHER_PROPERTY}}) are resolved by Spring; a value holding the SDK's own
 * {@code ${env:NAME}} is passed on untouched, for the SDK to resolve. The starter's own switches are not under
 * {@code cloudai.} ({@code management.health.cloudai.enabled}), since every key there is the SDK's.
 *
 * <pre>{@code
 * @Bean(destroyMethod = "close")
 * CloudAi myCloudAi(Environment environment) {      // what the auto-configuration does, by hand
 *     return CloudAi.create(CloudAiEnvironment.config(environment).build());
 * }
 * }</pre>
 */
public final class CloudAiEnvironment {
    private static final String PREFIX = "cloudai.";
    private static final String ENV_PREFIX = "CLOUDAI_";
    private static final String ENV_MODELS_PREFIX = "CLOUDAI_MODELS_";
    private static final Pattern LIST_ELEMENT = Pattern.compile("(.*)\\[(\\d+)]");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)]");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    private CloudAiEnvironment() {
    }

    /**
     * A configuration builder holding every {@code cloudai.*} key of the environment, canonical, each with where it
     * was set (the file and line of {@code application.yml}, the environment variable, ...), which the SDK's messages
     * name; add to it or {@code build()} it, which checks every key.
     */
    public static CloudAiConfig.Builder config(Environment environment) {
        CloudAiConfig.Builder builder = CloudAiConfig.builder();
        read(environment).forEach((key, set) -> builder.property(key, set.value(), set.origin()));
        return builder;
    }

    /**
     * The {@code cloudai.*} keys of the environment, canonical ({@code cloudai.retry.max-attempts}), with their
     * values, sorted by key; unchecked.
     */
    public static Map<String, String> properties(Environment environment) {
        Map<String, String> out = new TreeMap<>();
        read(environment).forEach((key, set) -> out.put(key, set.value()));
        return out;
    }

    /** A key's value and where it was set, as Spring's origin tracking says, else the property source's name. */
    private record Setting(String value, String origin) {
    }

    private static Map<String, Setting> read(Environment environment) {
        Objects.requireNonNull(environment, "environment");
        if (!(environment instanceof ConfigurableEnvironment configurable)) return Map.of();
        Names names = Names.declared();
        Map<String, Setting> out = new TreeMap<>();
        for (PropertySource<?> source : configurable.getPropertySources()) {
            // the attached source re-exposes all the others under Boot's names; reading it would read each twice
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) continue;
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) continue;
            Map<String, Setting> fromSource = new LinkedHashMap<>();
            Map<String, TreeMap<Integer, Setting>> lists = new LinkedHashMap<>();
            for (String name : enumerable.getPropertyNames()) {
                if (!isCloudAi(name)) continue;
                Setting setting = new Setting(value(configurable, enumerable.getProperty(name)), origin(enumerable, name));
                Matcher element = LIST_ELEMENT.matcher(name);
                if (element.matches()) {
                    lists.computeIfAbsent(names.canonical(element.group(1)), k -> new TreeMap<>())
                            .put(Integer.parseInt(element.group(2)), setting);
                } else {
                    fromSource.putIfAbsent(names.canonical(name), setting);
                }
            }
            lists.forEach((key, elements) -> fromSource.putIfAbsent(key, new Setting(
                    String.join(",", elements.values().stream().map(Setting::value).toList()),
                    elements.firstEntry().getValue().origin())));
            // a source earlier in the environment's order wins, as Spring's own binding has it
            fromSource.forEach(out::putIfAbsent);
        }
        return out;
    }

    /** Where {@code name} was set: {@code class path resource [application.yml] - 3:15}, or the source's name. */
    private static String origin(PropertySource<?> source, String name) {
        Origin origin = source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, name) : null;
        return origin != null ? origin.toString() : source.getName();
    }

    private static boolean isCloudAi(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("CLOUDAI.") || upper.startsWith(ENV_PREFIX);
    }

    private static String value(ConfigurableEnvironment environment, Object raw) {
        Object v = raw instanceof OriginTrackedValue tracked ? tracked.getValue() : raw;
        if (v == null) return "";   // the SDK names the key of an empty value
        String text = v.toString();
        // ${env:NAME} is the SDK's syntax; Spring would read it as the property "env" with the default "NAME"
        return text.contains("${env:") ? text : environment.resolvePlaceholders(text);
    }

    /** The declared keys, by the forms a relaxed name can take. */
    private record Names(Map<String, String> byEnvironmentVariable, Map<String, String> byUniformName) {

        static Names declared() {
            List<ConfigKeys.Key> keys = new ArrayList<>(ConfigKeys.all());
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class,
                    cl != null ? cl : CloudAiEnvironment.class.getClassLoader())) {
                keys.addAll(f.keys());
            }
            Map<String, String> env = new HashMap<>();
            Map<String, String> uniform = new HashMap<>();
            for (ConfigKeys.Key k : keys) {
                env.put(k.environmentVariable(), k.name());
                uniform.put(uniform(k.name()), k.name());
            }
            return new Names(env, uniform);
        }

        String canonical(String name) {
            if (name.indexOf('.') < 0) return fromEnvironmentVariable(name.toUpperCase(Locale.ROOT));
            String dotted = BRACKETED.matcher(name).replaceAll(".$1");
            if (dotted.toLowerCase(Locale.ROOT).startsWith(ConfigKeys.MODELS_PREFIX)) {
                return dotted.toLowerCase(Locale.ROOT);   // cloudai.models.<alias>.<provider>: names, kept
            }
            String[] segments = dotted.split("\\.", -1);
            for (int i = 0; i < segments.length; i++) {
                segments[i] = CAMEL.matcher(segments[i]).replaceAll("$1-$2").toLowerCase(Locale.ROOT).replace('_', '-');
            }
            String dashed = String.join(".", segments);
            return byUniformName.getOrDefault(uniform(dashed), dashed);
        }

        /** As the SDK reads environment variables: declared keys exactly, then model aliases, then dotted. */
        private String fromEnvironmentVariable(String name) {
            String declared = byEnvironmentVariable.get(name);
            if (declared != null) return declared;
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

        /** Boot's uniform form: lower case, without dashes or underscores, dots kept. */
        private static String uniform(String name) {
            return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        }
    }
}

package dev.cloudai.spring.boot;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.spi.ProviderFactory;
import dev.cloudai.spi.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The starter's {@code META-INF/spring-configuration-metadata.json}, which IDEs read for completion in
 * {@code application.properties} and {@code application.yml}, is generated from the key declarations:
 * {@link ConfigKeys} for the SDK's own keys and {@link ProviderFactory#keys()} of every adapter (all three are test
 * dependencies of this module), in the README table's order; then the model alias map and the starter's own switch.
 * When it fails, it writes the expected file to {@code target/spring-configuration-metadata.json}: copy it over.
 */
class ConfigurationMetadataTest {
    static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");
    static final Path EXPECTED = Path.of("target/spring-configuration-metadata.json");

    /** cloudai.provider, then each adapter's keys by provider id, then the SDK's other keys: as the README's table. */
    static List<ConfigKeys.Key> declaredKeys(List<ProviderFactory> factories) {
        List<ConfigKeys.Key> keys = new ArrayList<>();
        keys.add(ConfigKeys.find(ConfigKeys.PROVIDER).orElseThrow());
        for (ProviderFactory f : factories) keys.addAll(f.keys());
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            if (!k.name().equals(ConfigKeys.PROVIDER)) keys.add(k);
        }
        return keys;
    }

    static List<ProviderFactory> factories() {
        List<ProviderFactory> factories = new ArrayList<>();
        ServiceLoader.load(ProviderFactory.class, ConfigurationMetadataTest.class.getClassLoader()).forEach(factories::add);
        factories.sort(Comparator.comparing(ProviderFactory::id));
        assertEquals(List.of("aws", "azure", "gcp"), factories.stream().map(ProviderFactory::id).toList(),
                "the metadata documents the adapters this project ships, and only those");
        return factories;
    }

    /** The Java type an IDE offers for a key's values. */
    static String javaType(ConfigKeys.Type type) {
        return switch (type) {
            case TEXT, PROVIDER_ID, URL, HOST_PORT_OR_URL -> "java.lang.String";
            case PROVIDER_LIST -> "java.util.List<java.lang.String>";
            case ATTEMPTS, PERCENT, POSITIVE_INT -> "java.lang.Integer";
            case POSITIVE_NUMBER -> "java.lang.Double";
            case DURATION -> "java.time.Duration";
            case FILE, DIRECTORY -> "java.io.File";
            case BOOLEAN -> "java.lang.Boolean";
        };
    }

    /** A default as the type holds it: a number or boolean unquoted, a duration as written ("500ms"). */
    static Object defaultValue(ConfigKeys.Key key, String value) {
        return switch (key.type()) {
            case ATTEMPTS, PERCENT, POSITIVE_INT -> Integer.valueOf(value);
            case POSITIVE_NUMBER -> Double.valueOf(value);
            case BOOLEAN -> Boolean.valueOf(value);
            default -> value;
        };
    }

    /** The description, then the values allowed, what needs the key, and whether it is secret. */
    static String description(ConfigKeys.Key key) {
        StringBuilder sb = new StringBuilder(key.description()).append(" Allowed: ").append(key.allowed()).append('.');
        String requirement = key.requirement();
        if (requirement.equals("always")) sb.append(" Always required.");
        else if (!key.requiredFor().isEmpty()) sb.append(" Required for ").append(requirement).append('.');
        if (key.secret()) sb.append(" A secret: never shown in logs or messages.");
        return sb.toString();
    }

    static Map<String, Object> property(String name, String type, String description, Object defaultValue) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("type", type);
        p.put("description", description);
        if (defaultValue != null) p.put("defaultValue", defaultValue);
        return p;
    }

    static Map<String, Object> expectedMetadata() {
        List<ProviderFactory> factories = factories();
        List<Object> properties = new ArrayList<>();
        for (ConfigKeys.Key k : declaredKeys(factories)) {
            properties.add(property(k.name(), javaType(k.type()), description(k),
                    k.defaultValue().map(v -> defaultValue(k, v)).orElse(null)));
        }
        properties.add(property("cloudai.models", "java.util.Map<java.lang.String,java.util.Map<java.lang.String,java.lang.String>>",
                "Model aliases: cloudai.models.<alias>.<provider> is the native model id or deployment name the alias"
                        + " stands for on that provider, for example cloudai.models.default.aws=anthropic.claude-3-haiku-20240307-v1:0."
                        + " The starter makes a ChatModel bean of the alias default and an EmbeddingModel bean of embed.", null));
        properties.add(property("management.health.cloudai.enabled", "java.lang.Boolean",
                "Whether the Cloud AI health indicator (one per provider, from its circuit states) is enabled.", Boolean.TRUE));

        List<Object> providerIds = new ArrayList<>();
        for (ProviderFactory f : factories) providerIds.add(Map.of("value", f.id()));
        List<Object> hints = new ArrayList<>();
        for (String key : List.of(ConfigKeys.PROVIDER, ConfigKeys.FALLBACK)) {
            Map<String, Object> hint = new LinkedHashMap<>();
            hint.put("name", key);
            hint.put("values", providerIds);
            hints.add(hint);
        }
        Map<String, Object> aliases = new LinkedHashMap<>();
        aliases.put("name", "cloudai.models.keys");
        aliases.put("values", List.of(
                valueHint("default", "The chat model: the chatModel bean, and the alias the examples and the CLI use."),
                valueHint("embed", "The embedding model: the embeddingModel bean.")));
        hints.add(aliases);

        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "cloudai");
        group.put("description", "The Cloud AI SDK's configuration: the same keys as cloudai.properties, checked by the"
                + " SDK at start-up (an unknown key or a bad value fails with the key named).");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("groups", List.of(group));
        metadata.put("properties", properties);
        metadata.put("hints", hints);
        return metadata;
    }

    private static Map<String, Object> valueHint(String value, String description) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("value", value);
        v.put("description", description);
        return v;
    }

    /** Pretty-printed JSON, two spaces a level, so the file reads and diffs well; values quoted by the SDK's writer. */
    static void write(Object value, String indent, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(indent).append("  ").append(Json.quote((String) e.getKey())).append(": ");
                write(e.getValue(), indent + "  ", out);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(indent).append("  ");
                write(list.get(i), indent + "  ", out);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            out.append(Json.write(value));
        }
    }

    static String expectedText() {
        StringBuilder out = new StringBuilder();
        write(expectedMetadata(), "", out);
        return out.append('\n').toString();
    }

    @Test
    void theMetadataIsTheKeyDeclarations() throws IOException {
        String expected = expectedText();
        String actual = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            Files.createDirectories(EXPECTED.getParent());
            Files.writeString(EXPECTED, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, FILE + " differs from the key declarations (ConfigKeys and each"
                + " ProviderFactory.keys()); the expected file is in " + EXPECTED.toAbsolutePath() + ": copy it over");
    }

    @Test
    void everyDeclaredKeyHasOneEntryAndTheFileIsJson() throws IOException {
        Map<String, Object> parsed = Json.parseObject(Files.readString(FILE, StandardCharsets.UTF_8), "metadata");
        List<?> properties = assertInstanceOf(List.class, parsed.get("properties"));
        List<String> names = properties.stream().map(p -> (String) ((Map<?, ?>) p).get("name")).toList();
        List<String> declared = declaredKeys(factories()).stream().map(ConfigKeys.Key::name).toList();
        assertEquals(declared, names.subList(0, declared.size()));
        assertEquals(names.size(), names.stream().distinct().count(), "a key listed twice: " + names);
        for (Object p : properties) {
            assertFalse(((String) ((Map<?, ?>) p).get("description")).isBlank(), "no description: " + p);
        }
    }
}

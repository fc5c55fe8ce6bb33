package dev.cloudai.examples;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.spi.ProviderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table is generated from the key declarations, row for row: {@link ConfigKeys} for the
 * SDK's own keys and {@link ProviderFactory#keys()} of every adapter. It lives here because this module is the one
 * with every adapter on its classpath. It finds the adapters as {@code CloudAi} does, with {@link ServiceLoader}, and
 * uses public API only. When it fails, paste the expected table it prints.
 */
class ConfigurationTableTest {
    static final String HEADER = "| key | type | range | default | required for | description |";
    /** Model aliases are a family of keys, not one declared key; the table ends with them. */
    static final String MODELS_ROW = "| `cloudai.models.<alias>.<provider>` | text | not blank | none | optional"
            + " | The native model id"
            + " or deployment name an alias stands for on a provider, for example"
            + " `cloudai.models.default.aws=anthropic.claude-3-haiku-20240307-v1:0`. |";

    /** The README of the project: the parent folder of this module. */
    static Path readme() {
        return Path.of("").toAbsolutePath().getParent().resolve("README.md");
    }

    static String row(ConfigKeys.Key key) {
        assertFalse(key.description().contains("|") || key.description().contains("<"),
                key.name() + ": a description must not break a Markdown table (| or <)");
        return "| `" + key.name() + "` | " + key.type().label() + " | " + key.allowed() + " | "
                + key.defaultValue().orElse("none") + " | " + key.requirement() + " | " + key.description() + " |";
    }

    /** cloudai.provider, then each adapter's keys by provider id, then the SDK's other keys, then model aliases. */
    static List<String> expectedTable() {
        List<ProviderFactory> factories = new ArrayList<>();
        ServiceLoader.load(ProviderFactory.class, ConfigurationTableTest.class.getClassLoader()).forEach(factories::add);
        factories.sort(Comparator.comparing(ProviderFactory::id));
        assertEquals(List.of("aws", "azure", "gcp"), factories.stream().map(ProviderFactory::id).toList(),
                "the table documents the adapters this project ships, and only those");
        List<String> table = new ArrayList<>(List.of(HEADER, "|---|---|---|---|---|---|"));
        table.add(row(ConfigKeys.find(ConfigKeys.PROVIDER).orElseThrow()));
        for (ProviderFactory f : factories) {
            for (ConfigKeys.Key key : f.keys()) table.add(row(key));
        }
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            if (!key.name().equals(ConfigKeys.PROVIDER)) table.add(row(key));
        }
        table.add(MODELS_ROW);
        return table;
    }

    @Test
    void theReadmeConfigurationTableIsTheKeyDeclarations() throws IOException {
        List<String> expected = expectedTable();
        List<String> lines = Files.readAllLines(readme());
        int start = lines.indexOf(HEADER);
        assertTrue(start >= 0, "README.md has no configuration table starting with " + HEADER);
        List<String> actual = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) actual.add(lines.get(i));

        assertEquals(String.join("\n", expected), String.join("\n", actual),
                "README.md's configuration table differs from the declarations (ConfigKeys and each ProviderFactory.keys());"
                        + " the table should read:\n" + String.join("\n", expected) + "\n");
    }
}

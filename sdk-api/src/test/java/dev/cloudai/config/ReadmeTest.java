package dev.cloudai.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table is the key declarations of {@link ConfigKeys}, row for row: type, range, default
 * and description, so the docs cannot drift from the code. When this fails, paste the expected table it prints.
 */
class ReadmeTest {
    static final String HEADER = "| key | type | range | default | description |";
    /** Model aliases are a family of keys, not one key of {@link ConfigKeys#all()}; the table ends with them. */
    static final String MODELS_ROW = "| `cloudai.models.<alias>.<provider>` | text | not blank | none | The native model id"
            + " or deployment name an alias stands for on a provider, for example"
            + " `cloudai.models.default.aws=anthropic.claude-3-haiku-20240307-v1:0`. |";

    /** The README of the project: the parent folder of this module. */
    static Path readme() {
        return Path.of("").toAbsolutePath().getParent().resolve("README.md");
    }

    static String row(ConfigKeys.Key key) {
        return "| `" + key.name() + "` | " + key.type().label() + " | " + key.allowed() + " | "
                + key.defaultValue().orElse("none") + " | " + key.description() + " |";
    }

    @Test
    void theReadmeConfigurationTableIsTheKeyDeclarations() throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add(HEADER);
        expected.add("|---|---|---|---|---|");
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            assertFalse(key.description().contains("|") || key.description().contains("<"),
                    key.name() + ": a description must not break a Markdown table (| or <)");
            expected.add(row(key));
        }
        expected.add(MODELS_ROW);

        List<String> lines = Files.readAllLines(readme());
        int start = lines.indexOf(HEADER);
        assertTrue(start >= 0, "README.md has no configuration table starting with " + HEADER);
        List<String> actual = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) actual.add(lines.get(i));

        assertEquals(String.join("\n", expected), String.join("\n", actual),
                "README.md's configuration table differs from ConfigKeys; the table should read:\n"
                        + String.join("\n", expected) + "\n");
    }
}

package dev.cloudai.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table lists every key the SDK accepts, so the docs cannot drift from the code. */
class ReadmeTest {

    @Test
    void theReadmeDocumentsEveryConfigurationKey() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            assertTrue(readme.contains("| `" + key.name() + "` |"), "README.md lacks a row for " + key.name());
        }
        assertTrue(readme.contains("| `cloudai.models.<alias>.<provider>` |"));
    }
}

package dev.cloudai.cli;

import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code cloudai} script the build writes to {@code target/cloudai}, run as a user runs it: from another
 * directory, as a separate process. Failsafe runs this after packaging and passes the script's path.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("cloudai.launcher", "target/cloudai"));

    @TempDir
    Path elsewhere;

    @Test
    void aBadCommandExitsWithTwoAndAUsageMessageNoStackTrace() throws Exception {
        Run r = cloudai("chta", "Hello");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("Did you mean: cloudai chat"), r::toString);   // "... or cloudai catalog?"
        assertTrue(r.err.contains("Run 'cloudai --help' for the options."), r::toString);
        assertFalse(r.err.contains("\tat ") || r.err.contains("[ERROR]"), () -> "no stack trace, no build tool output: " + r);
        assertEquals("", r.out, r::toString);
    }

    @Test
    void aChatOnTheEmbeddedEmulatorAnswersFromAnyDirectory() throws Exception {
        Run r = cloudai("chat", "Hello");
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(Canned.CHAT_TEXT, r.out.strip(), r::toString);
        assertTrue(r.err.contains("Running against the embedded CloudEmulator (aws)"), r::toString);
        // On JDK 24 and later the JVM warns about Netty's and protobuf's sun.misc.Unsafe and native access unless the
        // launcher allows them; on older JDKs there is nothing to warn about.
        assertFalse(r.err.lines().anyMatch(line -> line.startsWith("WARNING:")), () -> "no JVM warnings: " + r);
    }

    /** The tool runs the emulators outside tests: JUnit, a test library, must not be on its runtime classpath. */
    @Test
    void theClasspathIsAbsoluteAndHasNoJUnit() throws IOException {
        Matcher m = Pattern.compile("(?m)^CLASSPATH='([^']*)'$").matcher(Files.readString(LAUNCHER));
        assertTrue(m.find(), "no CLASSPATH line in " + LAUNCHER);
        List<String> entries = Arrays.asList(m.group(1).split(Pattern.quote(File.pathSeparator)));
        assertTrue(entries.size() > 50, "the adapters, the emulators and the cloud SDKs: " + entries);
        for (String entry : entries) {
            Path path = Path.of(entry);
            assertTrue(path.isAbsolute() && Files.isRegularFile(path), "not an absolute path of a jar: " + entry);
            String name = path.getFileName().toString();
            assertFalse(name.startsWith("junit-") || name.startsWith("opentest4j-"), "a test library on the tool's classpath: " + entry);
        }
    }

    private Run cloudai(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), "the build did not write an executable " + LAUNCHER.toAbsolutePath());
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path out = elsewhere.resolve("stdout.txt");
        Path err = elsewhere.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));   // the JDK running this build
        builder.environment().remove("JAVA_OPTS");
        // the tool reads no catalog cache of the user's home: the build's empty one, as every test JVM does
        String cacheDir = System.getProperty("cloudai.catalog.cache-dir");
        if (cacheDir != null) builder.environment().put("CLOUDAI_CATALOG_CACHE_DIR", cacheDir);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("cloudai " + String.join(" ", args) + " did not end within 60 s; stderr so far:\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}

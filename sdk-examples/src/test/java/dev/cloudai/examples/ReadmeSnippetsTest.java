package dev.cloudai.examples;

import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The README files' Java code compiles as a reader would paste it: every {@code ```java} block of every README.md
 * in the repository, with only the imports it writes, against the classpath of a project that has every module.
 * The convention the snippets follow (imports at the top, then either type declarations or a block of statements
 * that declares every variable it uses) is described in {@link ReadmeSnippets}. The first program of "Using it" and
 * the test kit's example test also run, against the embedded emulator.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = ReadmeSnippets.repositoryRoot();
    private static final Path README = ROOT.resolve("README.md");

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() {
        List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.all(ROOT);
        assertFalse(snippets.isEmpty(), "No ```java block in any README under " + ROOT + ": nothing would be checked");
        return snippets.stream().map(s -> DynamicTest.dynamicTest(s.location() + " (" + s.section() + ")", () -> s.compile()));
    }

    @Test
    void theReadmeHasJavaSnippetsAndAFirstProgram() {
        List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.extract(ROOT, README);
        assertFalse(snippets.isEmpty(), "README.md has no ```java block: the test would check nothing");
        assertTrue(snippets.stream().anyMatch(s -> s.section().equals("Using it") && s.isProgram()),
                "README.md's \"Using it\" section must show a complete program (a class with main); its snippets: " + snippets);
    }

    /** The program a new user copies first answers on the emulator: blocking, async and streamed. */
    @Test
    void theFirstProgramRunsAgainstTheEmulator() throws Exception {
        ReadmeSnippets.Snippet program = ReadmeSnippets.extract(ROOT, README).stream()
                .filter(s -> s.section().equals("Using it") && s.isProgram())
                .findFirst().orElseThrow(() -> new AssertionError("README.md's \"Using it\" has no program"));
        Method main = ReadmeSnippets.loader(program.compile()).loadClass(program.source().className())
                .getMethod("main", String[].class);

        String out;
        try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud())) {
            // as the README's cloudai.properties does: the alias "default" names a model the emulator serves
            Map<String, String> properties = new java.util.HashMap<>(emulator.properties("aws"));
            properties.put("cloudai.models.default.aws", SampleModels.chat("aws"));
            out = runWithSystemProperties(properties, () -> main.invoke(null, (Object) new String[0]));
        }

        List<String> lines = Arrays.asList(out.split("\n"));
        assertEquals(Canned.CHAT_TEXT + "  " + Canned.USAGE, lines.get(0), program + " printed:\n" + out);
        assertEquals(Canned.CHAT_TEXT, lines.get(1), "the async answer, before close(); " + program + " printed:\n" + out);
        assertEquals(Canned.STREAM_DELTAS.stream().map(d -> "TextDelta[text=" + d + "]").collect(Collectors.toList()),
                lines.subList(2, 2 + Canned.STREAM_DELTAS.size()), program + " printed:\n" + out);
        assertTrue(lines.get(lines.size() - 1).startsWith("Finished[finishReason=STOP"), program + " printed:\n" + out);
    }

    /** A README snippet that is a JUnit test class passes, run by JUnit as a user's build would run it. */
    @TestFactory
    Stream<DynamicTest> everyTestClassSnippetPasses() {
        List<ReadmeSnippets.Snippet> tests = ReadmeSnippets.all(ROOT).stream()
                .filter(s -> s.isCompilationUnit() && String.join("\n", s.lines()).contains("@Test"))
                .collect(Collectors.toList());
        assertFalse(tests.isEmpty(), "No README ```java block is a JUnit test class; sdk-testkit/README.md's example test was not found");
        return tests.stream().map(s -> DynamicTest.dynamicTest(s.location(), () -> runAsJUnitTests(s)));
    }

    private static void runAsJUnitTests(ReadmeSnippets.Snippet snippet) throws Exception {
        Map<String, byte[]> classes = snippet.compile();
        ClassLoader loader = ReadmeSnippets.loader(classes);
        List<Class<?>> testClasses = new ArrayList<>();
        int testMethods = 0;
        for (String name : classes.keySet()) {
            Class<?> c = loader.loadClass(name);
            long n = Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
            if (n > 0) testClasses.add(c);
            testMethods += (int) n;
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(
                request().selectors(testClasses.stream().map(c -> selectClass(c)).collect(Collectors.toList())).build(),
                listener);
        TestExecutionSummary summary = listener.getSummary();
        StringWriter report = new StringWriter();
        summary.printFailuresTo(new PrintWriter(report), 20);
        assertEquals(0, summary.getTotalFailureCount(), snippet + ": its tests failed:\n" + report);
        assertEquals(testMethods, summary.getTestsSucceededCount(), snippet + ": not every @Test ran and passed");
    }

    /** Runs {@code body} with these system properties set and System.out captured; returns what it printed. */
    private static String runWithSystemProperties(Map<String, String> properties, ThrowingRunnable body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        properties.forEach(System::setProperty);
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            assertTimeoutPreemptively(Duration.ofSeconds(60), body::run, "the README's program did not end within 60 s");
        } finally {
            System.setOut(original);
            properties.keySet().forEach(System::clearProperty);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}

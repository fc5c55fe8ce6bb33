package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvocationCommandsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    private static Cli.Result cloudai(String... args) {
        return Cli.run(Connector.sharing(EMULATOR.emulator()), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void chatPrintsTheAnswerAndItsUsage(String provider) {
        Cli.Result r = cloudai("chat", "--provider", provider, "Say", "hello", "to", "the", "emulator");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Canned.CHAT_TEXT, r.out().strip(), r::toString);
        assertTrue(r.err().contains("embedded CloudEmulator (" + provider + ")"), r::toString);
        assertTrue(r.err().contains("12 in / 5 out tokens"), r::toString);
        assertEquals(1, EMULATOR.cloud(provider).requestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void streamPrintsTheDeltasThenTheFinishOnStderr(String provider) {
        Cli.Result r = cloudai("stream", "--provider", provider, "--max-tokens", "50", "Tell me a story");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Canned.CHAT_TEXT + System.lineSeparator(), r.out(), r::toString);
        assertTrue(r.err().contains("[STOP, 12 in / 5 out tokens]"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void embedPrintsOneRowPerText(String provider) {
        Cli.Result r = cloudai("embed", "--provider", provider, "first input", "second input");
        assertEquals(0, r.exitCode(), r::toString);
        String[] lines = r.out().strip().split("\\R");
        assertEquals(3, lines.length, r::toString);
        assertTrue(lines[0].matches("#\\s+text\\s+dimensions\\s+vector"), lines[0]);
        int dimensions = EmulatedEmbeddings.dimensions(SampleModels.embedding(provider));
        assertTrue(lines[1].matches("0\\s+first input\\s+" + dimensions + "\\s+" + Pattern.quote(head("first input", dimensions))), lines[1]);
        assertTrue(lines[2].matches("1\\s+second input\\s+" + dimensions + "\\s+" + Pattern.quote(head("second input", dimensions))), lines[2]);
    }

    /** The first four components of the emulator's vector of {@code text}, as the table prints them. */
    private static String head(String text, int dimensions) {
        float[] v = EmulatedEmbeddings.vector(text, dimensions);
        return String.format(Locale.ROOT, "[%.4f, %.4f, %.4f, %.4f, ...]", v[0], v[1], v[2], v[3]);
    }

    @Test
    void embedAsJsonHoldsEveryComponent() throws Exception {
        Cli.Result r = cloudai("embed", "--format", "json", "first input", "second input");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("aws", doc.get("provider").asText());
        assertEquals(2, doc.get("embeddings").size());
        JsonNode second = doc.get("embeddings").get(1);
        assertEquals("second input", second.get("text").asText());
        float[] expected = EmulatedEmbeddings.vector("second input", EmulatedEmbeddings.dimensions(SampleModels.embedding("aws")));
        assertEquals(expected.length, second.get("vector").size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (float) second.get("vector").get(i).asDouble(), "component " + i);
        }
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandToo() {
        Cli.Result r = cloudai("--provider", "azure", "chat", "--model", "gpt-4o", "Hello");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("[azure/gpt-4o:"), r::toString);
    }

    @Test
    void aRejectedRequestIsACloudErrorWithItsRequestIdAndNoStackTrace() {
        EMULATOR.cloud("aws").inject(Fault.invalidRequest("Malformed input request"), 1);
        Cli.Result r = cloudai("chat", "Hello");
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("Cloud error (InvalidRequestException): aws chat failed: Malformed input request"), r::toString);
        assertTrue(r.err().matches("(?s).*request id: [0-9a-f-]{8,}.*"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertEquals(1, EMULATOR.cloud("aws").requestCount(), "an invalid request is not retried");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aModelTheCloudDoesNotServeIsACloudErrorNotAnAnswer(String provider) {
        Cli.Result r = cloudai("chat", "--provider", provider, "--model", "no-such-model", "Hello");
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("Cloud error (NotFoundException): " + provider + " chat failed"), r::toString);
        assertEquals(1, EMULATOR.cloud(provider).requestCount(), "not retried");
    }

    @Test
    void badCredentialsAreACloudErrorToo() {
        EMULATOR.cloud("gcp").inject(Fault.unauthorized(), 1);
        Cli.Result r = cloudai("embed", "--provider", "gcp", "text");
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Cloud error (AuthenticationException)"), r::toString);
        assertTrue(r.err().contains("provider: gcp, operation: embed"), r::toString);
    }

    @Test
    void aPromptIsRequired() {
        Cli.Result r = cloudai("chat");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Missing required parameter: 'PROMPT'"), r::toString);
        assertTrue(r.err().contains("Run 'cloudai chat --help'"), r::toString);
    }
}

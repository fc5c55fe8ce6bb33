package dev.cloudai.cli;

import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cloudai chat} with files attached and a JSON schema, against the emulated clouds. */
class RichChatCommandsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    @TempDir
    Path dir;

    private static Cli.Result cloudai(String... args) {
        return Cli.run(Connector.sharing(EMULATOR.emulator()), args);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void anImageIsSentWithThePrompt(String provider) throws IOException {
        Path png = file("chart.png", PNG);
        Cli.Result r = cloudai("chat", "--provider", provider, "--image", png.toString(), "What", "is", "this?");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(EmulatedChat.mediaAnswer(1, 0), r.out().strip(), r::toString);
        assertEquals(1, EMULATOR.cloud(provider).requestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp"})
    void aDocumentIsSentWithThePrompt(String provider) throws IOException {
        Path pdf = file("report.pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        Cli.Result r = cloudai("chat", "--provider", provider, "--document", pdf.toString(), "Summarise");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(EmulatedChat.mediaAnswer(0, 1), r.out().strip(), r::toString);
    }

    @Test
    void aDocumentOnAzureOpenAiIsABadArgumentThatNamesTheAlternativeAndSendsNothing() throws IOException {
        Path pdf = file("report.pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        Cli.Result r = cloudai("chat", "--provider", "azure", "--document", pdf.toString(), "Summarise");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument") && r.err().contains("document") && r.err().contains("azure"), r::toString);
        assertEquals(0, EMULATOR.cloud("azure").requestCount(), "nothing is sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aJsonSchemaFileMakesTheAnswerJsonThatFollowsIt(String provider) throws IOException {
        Path schema = file("tpus.schema.json", ("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"memoryGib\":{\"type\":\"integer\"}},\"required\":[\"name\",\"memoryGib\"],\"additionalProperties\":false}")
                .getBytes(StandardCharsets.UTF_8));
        Cli.Result r = cloudai("chat", "--provider", provider, "--json-schema", schema.toString(), "Name", "a", "TPU");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("{\"name\":\"emulated\",\"memoryGib\":1}", r.out().strip().replaceAll("\\s", ""), r::toString);
    }

    @Test
    void aFileWithAnUnknownExtensionIsABadArgumentNamingTheOption() throws IOException {
        Path bmp = file("picture.bmp", PNG);
        Cli.Result r = cloudai("chat", "--provider", "aws", "--image", bmp.toString(), "Look");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument (--image)") && r.err().contains("picture.bmp"), r::toString);
        assertEquals(0, EMULATOR.cloud("aws").requestCount(), "nothing is sent");
    }

    @Test
    void aMissingFileIsABadArgumentNamingTheOption() {
        Cli.Result r = cloudai("chat", "--provider", "gcp", "--document", dir.resolve("missing.pdf").toString(), "Read");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument (--document)") && r.err().contains("cannot read"), r::toString);
    }

    @Test
    void aSchemaThatIsNotAJsonObjectIsABadArgument() throws IOException {
        Path schema = file("list.json", "[1,2]".getBytes(StandardCharsets.UTF_8));
        Cli.Result r = cloudai("chat", "--provider", "aws", "--json-schema", schema.toString(), "Hello");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("must be a JSON object"), r::toString);
    }
}

package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cloudai batch submit --wait --output} end to end on each cloud's emulated batch engine: the neutral JSONL in,
 * the adapter's real batch platform against the emulator (S3 and Bedrock jobs, Cloud Storage and Vertex jobs, Azure
 * OpenAI files and batches), the results JSONL out, one line per custom id, the item whose prompt asks the emulator
 * to fail reported as an error.
 */
class BatchOnEmulatorTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    private static final Map<String, String> MODEL = Map.of(
            "aws", "anthropic.claude-3-haiku-20240307-v1:0", "gcp", "gemini-2.0-flash-001", "azure", "gpt-4o");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aSubmittedFileIsAwaitedAndItsResultsWrittenOneLinePerCustomIdWithTheFailedItemAnError(String provider) throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String prompt = i == 7 ? "FAIL_THIS_ITEM please" : "Classify ticket " + i;
            input.append("{\"custom_id\":\"t-").append(i).append("\",\"prompt\":\"").append(prompt).append("\"}\n");
        }
        Path file = Files.writeString(dir.resolve("tickets.jsonl"), input);
        Path output = dir.resolve("results.jsonl");

        Cli.Result r = Cli.run(Connector.sharing(EMULATOR.emulator()), "batch", "submit", file.toString(),
                "--provider", provider, "--model", MODEL.get(provider), "--wait", "1m", "--output", output.toString());

        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = Files.readAllLines(output);
        assertEquals(100, lines.size(), r::toString);
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertEquals(null, byId.put(n.path("custom_id").asText(), n), () -> "repeated: " + line);
        }
        assertEquals(100, byId.size());
        assertTrue(byId.get("t-7").has("error"), () -> "t-7 should have failed: " + byId.get("t-7"));
        assertEquals(Canned.CHAT_TEXT, byId.get("t-0").path("text").asText(), () -> "t-0: " + byId.get("t-0"));
        assertEquals(99, byId.values().stream().filter(n -> n.has("text")).count(), "answered items");
        // the three models have built-in prices: each answer carries its cost at the batch price, the summary their sum
        assertTrue(byId.get("t-0").path("cost_usd").decimalValue().signum() > 0, () -> "t-0: " + byId.get("t-0"));
        java.math.BigDecimal sum = byId.values().stream().filter(n -> n.has("cost_usd"))
                .map(n -> n.path("cost_usd").decimalValue()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        assertTrue(r.out().contains("cost $" + sum.stripTrailingZeros().toPlainString() + " at the batch price (99 priced answers)"),
                r::toString);
    }

    /** Bedrock (Titan v2) and Vertex AI (text-embedding-005) run embedding jobs; Azure OpenAI Batch does not. */
    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp"})
    void anEmbeddingFileComesBackAsOneVectorPerCustomIdTheVectorTheEmulatorGivesThatText(String provider) throws Exception {
        String model = provider.equals("aws") ? "amazon.titan-embed-text-v2:0" : "text-embedding-005";
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 100; i++) input.append("{\"custom_id\":\"d-").append(i).append("\",\"text\":\"Document ").append(i).append("\"}\n");
        Path file = Files.writeString(dir.resolve("texts.jsonl"), input);
        Path output = dir.resolve("vectors.jsonl");

        Cli.Result r = Cli.run(Connector.sharing(EMULATOR.emulator()), "batch", "submit", file.toString(), "--embeddings",
                "--provider", provider, "--model", model, "--wait", "1m", "--output", output.toString());

        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = Files.readAllLines(output);
        assertEquals(100, lines.size(), r::toString);
        ObjectMapper json = new ObjectMapper();
        float[] expected = dev.cloudai.testkit.EmulatedEmbeddings.vector("Document 42", dev.cloudai.testkit.EmulatedEmbeddings.dimensions(model));
        JsonNode d42 = lines.stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(n -> n.path("custom_id").asText().equals("d-42")).findFirst().orElseThrow();
        assertEquals(expected.length, d42.path("embedding").size(), d42::toString);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], d42.path("embedding").get(i).floatValue(), 1e-6, "component " + i);
    }
}

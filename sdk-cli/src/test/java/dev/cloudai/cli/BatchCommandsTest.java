package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.config.ConfigKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cloudai batch submit|status|results|cancel|list} with {@code --live} on {@link InMemoryBatchProvider}, whose
 * jobs outlive each run as a cloud's do (each run makes its own {@code CloudAi}, as separate processes would). The
 * provider is registered through a class loader of this test's own, set as the context class loader only while a
 * test runs, so the other CLI tests see the three shipped providers alone.
 */
class BatchCommandsTest {
    @TempDir
    static Path services;
    private static ClassLoader withBatchProvider;

    @TempDir
    Path dir;
    private ClassLoader original;

    @BeforeAll
    static void registerTheInMemoryProvider() throws IOException {
        Path file = services.resolve("META-INF/services/dev.cloudai.spi.ProviderFactory");
        Files.createDirectories(file.getParent());
        Files.writeString(file, InMemoryBatchProvider.class.getName() + "\n");
        withBatchProvider = new URLClassLoader(new java.net.URL[]{services.toUri().toURL()},
                BatchCommandsTest.class.getClassLoader());
    }

    @BeforeEach
    void useIt() {
        InMemoryBatchProvider.reset();
        original = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(withBatchProvider);
        System.setProperty(ConfigKeys.BATCH_POLL_INTERVAL, "1ms");
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
        System.clearProperty(ConfigKeys.BATCH_POLL_INTERVAL);
    }

    private static Cli.Result cloudai(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--live";
        all[args.length + 1] = "--provider";
        all[args.length + 2] = InMemoryBatchProvider.ID;
        return Cli.run(Connector.embedded(), all);
    }

    private Path file(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    private Path prompts() throws IOException {
        return file("prompts.jsonl",
                "{\"custom_id\":\"t-1\",\"prompt\":\"Classify: my parcel is late\"}",
                "",
                "{\"custom_id\":\"t-2\",\"system\":\"One word.\",\"prompt\":\"Classify: refund\",\"max_tokens\":10}",
                "{\"custom_id\":\"fail-3\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Hello\"},{\"role\":\"user\",\"content\":\"Classify: size\"}]}");
    }

    @Test
    void submitTurnsEachNeutralLineIntoTheProvidersLineAndPrintsTheJob() throws IOException {
        Cli.Result r = cloudai("batch", "submit", prompts().toString(), "--name", "triage");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Submitted batch job batch-1\nBatch job batch-1 is QUEUED\n"), r::toString);
        assertTrue(r.out().contains("  provider: clibatch, model: default, kind: CHAT\n"), r::toString);
        assertTrue(r.out().contains("  message:  triage\n"), r::toString);
        assertTrue(r.out().endsWith("Follow it with: cloudai batch status batch-1\n"), r::toString);
        assertEquals(List.of(List.of(
                "{\"id\":\"t-1\",\"system\":\"\",\"last\":\"Classify: my parcel is late\",\"turns\":1}",
                "{\"id\":\"t-2\",\"system\":\"One word.\",\"last\":\"Classify: refund\",\"turns\":2,\"max_tokens\":10}",
                "{\"id\":\"fail-3\",\"system\":\"\",\"last\":\"Classify: size\",\"turns\":3}")), InMemoryBatchProvider.SUBMITTED);
    }

    @Test
    void submitWithWaitShowsProgressAndWritesTheResultsAsNeutralJsonl() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Cli.Result r = cloudai("batch", "submit", prompts().toString(), "--model", "cheap-model", "--wait", "30s",
                "--output", answers.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Waiting up to PT30S for batch-1...\n  QUEUED, 0 of 3 done, 0 failed\n"
                + "  RUNNING, 0 of 3 done, 0 failed\n  COMPLETED, 3 of 3 done, 1 failed\n"), r::toString);
        assertTrue(r.out().contains("Batch job batch-1 is COMPLETED\n"), r::toString);
        assertTrue(r.out().endsWith("Wrote 3 results to " + answers + " (1 failed)\n"), r::toString);
        assertEquals(List.of(
                "{\"custom_id\":\"t-1\",\"text\":\"echo: Classify: my parcel is late\"}",
                "{\"custom_id\":\"t-2\",\"text\":\"echo: Classify: refund\"}",
                "{\"custom_id\":\"fail-3\",\"error\":{\"type\":\"InvalidRequestException\",\"code\":\"400\",\"message\":"
                        + "\"clibatch batch.results failed: the model refused fail-3 (code 400, HTTP 400). Fix the request;"
                        + " sending it again unchanged will fail the same way\"}}"),
                Files.readAllLines(answers));
    }

    @Test
    void statusListCancelAndResultsWorkOnAJobFromAnEarlierRun() throws IOException {
        assertEquals(0, cloudai("batch", "submit", prompts().toString()).exitCode());

        Cli.Result status = cloudai("batch", "status", "batch-1");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("Batch job batch-1 is QUEUED\n"), status::toString);

        Cli.Result early = cloudai("batch", "results", "batch-1");
        assertEquals(ExitCodes.BAD_ARGUMENT, early.exitCode(), early::toString);
        assertTrue(early.err().contains("batch job batch-1 is RUNNING, not finished"), early::toString);

        Cli.Result json = cloudai("batch", "status", "batch-1", "--format", "json");
        JsonNode job = new ObjectMapper().readTree(json.out());
        assertEquals("COMPLETED", job.get("status").asText(), json::toString);
        assertEquals(3, job.get("total").asInt());
        assertEquals(1, job.get("failed").asInt());

        Cli.Result results = cloudai("batch", "results", "batch-1");
        assertEquals(0, results.exitCode(), results::toString);
        assertEquals(3, results.out().lines().count(), results::toString);
        assertTrue(results.out().startsWith("{\"custom_id\":\"t-1\",\"text\":\"echo: Classify: my parcel is late\"}\n"), results::toString);
        assertTrue(results.err().contains("3 results, 1 failed"), results::toString);

        Cli.Result deleted = cloudai("batch", "delete-files", "batch-1");
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertEquals("Deleted 2 files of batch job batch-1", deleted.out().strip(), deleted::toString);
        assertEquals("Batch job batch-1 has no files left to delete", cloudai("batch", "delete-files", "batch-1").out().strip());

        assertEquals(0, cloudai("batch", "submit", prompts().toString()).exitCode());
        Cli.Result tooEarly = cloudai("batch", "delete-files", "batch-2");
        assertEquals(ExitCodes.BAD_ARGUMENT, tooEarly.exitCode(), tooEarly::toString);
        assertTrue(tooEarly.err().contains("batch job batch-2 is QUEUED, not finished"), tooEarly::toString);
        Cli.Result cancel = cloudai("batch", "cancel", "batch-2");
        assertEquals("Cancel requested for batch job batch-2: CANCELLING", cancel.out().strip(), cancel::toString);

        Cli.Result list = cloudai("batch", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().matches("(?s)id\\s+status\\s+kind\\s+model\\s+done\\s+failed\\s+total\\s+created\\R"
                + "batch-2\\s+CANCELLING\\s+CHAT\\s+default\\s+0\\s+0\\s+3\\s+.*\\Rbatch-1\\s+COMPLETED\\s+CHAT.*"), list::toString);
    }

    @Test
    void anUnknownJobIsABadArgumentNamingTheListCommand() {
        Cli.Result r = cloudai("batch", "status", "batch-404");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("No batch job batch-404 on clibatch; 'cloudai batch list' shows the jobs."), r::toString);
    }

    @Test
    void anEmbeddingFileRunsAsAnEmbeddingJob() throws IOException {
        Path texts = file("texts.jsonl", "{\"custom_id\":\"d-1\",\"text\":\"abc\"}", "{\"custom_id\":\"d-2\",\"text\":\"abcdef\"}");
        Path vectors = dir.resolve("vectors.jsonl");
        Cli.Result r = cloudai("batch", "submit", texts.toString(), "--embeddings", "--wait", "30s", "--output", vectors.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("model: embed, kind: EMBEDDINGS"), r::toString);
        assertEquals(List.of("{\"custom_id\":\"d-1\",\"embedding\":[0.5,3.0]}", "{\"custom_id\":\"d-2\",\"embedding\":[0.5,6.0]}"),
                Files.readAllLines(vectors));
    }

    @Test
    void estimateSizesTheJobAndSubmitsNothing() throws IOException {
        Cli.Result r = cloudai("batch", "submit", prompts().toString(), "--estimate");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Batch of 3 prompts on clibatch (default): "), r::toString);
        assertTrue(r.out().contains("  input cost at the batch price: unknown (no published price for this model)"), r::toString);
        assertTrue(r.out().contains("  limits: 2 to 1000 items, 1000000 bytes per job"), r::toString);
        assertEquals(List.of(), InMemoryBatchProvider.SUBMITTED);
    }

    @Test
    void aBadLineIsABadArgumentNamingTheFileAndLine() throws IOException {
        Path bad = file("bad.jsonl", "{\"custom_id\":\"t-1\",\"prompt\":\"a\"}", "{\"custom_id\":\"t-2\",\"promt\":\"b\"}");
        Cli.Result r = cloudai("batch", "submit", bad.toString());
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument: bad.jsonl:2: unknown field(s) [promt] in a chat line; allowed: [custom_id,"
                + " max_tokens, messages, prompt, system, temperature]"), r::toString);

        Path text = file("text.jsonl", "{\"custom_id\":\"t-1\",\"text\":\"a\"}");
        Cli.Result hint = cloudai("batch", "submit", text.toString());
        assertTrue(hint.err().contains("(embedding lines need --embeddings)"), hint::toString);

        Path notJson = file("broken.jsonl", "{\"custom_id\":\"t-1\",\"prompt\":\"a\"", "");
        Cli.Result broken = cloudai("batch", "submit", notJson.toString());
        assertEquals(ExitCodes.BAD_ARGUMENT, broken.exitCode(), broken::toString);
        assertTrue(broken.err().contains("Bad argument: broken.jsonl:1: not a JSON object ("), broken::toString);
        assertEquals(List.of(), InMemoryBatchProvider.SUBMITTED);
    }

    @Test
    void aRepeatedCustomIdIsRefusedBeforeAnythingIsSubmitted() throws IOException {
        Path twice = file("twice.jsonl", "{\"custom_id\":\"t-1\",\"prompt\":\"a\"}", "{\"custom_id\":\"t-1\",\"prompt\":\"b\"}");
        Cli.Result r = cloudai("batch", "submit", twice.toString());
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("items[1]: custom id 't-1' repeats items[0]"), r::toString);
        assertEquals(List.of(), InMemoryBatchProvider.SUBMITTED);
    }

    @Test
    void outputWithoutWaitAndAMalformedWaitAreBadArgumentsNamingTheOption() throws IOException {
        Cli.Result r = cloudai("batch", "submit", prompts().toString(), "--output", "x.jsonl");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (--output): output: --output writes the results after --wait"), r::toString);
        Cli.Result w = cloudai("batch", "submit", prompts().toString(), "--wait", "soon");
        assertTrue(w.err().startsWith("Bad argument (--wait): wait: 'soon' is not a duration"), w::toString);
        assertEquals(List.of(), InMemoryBatchProvider.SUBMITTED);
    }

    @Test
    void batchAloneIsAUsageErrorAndItsHelpListsTheSubcommandsAndTheFormat() {
        Cli.Result none = Cli.run(Connector.embedded(), "batch");
        assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
        assertTrue(none.err().contains("Missing required subcommand"), none::toString);

        Cli.Result help = Cli.run(Connector.embedded(), "batch", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        for (String sub : new String[]{"submit", "status", "results", "cancel", "list"}) {
            assertTrue(help.out().matches("(?s).*\\R  " + sub + " +\\S.*"), sub + " in " + help.out());
        }
        Cli.Result submit = Cli.run(Connector.embedded(), "batch", "submit", "--help");
        assertTrue(submit.out().contains("{\"custom_id\":\"t-1\",\"prompt\":\"...\"}"), submit::toString);
        assertTrue(submit.out().contains("--provider=ID"), submit::toString);
        assertFalse(submit.out().contains("Unexpected"), submit::toString);
    }
}

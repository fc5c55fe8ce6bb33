package dev.cloudai.examples;

import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example program, run as its main method would, against one shared emulator of the three clouds. */
class ExamplesTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    private static String run(ExampleCloud.Example example, String provider) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(ExampleCloud.emulated(EMULATOR.emulator(), provider), out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        return text;
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void quickChatPrintsTheAnswerAndUsage(String provider) {
        String out = run(QuickChat::run, provider);
        assertTrue(out.startsWith("Answer: Hello from the emulator\n(" + provider + " "), out);
        assertTrue(out.contains("12 input and 5 output tokens, stopped: STOP"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void streamingChatPrintsTheDeltasThenTheFinish(String provider) {
        assertEquals("Answer: Hello from the emulator\n(stopped: STOP, 17 tokens)\n", run(StreamingChat::run, provider));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void embeddingsCompareTheTextsAndUnrelatedTextsAreNotAlike(String provider) {
        String out = run(Embeddings::run, provider);
        assertTrue(out.startsWith("3 vectors of "), out);
        assertTrue(out.contains("cosine(text 0, text 0) =  1.000   Inferentia serves models cheaply"), out);
        for (String other : new String[] {"1", "2"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cosine\\(text 0, text " + other + "\\) = +(-?[0-9.]+)")
                    .matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Double.parseDouble(m.group(1)) < 0.99, () -> "unrelated texts 0 and " + other + " look alike: " + out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void toolCallingRunsTheWeatherToolAndPrintsTheAnswerFromItsResult(String provider) {
        assertEquals("""
                  get_weather(emulated) called by the model
                  tool call get_weather {"city":"emulated"}
                Answer: Tool results: get_weather
                (1 tool round, 5 messages in the conversation, stopped: STOP)
                """, run(ToolCalling::run, provider));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void structuredOutputReadsTheAnswerIntoTheRecord(String provider) {
        String out = run(StructuredOutput::run, provider);
        assertTrue(out.startsWith("JSON:   {"), out);
        assertTrue(out.contains("Record: emulated with 1 GiB per chip\n(" + provider + " "), out);
        assertTrue(out.endsWith("stopped: STOP)\n"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void ownModelDeploysChatsStreamsFallsBackAndDeletes(String provider) {
        String out = run(OwnModel::run, provider);
        String other = provider.equals("aws") ? "azure" : "aws";
        assertTrue(out.matches("(?s)Plan on " + provider + ": \\S+ x1, .*, tensor parallel [1-9][0-9]*\n.*"), out);
        assertTrue(out.contains("chat:   Hello from the emulator  [STOP, 5 tokens, model "), out);
        assertTrue(out.contains("\nstream: Hello from the emulator\n"), out);
        assertTrue(out.contains("server down, alias 'mine' fell back: Hello from the emulator  [from " + other), out);
        assertTrue(out.matches("(?s).*\nDeleted \\S+\n"), out);
    }

    @Test
    void switchCloudByConfigRunsTheSameCodeOnEachCloud() {
        String out = run(SwitchCloudByConfig::run, null);
        assertTrue(out.contains("cloudai.provider=aws  ->  \"Hello from the emulator\" (anthropic.claude-3-haiku-20240307-v1:0)"), out);
        assertTrue(out.contains("cloudai.provider=gcp  ->  \"Hello from the emulator\" (gemini-2.0-flash-001)"), out);
        assertTrue(out.contains("cloudai.provider=azure  ->  \"Hello from the emulator\" (gpt-4o)"), out);
    }

    @Test
    void selectAcceleratorRanksExplainsAndPlans() {
        String out = run(SelectAccelerator::run, "aws");
        assertTrue(out.startsWith("Cheapest managed endpoints for a 70B BF16 model:\n  cloud "), out);
        assertTrue(out.contains("spot $/h"), out);
        assertTrue(out.contains("accelerator memory >= 141 GiB per device: removes"), out);
        assertTrue(out.matches("(?s).*Plan on aws for an 8B model: ml\\.\\S+ x1, .*"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void deployAndInvokeCleansUpAfterItself(String provider) {
        String out = run(DeployAndInvoke::run, provider);
        assertTrue(out.startsWith("Plan on " + provider + ": "), out);
        assertTrue(out.matches("(?s).*Endpoint \\S+ is IN_SERVICE after \\d+ ms\n.*"), out);
        assertTrue(out.contains("Invoke answered: {\"outputs\":\"Hello from the endpoint\"}"), out);
        assertTrue(out.matches("(?s).*\nDeleted \\S+\n"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void deployAndInvokeReportsAFailedDeploymentAndDeletesWhatItLeft(String provider) {
        EMULATOR.cloud(provider).failNextDeployment("The following quota metrics exceed quota limits: gpus");
        String out = run(DeployAndInvoke::run, provider);
        assertTrue(out.contains("Deployment failed: ") && out.contains("The following quota metrics exceed quota limits: gpus"), out);
        assertTrue(out.matches("(?s).*\nDeleted \\S+; fix the cause and deploy again\n"), out);
        assertFalse(out.contains("Invoke answered"), out);
    }

    @Test
    void failoverMovesToAzureWhenAwsFails() {
        String out = run(Failover::run, "aws");
        assertTrue(out.startsWith("cloudai.provider=aws, cloudai.fallback=azure\n"), out);
        assertTrue(out.contains("  retry 1 on aws in "), out);
        assertTrue(out.contains("  fallback: aws -> azure\n"), out);
        assertTrue(out.endsWith("Answer: \"Hello from the emulator\" from azure (gpt-4o)\n"), out);
    }

    @Test
    void runStartsItsOwnEmulatorAndSaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ExampleCloud.run(new String[]{"--provider", "azure"}, new PrintStream(bytes, true, StandardCharsets.UTF_8), QuickChat::run);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.startsWith("Running against the embedded CloudEmulator"), out);
        assertTrue(out.contains("Answer: Hello from the emulator"), out);
    }

    @Test
    void aProblemIsOneReadableParagraphAndStatusOne() {
        Map<String, String> props = Map.of("cloudai.provider", "aws", "cloudai.aws.regoin", "us-east-1");
        props.forEach(System::setProperty);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int status = ExampleCloud.run(new String[]{"--live"}, new PrintStream(bytes, true, StandardCharsets.UTF_8), QuickChat::run);
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, out);
            assertTrue(out.contains("Configuration problem:\n  - unknown key 'cloudai.aws.regoin'"), out);
            assertFalse(out.contains("\tat "), out);
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void liveDeployNeedsAnImage() {
        EMULATOR.properties("aws").forEach(System::setProperty);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int status = ExampleCloud.run(new String[]{"--live"}, new PrintStream(bytes, true, StandardCharsets.UTF_8), DeployAndInvoke::run);
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, out);
            assertTrue(out.contains("Cannot run: --image: required with --live"), out);
        } finally {
            EMULATOR.properties("aws").keySet().forEach(System::clearProperty);
        }
    }
}

package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plan, deploy, endpoints, invoke and delete, one command after the other on one shared emulator. */
class EndpointCommandsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    /** The name the tests deploy under; each test starts on a reset emulator, without endpoints. */
    private static final String NAME = Canned.ENDPOINT_NAME;

    private static Cli.Result cloudai(String... args) {
        return Cli.run(Connector.sharing(EMULATOR.emulator()), args);
    }

    private static String image(String provider) {
        return switch (provider) {
            case "aws" -> "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4";
            case "gcp" -> "us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu124.2-4";
            default -> "azureml:tgi-serving:1";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void planDeployListInvokeDelete(String provider) throws Exception {
        Cli.Result plan = cloudai("plan", NAME, "--provider", provider, "--image", image(provider), "--min-memory", "24");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().startsWith("Plan for endpoint " + NAME + " on " + provider + ":"), plan::toString);
        assertTrue(plan.out().matches("(?s).*  instance:    \\S+ x1 .*"), plan::toString);
        assertTrue(plan.out().contains("  because:     "), plan::toString);

        Cli.Result deploy = cloudai("deploy", NAME, "--provider", provider, "--image", image(provider),
                "--min-memory", "24", "--timeout", "30s", "--env", "MAX_INPUT_LENGTH=1024");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        assertTrue(deploy.out().contains("Endpoint " + NAME + " is IN_SERVICE after "), deploy::toString);
        assertTrue(deploy.err().contains("Deploying " + NAME + " on " + provider + ", waiting up to PT30S..."), deploy::toString);
        Matcher id = Pattern.compile("  id:\\s+(\\S+)").matcher(deploy.out());
        assertTrue(id.find(), deploy::toString);
        String endpointId = id.group(1);

        Cli.Result table = cloudai("endpoints", "--provider", provider);
        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().matches("(?s)id\\s+name\\s+status\\s+instance\\s+count\\R.*" + NAME + "\\s+IN_SERVICE.*"), table::toString);

        Cli.Result json = cloudai("endpoints", "--provider", provider, "--format", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertEquals(1, list.size(), json::toString);
        assertEquals(endpointId, list.get(0).get("id").asText());
        assertEquals("IN_SERVICE", list.get(0).get("status").asText());

        Cli.Result invoke = cloudai("invoke", endpointId, Canned.INVOKE_REQUEST_BODY, "--provider", provider);
        assertEquals(0, invoke.exitCode(), invoke::toString);
        assertEquals(Canned.INVOKE_RESPONSE_BODY, invoke.out().strip());

        Cli.Result delete = cloudai("delete", endpointId, "--provider", provider);
        assertEquals(0, delete.exitCode(), delete::toString);
        assertEquals("Deleted " + endpointId + " on " + provider + ".", delete.out().strip());

        Cli.Result empty = cloudai("endpoints", "--provider", provider);
        assertEquals("No endpoints on " + provider + ".", empty.out().strip(), empty::toString);
        assertEquals(0, cloudai("delete", endpointId, "--provider", provider).exitCode(), "deleting what is gone succeeds");
    }

    @Test
    void anExplicitInstanceTypeIsPlannedAsGiven() {
        Cli.Result r = cloudai("plan", "cli-small", "--image", image("aws"), "--instance-type", "ml.g5.xlarge", "--instance-count", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("instance:    ml.g5.xlarge x2"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void chatStreamAndEmbedTalkToADeployedModelWithEndpointAndProtocol(String provider) {
        Cli.Result deploy = cloudai("deploy", NAME, "--provider", provider, "--image", image(provider),
                "--min-memory", "24", "--timeout", "30s");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        Matcher id = Pattern.compile("  id:\\s+(\\S+)").matcher(deploy.out());
        assertTrue(id.find(), deploy::toString);

        Cli.Result chat = cloudai("chat", "--provider", provider, "--endpoint", id.group(1), "Hello");
        assertEquals(0, chat.exitCode(), chat::toString);
        assertEquals("Hello from the emulator", chat.out().strip(), chat::toString);
        assertTrue(chat.err().contains(provider + "/" + id.group(1) + ": STOP"), chat::toString);

        Cli.Result stream = cloudai("stream", "--provider", provider, "--endpoint", id.group(1), "--protocol", "tgi", "Hello");
        assertEquals(0, stream.exitCode(), stream::toString);
        assertEquals("Hello from the emulator", stream.out().strip(), stream::toString);

        Cli.Result embed = cloudai("embed", "--provider", provider, "--endpoint", id.group(1), "--protocol", "tei", "first input");
        assertEquals(0, embed.exitCode(), embed::toString);
        assertTrue(embed.out().contains("8"), embed::toString);   // the hosted servers' vectors have 8 dimensions
    }

    @Test
    void aProtocolThatCannotChatIsABadArgumentNamingTheOption() {
        Cli.Result r = cloudai("chat", "--endpoint", "some-endpoint", "--protocol", "tei", "Hello");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument (--protocol): protocol: TEI is an embedding protocol"), r::toString);
        assertEquals(0, EMULATOR.cloud("aws").requestCount(), "nothing sent");
    }

    @Test
    void aDeployWithoutAnImageIsABadArgumentNamingTheOption() {
        Cli.Result r = cloudai("deploy", "cli-chat", "--min-memory", "24");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (--image): image: required"), r::toString);
        assertTrue(r.err().contains("Run 'cloudai deploy --help'"), r::toString);
        assertEquals(0, EMULATOR.cloud("aws").requestCount(), "nothing sent");
    }

    @Test
    void aDeployWithNeitherInstanceTypeNorHardwareIsABadArgument() {
        Cli.Result r = cloudai("deploy", "cli-chat", "--image", image("aws"));
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (--instance-type): instanceType: required unless accelerator(...) is given"), r::toString);
    }

    @Test
    void aDeployWithoutANameIsAUsageError() {
        Cli.Result r = cloudai("deploy", "--image", image("aws"), "--min-memory", "24");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Missing required parameter: 'NAME'"), r::toString);
    }

    @Test
    void anInvalidNameOrTimeoutIsABadArgument() {
        Cli.Result name = cloudai("plan", "9-lives", "--image", image("aws"), "--min-memory", "24");
        assertEquals(ExitCodes.BAD_ARGUMENT, name.exitCode(), name::toString);
        assertTrue(name.err().startsWith("Bad argument (NAME): name: '9-lives' is not a valid endpoint name"), name::toString);

        Cli.Result timeout = cloudai("deploy", "cli-chat", "--image", image("aws"), "--min-memory", "24", "--timeout", "soon");
        assertEquals(ExitCodes.BAD_ARGUMENT, timeout.exitCode(), timeout::toString);
        assertTrue(timeout.err().contains("(--timeout): timeout: 'soon' is not a duration"), timeout::toString);
    }

    @Test
    void aPlanNothingFitsIsABadArgumentThatSaysWhereItIsOffered() {
        Cli.Result r = cloudai("plan", "cli-chat", "--image", image("aws"), "--accelerator", "TPU-v5e");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Bad argument: accelerator: no sagemaker offer in us-east-1 meets"), r::toString);
        assertTrue(r.err().contains("That accelerator is offered on: gcp vertex"), r::toString);
    }

    @Test
    void invokingAnEndpointThatDoesNotExistIsACloudError() {
        Cli.Result r = cloudai("invoke", "no-such-endpoint", "{\"inputs\":\"Hello\"}", "--provider", "azure");
        assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Cloud error (NotFoundException): azure invoke failed"), r::toString);
        assertTrue(r.err().contains("request id: "), r::toString);
    }

    @Test
    void invokeStreamPrintsTheEndpointsPartsOnSageMaker() {
        Cli.Result deploy = cloudai("deploy", NAME, "--image", image("aws"), "--min-memory", "24", "--timeout", "30s");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        EMULATOR.emulator().cloud("aws", AwsCloud.class).server().resetRequests();

        Cli.Result r = cloudai("invoke", NAME, "{\"inputs\":\"Hello\",\"stream\":true}", "--stream");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Canned.INVOKE_RESPONSE_BODY, r.out().strip(), "the parts join to the whole answer");
        assertEquals(1, EMULATOR.cloud("aws").requestCount(), "one streaming request");
    }

    @Test
    void invokeStreamPrintsAStreamingServersEventsOnEveryCloud() {
        for (String provider : new String[]{"aws", "gcp", "azure"}) {
            Cli.Result deploy = cloudai("deploy", NAME, "--provider", provider, "--image", image(provider),
                    "--min-memory", "24", "--timeout", "30s");
            assertEquals(0, deploy.exitCode(), deploy::toString);
            Matcher id = Pattern.compile("  id:\\s+(\\S+)").matcher(deploy.out());
            assertTrue(id.find(), deploy::toString);
            // a TGI generate_stream body: the hosted server answers with token events
            Cli.Result r = cloudai("invoke", id.group(1), "{\"inputs\":\"Hello\",\"parameters\":{},\"stream\":true}",
                    "--stream", "--provider", provider);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("\"generated_text\":\"Hello from the emulator\""), r::toString);
        }
    }

    @Test
    void anEmptyBodyIsABadArgument() {
        Cli.Result r = cloudai("invoke", "some-endpoint", " ");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (BODY): json: must not be blank"), r::toString);
    }
}

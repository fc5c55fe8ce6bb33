package dev.cloudai.testkit.aws;

import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS emulator on its own, over plain HTTP: what a client without the AWS SDK sees. The AWS adapter's tests
 * run the real SDK against it.
 */
class AwsCloudTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static HttpResponse<byte[]> post(String path, String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud().baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) b.header("X-Amz-Target", "SageMaker." + target).header("Content-Type", "application/x-amz-json-1.1");
        else b.header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void propertiesPointTheAwsProviderHereWithARegion() {
        assertEquals(cloud().baseUrl(), cloud().properties().get("cloudai.aws.endpoint"));
        assertEquals(AwsCloud.REGION, cloud().properties().get("cloudai.aws.region"));
    }

    @Test
    void converseStreamIsEventStreamFramesWhoseChecksumsHold() throws Exception {
        HttpResponse<byte[]> r = post("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", null, "{}");
        assertEquals("application/vnd.amazon.eventstream", r.headers().firstValue("Content-Type").orElse(""));
        MessageDecoder decoder = new MessageDecoder();
        decoder.feed(r.body());   // throws on a bad prelude or message CRC
        List<Message> frames = decoder.getDecodedMessages();   // drains the decoder
        List<String> types = frames.stream().map(m -> m.getHeaders().get(":event-type").getString()).toList();
        assertEquals(List.of("messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
                "messageStop", "metadata"), types);
        Message metadata = frames.get(6);
        assertTrue(new String(metadata.getPayload(), StandardCharsets.UTF_8).contains("\"inputTokens\":" + Canned.INPUT_TOKENS));
    }

    @Test
    void aModelItDoesNotServeIsBedrocksInvalidModelIdentifierUntilItIsServed() throws Exception {
        for (String path : List.of("/model/default/converse", "/model/no-such-model/converse-stream",
                "/model/amazon.titan-embed-text-v9%3A0/invoke")) {
            HttpResponse<byte[]> r = post(path, null, "{\"inputText\":\"x\"}");
            assertEquals(400, r.statusCode(), path);
            assertTrue(r.headers().firstValue("x-amzn-ErrorType").orElse("").startsWith("ValidationException:"), path);
            assertTrue(text(r).contains("The provided model identifier is invalid."), text(r));
        }
        assertTrue(cloud().models().contains(SampleModels.chat("aws")), () -> "the sample models by default: " + cloud().models());

        cloud().serveModels("meta.llama3-8b-instruct-v1:0");
        cloud().reset();   // what a cloud serves is configuration: a reset keeps it
        assertEquals(200, post("/model/meta.llama3-8b-instruct-v1%3A0/converse", null, "{}").statusCode());
    }

    @Test
    void sageMakerKeepsModelsConfigsAndEndpointsByNameAndEachCreateChecksWhatItNeeds() throws Exception {
        String name = "{\"EndpointName\":\"ep-1\"}";
        HttpResponse<byte[]> missing = post("/", "DescribeEndpoint", name);
        assertEquals(400, missing.statusCode());
        assertTrue(text(missing).contains("\"__type\":\"ValidationException\"") && text(missing).contains("Could not find endpoint \\\"ep-1\\\""),
                text(missing));
        assertTrue(text(post("/", "CreateEndpoint", "{\"EndpointName\":\"ep-1\",\"EndpointConfigName\":\"ep-1\"}"))
                .contains("Could not find endpoint configuration"), "an endpoint needs its config");
        assertTrue(text(post("/", "CreateEndpointConfig", config("ep-1", "ml.g5.2xlarge", 2))).contains("Could not find model"),
                "a config needs its model");

        createEndpoint("ep-1", "ml.g5.2xlarge", 2);
        assertTrue(text(post("/", "CreateEndpoint", "{\"EndpointName\":\"ep-1\",\"EndpointConfigName\":\"ep-1\"}"))
                .contains("Cannot create already existing endpoint"));
        assertTrue(text(post("/", "DescribeEndpoint", name)).contains("\"EndpointStatus\":\"Creating\""));
        String ready = text(post("/", "DescribeEndpoint", name));
        assertTrue(ready.contains("\"EndpointStatus\":\"InService\"") && ready.contains("\"EndpointName\":\"ep-1\"")
                && ready.contains("\"CurrentInstanceCount\":2"), ready);
        assertTrue(text(post("/", "DescribeEndpointConfig", "{\"EndpointConfigName\":\"ep-1\"}")).contains("\"InstanceType\":\"ml.g5.2xlarge\""),
                "the config reports the instance type it was created with");

        createEndpoint("ep-2", "ml.g5.xlarge", 1);
        String list = text(post("/", "ListEndpoints", "{}"));
        assertTrue(list.contains("\"EndpointName\":\"ep-1\"") && list.contains("\"EndpointName\":\"ep-2\""), list);

        assertEquals(200, post("/", "DeleteEndpoint", name).statusCode());
        assertEquals(400, post("/", "DescribeEndpoint", name).statusCode());
        assertEquals(400, post("/", "DeleteEndpoint", name).statusCode(), "deleting it again: not found");
    }

    @Test
    void failNextDeploymentEndsTheNextEndpointFailedWithTheReasonAndOnlyThatOne() throws Exception {
        cloud().failNextDeployment("CapacityError: no ml.g5.xlarge left");
        createEndpoint("ep-2", "ml.g5.xlarge", 1);
        assertTrue(text(post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-2\"}")).contains("\"Creating\""));
        String failed = text(post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-2\"}"));
        assertTrue(failed.contains("\"EndpointStatus\":\"Failed\"") && failed.contains("CapacityError: no ml.g5.xlarge left"), failed);

        createEndpoint("ep-3", "ml.g5.xlarge", 1);
        post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-3\"}");
        assertTrue(text(post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-3\"}")).contains("\"InService\""));
    }

    @Test
    void sageMakerRuntimeAnswersOnlyAnEndpointInServiceAndElseSaysNotFound() throws Exception {
        for (String path : List.of("/endpoints/never-deployed/invocations", "/endpoints/never-deployed/invocations-response-stream")) {
            HttpResponse<byte[]> r = post(path, null, "{}");
            assertEquals(400, r.statusCode(), path);
            assertTrue(r.headers().firstValue("x-amzn-ErrorType").orElse("").startsWith("ValidationError:"), path);
            assertTrue(text(r).contains("Endpoint never-deployed of account " + AwsCloud.ACCOUNT + " not found."), text(r));
        }
        createEndpoint("ep-4", "ml.g5.xlarge", 1);
        assertEquals(400, post("/endpoints/ep-4/invocations", null, "{}").statusCode(), "still creating: not serving yet");
        post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-4\"}");
        post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-4\"}");
        HttpResponse<byte[]> served = post("/endpoints/ep-4/invocations", null, "{}");
        assertEquals(200, served.statusCode());
        assertEquals(Canned.INVOKE_RESPONSE_BODY, text(served));
    }

    @Test
    void aThrottleIsA429WithTheAwsErrorTypeRequestIdAndRetryAfter() throws Exception {
        cloud().inject(Fault.throttle(Duration.ofMillis(20)), EmulatedCloud.ALWAYS);
        HttpResponse<byte[]> r = post("/model/m/converse", null, "{}");
        assertEquals(429, r.statusCode());
        assertTrue(r.headers().firstValue("x-amzn-ErrorType").orElse("").startsWith("ThrottlingException:"));
        assertEquals(Optional.of("0.020"), r.headers().firstValue("Retry-After"));
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void titanAnswersTheTextsOwnVectorOfTheModelsOrTheRequestedSize() throws Exception {
        String text = Canned.EMBEDDING_INPUTS.get(2);
        String body = text(post("/model/amazon.titan-embed-text-v2%3A0/invoke", null, "{\"inputText\":\"" + text + "\",\"normalize\":true}"));
        assertTrue(body.startsWith("{\"embedding\":" + EmulatedEmbeddings.json(EmulatedEmbeddings.vector(text, 1024)) + ","), body);

        String shorter = text(post("/model/amazon.titan-embed-text-v2%3A0/invoke", null, "{\"inputText\":\"" + text + "\",\"dimensions\":256}"));
        assertTrue(shorter.startsWith("{\"embedding\":" + EmulatedEmbeddings.json(EmulatedEmbeddings.vector(text, 256)) + ","), shorter);

        HttpResponse<byte[]> odd = post("/model/amazon.titan-embed-text-v2%3A0/invoke", null, "{\"inputText\":\"x\",\"dimensions\":100}");
        assertEquals(400, odd.statusCode(), "Titan v2 takes 256, 512 or 1024 only");
        assertTrue(text(odd).contains("Malformed input request"), text(odd));
    }

    /** Creates a model, an endpoint config and an endpoint, all named {@code name}. */
    private static void createEndpoint(String name, String instanceType, int count) throws Exception {
        assertEquals(200, post("/", "CreateModel", "{\"ModelName\":\"" + name + "\",\"ExecutionRoleArn\":\"arn:aws:iam::"
                + AwsCloud.ACCOUNT + ":role/r\",\"PrimaryContainer\":{\"Image\":\"i\"}}").statusCode());
        assertEquals(200, post("/", "CreateEndpointConfig", config(name, instanceType, count)).statusCode());
        assertEquals(200, post("/", "CreateEndpoint", "{\"EndpointName\":\"" + name + "\",\"EndpointConfigName\":\"" + name
                + "\"}").statusCode());
    }

    private static String config(String name, String instanceType, int count) {
        return "{\"EndpointConfigName\":\"" + name + "\",\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\""
                + name + "\",\"InstanceType\":\"" + instanceType + "\",\"InitialInstanceCount\":" + count + "}]}";
    }
}

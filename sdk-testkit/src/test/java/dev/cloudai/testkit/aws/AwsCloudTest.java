package dev.cloudai.testkit.aws;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.contract.Canned;
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
        assertEquals(cloud().baseUrl(), cloud().properties().get(ConfigKeys.AWS_ENDPOINT));
        assertEquals(AwsCloud.REGION, cloud().properties().get(ConfigKeys.AWS_REGION));
    }

    @Test
    void converseStreamIsEventStreamFramesWhoseChecksumsHold() throws Exception {
        HttpResponse<byte[]> r = post("/model/any%3Amodel/converse-stream", null, "{}");
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
    void theSageMakerEndpointIsMissingThenCreatingThenInServiceThenGoneAgain() throws Exception {
        String name = "{\"EndpointName\":\"ep-1\"}";
        HttpResponse<byte[]> missing = post("/", "DescribeEndpoint", name);
        assertEquals(400, missing.statusCode());
        assertTrue(text(missing).contains("\"__type\":\"ValidationException\"") && text(missing).contains("Could not find endpoint \\\"ep-1\\\""),
                text(missing));

        assertEquals(200, post("/", "CreateEndpoint", "{\"EndpointName\":\"ep-1\",\"EndpointConfigName\":\"ep-1\"}").statusCode());
        assertTrue(text(post("/", "DescribeEndpoint", name)).contains("\"EndpointStatus\":\"Creating\""));
        HttpResponse<byte[]> ready = post("/", "DescribeEndpoint", name);
        assertTrue(text(ready).contains("\"EndpointStatus\":\"InService\"") && text(ready).contains("\"EndpointName\":\"ep-1\""), text(ready));
        assertEquals("application/x-amz-json-1.1", ready.headers().firstValue("Content-Type").orElse(""));

        assertEquals(200, post("/", "DeleteEndpoint", name).statusCode());
        assertEquals(400, post("/", "DescribeEndpoint", name).statusCode());
    }

    @Test
    void failNextDeploymentEndsTheEndpointFailedWithTheReason() throws Exception {
        cloud().failNextDeployment("CapacityError: no ml.g5.xlarge left");
        post("/", "CreateEndpoint", "{\"EndpointName\":\"ep-2\",\"EndpointConfigName\":\"ep-2\"}");
        assertTrue(text(post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-2\"}")).contains("\"Creating\""));
        String failed = text(post("/", "DescribeEndpoint", "{\"EndpointName\":\"ep-2\"}"));
        assertTrue(failed.contains("\"EndpointStatus\":\"Failed\"") && failed.contains("CapacityError: no ml.g5.xlarge left"), failed);
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
    void titanAnswersTheCannedVectorOfTheInputsPosition() throws Exception {
        String body = text(post("/model/amazon.titan-embed-text-v2%3A0/invoke", null,
                "{\"inputText\":\"" + Canned.EMBEDDING_INPUTS.get(2) + "\",\"normalize\":true}"));
        assertTrue(body.startsWith("{\"embedding\":" + Canned.embeddingVectorJson(2)), body);
    }
}

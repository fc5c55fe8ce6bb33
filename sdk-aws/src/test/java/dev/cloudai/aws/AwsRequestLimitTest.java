package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS's published request size limits, checked before sending: a request over one fails with an
 * {@link InvalidRequestException} naming the limit and the request's size, and the emulator sees nothing.
 */
class AwsRequestLimitTest {
    /** SageMaker Runtime's InvokeEndpoint body limit, 6 MB. */
    private static final int INVOKE_ENDPOINT_LIMIT = 6_291_456;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static InvokeRequest body(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        return InvokeRequest.of(body, "application/octet-stream");
    }

    private static void assertRefused(InvalidRequestException e, String limit) {
        assertTrue(e.getMessage().contains("over the limit of " + limit + " bytes"), e::getMessage);
        assertEquals(0, cloud().requestCount(), "nothing is sent");
    }

    @Test
    void aSageMakerInvocationOverTheBodyLimitIsRefusedBeforeSendingBlockingAsyncAndStreamed() {
        InvokeRequest tooLarge = body(INVOKE_ENDPOINT_LIMIT + 1);
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ai.endpoints().invoke("my-endpoint", tooLarge));
            assertRefused(e, "6,291,456");
            assertTrue(e.getMessage().contains("is 6,291,457 bytes"), e::getMessage);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> ai.endpoints().invokeAsync("my-endpoint", tooLarge).get(10, TimeUnit.SECONDS));
            assertRefused(assertInstanceOf(InvalidRequestException.class, async.getCause()), "6,291,456");
            RecordingSubscriber<byte[]> parts = RecordingSubscriber.oneAtATime();
            ai.endpoints().invokeStream("my-endpoint", tooLarge).subscribe(parts);
            assertRefused(assertInstanceOf(InvalidRequestException.class, parts.awaitError(Duration.ofSeconds(10))), "6,291,456");
        }
    }

    @Test
    void aSageMakerInvocationAtTheLimitIsSent() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            try {
                ai.endpoints().invoke("my-endpoint", body(INVOKE_ENDPOINT_LIMIT));
            } catch (CloudAiException answered) {
                // whatever the emulator answers: the point is that the request went out
                assertTrue(!answered.getMessage().contains("over the limit"), answered::getMessage);
            }
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aBedrockEmbeddingRequestOverTheInvokeModelBodyLimitIsRefusedBeforeSending() {
        String text = "x".repeat(25_000_000);   // with its JSON around it, over InvokeModel's 25,000,000 bytes
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            assertRefused(assertThrows(InvalidRequestException.class,
                    () -> ai.embeddingModel("amazon.titan-embed-text-v2:0").embed(EmbeddingRequest.of(text))), "25,000,000");
        }
    }
}

package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Closing the AWS clients right after a stream ends, as every short program does (the StreamingChat example, the
 * CLI's {@code invoke --stream}): nothing may be printed. Netty once logged a {@code RejectedExecutionException:
 * event executor terminated} with its stack trace, because the event loop stopped while the finished stream still
 * had work queued on it.
 */
class AwsClosingTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void closingRightAfterAStreamEndsPrintsNothing() {
        String printed = capturingStandardError(() -> {
            for (int i = 0; i < 30; i++) {
                try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
                    RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
                    ai.chatModel(SampleModels.chat("aws")).stream(ChatRequest.ofUser("Hello")).subscribe(subscriber);
                    subscriber.awaitCompletion(WAIT);
                }
            }
        });
        assertEquals("", printed, "what closing printed");
    }

    @Test
    void closingRightAfterAnEndpointStreamEndsPrintsNothing() {
        String endpointId;
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms")
                .property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole").build())) {
            endpointId = ai.endpoints().deploy(Canned.endpointSpec("ml.g5.xlarge")).id();   // the emulator serves only deployed endpoints
        }
        String printed = capturingStandardError(() -> {
            for (int i = 0; i < 30; i++) {
                try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
                    RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.oneAtATime();
                    ai.endpoints().invokeStream(endpointId, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY)).subscribe(subscriber);
                    subscriber.awaitCompletion(WAIT);
                }
            }
        });
        assertEquals("", printed, "what closing printed");
    }

    private static String capturingStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

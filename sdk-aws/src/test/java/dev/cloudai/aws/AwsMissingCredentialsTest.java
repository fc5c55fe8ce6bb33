package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials that cannot be found, through the real path: a {@code CloudAi} for aws pointed at the emulator whose
 * credential chain finds nothing, because {@code cloudai.aws.profile} names a profile that exists in no shared
 * config or credentials file. Every kind of call (Bedrock blocking, async and streamed; SageMaker runtime and
 * control plane) must end in one {@link AuthenticationException} that names where the SDK looked and how to fix it,
 * sent zero times and not retried. Nothing leaves the machine: the endpoint is the emulator on loopback, and the
 * credentials fail before any request.
 */
class AwsMissingCredentialsTest {
    /** No shared config or credentials file holds a profile of this name. */
    private static final String NO_SUCH_PROFILE = "cloudai-test-no-such-profile-7f3c";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static CloudAi newCloudAi() {
        return CloudAi.create(EMULATOR.config("aws").property(AwsKeys.PROFILE, NO_SUCH_PROFILE)
                .retry(RetrySettings.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    private static void assertExplained(AuthenticationException e) {
        String m = e.getMessage();
        assertTrue(m.contains(NO_SUCH_PROFILE), "names the profile it looked for: " + m);
        assertTrue(m.contains("AWS_ACCESS_KEY_ID") && m.contains("cloudai.aws.profile") && m.contains("aws sso login"),
                "says how to fix it: " + m);
        assertEquals("aws", e.providerId());
        assertFalse(e.isRetryable());
        assertFalse(m.contains("report it with the request id"), "not an unclassified error: " + m);
        assertEquals(0, cloud().requestCount(), "nothing is sent without credentials");
    }

    private static AuthenticationException thrown(Executable call) {
        return assertThrows(AuthenticationException.class, call);
    }

    private static AuthenticationException failureOf(java.util.concurrent.CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(AuthenticationException.class, e.getCause());
    }

    @Test
    void aBlockingChatFailsAsAnAuthenticationErrorNamingTheChain() {
        try (CloudAi ai = newCloudAi()) {
            assertExplained(thrown(() -> ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chat(ChatRequest.ofUser("Hi"))));
        }
    }

    @Test
    void anAsyncChatFailsTheSameWay() {
        try (CloudAi ai = newCloudAi()) {
            assertExplained(failureOf(ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chatAsync(ChatRequest.ofUser("Hi"))));
        }
    }

    @Test
    void aStreamFailsTheSameWay() {
        try (CloudAi ai = newCloudAi()) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").stream(ChatRequest.ofUser("Hi")).subscribe(chunks);
            assertExplained(assertInstanceOf(AuthenticationException.class, chunks.awaitError(Duration.ofSeconds(10))));
            assertTrue(chunks.items().isEmpty());
        }
    }

    @Test
    void embeddingsFailTheSameWayBlockingAndAsync() {
        try (CloudAi ai = newCloudAi()) {
            assertExplained(thrown(() -> ai.embeddingModel("amazon.titan-embed-text-v2:0").embed(EmbeddingRequest.of("Hi"))));
            assertExplained(failureOf(ai.embeddingModel("amazon.titan-embed-text-v2:0").embedAsync(EmbeddingRequest.of("Hi"))));
        }
    }

    @Test
    void sageMakerCallsFailTheSameWay() {
        try (CloudAi ai = newCloudAi()) {
            InvokeRequest request = InvokeRequest.json("{\"inputs\":\"Hi\"}");
            assertExplained(thrown(() -> ai.endpoints().invoke("my-endpoint", request)));
            assertExplained(failureOf(ai.endpoints().invokeAsync("my-endpoint", request)));
            RecordingSubscriber<byte[]> parts = RecordingSubscriber.oneAtATime();
            ai.endpoints().invokeStream("my-endpoint", request).subscribe(parts);
            assertExplained(assertInstanceOf(AuthenticationException.class, parts.awaitError(Duration.ofSeconds(10))));
            assertExplained(thrown(() -> ai.endpoints().get("my-endpoint")));
        }
    }
}

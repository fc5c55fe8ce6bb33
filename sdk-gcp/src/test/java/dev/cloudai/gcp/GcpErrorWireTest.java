package dev.cloudai.gcp;

import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.OptionalInt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vertex's error details through the real client: RetryInfo, the code name, quota wording, one call per attempt. */
class GcpErrorWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    /** A model the emulator serves. */
    private static final String CHAT = SampleModels.chat("gcp");

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return newCloudAi(maxAttempts, new CallListener() { });
    }

    private static CloudAi newCloudAi(int maxAttempts, CallListener listener) {
        return CloudAi.create(EMULATOR.config("gcp")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build(), listener);
    }

    /** What the pipeline did: each attempt's number and each retry's wait. */
    private static final class Recorder implements CallListener {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<Retry> retries = new CopyOnWriteArrayList<>();

        @Override
        public void onAttempt(Attempt event) {
            attempts.add(event.attempt());
        }

        @Override
        public void onRetry(Retry event) {
            retries.add(event);
        }
    }

    /** Vertex's answer when a daily quota runs out but the server still says when to come back. */
    private static com.google.rpc.Status quotaWithRetryDelay(Duration delay) {
        return com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_day_per_project_per_base_model"
                        + " with base model: gemini-2.0-flash. Please submit a quota increase request.")
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Durations.fromMillis(delay.toMillis())).build()))
                .build();
    }

    @Test
    void aRetryDelayWinsOverQuotaWordingTheCallIsAThrottleWithThatDelay() {
        cloud().injectStatus(quotaWithRetryDelay(Duration.ofMillis(200)), 1);
        try (CloudAi ai = newCloudAi(1)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")));
            assertEquals(Optional.of(Duration.ofMillis(200)), e.retryAfter());
            assertTrue(e.getMessage().contains("Quota exceeded"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aRetryDelayIsHonouredTheCallIsRetriedAfterItAndSucceeds() {
        cloud().injectStatus(quotaWithRetryDelay(Duration.ofMillis(200)), 1);
        Recorder recorder = new Recorder();
        try (CloudAi ai = newCloudAi(3, recorder)) {
            assertEquals(Canned.CHAT_TEXT, ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")).text());
        }
        assertEquals(1, recorder.retries.size(), "one retry: " + recorder.retries);
        CallListener.Retry retry = recorder.retries.get(0);
        assertEquals(Duration.ofMillis(200), retry.delay(), "waits the server's delay, not the 1-5 ms backoff");
        assertTrue(retry.failure().contains("ThrottledException"), retry::failure);
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void aPromptOverTheServersMessageSizeLimitIsAnInvalidRequestSentOnce() {
        // 5 MiB of text: over the 4 MiB a grpc-java server accepts by default, which the emulator's server keeps;
        // the server refuses it with RESOURCE_EXHAUSTED "gRPC message exceeds maximum size 4194304: ..."
        String prompt = "x".repeat(5 * 1024 * 1024);
        Recorder recorder = new Recorder();
        try (CloudAi ai = newCloudAi(3, recorder)) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser(prompt)));
            assertTrue(e.getMessage().contains("4194304"), "names the limit: " + e.getMessage());
            assertEquals(Optional.of("RESOURCE_EXHAUSTED"), e.providerCode());
        }
        assertEquals(List.of(1), recorder.attempts, "sent once, not retried");
    }

    @Test
    void aMessageSizeRefusalFromTheServiceIsAnInvalidRequestSentOnce() {
        cloud().injectStatus(com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("gRPC message exceeds maximum size 4194304: 10485760").build(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(3)) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")));
            assertTrue(e.getMessage().contains("4194304"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount(), "not retried");
    }

    @Test
    void aThrottleCarriesTheRetryInfoDelayAndTheCodeNameButNoHttpStatus() {
        cloud().inject(Fault.throttle(Duration.ofMillis(250)), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(1)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")));
            assertEquals(Optional.of(Duration.ofMillis(250)), e.retryAfter());
            assertEquals(Optional.of("RESOURCE_EXHAUSTED"), e.providerCode());
            assertEquals(OptionalInt.empty(), e.httpStatus());
            assertTrue(e.getMessage().startsWith("gcp chat failed: Resource exhausted"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount(), "gax retries are off: one attempt, one call");
    }

    @Test
    void aDailyQuotaFromTheServiceIsNotRetried() {
        cloud().server().stubFor(post(urlPathEqualTo("/google.cloud.aiplatform.v1.PredictionService/GenerateContent"))
                .atPriority(1).willReturn(aResponse().withHeader("grpc-status-name", "RESOURCE_EXHAUSTED")
                        .withHeader("grpc-status-reason", "Quota exceeded for aiplatform.googleapis.com/"
                                + "generate_content_requests_per_day_per_project_per_base_model.")));
        try (CloudAi ai = newCloudAi(3)) {
            assertThrows(QuotaExceededException.class, () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")));
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aGatewayTimeoutIsARetriedDeadlineExceeded() {
        cloud().inject(Fault.serverError(504), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                    () -> ai.chatModel(CHAT).chat(ChatRequest.ofUser("Hi")));
            assertEquals(Optional.of("DEADLINE_EXCEEDED"), e.providerCode());
        }
        assertEquals(2, cloud().requestCount());
    }
}

package dev.cloudai.gcp;

import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;
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

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("gcp")
                .retry(new RetrySettings(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5))).build());
    }

    @Test
    void aThrottleCarriesTheRetryInfoDelayAndTheCodeNameButNoHttpStatus() {
        cloud().inject(Fault.throttle(Duration.ofMillis(250)), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(1)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.chatModel(SampleModels.chat("gcp")).chat(ChatRequest.ofUser("Hi")));
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
            assertThrows(QuotaExceededException.class, () -> ai.chatModel(SampleModels.chat("gcp")).chat(ChatRequest.ofUser("Hi")));
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aGatewayTimeoutIsARetriedDeadlineExceeded() {
        cloud().inject(Fault.serverError(504), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                    () -> ai.chatModel(SampleModels.chat("gcp")).chat(ChatRequest.ofUser("Hi")));
            assertEquals(Optional.of("DEADLINE_EXCEEDED"), e.providerCode());
        }
        assertEquals(2, cloud().requestCount());
    }
}

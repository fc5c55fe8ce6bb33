package dev.cloudai.testkit.testcloud;

import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an adapter's own tests add to the contracts: the exact requests on the wire, checked with WireMock's API
 * on {@code server()}, and the cloud-specific details of its errors and streams.
 */
class TestCloudWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new TestCloud().serveModels("my-model"));

    private static TestCloud cloud() {
        return EMULATOR.emulator().cloud("testcloud", TestCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("testcloud")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    @Test
    void chatPostsTheConversationAsJsonToTheModelsPath() {
        try (CloudAi ai = newCloudAi(1)) {
            ai.chatModel("my-model").chat(ChatRequest.builder().system("Be brief.").user("Hello").maxTokens(50).build());
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/v1/models/my-model/chat"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"system\",\"text\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"text\":\"Hello\"}],\"maxTokens\":50}")));
    }

    @Test
    void aThrottleCarriesTheCloudsCodeRequestIdStatusAndRetryAfter() {
        cloud().inject(Fault.throttle(Duration.ofMillis(250)), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(1)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.chatModel("my-model").chat(ChatRequest.ofUser("Hello")));
            assertEquals(Optional.of("Throttled"), e.providerCode());
            assertTrue(e.requestId().orElse("").startsWith("req-"), e::toString);
            assertEquals(OptionalInt.of(429), e.httpStatus());
            assertEquals(Optional.of(Duration.ofMillis(250)), e.retryAfter());
            assertTrue(e.getMessage().startsWith("testcloud chat failed"), e::getMessage);
        }
    }

    @Test
    void deployCreatesTheEndpointThenReadsItUntilItServes() {
        try (CloudAi ai = newCloudAi(3)) {
            ai.endpoints().deploy(Canned.endpointSpec("gpu.large"));
        }
        cloud().server().verify(1, putRequestedFor(urlEqualTo("/v1/endpoints/" + Canned.ENDPOINT_NAME))
                .withRequestBody(equalToJson("{\"image\":\"" + Canned.ENDPOINT_IMAGE + "\",\"instanceType\":\"gpu.large\",\"instanceCount\":1}")));
        cloud().server().verify(2, getRequestedFor(urlEqualTo("/v1/endpoints/" + Canned.ENDPOINT_NAME)));
    }

    @Test
    void aStreamCutAfterItsFirstChunkDeliversTheRetryableErrorOnceWithoutRetrying() {
        cloud().server().stubFor(post(urlPathMatching("/v1/models/[^/]+/stream")).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson")
                        .withBody("{\"delta\":\"Hello\"}\n")));
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel("my-model").stream(ChatRequest.ofUser("Hello")).subscribe(chunks);

            UnavailableException e = assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertTrue(e.isRetryable() && e.getMessage().contains("ended before its finish line"), e::getMessage);
            assertEquals(List.of(new ChatChunk.TextDelta("Hello")), chunks.items());
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(1, cloud().requestCount(), "a stream is never retried after its first chunk");
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/v1/models/my-model/stream")).withRequestBody(containing("Hello")));
    }
}

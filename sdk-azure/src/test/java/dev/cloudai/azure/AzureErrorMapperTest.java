package dev.cloudai.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one Azure error mapper, on the answers the emulator's fault set does not cover. */
class AzureErrorMapperTest {
    private final AzureErrorMapper mapper = new AzureErrorMapper("azure");

    private static HttpResponseException error(int status, Map<String, Object> body, String... headers) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < headers.length; i += 2) h.set(HttpHeaderName.fromString(headers[i]), headers[i + 1]);
        HttpResponse response = new HttpResponse(new HttpRequest(HttpMethod.POST, "https://res.openai.azure.com/x")) {
            @Override public int getStatusCode() { return status; }
            @Override @SuppressWarnings("deprecation") public String getHeaderValue(String name) { return h.getValue(name); }
            @Override public HttpHeaders getHeaders() { return h; }
            @Override public Flux<ByteBuffer> getBody() { return Flux.empty(); }
            @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.empty(); }
            @Override public Mono<String> getBodyAsString() { return Mono.empty(); }
            @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.empty(); }
        };
        return new HttpResponseException("Status code " + status, response, body);
    }

    private static Map<String, Object> body(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    @Test
    void credentialsEntraIdCannotFindAreAnAuthenticationErrorNamingTheChainAndTheFix() {
        // what azure-identity's DefaultAzureCredential throws when no credential in its chain has a token
        com.azure.identity.CredentialUnavailableException none = new com.azure.identity.CredentialUnavailableException(
                "DefaultAzureCredential failed to retrieve a token from the included credentials. Attempted credentials:"
                        + " EnvironmentCredential authentication unavailable. Environment variables are not fully configured.");
        for (Throwable thrown : new Throwable[] {none, new RuntimeException("reactor wrapped it", none)}) {
            AuthenticationException e = assertInstanceOf(AuthenticationException.class, mapper.map("chat", thrown));
            assertTrue(e.getMessage().contains("DefaultAzureCredential") && e.getMessage().contains("cloudai.azure.api-key")
                    && e.getMessage().contains("az login"), e::getMessage);
            assertEquals(Optional.of("CredentialsUnavailable"), e.providerCode());
        }
    }

    @Test
    void aThrottlePrefersTheMillisecondHeaderAndKeepsTheGatewayRequestId() {
        ThrottledException e = assertInstanceOf(ThrottledException.class, mapper.map("chat",
                error(429, body("429", "Rate limit"), "Retry-After", "1", "retry-after-ms", "250",
                        "apim-request-id", "apim-1", "x-ms-request-id", "ms-1")));
        assertEquals(Optional.of(Duration.ofMillis(250)), e.retryAfter());
        assertEquals(Optional.of("apim-1"), e.requestId());
        assertEquals(Optional.of("429"), e.providerCode());
        assertTrue(e.getMessage().contains("Rate limit"), e::getMessage);
    }

    @Test
    void aThrottleWithOnlyRetryAfterUsesItsSeconds() {
        ThrottledException e = assertInstanceOf(ThrottledException.class,
                mapper.map("chat", error(429, body("429", "slow down"), "Retry-After", "2", "x-ms-request-id", "ms-2")));
        assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter());
        assertEquals(Optional.of("ms-2"), e.requestId());
    }

    @Test
    void statusesMapAsAzureMeansThem() {
        assertInstanceOf(AuthenticationException.class, mapper.map("deploy", error(403, body("AuthorizationFailed", "no"))));
        ConflictException conflict = assertInstanceOf(ConflictException.class,
                mapper.map("deploy", error(409, body("Conflict", "being deleted"))));
        assertEquals(Optional.of("Conflict"), conflict.providerCode());
        assertEquals(OptionalInt.of(409), conflict.httpStatus());
        assertInstanceOf(UnavailableException.class, mapper.map("chat", error(502, Map.of())));
        assertInstanceOf(DeadlineExceededException.class, mapper.map("chat", error(408, Map.of())));
    }

    @Test
    void aFilteredPromptNamesEveryCategoryThatFired() {
        Map<String, Object> body = Map.of("error", Map.of("code", "content_filter", "message", "filtered",
                "innererror", Map.of("code", "ResponsibleAIPolicyViolation", "content_filter_result", Map.of(
                        "hate", Map.of("filtered", true, "severity", "high"),
                        "jailbreak", Map.of("filtered", true, "detected", true),
                        "sexual", Map.of("filtered", false, "severity", "safe")))));
        CloudAiException e = mapper.map("chat", error(400, body));
        assertInstanceOf(InvalidRequestException.class, e);
        assertTrue(e.getMessage().contains("hate (severity high)") && e.getMessage().contains("jailbreak"), e::getMessage);
        assertTrue(!e.getMessage().contains("sexual"), e::getMessage);
    }

    @Test
    void timeoutsAndIoFailuresBelowHttpMapToDeadlineAndUnavailable() {
        assertInstanceOf(DeadlineExceededException.class,
                mapper.map("chat", new RuntimeException(new TimeoutException("Channel response timed out after 300000 ms"))));
        assertInstanceOf(UnavailableException.class, mapper.map("chat", new IOException("Connection reset by peer")));
    }
}

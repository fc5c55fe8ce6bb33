package dev.cloudai.errors;

import dev.cloudai.spi.HttpErrors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {

    private static CloudAiException status(int code) {
        return HttpErrors.fromStatus(ErrorInfo.builder("aws", "chat").httpStatus(code).build(), "detail", null, null);
    }

    @Test
    void statusCodesMapToTheNeutralTypes() {
        assertInstanceOf(DeadlineExceededException.class, status(408));
        assertInstanceOf(ThrottledException.class, status(429));
        assertInstanceOf(InvalidRequestException.class, status(400));
        assertInstanceOf(InvalidRequestException.class, status(422));
        assertInstanceOf(AuthenticationException.class, status(401));
        assertInstanceOf(AuthenticationException.class, status(403));
        assertInstanceOf(NotFoundException.class, status(404));
        assertInstanceOf(ConflictException.class, status(409));
        assertInstanceOf(UnavailableException.class, status(500));
        assertInstanceOf(UnavailableException.class, status(503));
        assertInstanceOf(DeadlineExceededException.class, status(504));
        assertInstanceOf(UnclassifiedException.class, status(302));
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertTrue(status(429).isRetryable());
        assertTrue(status(503).isRetryable());
        assertTrue(status(504).isRetryable());
        for (int code : new int[]{400, 401, 403, 404, 409, 302}) assertFalse(status(code).isRetryable(), "HTTP " + code);
        assertFalse(new QuotaExceededException(ErrorInfo.builder("gcp", "chat").build(), "quota", null).isRetryable());
    }

    @Test
    void theMessageSaysWhatFailedWhereAndWhatToDoNext() {
        CloudAiException e = HttpErrors.fromStatus(ErrorInfo.builder("aws", "chat").providerCode("ThrottlingException")
                .requestId("8f2c").httpStatus(429).build(), "Too many requests", Duration.ofSeconds(2), null);
        assertEquals("aws chat failed: Too many requests (code ThrottlingException, HTTP 429, request id 8f2c). Slow down:"
                + " the SDK retries with backoff; raise cloudai.retry.max-attempts or the provider's rate limit if this"
                + " persists. The provider asked to wait 2000 ms.", e.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(2)), ((ThrottledException) e).retryAfter());
        assertEquals("Too many requests", e.detail());
    }

    @Test
    void transportFailuresAreClassifiedThroughTheCauseChain() {
        ErrorInfo info = ErrorInfo.builder("azure", "chat").build();
        assertInstanceOf(DeadlineExceededException.class,
                HttpErrors.fromTransport(info, new RuntimeException(new SocketTimeoutException("Read timed out"))));
        assertInstanceOf(UnavailableException.class, HttpErrors.fromTransport(info, new IOException("Connection reset")));
        CloudAiException other = HttpErrors.fromTransport(info, new IllegalStateException("bug"));
        assertInstanceOf(UnclassifiedException.class, other);
        assertFalse(other.isRetryable());
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesAndIgnoresGarbage() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofSeconds(2)), HttpErrors.parseRetryAfter("2", clock));
        assertEquals(Optional.of(Duration.ofMillis(500)), HttpErrors.parseRetryAfter("0.5", clock));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                HttpErrors.parseRetryAfter("Sat, 21 Nov 2026 10:00:30 GMT", clock));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("soon", clock));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("-1", clock));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfter("999999999", clock), "absurd waits are ignored");
        assertEquals(Optional.of(Duration.ofMillis(2000)), HttpErrors.parseRetryAfterMillis("2000"));
        assertEquals(Optional.empty(), HttpErrors.parseRetryAfterMillis("x"));
    }

    @Test
    void theTreeIsSealedToExactlyTheDocumentedTypes() {
        var permitted = java.util.Arrays.stream(CloudAiException.class.getPermittedSubclasses())
                .map(Class::getSimpleName).sorted().toList();
        assertEquals(java.util.List.of("AuthenticationException", "ConflictException", "DeadlineExceededException",
                "DeploymentFailedException", "InvalidRequestException", "NotFoundException", "QuotaExceededException",
                "ThrottledException", "UnavailableException", "UnclassifiedException"), permitted);
    }

    @Test
    void aFailedDeploymentNamesTheEndpointTheCloudsReasonAndWhatToDoAndIsNotRetried() {
        DeploymentFailedException e = new DeploymentFailedException(ErrorInfo.builder("aws", "deploy").providerCode("Failed").build(),
                "llm-endpoint", "CapacityError: no ml.g5.xlarge left", null);
        assertEquals("llm-endpoint", e.endpointId());
        assertEquals("CapacityError: no ml.g5.xlarge left", e.reason());
        assertFalse(e.isRetryable());
        assertEquals("aws deploy failed: endpoint llm-endpoint failed to deploy: CapacityError: no ml.g5.xlarge left"
                + " (code Failed). The endpoint was kept for you to inspect (endpoints().get(\"llm-endpoint\")). Fix the"
                + " cause, for example the quota or capacity for the instance type, the image, or the model's start-up;"
                + " then delete it (endpoints().delete(\"llm-endpoint\")) and deploy again", e.getMessage());
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error contract: every neutral {@link Fault}, rendered in the cloud's wire format, comes back through the
 * adapter's one error mapper as the same neutral exception on every cloud, with the provider and operation set,
 * the HTTP status where the cloud has one, the right {@code isRetryable()}, and exactly as many requests as that
 * implies: {@code maxAttempts} for a retryable error, 1 for the others.
 *
 * <p>The faulted call is {@link #callOnce(CloudAi)}, a chat by default. Hooks say what a cloud's wire format cannot
 * carry: {@link #reportsHttpStatus()}, {@link #carriesRetryAfter()}, {@link #carriesRequestId()}.
 */
public abstract class ErrorMappingContract extends EmulatorContract {

    /** The model id the default {@link #callOnce(CloudAi)} chats with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    /** The call the faults hit: one logical call of {@link #operation()}; a chat by default. */
    protected void callOnce(CloudAi ai) {
        ai.chatModel(chatModel()).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT));
    }

    /** The operation name {@link #callOnce(CloudAi)} reports in its errors; {@code chat} by default. */
    protected String operation() {
        return "chat";
    }

    /** Whether the cloud answers over HTTP, so errors carry {@code httpStatus()}; a gRPC cloud may say {@code false}. */
    protected boolean reportsHttpStatus() {
        return true;
    }

    /** Whether the cloud's throttle can say how long to wait, so {@code retryAfter()} must match the fault's. */
    protected boolean carriesRetryAfter() {
        return true;
    }

    /** Whether the cloud's error answers carry a request id, so {@code requestId()} must be set. */
    protected boolean carriesRequestId() {
        return true;
    }

    @Test
    public final void aThrottleBecomesARetryableThrottledExceptionWithRetryAfter() {
        ThrottledException e = expect(Fault.throttle(Canned.RETRY_AFTER), ThrottledException.class, 429, true);
        if (carriesRetryAfter()) assertEquals(Optional.of(Canned.RETRY_AFTER), e.retryAfter(), "retryAfter");
    }

    @Test
    public final void aThrottleWithoutRetryAfterHasNoRetryAfter() {
        ThrottledException e = expect(Fault.throttle(), ThrottledException.class, 429, true);
        assertEquals(Optional.empty(), e.retryAfter(), "retryAfter, which the cloud did not send");
    }

    @Test
    public final void anInternalServerErrorBecomesARetryableUnavailableException() {
        expect(Fault.serverError(500), UnavailableException.class, 500, true);
    }

    @Test
    public final void aServiceUnavailableBecomesARetryableUnavailableException() {
        expect(Fault.serverError(503), UnavailableException.class, 503, true);
    }

    @Test
    public final void anInvalidRequestBecomesAnInvalidRequestExceptionThatKeepsTheCloudsMessage() {
        InvalidRequestException e = expect(Fault.invalidRequest("maxTokens: 99999 is above the model's limit"),
                InvalidRequestException.class, 400, false);
        assertTrue(e.getMessage().contains("maxTokens: 99999 is above the model's limit"),
                () -> "the message keeps the cloud's description: " + e.getMessage());
    }

    @Test
    public final void rejectedCredentialsBecomeAnAuthenticationException() {
        AuthenticationException e = assertMapped(Fault.unauthorized(), AuthenticationException.class, false);
        if (reportsHttpStatus()) {
            assertTrue(Set.of(401, 403).contains(e.httpStatus().orElse(0)), () -> "httpStatus 401 or 403, was " + e.httpStatus());
        }
    }

    @Test
    public final void aMissingModelBecomesANotFoundException() {
        expect(Fault.notFound(), NotFoundException.class, 404, false);
    }

    @Test
    public final void aConnectionResetBecomesARetryableUnavailableExceptionWithoutStatus() {
        UnavailableException e = assertThrowsMapped(Fault.connectionReset(), UnavailableException.class);
        assertEquals(OptionalInt.empty(), e.httpStatus(), "no response, so no status");
        assertTrue(e.isRetryable(), "isRetryable");
        assertRequests(maxAttempts(), "a retryable error is tried maxAttempts times");
    }

    @Test
    public final void aMalformedBodyBecomesACloudAiExceptionNotAParserException() {
        CloudAiException e = assertThrowsMapped(Fault.malformedBody(), CloudAiException.class);
        assertRequests(e.isRetryable() ? maxAttempts() : 1,
                "as many requests as isRetryable() implies (" + e.getClass().getSimpleName() + ")");
    }

    @Test
    public final void aSlowResponseWithinTheClientsTimeoutStillSucceeds() {
        Duration delay = Duration.ofMillis(150);
        cloud().inject(Fault.slowResponse(delay), 1);
        long start = System.nanoTime();
        callOnce(ai());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(delay) >= 0, () -> "the answer was delayed " + delay + ", yet the call took only " + took);
        assertRequests(1, "a slow answer is one request");
    }

    @Test
    public final void theCallSucceedsAgainOnceTheFaultsAreUsedUp() {
        cloud().inject(Fault.serverError(503), maxAttempts());
        assertThrows(UnavailableException.class, () -> callOnce(ai()));
        callOnce(ai());
        assertRequests(maxAttempts() + 1, "the failed attempts, then one that succeeds");
    }

    /**
     * Injects {@code fault} on every request, makes one call and asserts the mapped exception: its type, provider,
     * operation, HTTP status (when {@link #reportsHttpStatus()}), request id (when {@link #carriesRequestId()}),
     * {@code isRetryable()} and the number of requests that implies.
     */
    protected final <E extends CloudAiException> E expect(Fault fault, Class<E> type, int httpStatus, boolean retryable) {
        E e = assertMapped(fault, type, retryable);
        if (reportsHttpStatus()) assertEquals(OptionalInt.of(httpStatus), e.httpStatus(), "httpStatus");
        return e;
    }

    private <E extends CloudAiException> E assertMapped(Fault fault, Class<E> type, boolean retryable) {
        E e = assertThrowsMapped(fault, type);
        assertEquals(retryable, e.isRetryable(), "isRetryable");
        if (carriesRequestId()) {
            assertTrue(e.requestId().filter(id -> !id.isBlank()).isPresent(), "requestId from the cloud's error answer");
        }
        assertRequests(retryable ? maxAttempts() : 1,
                retryable ? "a retryable error is tried maxAttempts times" : "a non-retryable error is not retried");
        return e;
    }

    private <E extends CloudAiException> E assertThrowsMapped(Fault fault, Class<E> type) {
        cloud().inject(fault, EmulatedCloud.ALWAYS);
        CloudAiException e = assertThrows(CloudAiException.class, () -> callOnce(ai()), () -> fault + " must end in a CloudAiException");
        E typed = assertInstanceOf(type, e, () -> fault + " must map to " + type.getSimpleName() + ", was " + e);
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals(operation(), e.operation(), "operation");
        assertFalse(e.getMessage().isBlank(), "a message that says what failed");
        return typed;
    }
}

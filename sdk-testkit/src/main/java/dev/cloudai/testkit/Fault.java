package dev.cloudai.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud-neutral description of something going wrong, for {@link EmulatedCloud#inject(Fault, int)}. Each
 * emulated cloud turns it into its own wire format: a throttle is an HTTP 429 with {@code Retry-After} on one cloud
 * and a {@code ThrottlingException} body or a gRPC {@code RESOURCE_EXHAUSTED} on another.
 *
 * <p>Two kinds exist. A {@link ResponseFault} is an answer the cloud sends (an error status and body, or a body the
 * client cannot parse), so each cloud renders it. {@link ConnectionReset} and {@link SlowResponse} happen below the
 * wire format and the emulator applies them the same way for every cloud.
 *
 * <pre>{@code
 * cloud.inject(Fault.throttle(Duration.ofMillis(20)), 1);      // the next request is throttled, then all is well
 * cloud.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);  // every request fails until reset()
 * }</pre>
 */
public sealed interface Fault permits Fault.ResponseFault, Fault.ConnectionReset, Fault.SlowResponse, Fault.StreamCut {

    /** A fault that the emulated cloud answers in its own wire format. */
    sealed interface ResponseFault extends Fault
            permits Throttle, ServerError, InvalidRequest, Unauthorized, NotFound, MalformedBody, ContainerError {
    }

    /**
     * The cloud throttles the request (HTTP 429 or the cloud's equivalent). Neutral expectation: a retryable
     * {@code ThrottledException}.
     *
     * @param retryAfter how long the cloud asks the caller to wait, when it says
     */
    record Throttle(Optional<Duration> retryAfter) implements ResponseFault {
        public Throttle {
            Objects.requireNonNull(retryAfter, "retryAfter: use Optional.empty() for no Retry-After");
            retryAfter.ifPresent(d -> {
                if (d.isNegative()) throw new IllegalArgumentException("retryAfter: must not be negative, was " + d);
            });
        }
    }

    /**
     * The cloud fails with a 5xx status. Neutral expectation: a retryable {@code UnavailableException}
     * ({@code DeadlineExceededException} for 504).
     *
     * @param status the HTTP status, 500 to 599
     */
    record ServerError(int status) implements ResponseFault {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("status: a server error is 500 to 599, was " + status);
            }
        }
    }

    /**
     * The cloud rejects the request as malformed (HTTP 400 or a validation error). Neutral expectation: an
     * {@code InvalidRequestException}, not retried, whose message contains {@code message}.
     *
     * @param message the cloud's description of what is wrong
     */
    record InvalidRequest(String message) implements ResponseFault {
        public InvalidRequest {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("message: must not be blank; say what the cloud rejects");
            }
        }
    }

    /** The cloud rejects the credentials (HTTP 401/403). Neutral expectation: an {@code AuthenticationException}. */
    record Unauthorized() implements ResponseFault {
    }

    /** The model or endpoint does not exist (HTTP 404). Neutral expectation: a {@code NotFoundException}. */
    record NotFound() implements ResponseFault {
    }

    /**
     * A success status with a body the client cannot parse. Neutral expectation: some {@code CloudAiException},
     * never a raw parser exception.
     */
    record MalformedBody() implements ResponseFault {
    }

    /**
     * The model server inside an endpoint fails: it answers {@code status} with its own JSON error body, written as
     * the server's protocol writes errors (TGI's {@code {"error": message, "error_type": ...}}, an OpenAI-compatible
     * server's {@code {"object":"error","message": message, ...}}). Each cloud relays it its own way: SageMaker as a
     * {@code ModelError} (HTTP 424) carrying {@code OriginalStatusCode} and {@code OriginalMessage}, Vertex AI with the
     * container's status, Azure ML as HTTP 424 with the container's body. Meant for endpoint invocations. Neutral
     * expectation: the container's message in the exception; 429 a retryable {@code ThrottledException}, 503 and
     * other 5xx a retryable {@code UnavailableException}, other 4xx an {@code InvalidRequestException}.
     *
     * @param status the container's HTTP status, 400 to 599
     * @param message the container's error message
     */
    record ContainerError(int status, String message) implements ResponseFault {
        public ContainerError {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status: a container error is 400 to 599, was " + status);
            }
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("message: must not be blank; say what the container reports");
            }
        }
    }

    /** The server resets the connection without answering. Neutral expectation: a retryable {@code UnavailableException}. */
    record ConnectionReset() implements Fault {
    }

    /**
     * A streamed answer starts normally and stops in the middle: inside its first tool call when the answer has one
     * (after the call's name and the first piece of its arguments), after its first chunk otherwise. An HTTP cloud
     * ends the response without its last bytes; a gRPC cloud ends the stream with {@code UNAVAILABLE}. Only a
     * streaming request uses it up; other requests answer normally and leave it pending. Neutral expectation: no
     * partial tool call reaches the subscriber; a retryable {@code CloudAiException} when nothing was delivered yet
     * (so the call is retried), else one {@code onError}.
     */
    record StreamCut() implements Fault {
    }

    /**
     * The normal answer, but only after {@code delay}. Whatever answer the request gets (the default stub or another
     * fault) is delayed.
     *
     * @param delay how long the server waits before answering; positive, at most ten minutes
     */
    record SlowResponse(Duration delay) implements Fault {
        public SlowResponse {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero() || delay.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("delay: must be positive and at most 10 minutes, was " + delay);
            }
        }
    }

    /** The model server in an endpoint answers {@code status} with {@code message} in its own error body. */
    static ContainerError containerError(int status, String message) {
        return new ContainerError(status, message);
    }

    /** A stream that stops in the middle, inside its first tool call when it has one. */
    static StreamCut streamCut() {
        return new StreamCut();
    }

    /** A throttle that asks the caller to wait {@code retryAfter}; {@code null} means the cloud does not say. */
    static Throttle throttle(Duration retryAfter) {
        return new Throttle(Optional.ofNullable(retryAfter));
    }

    /** A throttle without {@code Retry-After}. */
    static Throttle throttle() {
        return new Throttle(Optional.empty());
    }

    /** A server error with a 5xx {@code status}. */
    static ServerError serverError(int status) {
        return new ServerError(status);
    }

    /** A validation error carrying {@code message}. */
    static InvalidRequest invalidRequest(String message) {
        return new InvalidRequest(message);
    }

    /** Rejected credentials. */
    static Unauthorized unauthorized() {
        return new Unauthorized();
    }

    /** A missing model or endpoint. */
    static NotFound notFound() {
        return new NotFound();
    }

    /** A connection reset by the server before any answer. */
    static ConnectionReset connectionReset() {
        return new ConnectionReset();
    }

    /** The normal answer after {@code delay}. */
    static SlowResponse slowResponse(Duration delay) {
        return new SlowResponse(delay);
    }

    /** A success status with an unparseable body. */
    static MalformedBody malformedBody() {
        return new MalformedBody();
    }
}

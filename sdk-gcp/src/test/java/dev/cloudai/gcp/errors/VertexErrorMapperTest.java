package dev.cloudai.gcp.errors;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.ErrorDetails;
import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.RetryInfo;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every gRPC code the brief names, mapped from gax's exceptions as the client throws them. */
class VertexErrorMapperTest {
    private final VertexErrorMapper mapper = new VertexErrorMapper("gcp");

    private CloudAiException map(Status.Code code, String message) {
        Status status = Status.fromCode(code).withDescription(message);
        return mapper.map("chat", ApiExceptionFactory.createException(status.asRuntimeException(), GrpcStatusCode.of(code), false));
    }

    @Test
    void eachCodeMapsToItsNeutralTypeWithTheCodeNameAndNoHttpStatus() {
        assertInstanceOf(ThrottledException.class, map(Status.Code.RESOURCE_EXHAUSTED, "Resource exhausted. Please try again later."));
        assertInstanceOf(InvalidRequestException.class, map(Status.Code.INVALID_ARGUMENT, "bad"));
        assertInstanceOf(InvalidRequestException.class, map(Status.Code.FAILED_PRECONDITION, "bad"));
        assertInstanceOf(InvalidRequestException.class, map(Status.Code.OUT_OF_RANGE, "bad"));
        assertInstanceOf(AuthenticationException.class, map(Status.Code.UNAUTHENTICATED, "who"));
        assertInstanceOf(AuthenticationException.class, map(Status.Code.PERMISSION_DENIED, "no"));
        assertInstanceOf(NotFoundException.class, map(Status.Code.NOT_FOUND, "none"));
        assertInstanceOf(ConflictException.class, map(Status.Code.ALREADY_EXISTS, "twice"));
        assertInstanceOf(ConflictException.class, map(Status.Code.ABORTED, "raced"));
        assertInstanceOf(UnavailableException.class, map(Status.Code.UNAVAILABLE, "down"));
        assertInstanceOf(UnavailableException.class, map(Status.Code.INTERNAL, "oops"));
        assertInstanceOf(DeadlineExceededException.class, map(Status.Code.DEADLINE_EXCEEDED, "slow"));
        assertInstanceOf(UnclassifiedException.class, map(Status.Code.UNIMPLEMENTED, "no such method"));

        CloudAiException e = map(Status.Code.INVALID_ARGUMENT, "maxOutputTokens: 99999 is above the limit");
        assertEquals(Optional.of("INVALID_ARGUMENT"), e.providerCode());
        assertEquals(OptionalInt.empty(), e.httpStatus());
        assertEquals("chat", e.operation());
        assertTrue(e.getMessage().contains("maxOutputTokens: 99999 is above the limit"), e::getMessage);
        assertFalse(e.getMessage().contains("StatusRuntimeException"), "the server's words, not the exception's class: " + e.getMessage());
    }

    @Test
    void aLastingQuotaIsQuotaExceededWhileAPerMinuteQuotaIsARetryableThrottle() {
        CloudAiException daily = map(Status.Code.RESOURCE_EXHAUSTED,
                "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_day. Please submit a quota increase request.");
        assertInstanceOf(QuotaExceededException.class, daily);
        assertFalse(daily.isRetryable());

        CloudAiException perMinute = map(Status.Code.RESOURCE_EXHAUSTED, "Quota exceeded for aiplatform.googleapis.com/"
                + "generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-2.0-flash.");
        assertInstanceOf(ThrottledException.class, perMinute);
        assertTrue(perMinute.isRetryable());
    }

    /** A status as gax reports it, with a {@code google.rpc.RetryInfo} detail asking to wait {@code retryDelay}. */
    private CloudAiException mapWithRetryInfo(Status.Code code, String message, Duration retryDelay) {
        Status status = Status.fromCode(code).withDescription(message);
        ErrorDetails details = ErrorDetails.builder().setRawErrorMessages(List.of(Any.pack(RetryInfo.newBuilder()
                .setRetryDelay(Durations.fromMillis(retryDelay.toMillis())).build()))).build();
        return mapper.map("chat", ApiExceptionFactory.createException(status.asRuntimeException(), GrpcStatusCode.of(code),
                false, details));
    }

    @Test
    void aStatusCarryingARetryDelayIsAThrottleWithThatDelayWhateverItsWording() {
        String dailyQuota = "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_day_per_project_per_base_model"
                + " with base model: gemini-2.0-flash. Please submit a quota increase request.";
        ThrottledException e = assertInstanceOf(ThrottledException.class,
                mapWithRetryInfo(Status.Code.RESOURCE_EXHAUSTED, dailyQuota, Duration.ofSeconds(7)));
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertTrue(e.isRetryable());
        assertEquals(Optional.of("RESOURCE_EXHAUSTED"), e.providerCode());

        // the same from a raw grpc-java exception, whose details travel in the trailers
        com.google.rpc.Status rich = com.google.rpc.Status.newBuilder().setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                .setMessage(dailyQuota).addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(Durations.fromMillis(1500)).build())).build();
        ThrottledException raw = assertInstanceOf(ThrottledException.class,
                mapper.map("chat", StatusProto.toStatusRuntimeException(rich)));
        assertEquals(Optional.of(Duration.ofMillis(1500)), raw.retryAfter());
    }

    @Test
    void aMessageOverTheSizeLimitIsAnInvalidRequestNamingTheLimitNotAThrottle() {
        for (String tooLarge : List.of(
                "gRPC message exceeds maximum size 4194304: 10485760",        // grpc-java, the receiving side
                "message too large 10485760 > 4194304",                       // grpc-java, the sending side
                "Received message larger than max (10485760 vs. 4194304)",    // gRPC C core
                "Sent message larger than max (10485760 vs. 4194304)")) {
            CloudAiException e = map(Status.Code.RESOURCE_EXHAUSTED, tooLarge);
            assertInstanceOf(InvalidRequestException.class, e, tooLarge);
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("4194304"), "names the limit: " + e.getMessage());
            assertInstanceOf(InvalidRequestException.class,
                    mapper.map("chat", Status.RESOURCE_EXHAUSTED.withDescription(tooLarge).asRuntimeException()), tooLarge);
        }
        assertInstanceOf(InvalidRequestException.class, map(Status.Code.RESOURCE_EXHAUSTED, "Request message too large"));
    }

    @Test
    void aFailedOperationMapsByItsCodeAndTransportFailuresAreUnavailable() {
        CloudAiException failed = mapper.map("deploy", new OperationFailedException("projects/p/locations/l/operations/1",
                com.google.rpc.Status.newBuilder().setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                        .setMessage("The following quota metrics exceed quota limits: custom_model_serving_nvidia_l4_gpus").build()));
        assertInstanceOf(QuotaExceededException.class, failed);
        assertEquals(Optional.of("RESOURCE_EXHAUSTED"), failed.providerCode());

        assertInstanceOf(UnavailableException.class, mapper.map("chat", new IOException("connection refused")));
        CloudAiException noCredentials = mapper.map("chat", new CredentialsUnavailableException("host:443",
                new IOException("Your default credentials were not found.")));
        assertInstanceOf(AuthenticationException.class, noCredentials);
        assertTrue(noCredentials.getMessage().contains("gcloud auth application-default login"), noCredentials::getMessage);
        assertInstanceOf(UnavailableException.class, mapper.map("chat", Status.UNAVAILABLE.asRuntimeException()));
    }

    @Test
    void aContainersErrorBodyInTheDescriptionGivesTheMessageAndTheContainersStatusClassifies() {
        // vLLM's ErrorResponse: the code is the HTTP status, and it decides over the gRPC code
        CloudAiException vllm = map(Status.Code.INVALID_ARGUMENT, "{\"object\":\"error\",\"message\":\"max_tokens is too large\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertInstanceOf(InvalidRequestException.class, vllm);
        assertTrue(vllm.getMessage().contains("the endpoint's model server answered HTTP 400: max_tokens is too large ("),
                vllm::getMessage);
        assertEquals(OptionalInt.of(400), vllm.info().httpStatus());
        assertEquals(Optional.of("INVALID_ARGUMENT"), vllm.providerCode());

        // TGI's: no status in the body, so the gRPC code stands for it
        CloudAiException tgi = map(Status.Code.RESOURCE_EXHAUSTED, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}");
        assertInstanceOf(ThrottledException.class, tgi);
        assertTrue(tgi.isRetryable());
        assertTrue(tgi.getMessage().contains("the endpoint's model server answered RESOURCE_EXHAUSTED: Model is overloaded ("),
                tgi::getMessage);
        assertEquals(OptionalInt.empty(), tgi.info().httpStatus());

        assertInstanceOf(UnavailableException.class, map(Status.Code.UNAVAILABLE, "{\"error\":\"loading\"}"));
        assertInstanceOf(UnavailableException.class, map(Status.Code.DEADLINE_EXCEEDED, "{\"error\":\"timed out\"}"));
        assertInstanceOf(UnavailableException.class, map(Status.Code.UNKNOWN, "{\"error\":{\"message\":\"boom\",\"code\":502}}"));
        // a container's 404 is a route it lacks, not a missing endpoint
        assertInstanceOf(InvalidRequestException.class, map(Status.Code.NOT_FOUND, "{\"error\":\"Not Found\"}"));
        // JSON that is no server's error body keeps the plain gRPC mapping
        assertInstanceOf(NotFoundException.class, map(Status.Code.NOT_FOUND, "{\"detail\":\"no\"}"));
    }

    @Test
    void anUnknownEndpointSaysWhereTheEndpointsAreListed() {
        CloudAiException e = map(Status.Code.NOT_FOUND, "Endpoint `projects/p/locations/us-central1/endpoints/9999` not found.");
        assertInstanceOf(NotFoundException.class, e);
        assertTrue(e.getMessage().contains("endpoints/9999") && e.getMessage().contains("Endpoints.list()"), e::getMessage);
        assertFalse(map(Status.Code.NOT_FOUND, "Publisher Model was not found").getMessage().contains("Endpoints.list()"));
    }
}

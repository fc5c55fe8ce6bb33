package dev.cloudai.aws.errors;

import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.QuotaExceededException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.ServerErrors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS adapter's one error mapper: Bedrock Runtime, SageMaker and SageMaker Runtime exceptions to the neutral
 * tree. The provider code is the AWS error code ({@code ThrottlingException}, {@code ValidationException}...), the
 * request id is the one AWS sent ({@code x-amzn-RequestId}), the HTTP status is the response's.
 *
 * <pre>{@code
 * CloudAiException e = new AwsErrorMapper().map("chat", throttlingException);   // a ThrottledException
 * }</pre>
 *
 * <p>Credentials the chain could not find arrive as {@link AwsCredentialsUnavailableException} (raised where the
 * adapter resolves credentials, see its Javadoc for why) and become an {@code AuthenticationException} whose message
 * names the chain and the fix.
 *
 * <p>Why codes before statuses: AWS reuses statuses (SageMaker throttles with a 400, Bedrock says "model not ready"
 * with a 429, a missing SageMaker endpoint is a 400 {@code ValidationException}), so the code decides first and
 * {@link HttpErrors#fromStatus} handles whatever the code does not.
 */
public final class AwsErrorMapper implements ErrorMapper {
    private static final String PROVIDER = "aws";

    /**
     * AWS says "not found" as a validation error: {@code Could not find endpoint "x".} (SageMaker control plane,
     * ValidationException), {@code Endpoint x of account 123 not found.} (SageMaker Runtime, ValidationError),
     * {@code The provided model identifier is invalid.} (Bedrock, for a model id it does not have).
     */
    private static final Pattern COULD_NOT_FIND = Pattern.compile("(?i)could not find|\\bnot found|model identifier is invalid");
    /**
     * SageMaker Runtime's answer to InvokeEndpoint of a name it does not serve, a 400 {@code ValidationError}
     * (API_runtime_InvokeEndpoint.html, Errors: ValidationError): {@code Endpoint my-llama of account 123 not found.}
     */
    private static final Pattern NO_SUCH_ENDPOINT = Pattern.compile("Endpoint (\\S+) of account \\S+ not found");
    /** ... and "exists already" the same way: {@code Cannot create already existing endpoint "arn:..."}. */
    private static final Pattern ALREADY_EXISTS = Pattern.compile("(?i)already existing|already exists");

    private static final Set<String> AUTHENTICATION = Set.of("accessdeniedexception", "accessdenied",
            "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
            "missingauthenticationtokenexception", "incompletesignature", "invalidclienttokenid", "notauthorized");
    private static final Set<String> THROTTLING = Set.of("throttlingexception", "throttling", "toomanyrequestsexception");
    /**
     * Retryable server-side failures. SageMaker Runtime's response stream breaks with {@code ModelStreamError}
     * ({@code StreamBroken}, {@code ModelInvocationTimeExceeded}) or {@code InternalStreamFailure} ("Try your request
     * again"), API_runtime_InvokeEndpointWithResponseStream.html, Errors.
     */
    private static final Set<String> UNAVAILABLE = Set.of("modelstreamerrorexception", "internalserverexception",
            "serviceunavailableexception", "internalfailure", "serviceunavailable", "modelstreamerror",
            "internalstreamfailure", "internaldependencyexception");

    @Override
    public CloudAiException map(String operation, Throwable error) {
        ErrorInfo.Builder info = ErrorInfo.builder(PROVIDER, operation);
        AwsCredentialsUnavailableException noCredentials = find(error, AwsCredentialsUnavailableException.class);
        if (noCredentials != null) {
            return new AuthenticationException(info.providerCode("CredentialsUnavailable").build(), noCredentials.getMessage(), error);
        }
        if (error instanceof AwsServiceException e) return service(info, e);
        if (error instanceof AwsResponseFormatException e) {
            return new UnclassifiedException(info.requestId(e.requestId()).build(), e.getMessage(), false, e);
        }
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return new DeadlineExceededException(info.build(), error.getMessage(), error);
        }
        if (error instanceof SdkClientException && unreadableBody(error)) {
            // the service answered, but not in its documented format: a retry would most likely read the same
            return new UnclassifiedException(info.build(), "AWS sent an answer the SDK could not read: " + error.getMessage(),
                    false, error);
        }
        return HttpErrors.fromTransport(info.build(), error);
    }

    private static CloudAiException service(ErrorInfo.Builder builder, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage();
        int status = e.statusCode();
        ErrorInfo info = builder.providerCode(code).requestId(requestId(e)).httpStatus(status).build();
        // compared in lower case: a mid-stream exception frame names its type in lower camel case
        // (":exception-type: throttlingException"), an HTTP answer in upper camel case
        String c = code == null ? "" : code.toLowerCase(Locale.ROOT);

        // before the throttling test: the SDK counts every 429 as throttling, but this one means "warming up"
        if (c.equals("modelnotreadyexception")) return new UnavailableException(info, message, e);
        if (e.isThrottlingException() || THROTTLING.contains(c)) {
            return new ThrottledException(info, message, retryAfter(details).orElse(null), e);
        }
        if (c.equals("validationexception") || c.equals("validationerror")) {
            Matcher endpoint = NO_SUCH_ENDPOINT.matcher(message);
            if (endpoint.find()) {
                return new NotFoundException(info, message + " SageMaker Runtime has no endpoint named '" + endpoint.group(1)
                        + "' that serves in this account and region (one still Creating is not served yet);"
                        + " Endpoints.list() shows the endpoints there", e);
            }
            if (COULD_NOT_FIND.matcher(message).find()) return new NotFoundException(info, message, e);
            if (ALREADY_EXISTS.matcher(message).find()) return new ConflictException(info, message, e);
            return new InvalidRequestException(info, message, e);
        }
        if (AUTHENTICATION.contains(c)) return new AuthenticationException(info, message, e);
        if (c.equals("servicequotaexceededexception") || c.equals("resourcelimitexceeded")) {
            return new QuotaExceededException(info, message, e);
        }
        if (c.equals("resourcenotfoundexception") || c.equals("resourcenotfound")) return new NotFoundException(info, message, e);
        if (c.equals("resourceinuse") || c.equals("conflictexception")) return new ConflictException(info, message, e);
        if (c.equals("modeltimeoutexception")) return new DeadlineExceededException(info, message, e);
        // Bedrock: "An error occurred while streaming the response. Retry your request." Also the server-side
        // failures, which a mid-stream exception frame reports with status 200
        if (UNAVAILABLE.contains(c)) return new UnavailableException(info, message, e);
        if (e instanceof ModelErrorException modelError) return modelError(info, message, modelError);
        return HttpErrors.fromStatus(info, message, retryAfter(details).orElse(null), e);
    }

    /**
     * SageMaker Runtime's 424 {@code ModelError}: the model server in the endpoint answered an error, and SageMaker
     * relays its status as {@code OriginalStatusCode} and its body as {@code OriginalMessage}, with the CloudWatch
     * {@code LogStreamArn} (API reference, API_runtime_InvokeEndpoint.html and
     * API_runtime_InvokeEndpointWithResponseStream.html, Errors: ModelError). The container's own status says whose
     * fault it was, so it decides: 429 throttled, 5xx unavailable (both retryable: an overloaded or restarting
     * server), other 4xx the request. The message leads with what the container said, read out of its error body.
     */
    private static CloudAiException modelError(ErrorInfo info, String message, ModelErrorException e) {
        Integer original = e.originalStatusCode();
        String said = e.originalMessage() == null || e.originalMessage().isBlank() ? message : containerMessage(e.originalMessage());
        String detail = "the endpoint's model server answered " + (original == null ? "an error" : "HTTP " + original) + ": "
                + said + " (SageMaker ModelError" + (e.logStreamArn() == null ? "" : "; logs: " + e.logStreamArn()) + ")";
        if (original != null && original == 429) return new ThrottledException(info, detail, null, e);
        if (original != null && original >= 500) return new UnavailableException(info, detail, e);
        if (original != null && original >= 400) return new InvalidRequestException(info, detail, e);
        return new UnclassifiedException(info, detail, false, e);
    }

    /**
     * The message in a model server's error body: vLLM's and SGLang's {@code {"object":"error","message":...}}, the
     * OpenAI shape {@code {"error":{"message":...}}}, TGI's and TEI's {@code {"error":"...","error_type":...}};
     * any other body as it is (plain text, or JSON of another shape).
     */
    static String containerMessage(String body) {
        return ServerErrors.parse(body).map(ServerErrors.ServerError::message).orElse(body.strip());
    }

    private static String requestId(AwsServiceException e) {
        if (e.requestId() != null && !e.requestId().isBlank()) return e.requestId();
        return header(e.awsErrorDetails(), "x-amzn-RequestId").orElse(null);
    }

    private static Optional<Duration> retryAfter(AwsErrorDetails details) {
        return header(details, "Retry-After").flatMap(HttpErrors::parseRetryAfter);
    }

    private static Optional<String> header(AwsErrorDetails details, String name) {
        if (details == null) return Optional.empty();
        SdkHttpResponse response = details.sdkHttpResponse();
        return response == null ? Optional.empty() : response.firstMatchingHeader(name);
    }

    /** {@code error} or the first of its causes of {@code type}: the SDK may wrap what a credentials provider threw. */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** Whether the SDK failed to parse a body: its JSON parser (a shaded Jackson) or unmarshaller is in the chain. */
    private static boolean unreadableBody(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.contains(".jackson.") || (t.getMessage() != null && t.getMessage().contains("Unable to unmarshall"))) {
                return true;
            }
        }
        return false;
    }
}

package dev.cloudai.azure.errors;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import dev.cloudai.azure.http.Json;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.ServerErrors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one error mapper of the Azure adapter, for Azure OpenAI, Azure ML's management API (ARM) and scoring URIs
 * alike: all three fail with azure-core's {@link HttpResponseException} and the same
 * {@code {"error":{"code":..,"message":..}}} body.
 *
 * <ul>
 *   <li>429 becomes a {@link ThrottledException} carrying {@code retry-after-ms} (or {@code x-ms-retry-after-ms},
 *       or {@code Retry-After}): Azure sends the precise millisecond form beside the whole-second one.</li>
 *   <li>400 with code {@code content_filter} (a filtered prompt) becomes an {@link InvalidRequestException} naming
 *       the filter categories that fired.</li>
 *   <li>Other statuses go through {@link HttpErrors#fromStatus}; the body's {@code code} is the provider code and
 *       {@code apim-request-id}, {@code x-ms-request-id} or {@code x-request-id} the request id.</li>
 *   <li>A Microsoft Entra ID token that could not be had (azure-identity's {@link ClientAuthenticationException}
 *       without a response, {@code CredentialUnavailableException} when no credential of DefaultAzureCredential
 *       applies) is an authentication failure naming the chain and the fix.</li>
 *   <li>An Azure ML scoring URI relays a failing model server ("container") as HTTP 424 Model Error, the
 *       container's status in {@code ms-azureml-model-error-statuscode} and its body as the answer's, or with the
 *       container's own status. Either way the container's message is read from its body (vLLM and other
 *       OpenAI-compatible servers: {@code {"object":"error","message":..,"code":503}}; TGI and TEI:
 *       {@code {"error":..,"error_type":..}}) and the container's status decides: 429 throttled, 5xx unavailable
 *       (both retryable), other 4xx invalid request; a 424 whose container status is not known is not retried.</li>
 *   <li>A 404 for an online endpoint read before scoring (the endpoint or its keys) is a {@link NotFoundException}
 *       naming the endpoint and pointing at {@code Endpoints.list()}.</li>
 *   <li>A 2xx body that is not JSON is not retried (the same answer would come back); transport failures go through
 *       {@link HttpErrors#fromTransport} (I/O: unavailable, timeouts: deadline exceeded).</li>
 * </ul>
 *
 * <pre>{@code
 * CloudAiException e = new AzureErrorMapper("azure").map("chat", httpResponseException);
 * }</pre>
 *
 * <p>Messages carry the service's own error text and never a request header, so the API key cannot leak.
 */
public final class AzureErrorMapper implements ErrorMapper {
    /** Request id headers, most specific first: Azure OpenAI's gateway, then ARM, then Azure ML scoring. */
    private static final List<String> REQUEST_ID_HEADERS = List.of("apim-request-id", "x-ms-request-id", "x-request-id");

    /** What to do when no Entra ID credential works, in the order most users would try it. */
    private static final String ENTRA_ID_FIX = "Set cloudai.azure.api-key=${env:AZURE_OPENAI_API_KEY}, sign in with"
            + " 'az login', set the service principal's AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, or run on"
            + " Azure with a managed identity; see https://aka.ms/azsdk/java/identity/defaultazurecredential/troubleshoot";
    private static final int MAX_SUMMARY = 300;
    /**
     * Azure ML's headers on a 424 Model Error: the container's status and why. See "Troubleshooting online endpoint
     * deployment and scoring", HTTP status codes, 424 Model Error:
     * https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-online-endpoints#http-status-codes
     */
    private static final String MODEL_ERROR_STATUS = "ms-azureml-model-error-statuscode";
    private static final String MODEL_ERROR_REASON = "ms-azureml-model-error-reason";
    private static final int MODEL_ERROR = 424;
    /** An online endpoint (or its keys) in an ARM URL: workspace, endpoint. */
    private static final Pattern ONLINE_ENDPOINT = Pattern.compile(
            ".*/workspaces/([^/]+)/onlineEndpoints/([^/]+)(?:/listKeys)?/?");

    private final String providerId;

    public AzureErrorMapper(String providerId) {
        this.providerId = providerId;
    }

    @Override
    public CloudAiException map(String operation, Throwable error) {
        ClientAuthenticationException noToken = find(error, ClientAuthenticationException.class);
        if (noToken != null && noToken.getResponse() == null) {
            // azure-identity's failure to get a token (CredentialUnavailableException when no credential of the
            // chain applies): no HTTP answer to map, and nothing a retry would change
            return new AuthenticationException(ErrorInfo.builder(providerId, operation).providerCode("CredentialsUnavailable")
                    .build(), "could not get a Microsoft Entra ID token through DefaultAzureCredential (" + summary(noToken)
                    + "). " + ENTRA_ID_FIX, error);
        }
        HttpResponseException http = find(error, HttpResponseException.class);
        if (http != null && http.getResponse() != null) return fromResponse(operation, http);
        if (isMalformedBody(error)) {
            return new UnclassifiedException(ErrorInfo.builder(providerId, operation).build(),
                    "Azure answered with a body that is not the JSON expected (" + error.getClass().getSimpleName()
                            + "); retrying would get the same answer. Check the endpoint (cloudai.azure.endpoint,"
                            + " cloudai.azure.ml-endpoint or cloudai.azure.prices-endpoint) points at the Azure service",
                    false, error);
        }
        return HttpErrors.fromTransport(ErrorInfo.builder(providerId, operation).build(), error);
    }

    private CloudAiException fromResponse(String operation, HttpResponseException e) {
        HttpResponse response = e.getResponse();
        HttpHeaders headers = response.getHeaders();
        int status = response.getStatusCode();
        Map<String, Object> body = body(e);
        if (isContainerError(status, body)) return fromContainer(operation, e, status, headers, body);
        Matcher endpoint = status == 404 ? ONLINE_ENDPOINT.matcher(response.getRequest().getUrl().getPath()) : null;
        if (endpoint != null && endpoint.matches()) {
            return new NotFoundException(ErrorInfo.builder(providerId, operation).httpStatus(status)
                    .providerCode(Json.text(body, "error", "code").orElse(null)).requestId(requestId(headers)).build(),
                    "Azure ML online endpoint '" + endpoint.group(2) + "' does not exist in workspace '" + endpoint.group(1)
                            + "'; Endpoints.list() shows the endpoints there", e);
        }
        return classify(operation, status, body, requestId(headers), retryAfter(headers).orElse(null),
                "HTTP " + status + " from " + response.getRequest().getUrl().getHost(), e);
    }

    /**
     * The error of one failed request of a batch job, read off its result line: the status the request got, its
     * body ({@code {"error":{"code":..,"message":..}}}) and its request id, classified as a call that got the same
     * answer is (429 throttled, a content filter's 400 naming the categories, the rest by status). No cause: the
     * line is the whole story.
     */
    public CloudAiException fromResult(String operation, int status, Map<String, Object> body, String requestId) {
        return classify(operation, status, body, requestId, null, "HTTP " + status + " for this request of the batch", null);
    }

    private CloudAiException classify(String operation, int status, Map<String, Object> body, String requestId,
                                      Duration retryAfter, String noMessage, Throwable cause) {
        Map<String, Object> err = Json.object(body, "error");
        String code = Json.text(err, "code").orElse(null);
        String message = Json.text(err, "message").or(() -> Json.text(body, "message")).orElse(noMessage);
        ErrorInfo info = ErrorInfo.builder(providerId, operation).httpStatus(status).providerCode(code)
                .requestId(requestId).build();
        if (status == 429) {
            return new ThrottledException(info, message, retryAfter, cause);
        }
        if (status == 400 && ("content_filter".equals(code) || Json.at(err, "innererror", "content_filter_result").isPresent())) {
            List<String> categories = filteredCategories(Json.object(err, "innererror", "content_filter_result"));
            String named = categories.isEmpty() ? "category not given" : String.join(", ", categories);
            return new InvalidRequestException(info, "the prompt was blocked by Azure's content filter (" + named + "): "
                    + message, cause);
        }
        return HttpErrors.fromStatus(info, message, status == 503 ? retryAfter : null, cause);
    }

    /** A model server's own error, relayed by a scoring URI: a 424 Model Error, or a body in a server's error shape. */
    private static boolean isContainerError(int status, Map<String, Object> body) {
        // Azure's own errors are {"error":{"code","message"}}: only the servers' flat shapes mark a container.
        return status == MODEL_ERROR || (ServerErrors.of(body).isPresent() && !(body.get("error") instanceof Map));
    }

    private CloudAiException fromContainer(String operation, HttpResponseException e, int status, HttpHeaders headers,
                                           Map<String, Object> body) {
        Optional<ServerErrors.ServerError> server = ServerErrors.of(body);
        int container = status;
        if (status == MODEL_ERROR) {
            container = number(headers.getValue(HttpHeaderName.fromString(MODEL_ERROR_STATUS)))
                    .or(() -> server.flatMap(s -> s.status().isPresent() ? Optional.of(s.status().getAsInt()) : Optional.empty()))
                    .orElse(MODEL_ERROR);
        }
        String message = server.map(ServerErrors.ServerError::message).orElse("no message");
        String reason = headers.getValue(HttpHeaderName.fromString(MODEL_ERROR_REASON));
        String code = reason != null ? reason : server.flatMap(ServerErrors.ServerError::type).orElse(null);
        ErrorInfo info = ErrorInfo.builder(providerId, operation).httpStatus(container).providerCode(code)
                .requestId(requestId(headers)).build();
        String detail = (container == MODEL_ERROR ? "the endpoint's model server failed (HTTP 424 Model Error): "
                : "the endpoint's model server answered HTTP " + container + ": ") + message;
        if (container == 429) return new ThrottledException(info, detail, retryAfter(headers).orElse(null), e);
        if (container >= 500 && container <= 599) return new UnavailableException(info, detail, e);
        if (container >= 400 && container < 500 && container != MODEL_ERROR) return new InvalidRequestException(info, detail, e);
        return new UnclassifiedException(info, detail, false, e);
    }

    private static Optional<Integer> number(String value) {
        if (value == null) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The categories marked {@code filtered:true} in an Azure content-filter result
     * ({@code {"hate":{"filtered":true,"severity":"high"},"jailbreak":{"filtered":true,"detected":true}}}).
     */
    public static List<String> filteredCategories(Map<String, Object> results) {
        List<String> out = new ArrayList<>();
        results.forEach((category, result) -> {
            if (Json.text(result, "filtered").map(Boolean::parseBoolean).orElse(false)) {
                out.add(Json.text(result, "severity").map(s -> category + " (severity " + s + ")").orElse(category));
            }
        });
        return out;
    }

    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        return HttpErrors.parseRetryAfterMillis(headers.getValue(HttpHeaderName.fromString("retry-after-ms")))
                .or(() -> HttpErrors.parseRetryAfterMillis(headers.getValue(HttpHeaderName.fromString("x-ms-retry-after-ms"))))
                .or(() -> HttpErrors.parseRetryAfter(headers.getValue(HttpHeaderName.RETRY_AFTER)));
    }

    private static String requestId(HttpHeaders headers) {
        for (String name : REQUEST_ID_HEADERS) {
            String v = headers.getValue(HttpHeaderName.fromString(name));
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    /** The error body: the exception's value as the SDK decoded it, or the JSON text in its message. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpResponseException e) {
        Object value = e.getValue();
        try {
            if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
            if (value instanceof BinaryData data) return Json.parseObject(data.toString());
            if (value instanceof byte[] bytes) return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
            if (value instanceof String text) return Json.parseObject(text);
            // azure-core puts the body in the message: Status code 429, "{"error":{...}}"
            String m = e.getMessage();
            int start = m == null ? -1 : m.indexOf('{');
            int end = m == null ? -1 : m.lastIndexOf('}');
            if (start >= 0 && end > start) return Json.parseObject(m.substring(start, end + 1));
        } catch (Json.MalformedJsonException notJson) {
            // an error page that is not JSON: the status alone decides
        }
        return Map.of();
    }

    /** The first line of azure-identity's message, cut short: it lists every credential it tried, at length. */
    private static String summary(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = m.indexOf('\n');
        if (newline > 0) m = m.substring(0, newline);
        return m.length() <= MAX_SUMMARY ? m : m.substring(0, MAX_SUMMARY) + "...";
    }

    private static boolean isMalformedBody(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Json.MalformedJsonException) return true;
            String name = t.getClass().getName();
            // azure-json (shaded Jackson) and Jackson parse failures: IOExceptions that are no transport problem
            if (name.endsWith("JsonParseException") || name.endsWith("JsonEOFException")
                    || name.endsWith("MismatchedInputException") || name.endsWith(".DecodeException")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}

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
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                            + "); retrying would get the same answer. Check the endpoint (cloudai.azure.endpoint or"
                            + " cloudai.azure.ml-endpoint) points at the Azure service", false, error);
        }
        return HttpErrors.fromTransport(ErrorInfo.builder(providerId, operation).build(), error);
    }

    private CloudAiException fromResponse(String operation, HttpResponseException e) {
        HttpResponse response = e.getResponse();
        HttpHeaders headers = response.getHeaders();
        int status = response.getStatusCode();
        Map<String, Object> body = body(e);
        Map<String, Object> err = Json.object(body, "error");
        String code = Json.text(err, "code").orElse(null);
        String message = Json.text(err, "message")
                .or(() -> Json.text(body, "message"))
                .orElse("HTTP " + status + " from " + response.getRequest().getUrl().getHost());
        ErrorInfo info = ErrorInfo.builder(providerId, operation).httpStatus(status).providerCode(code)
                .requestId(requestId(headers)).build();
        if (status == 429) {
            return new ThrottledException(info, message, retryAfter(headers).orElse(null), e);
        }
        if (status == 400 && ("content_filter".equals(code) || Json.at(err, "innererror", "content_filter_result").isPresent())) {
            List<String> categories = filteredCategories(Json.object(err, "innererror", "content_filter_result"));
            String named = categories.isEmpty() ? "category not given" : String.join(", ", categories);
            return new InvalidRequestException(info, "the prompt was blocked by Azure's content filter (" + named + "): "
                    + message, e);
        }
        Duration retryAfter = status == 503 ? retryAfter(headers).orElse(null) : null;
        return HttpErrors.fromStatus(info, message, retryAfter, e);
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

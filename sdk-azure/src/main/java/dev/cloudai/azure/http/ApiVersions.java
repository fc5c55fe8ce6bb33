package dev.cloudai.azure.http;

import com.azure.core.http.HttpRequest;
import com.azure.core.util.UrlBuilder;

import java.net.MalformedURLException;

/**
 * Sets the {@code api-version} query parameter of a request azure-ai-openai built, in place of its client's own: the
 * SDK's {@code OpenAIServiceVersion} has no GA value after 2024-06-01, and Azure OpenAI's features come with versions.
 *
 * <pre>{@code
 * new RequestOptions().addRequestCallback(r -> ApiVersions.set(r, "2024-10-21"));
 * }</pre>
 */
public final class ApiVersions {
    private ApiVersions() {
    }

    /** Replaces the request's {@code api-version} (or adds it) with {@code version}. */
    public static void set(HttpRequest request, String version) {
        try {
            request.setUrl(UrlBuilder.parse(request.getUrl()).setQueryParameter("api-version", version).toUrl());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the SDK's own URL did not parse back: " + e.getMessage(), e);
        }
    }
}

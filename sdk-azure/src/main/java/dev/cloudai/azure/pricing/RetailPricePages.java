package dev.cloudai.azure.pricing;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import dev.cloudai.azure.http.Json;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.spi.ErrorMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads every page of one Retail Prices query over an azure-core {@link HttpPipeline} (no credential, no retry policy
 * of its own): follows {@code NextPageLink} exactly as the API gives it until it is null, and retries a request that
 * failed retryably (429 throttled, 5xx, a dropped connection: what the adapter's {@link ErrorMapper} calls retryable)
 * within {@link Throttling}'s bounds. Counts every request sent, retries included. Not thread-safe: one per fetch.
 *
 * <pre>{@code
 * RetailPricePages pages = new RetailPricePages(pipeline, mapper, Throttling.DEFAULT);
 * RetailPricePages.Fetched f = pages.all(firstUrl);      // f.items(), f.failure(), pages.requests()
 * }</pre>
 */
final class RetailPricePages {
    /** A query of ten sizes in one region fits one page of 1,000 items; this only stops a link that loops. */
    static final int MAX_PAGES = 50;

    private final HttpPipeline pipeline;
    private final ErrorMapper mapper;
    private final Throttling throttling;
    private int requests;

    RetailPricePages(HttpPipeline pipeline, ErrorMapper mapper, Throttling throttling) {
        this.pipeline = pipeline;
        this.mapper = mapper;
        this.throttling = throttling;
    }

    /** The requests sent so far, retries included. */
    int requests() {
        return requests;
    }

    /**
     * Every item of the query whose first page is at {@code url}. A page that cannot be had ends the reading: the
     * items of the pages before it are kept, and {@link Fetched#failure()} says why it stopped.
     */
    Fetched all(String url) {
        List<Object> items = new ArrayList<>();
        String next = url;
        int pages = 0;
        while (next != null) {
            if (pages == MAX_PAGES) {
                return new Fetched(items, pages, Optional.empty(),
                        Optional.of("stopped after " + MAX_PAGES + " pages: NextPageLink still named another"));
            }
            Map<String, Object> page;
            try {
                page = get(next);
            } catch (Failed f) {
                return new Fetched(items, pages, Optional.of(f.error), Optional.of(f.getMessage()));
            }
            pages++;
            items.addAll(Json.array(page, "Items"));
            next = Json.text(page, "NextPageLink").orElse(null);
        }
        return new Fetched(items, pages, Optional.empty(), Optional.empty());
    }

    /** One page, with the retries {@link Throttling} allows. */
    private Map<String, Object> get(String url) throws Failed {
        for (int attempt = 1; ; attempt++) {
            requests++;
            CloudAiException error;
            try {
                return send(url);
            } catch (RuntimeException e) {
                error = mapper.map(RetailPriceSource.OPERATION, e);
            }
            String tries = attempt == 1 ? "1 attempt" : attempt + " attempts";
            if (!error.isRetryable()) throw new Failed(error, error.getMessage());
            if (attempt >= throttling.maxAttempts()) throw new Failed(error, "gave up after " + tries + ": " + error.getMessage());
            Optional<Duration> asked = error instanceof ThrottledException t ? t.retryAfter() : Optional.empty();
            Duration wait = asked.orElse(throttling.backoff(attempt));
            if (wait.compareTo(throttling.maxWait()) > 0) {
                throw new Failed(error, "gave up after " + tries + ": asked to wait " + wait.toSeconds() + " s, more than the "
                        + throttling.maxWait().toSeconds() + " s a refresh waits: " + error.getMessage());
            }
            try {
                throttling.pause().pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed(error, "interrupted while waiting to retry: " + error.getMessage());
            }
        }
    }

    private Map<String, Object> send(String url) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, url);
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            BinaryData data = response.getBodyAsBinaryData();
            String body = data == null ? "" : new String(data.toBytes(), StandardCharsets.UTF_8);
            int status = response.getStatusCode();
            if (status >= 400) {
                Map<String, Object> error = armShaped(body);
                throw new HttpResponseException("Status code " + status + ", "
                        + Json.text(error, "error", "message").orElse("no message"), response, error);
            }
            Map<String, Object> page = Json.parseObject(body);
            if (!(page.get("Items") instanceof List)) {
                throw new Json.MalformedJsonException("a page of the Retail Prices API without an Items array", null);
            }
            return page;
        }
    }

    /**
     * The API's error body, {@code {"Error":{"Code":..,"Message":..}}}, in the lower-case shape of Azure Resource
     * Manager's that the adapter's one error mapper reads ({@code {"error":{"code":..,"message":..}}}).
     */
    private static Map<String, Object> armShaped(String body) {
        Map<String, Object> parsed;
        try {
            parsed = Json.parseObject(body);
        } catch (Json.MalformedJsonException notJson) {
            return Map.of();   // an error page that is not JSON: the status alone tells
        }
        Map<String, Object> inner = Json.object(parsed, "Error");
        if (inner.isEmpty()) return parsed;
        Map<String, Object> error = new LinkedHashMap<>();
        Json.text(inner, "Code").ifPresent(c -> error.put("code", c));
        Json.text(inner, "Message").ifPresent(m -> error.put("message", m));
        return Map.of("error", error);
    }

    /**
     * What one query gave.
     *
     * @param items   the items of the pages read, in order
     * @param pages   how many pages were read
     * @param failure the mapped error that stopped the reading, when one did
     * @param stopped why the reading stopped before the last page, when it did
     */
    record Fetched(List<Object> items, int pages, Optional<CloudAiException> failure, Optional<String> stopped) {
    }

    /** A page that could not be had, with the sentence that says why. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CloudAiException error;

        Failed(CloudAiException error, String message) {
            super(message, error, false, false);
            this.error = error;
        }
    }
}

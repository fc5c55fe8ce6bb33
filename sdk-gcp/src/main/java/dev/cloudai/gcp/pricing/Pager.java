package dev.cloudai.gcp.pricing;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ErrorDetails;
import com.google.api.gax.rpc.StatusCode;
import com.google.protobuf.util.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages through one listing of the Cloud Billing Catalog, one request per page, retrying a page that is throttled
 * ({@code RESOURCE_EXHAUSTED}) or unavailable ({@code UNAVAILABLE}) up to {@value #MAX_ATTEMPTS} attempts in all,
 * after a pause: the delay the server's {@code google.rpc.RetryInfo} asks for, else 1 s, 2 s, 4 s... (at most
 * {@link #MAX_PAUSE}). The clients' own retries are off, so every request made is one counted here. A refresh is a
 * batch job outside the call pipeline, hence this small loop rather than the pipeline's retry.
 *
 * <pre>{@code
 * Pager pager = new Pager(pause -> Thread.sleep(pause.toMillis()));
 * List<Sku> skus = pager.all("Compute Engine SKUs", token -> client.listSkusCallable().call(request(token)),
 *         ListSkusResponse::getSkusList, ListSkusResponse::getNextPageToken);
 * pager.requests();   // pages fetched, retries included
 * }</pre>
 */
final class Pager {
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** Waits between two attempts; tests record the pauses instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A listing that could not be read to its end; {@code cause} is the last error. */
    static final class ListingFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ListingFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Pause pause;
    private int requests;

    Pager(Pause pause) {
        this.pause = pause;
    }

    /** Requests made so far, every attempt counted. */
    int requests() {
        return requests;
    }

    /**
     * Every item of a listing, in order.
     *
     * @param what  how problems name the listing, for example "Compute Engine SKUs"
     * @param call  one page request for a page token ({@code ""} for the first page)
     * @throws ListingFailed when a page fails for good: an error that is not retried, or the attempts are spent
     */
    <R, T> List<T> all(String what, Function<String, R> call, Function<R, List<T>> items, Function<R, String> next)
            throws ListingFailed {
        List<T> all = new ArrayList<>();
        String token = "";
        int page = 1;
        do {
            R response = page(what, page, token, call);
            all.addAll(items.apply(response));
            token = next.apply(response);
            page++;
        } while (!token.isEmpty());
        return all;
    }

    private <R> R page(String what, int page, String token, Function<String, R> call) throws ListingFailed {
        for (int attempt = 1; ; attempt++) {
            requests++;
            try {
                return call.apply(token);
            } catch (ApiException e) {
                StatusCode.Code code = e.getStatusCode().getCode();
                boolean retryable = code == StatusCode.Code.RESOURCE_EXHAUSTED || code == StatusCode.Code.UNAVAILABLE;
                if (!retryable) {
                    throw new ListingFailed(what + ": page " + page + " failed with " + code + " (" + message(e) + ")", e);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new ListingFailed(what + ": page " + page + " failed " + MAX_ATTEMPTS + " times with " + code
                            + " (" + message(e) + "), gave up", e);
                }
                try {
                    pause.sleep(pauseBefore(attempt + 1, retryDelay(e)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ListingFailed(what + ": interrupted while waiting to retry page " + page, e);
                }
            }
        }
    }

    /** The pause before {@code attempt} (2 or more): the server's delay when it gives one, else doubling from 1 s. */
    static Duration pauseBefore(int attempt, Optional<Duration> serverDelay) {
        Duration d = serverDelay.orElseGet(() -> FIRST_PAUSE.multipliedBy(1L << Math.min(attempt - 2, 20)));
        return d.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : d;
    }

    private static Optional<Duration> retryDelay(ApiException e) {
        ErrorDetails details = e.getErrorDetails();
        if (details == null || details.getRetryInfo() == null || !details.getRetryInfo().hasRetryDelay()) return Optional.empty();
        return Optional.of(Duration.ofMillis(Math.max(0, Durations.toMillis(details.getRetryInfo().getRetryDelay()))));
    }

    /** The server's own words: gax's message repeats the cause's class name. */
    private static String message(ApiException e) {
        Throwable cause = e.getCause();
        String m = cause instanceof io.grpc.StatusRuntimeException s ? s.getStatus().getDescription() : e.getMessage();
        return m == null ? e.getStatusCode().getCode().name() : m;
    }
}

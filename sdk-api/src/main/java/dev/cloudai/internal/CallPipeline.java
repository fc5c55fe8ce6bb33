package dev.cloudai.internal;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one path every provider call takes: it maps the cloud's exceptions through the provider's
 * {@link ErrorMapper} and retries retryable failures with Resilience4j (exponential backoff with jitter,
 * {@code Retry-After} honoured, at most {@code maxAttempts} requests per logical call). Resilience4j decides
 * whether and how long to wait; the {@link Timer} does the waiting, so async calls never block a thread.
 * Not API: may change without notice.
 */
public final class CallPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(CallPipeline.class);

    private final String providerId;
    private final ErrorMapper mapper;
    private final Retry retry;
    private final Timer timer;
    private final AtomicBoolean closed;

    /**
     * @param closed shared with the owning {@code CloudAi}: once set, calls fail with {@link IllegalStateException}
     */
    public CallPipeline(String providerId, ErrorMapper mapper, RetrySettings settings, Timer timer, AtomicBoolean closed) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.closed = Objects.requireNonNull(closed, "closed");
        this.retry = Retry.of(providerId, retryConfig(Objects.requireNonNull(settings, "settings")));
    }

    /** The provider whose calls this pipeline carries. */
    public String providerId() {
        return providerId;
    }

    /** The Resilience4j retry, for its metrics and event publisher. */
    public Retry retry() {
        return retry;
    }

    static RetryConfig retryConfig(RetrySettings s) {
        IntervalFunction backoff = s.initialBackoff().toMillis() < 1
                ? attempt -> 0L
                : IntervalFunction.ofExponentialRandomBackoff(s.initialBackoff(), 2.0, 0.5, s.maxBackoff());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            // Retry-After is the provider telling us when it will serve again: waiting less only burns an attempt.
            if (outcome.isLeft() && outcome.getLeft() instanceof ThrottledException t && t.retryAfter().isPresent()) {
                wait = Math.max(wait, t.retryAfter().get().toMillis());
            }
            return wait;
        };
        return RetryConfig.custom()
                .maxAttempts(s.maxAttempts())
                .retryOnException(e -> e instanceof CloudAiException c && c.isRetryable())
                .intervalBiFunction(interval)
                .build();
    }

    /** Runs a blocking call, retrying on the calling thread. */
    public <T> T call(String operation, Supplier<T> attempt) {
        checkOpen();
        Retry.AsyncContext<Object> ctx = retry.asyncContext();
        while (true) {
            try {
                T result = attempt.get();
                ctx.onComplete();
                return result;
            } catch (RuntimeException e) {
                RuntimeException failure = map(operation, e);
                long wait = failure instanceof CloudAiException ? ctx.onError(failure) : -1;
                if (wait < 0) throw failure;
                log(operation, failure, wait);
                try {
                    timer.sleep(Duration.ofMillis(wait));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(ie);
                    throw failure;
                }
                checkOpen();
            }
        }
    }

    /** Runs a blocking call once: errors are mapped but not retried, for calls that are unsafe to repeat blindly. */
    public <T> T callOnce(String operation, Supplier<T> attempt) {
        checkOpen();
        try {
            return attempt.get();
        } catch (RuntimeException e) {
            throw map(operation, e);
        }
    }

    /**
     * Runs an async call; retries are scheduled on the {@link Timer}, never waited for on a thread. Cancelling the
     * returned future cancels the attempt in flight and any retry not yet started.
     */
    public <T> CompletableFuture<T> callAsync(String operation, Supplier<CompletableFuture<T>> attempt) {
        checkOpen();
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                CompletableFuture<T> f = inFlight.get();
                if (f != null) f.cancel(true);
            }
        });
        attemptAsync(operation, attempt, retry.asyncContext(), result, inFlight);
        return result;
    }

    private <T> void attemptAsync(String operation, Supplier<CompletableFuture<T>> attempt, Retry.AsyncContext<Object> ctx,
                                  CompletableFuture<T> result, AtomicReference<CompletableFuture<T>> inFlight) {
        if (result.isDone()) return;
        if (closed.get()) {
            result.completeExceptionally(closedException());
            return;
        }
        CompletableFuture<T> f;
        try {
            f = Objects.requireNonNull(attempt.get(), "the provider returned a null future");
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        inFlight.set(f);
        if (result.isCancelled()) f.cancel(true);
        f.whenComplete((value, error) -> {
            if (error == null) {
                ctx.onComplete();
                result.complete(value);
                return;
            }
            if (result.isDone()) return;
            RuntimeException failure = map(operation, error);
            long wait = failure instanceof CloudAiException ? ctx.onError(failure) : -1;
            if (wait < 0) {
                result.completeExceptionally(failure);
                return;
            }
            log(operation, failure, wait);
            timer.schedule(() -> attemptAsync(operation, attempt, ctx, result, inFlight), Duration.ofMillis(wait));
        });
    }

    /**
     * A publisher that retries a failed stream only while nothing has reached the subscriber; after the first item
     * a failure is mapped and delivered once, so no text is ever repeated.
     */
    public <T> Flow.Publisher<T> stream(String operation, Supplier<Flow.Publisher<T>> attempt) {
        checkOpen();
        return new RetryingPublisher<>(this, operation, attempt);
    }

    Retry.AsyncContext<Object> newRetryContext() {
        return retry.asyncContext();
    }

    Timer timer() {
        return timer;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Turns whatever a provider threw into what the caller sees: wrappers are unwrapped; our own exceptions and
     * the JDK exceptions that report the caller's mistakes pass unchanged; everything else goes through the
     * provider's error mapper.
     */
    public RuntimeException map(String operation, Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CloudAiException c) return c;
        if (t instanceof IllegalArgumentException || t instanceof NullPointerException
                || t instanceof UnsupportedOperationException || t instanceof CancellationException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error err) throw err;
        try {
            CloudAiException mapped = mapper.map(operation, t);
            if (mapped != null) return mapped;
        } catch (RuntimeException mapperBug) {
            t.addSuppressed(mapperBug);
        }
        return new UnclassifiedException(ErrorInfo.builder(providerId, operation).build(),
                t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), false, t);
    }

    void log(String operation, RuntimeException failure, long waitMillis) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: retrying in {} ms after {}", providerId, operation, waitMillis, failure.getMessage());
        }
    }

    void checkOpen() {
        if (closed.get()) throw closedException();
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("This CloudAi (provider " + providerId + ") is closed;"
                + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
    }
}

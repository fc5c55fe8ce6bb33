package dev.cloudai.internal.pipeline;

import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One async logical call: its attempts, its deadline, its outcome. Each step (take the guards' permit, send, on
 * failure schedule the retry) starts from the previous one's callback, so no thread ever waits for it. At the
 * deadline, when the caller cancels the future, or when the client closes, the request in flight is cancelled and
 * no retry starts. Not API.
 *
 * <pre>{@code
 * AsyncCall<ChatResponse> call = new AsyncCall<>(pipeline, "chat", () -> raw.chatAsync(request));
 * call.start();
 * return call.result;
 * }</pre>
 */
final class AsyncCall<T> implements OpenCalls.Call {
    private final CallPipeline pipeline;
    private final CallInfo info;
    private final Supplier<CompletableFuture<T>> attempt;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();
    /**
     * Made at the first failure, as most calls succeed at once. Attempts run one after another, each started
     * from the previous one's outcome, so one thread at a time reads or writes it.
     */
    private Retry.AsyncContext<Object> ctx;
    private final long start = System.nanoTime();
    private final long deadline;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile int attempts;

    AsyncCall(CallPipeline pipeline, CallInfo info, Supplier<CompletableFuture<T>> attempt) {
        this.pipeline = pipeline;
        this.info = pipeline.begin(info);
        this.attempt = attempt;
        this.deadline = start + pipeline.timeout().toNanos();
    }

    void start() {
        if (!pipeline.calls().add(this)) {
            fail(pipeline.errors().closedException());
            return;
        }
        Runnable cancelDeadline = pipeline.timer().deadline(this::expire, pipeline.timeout());
        result.whenComplete((v, e) -> {
            cancelDeadline.run();
            pipeline.calls().remove(this);
            if (result.isCancelled()) {
                // the caller's cancel ends the call: reported once, as a cancelled stream is
                if (ended.compareAndSet(false, true)) {
                    pipeline.events().finished(info, start, null, new CancellationException("the caller cancelled the call"));
                }
                cancelInFlight();
            }
        });
        next();
    }

    private void next() {
        if (result.isDone()) return;
        if (pipeline.calls().isClosed()) {
            closedUnder();
            return;
        }
        pipeline.guard().acquireAsync(info.operation(), info.id(), this::send, this::fail);
    }

    @Override
    public void closedUnder() {
        if (end(null, pipeline.errors().closedWhileOpen(info.operation(), null))) cancelInFlight();
    }

    private void send(AttemptPermit permit) {
        if (result.isDone()) {
            permit.abandoned();
            return;
        }
        int n = ++attempts;
        pipeline.events().attempted(info, n);
        CompletableFuture<T> f;
        try {
            f = Objects.requireNonNull(attempt.get(), "the provider returned a null future");
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        inFlight.set(f);
        if (result.isDone()) f.cancel(true);
        f.whenComplete((value, error) -> {
            if (error == null) {
                permit.succeeded();
                if (ctx != null) ctx.onComplete();
                end(value, null);
                return;
            }
            RuntimeException failure = pipeline.errors().map(info.operation(), error);
            if (result.isDone()) {
                // Cancelled by the caller or by the deadline: only the deadline says something about the provider.
                if (result.isCompletedExceptionally() && !result.isCancelled()) permit.failed(failureOf(result));
                else permit.abandoned();
                return;
            }
            permit.failed(failure);
            if (ctx == null) ctx = pipeline.retryPolicy().newContext();
            long wait = RetryPolicy.nextWait(ctx, failure, deadline);
            if (wait < 0) {
                fail(failure);
                return;
            }
            pipeline.events().retried(info, n, wait, failure);
            pipeline.timer().schedule(this::next, Duration.ofMillis(wait));
        });
    }

    private void expire() {
        if (result.isDone()) return;
        if (end(null, pipeline.errors().deadlineExceeded(info.operation(), attempts))) cancelInFlight();
    }

    private void fail(RuntimeException failure) {
        end(null, failure);
    }

    /**
     * Ends the call once: listeners hear the outcome before the caller's future completes, so a metrics listener
     * has counted the call by the time the caller sees its answer.
     */
    private boolean end(T value, RuntimeException failure) {
        if (result.isCancelled() || !ended.compareAndSet(false, true)) return false;
        pipeline.events().finished(info, start, value, failure);
        return failure == null ? result.complete(value) : result.completeExceptionally(failure);
    }

    private void cancelInFlight() {
        CompletableFuture<T> f = inFlight.get();
        if (f != null) f.cancel(true);
    }

    private static RuntimeException failureOf(CompletableFuture<?> f) {
        try {
            f.join();
            return new IllegalStateException("not failed");
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : e;
        } catch (CancellationException e) {
            return e;
        }
    }
}

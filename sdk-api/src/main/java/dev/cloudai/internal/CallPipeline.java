package dev.cloudai.internal;

import dev.cloudai.internal.util.Durations;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.spi.ErrorMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one path every provider call takes. Per logical call: a deadline ({@code cloudai.timeout}) and retries of
 * retryable failures (exponential backoff with jitter, {@code Retry-After} honoured, at most {@code maxAttempts}
 * requests). Per attempt: the provider's and operation's rate limiter, bulkhead and circuit breaker, then the
 * request, whose failure is mapped through the provider's {@link ErrorMapper}. Resilience4j decides (whether to
 * retry and how long to wait, whether a circuit lets a call through); the {@link Timer} does the waiting, so async
 * calls and streams never block a thread. Not API: may change without notice.
 */
public final class CallPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(CallPipeline.class);

    private final String providerId;
    private final ErrorMapper mapper;
    private final Retry retry;
    private final Guards guards;
    private final Duration timeout;
    private final Timer timer;
    private final OpenCalls calls;
    private final CallListener listener;
    /** False with no listener: then no event is built, so a call allocates nothing for listeners. */
    private final boolean listening;

    /**
     * @param calls shared with the owning {@code CloudAi}: once closed, new calls fail with
     *              {@link IllegalStateException}, and the calls still open end with one
     */
    public CallPipeline(String providerId, ErrorMapper mapper, RetrySettings retrySettings, ResilienceSettings resilience,
                        Timer timer, OpenCalls calls, CallListener listener) {
        this(providerId, mapper, retrySettings, resilience, timer, calls, listener, java.time.Clock.systemUTC());
    }

    /** As above, with the clock the circuit breakers read; tests move it to half-open a circuit without waiting. */
    CallPipeline(String providerId, ErrorMapper mapper, RetrySettings retrySettings, ResilienceSettings resilience,
                 Timer timer, OpenCalls calls, CallListener listener, java.time.Clock clock) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listening = listener != Listeners.NONE;
        this.timeout = resilience.timeout();
        this.guards = new Guards(providerId, resilience, listener, clock);
        this.retry = Retry.of(providerId, retryConfig(Objects.requireNonNull(retrySettings, "retrySettings")));
    }

    /** A pipeline with retries only: no circuit breaker, rate limit or bulkhead, a 120 s deadline, no listener. */
    public CallPipeline(String providerId, ErrorMapper mapper, RetrySettings settings, Timer timer, OpenCalls calls) {
        this(providerId, mapper, settings, new ResilienceSettings(ResilienceSettings.DEFAULTS.timeout(), false, 50, 20, 10,
                Duration.ofSeconds(30), java.util.OptionalDouble.empty(), OptionalInt.empty()), timer, calls, Listeners.NONE);
    }

    /** The provider whose calls this pipeline carries. */
    public String providerId() {
        return providerId;
    }

    /** The circuit breakers, rate limiters and bulkheads of this provider. */
    public Guards guards() {
        return guards;
    }

    static RetryConfig retryConfig(RetrySettings s) {
        IntervalFunction backoff = s.initialBackoff().toMillis() < 1
                ? attempt -> 0L
                : IntervalFunction.ofExponentialRandomBackoff(s.initialBackoff(), 2.0, 0.5, s.maxBackoff());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            // Retry-After is the provider telling us when it will serve again: waiting less only burns an attempt.
            if (outcome.isLeft() && outcome.getLeft() instanceof ThrottledException t && t.retryAfter().isPresent()) {
                wait = Math.max(wait, Durations.toMillisSaturated(t.retryAfter().get()));
            }
            return wait;
        };
        return RetryConfig.custom()
                .maxAttempts(s.maxAttempts())
                // An open circuit is retryable in general (fallback moves on) but not on the provider whose circuit it is.
                .retryOnException(e -> e instanceof CloudAiException c && c.isRetryable() && !Guards.isCircuitOpen(c))
                .intervalBiFunction(interval)
                .build();
    }

    /** Runs a blocking call, retrying on the calling thread. */
    public <T> T call(String operation, Supplier<T> attempt) {
        BlockingCall open = openBlocking();
        try {
            return retryBlocking(operation, attempt);
        } finally {
            closeBlocking(open);
        }
    }

    private <T> T retryBlocking(String operation, Supplier<T> attempt) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Retry.AsyncContext<Object> ctx = null;   // made at the first failure: most calls succeed at once
        for (int n = 1; ; n++) {
            try {
                T result = attemptBlocking(operation, n, attempt);
                if (ctx != null) ctx.onComplete();
                finished(operation, start, result, null);
                return result;
            } catch (RuntimeException e) {
                RuntimeException failure = closedOr(operation, map(operation, e));
                if (ctx == null) ctx = newRetryContext();
                long wait = nextWait(ctx, failure, deadline);
                if (wait < 0) {
                    finished(operation, start, null, failure);
                    throw failure;
                }
                retried(operation, n, wait, failure);
                try {
                    timer.sleep(Duration.ofMillis(wait));
                } catch (InterruptedException ie) {
                    if (calls.isClosed()) {
                        failure = closedWhileOpen(operation, failure);   // the interrupt was close()'s, not the caller's
                    } else {
                        Thread.currentThread().interrupt();
                        failure.addSuppressed(ie);
                    }
                    finished(operation, start, null, failure);
                    throw failure;
                }
                if (calls.isClosed()) {
                    failure = closedWhileOpen(operation, failure);
                    finished(operation, start, null, failure);
                    throw failure;
                }
            }
        }
    }

    /** A failure as the caller sees it: once the client is closed, whatever the closing caused says so. */
    private RuntimeException closedOr(String operation, RuntimeException failure) {
        return calls.isClosed() ? closedWhileOpen(operation, failure) : failure;
    }

    private BlockingCall openBlocking() {
        BlockingCall open = new BlockingCall();
        if (!calls.add(open)) throw closedException();
        return open;
    }

    private void closeBlocking(BlockingCall open) {
        calls.remove(open);
        open.end();
    }

    /**
     * The thread of a blocking call, interrupted when the client closes under it, so that a backoff, a deployment's
     * status polling or a request in a cloud SDK that honours interrupts ends at once instead of at its own pace.
     * The interrupt is the owner's, not the caller's: it is cleared when the call returns.
     */
    private static final class BlockingCall implements OpenCalls.Call {
        private final Thread thread = Thread.currentThread();
        private boolean running = true;          // guarded by this
        private boolean interruptedByClose;      // guarded by this

        @Override
        public synchronized void closedUnder() {
            if (!running || thread.isInterrupted()) return;
            interruptedByClose = true;
            thread.interrupt();
        }

        /** No interrupt can arrive after this; one that close() sent is cleared. */
        synchronized void end() {
            running = false;
            if (interruptedByClose) Thread.interrupted();
        }
    }

    private <T> T attemptBlocking(String operation, int n, Supplier<T> attempt) {
        RateLimiter limiter = guards.rateLimiter(operation);
        if (limiter != null && !limiter.acquirePermission()) throw rateLimited(operation);
        Guards.Permits bulkhead = guards.bulkhead(operation);
        if (bulkhead != null && !bulkhead.acquire()) throw bulkheadFull(operation);
        CircuitBreaker circuit = guards.circuit(operation);
        if (circuit != null && !circuit.tryAcquirePermission()) {
            if (bulkhead != null) bulkhead.release();
            throw guards.circuitOpen(operation, circuit);
        }
        Permit permit = Permit.of(circuit, bulkhead);
        attempted(operation, n);
        try {
            T result = attempt.get();
            permit.succeeded();
            return result;
        } catch (RuntimeException e) {
            RuntimeException failure = map(operation, e);
            permit.failed(failure);
            throw failure;
        }
    }

    /** Runs a blocking call once: errors are mapped but not retried, for calls that are unsafe to repeat blindly. */
    public <T> T callOnce(String operation, Supplier<T> attempt) {
        BlockingCall open = openBlocking();
        long start = System.nanoTime();
        try {
            T result = attempt.get();
            finished(operation, start, result, null);
            return result;
        } catch (RuntimeException e) {
            RuntimeException failure = closedOr(operation, map(operation, e));
            finished(operation, start, null, failure);
            throw failure;
        } finally {
            closeBlocking(open);
        }
    }

    /**
     * Runs an async call; waits (backoff, rate limit, bulkhead) are scheduled on the {@link Timer} or parked, never
     * spent on a thread. At the deadline, or when the caller cancels the returned future, the request in flight is
     * cancelled and no retry starts.
     */
    public <T> CompletableFuture<T> callAsync(String operation, Supplier<CompletableFuture<T>> attempt) {
        checkOpen();
        AsyncCall<T> call = new AsyncCall<>(operation, attempt);
        call.start();
        return call.result;
    }

    /** One async logical call: its attempts, its deadline, its outcome. */
    private final class AsyncCall<T> implements OpenCalls.Call {
        final String operation;
        final Supplier<CompletableFuture<T>> attempt;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();
        /**
         * Made at the first failure, as most calls succeed at once. Attempts run one after another, each started
         * from the previous one's outcome, so one thread at a time reads or writes it.
         */
        Retry.AsyncContext<Object> ctx;
        final long start = System.nanoTime();
        final long deadline = start + timeout.toNanos();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile int attempts;

        AsyncCall(String operation, Supplier<CompletableFuture<T>> attempt) {
            this.operation = operation;
            this.attempt = attempt;
        }

        void start() {
            if (!calls.add(this)) {
                fail(closedException());
                return;
            }
            Runnable cancelDeadline = timer.deadline(this::expire, timeout);
            result.whenComplete((v, e) -> {
                cancelDeadline.run();
                calls.remove(this);
                if (result.isCancelled()) {
                    // the caller's cancel ends the call: reported once, as a cancelled stream is
                    if (ended.compareAndSet(false, true)) {
                        finished(operation, start, null, new CancellationException("the caller cancelled the call"));
                    }
                    cancelInFlight();
                }
            });
            next();
        }

        void next() {
            if (result.isDone()) return;
            if (calls.isClosed()) {
                closedUnder();
                return;
            }
            acquireAsync(operation, this::send, this::fail);
        }

        @Override
        public void closedUnder() {
            if (end(null, closedWhileOpen(operation, null))) cancelInFlight();
        }

        void send(Permit permit) {
            if (result.isDone()) {
                permit.abandoned();
                return;
            }
            int n = ++attempts;
            attempted(operation, n);
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
                RuntimeException failure = map(operation, error);
                if (result.isDone()) {
                    // Cancelled by the caller or by the deadline: only the deadline says something about the provider.
                    if (result.isCompletedExceptionally() && !result.isCancelled()) permit.failed(failureOf(result));
                    else permit.abandoned();
                    return;
                }
                permit.failed(failure);
                if (ctx == null) ctx = newRetryContext();
                long wait = nextWait(ctx, failure, deadline);
                if (wait < 0) {
                    fail(failure);
                    return;
                }
                retried(operation, n, wait, failure);
                timer.schedule(this::next, Duration.ofMillis(wait));
            });
        }

        void expire() {
            if (result.isDone()) return;
            if (end(null, deadlineExceeded(operation, attempts))) cancelInFlight();
        }

        void fail(RuntimeException failure) {
            end(null, failure);
        }

        /**
         * Ends the call once: listeners hear the outcome before the caller's future completes, so a metrics listener
         * has counted the call by the time the caller sees its answer.
         */
        boolean end(T value, RuntimeException failure) {
            if (result.isCancelled() || !ended.compareAndSet(false, true)) return false;
            finished(operation, start, value, failure);
            return failure == null ? result.complete(value) : result.completeExceptionally(failure);
        }

        void cancelInFlight() {
            CompletableFuture<T> f = inFlight.get();
            if (f != null) f.cancel(true);
        }
    }

    /**
     * Takes a rate-limit permit, a bulkhead slot and a circuit permission without blocking: a rate-limit wait is
     * scheduled on the timer, a full bulkhead parks the step until a slot frees. Then runs {@code go} with the
     * permit, or {@code refuse} with why the attempt may not start.
     */
    void acquireAsync(String operation, Consumer<Permit> go, Consumer<RuntimeException> refuse) {
        RateLimiter limiter = guards.rateLimiter(operation);
        long waitNanos = limiter == null ? 0 : limiter.reservePermission();
        if (waitNanos < 0) {
            refuse.accept(rateLimited(operation));
            return;
        }
        if (waitNanos > 0) timer.schedule(() -> acquireSlot(operation, go, refuse), Duration.ofNanos(waitNanos));
        else acquireSlot(operation, go, refuse);
    }

    /** The bulkhead step of {@link #acquireAsync}; with no bulkhead, straight on, with no task object. */
    private void acquireSlot(String operation, Consumer<Permit> go, Consumer<RuntimeException> refuse) {
        Guards.Permits bulkhead = guards.bulkhead(operation);
        if (bulkhead == null) acquireCircuit(operation, null, go, refuse);
        else bulkhead.runWithPermit(() -> acquireCircuit(operation, bulkhead, go, refuse));
    }

    /** The circuit breaker step of {@link #acquireAsync}, holding {@code slot} (or none). */
    private void acquireCircuit(String operation, Guards.Permits slot, Consumer<Permit> go,
                                Consumer<RuntimeException> refuse) {
        CircuitBreaker circuit = guards.circuit(operation);
        if (circuit != null && !circuit.tryAcquirePermission()) {
            if (slot != null) slot.release();
            refuse.accept(guards.circuitOpen(operation, circuit));
            return;
        }
        go.accept(Permit.of(circuit, slot));
    }

    /**
     * A publisher that retries a failed stream only while nothing has reached the subscriber; after the first item
     * a failure is mapped and delivered once, so no text is ever repeated. The deadline bounds the wait for the
     * first item.
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

    Duration timeout() {
        return timeout;
    }

    boolean isClosed() {
        return calls.isClosed();
    }

    OpenCalls calls() {
        return calls;
    }

    /**
     * The wait in milliseconds before the next attempt, or -1 when there is none: not retryable, attempts used up,
     * or no retry could start before the deadline. In that last case the caller gets the failure itself at once,
     * not a deadline error after a wait that could not help.
     */
    long nextWait(Retry.AsyncContext<Object> ctx, RuntimeException failure, long deadlineNanos) {
        if (!(failure instanceof CloudAiException)) return -1;
        long wait = ctx.onError(failure);
        if (wait < 0) return -1;
        // Compared in milliseconds, without multiplying: a Retry-After of years must not overflow into "no wait".
        long leftMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return wait >= leftMillis ? -1 : wait;
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
                || t instanceof UnsupportedOperationException || t instanceof CancellationException
                || t instanceof IllegalStateException && calls.isClosed()) {
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

    DeadlineExceededException deadlineExceeded(String operation, int attempts) {
        return new DeadlineExceededException(ErrorInfo.builder(providerId, operation).providerCode("Timeout").build(),
                "no answer within cloudai.timeout=" + Durations.format(timeout) + " (" + attempts
                        + " attempt(s)); the request in flight was cancelled", null);
    }

    private ThrottledException rateLimited(String operation) {
        return new ThrottledException(ErrorInfo.builder(providerId, operation).providerCode("ClientRateLimit").build(),
                "the client-side rate limit (cloudai.rate-limit.requests-per-second) has no permit free within the"
                        + " deadline", null, null);
    }

    private DeadlineExceededException bulkheadFull(String operation) {
        return new DeadlineExceededException(ErrorInfo.builder(providerId, operation).providerCode("BulkheadFull").build(),
                "every slot of the bulkhead (cloudai.bulkhead.max-concurrent-calls) stayed busy until the deadline", null);
    }

    /** Tells the listener an attempt starts; with no listener, builds nothing. */
    void attempted(String operation, int attempt) {
        if (listening) listener.onAttempt(new CallListener.Attempt(providerId, operation, attempt));
    }

    void retried(String operation, int attempt, long waitMillis, RuntimeException failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: retrying in {} ms after {}", providerId, operation, waitMillis, failure.getMessage());
        }
        if (!listening) return;
        listener.onRetry(new CallListener.Retry(providerId, operation, attempt, Duration.ofMillis(waitMillis), describe(failure)));
    }

    /** Tells the listener a call ended; with no listener, builds nothing (no event, latency or usage). */
    void finished(String operation, long startNanos, Object result, RuntimeException failure) {
        if (!listening) return;
        listener.onCallFinished(new CallListener.CallFinished(providerId, operation,
                Duration.ofNanos(System.nanoTime() - startNanos), usageOf(result), Optional.ofNullable(failure).map(CallPipeline::describe)));
    }

    static Optional<TokenUsage> usageOf(Object result) {
        if (result instanceof ChatResponse r) return Optional.of(r.usage());
        if (result instanceof EmbeddingResponse r) return r.usage();
        if (result instanceof dev.cloudai.invocation.ChatChunk.Finished f) return f.usage();
        return Optional.empty();
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
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

    void checkOpen() {
        if (calls.isClosed()) throw closedException();
    }

    /** For a call made after close. */
    IllegalStateException closedException() {
        return new IllegalStateException("This CloudAi (provider " + providerId + ") is closed;"
                + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
    }

    /**
     * For a call that was open when its {@code CloudAi} was closed: it ends here, whatever its request would have
     * answered. {@code cause} is what the closing made of the request in flight, when anything.
     */
    IllegalStateException closedWhileOpen(String operation, Throwable cause) {
        return new IllegalStateException("This CloudAi (provider " + providerId + ") was closed while this " + operation
                + " call was open; the call did not complete: create a new CloudAi to call again", cause);
    }
}

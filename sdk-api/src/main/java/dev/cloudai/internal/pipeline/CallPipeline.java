package dev.cloudai.internal.pipeline;

import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.spi.ErrorMapper;

import java.time.Clock;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The one path every provider call takes. Per logical call: a deadline ({@code cloudai.timeout}) and retries of
 * retryable failures ({@link RetryPolicy}). Per attempt: the provider's and operation's rate limiter, bulkhead and
 * circuit breaker ({@link AttemptGuard}), then the request, whose failure is mapped through the provider's
 * {@link ErrorMapper} ({@link ErrorTranslator}). This class is the facade that wires those parts together; the
 * blocking loop ({@link BlockingCalls}), the async state machine ({@link AsyncCall}) and the retrying stream
 * ({@link RetryingStream}) run the calls. Resilience4j decides; the {@link Timer} does the waiting, so async calls
 * and streams never block a thread. Not API: may change without notice.
 *
 * <pre>{@code
 * CallPipeline pipeline = CallPipeline.builder("aws", provider.errorMapper())
 *         .retry(config.retry()).resilience(config.resilience())
 *         .timer(timer).calls(openCalls).listener(listener)
 *         .build();
 * ChatResponse r = pipeline.call("chat", () -> raw.chat(request));
 * }</pre>
 */
public final class CallPipeline {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallPipeline.class);
    /** Retries only: no circuit breaker, rate limit or bulkhead, and the default deadline. */
    static final ResilienceSettings RETRIES_ONLY = ResilienceSettings.builder().circuitBreaker(false).build();

    private final String providerId;
    private final Duration timeout;
    private final Timer timer;
    private final OpenCalls calls;
    private final Guards guards;
    private final ErrorTranslator errors;
    private final CallEvents events;
    private final RetryPolicy retryPolicy;
    private final AttemptGuard guard;
    private final BlockingCalls blocking;
    private final Pricer pricer;

    private CallPipeline(Builder b) {
        this.providerId = b.providerId;
        this.timer = Objects.requireNonNull(b.timer, "timer");
        this.calls = b.calls;
        this.timeout = b.resilience.timeout();
        this.guards = new Guards(providerId, b.resilience, b.listener, b.clock);
        this.errors = new ErrorTranslator(providerId, b.mapper, calls, timeout);
        this.pricer = b.pricer;
        this.events = new CallEvents(providerId, b.listener, this::cost);
        this.retryPolicy = new RetryPolicy(providerId, b.retry);
        this.guard = new AttemptGuard(guards, timer, errors);
        this.blocking = new BlockingCalls(this);
    }

    /**
     * A builder for {@code providerId}'s pipeline, whose failures {@code mapper} maps. Defaults: retries as
     * {@link RetrySettings#DEFAULTS}; no circuit breaker, rate limit or bulkhead, and the default deadline; no
     * listener; an {@link OpenCalls} of its own; the system clock. The {@link Timer} has no default: a real one owns
     * a thread, which its owner must close.
     */
    public static Builder builder(String providerId, ErrorMapper mapper) {
        return new Builder(providerId, mapper);
    }

    /** The provider whose calls this pipeline carries. */
    public String providerId() {
        return providerId;
    }

    /** The circuit breakers, rate limiters and bulkheads of this provider. */
    public Guards guards() {
        return guards;
    }

    /** Runs a blocking call, retrying on the calling thread. */
    public <T> T call(String operation, Supplier<T> attempt) {
        return call(CallInfo.of(operation), attempt);
    }

    /** Runs a blocking call, retrying on the calling thread; its events describe {@code call}. */
    public <T> T call(CallInfo call, Supplier<T> attempt) {
        return blocking.call(call, attempt);
    }

    /** Runs a blocking call once: errors are mapped but not retried, for calls that are unsafe to repeat blindly. */
    public <T> T callOnce(String operation, Supplier<T> attempt) {
        return blocking.callOnce(CallInfo.of(operation), attempt);
    }

    /** As {@link #callOnce(String, Supplier)}, its events describing {@code info}. */
    public <T> T callOnce(CallInfo info, Supplier<T> attempt) {
        return blocking.callOnce(info, attempt);
    }

    /** Whether the owning client was closed: no call starts any more, and every open one has ended. */
    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Opens a stream read lazily by the caller (a batch job's results) as one call: {@code open} is attempted and
     * retried like a blocking call, then the call stays open while the caller reads, and ends, reported once, when
     * the stream is read to its end, fails, or is closed. A failure while reading is mapped, never retried (items
     * were delivered already), and thrown to the reader; closing the client ends the call and releases the stream.
     * See {@link ReadingCall}.
     */
    public <T> java.util.stream.Stream<T> openStream(CallInfo info, Supplier<java.util.stream.Stream<T>> open) {
        return blocking.openStream(info, open);
    }

    /**
     * Runs an async call; waits (backoff, rate limit, bulkhead) are scheduled on the {@link Timer} or parked, never
     * spent on a thread. At the deadline, or when the caller cancels the returned future, the request in flight is
     * cancelled and no retry starts.
     */
    public <T> CompletableFuture<T> callAsync(String operation, Supplier<CompletableFuture<T>> attempt) {
        return callAsync(CallInfo.of(operation), attempt);
    }

    /** As {@link #callAsync(String, Supplier)}, its events describing {@code info}. */
    public <T> CompletableFuture<T> callAsync(CallInfo info, Supplier<CompletableFuture<T>> attempt) {
        checkOpen();
        AsyncCall<T> call = new AsyncCall<>(this, info, attempt);
        call.start();
        return call.result;
    }

    /**
     * A publisher that retries a failed stream only while nothing has reached the subscriber; after the first item
     * a failure is mapped and delivered once, so no text is ever repeated. The deadline bounds the wait for the
     * first item.
     */
    public <T> Flow.Publisher<T> stream(String operation, Supplier<Flow.Publisher<T>> attempt) {
        return stream(CallInfo.of(operation), attempt);
    }

    /** As {@link #stream(String, Supplier)}, each subscription's events describing {@code info}. */
    public <T> Flow.Publisher<T> stream(CallInfo info, Supplier<Flow.Publisher<T>> attempt) {
        checkOpen();
        return RetryingStream.publisher(this, info, attempt);
    }

    /**
     * What {@code usage} of {@code model} cost on this provider, when the price is known. A deployed endpoint's model
     * ({@code endpoint:...}) costs by the hour, not by the token: never priced here. Pricing never fails a call: a
     * price table that cannot answer is logged and the cost is unknown.
     */
    public Optional<CallCost> cost(String model, TokenUsage usage) {
        if (model == null || usage == null || model.startsWith("endpoint:")) return Optional.empty();
        try {
            return pricer.cost(providerId, model, usage);
        } catch (RuntimeException e) {
            LOG.warn("Pricing {} on {} failed; its cost is unknown", model, providerId, e);
            return Optional.empty();
        }
    }

    /** A new call id, for a fallback chain whose calls on several providers share one. */
    public long nextCallId() {
        return calls.nextCallId();
    }

    /**
     * The call as it starts: with a listener, it gets the next id unless it has one, and the listener hears that it
     * started. Without one it stays as it is, so a call costs nothing for events nobody hears.
     */
    CallInfo begin(CallInfo info) {
        if (!events.listening()) return info;
        CallInfo call = info.id() == 0 ? info.withId(calls.nextCallId()) : info;
        events.started(call);
        return call;
    }

    /**
     * What the caller sees of {@code error}, a provider's failure outside any call (say, while a stream is made):
     * mapped through the provider's {@link ErrorMapper} as a call's failure is.
     */
    public RuntimeException map(String operation, Throwable error) {
        return errors.map(operation, error);
    }

    /** @throws IllegalStateException saying the client is closed, when it is */
    public void requireOpen() {
        if (calls.isClosed()) throw errors.closedException();
    }

    private void checkOpen() {
        requireOpen();
    }

    /* The parts, for the classes that run the calls. */

    Duration timeout() {
        return timeout;
    }

    Timer timer() {
        return timer;
    }

    OpenCalls calls() {
        return calls;
    }

    ErrorTranslator errors() {
        return errors;
    }

    CallEvents events() {
        return events;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    AttemptGuard guard() {
        return guard;
    }

    /**
     * Builds a {@link CallPipeline}; see {@link CallPipeline#builder} for the defaults.
     *
     * <pre>{@code
     * CallPipeline p = CallPipeline.builder("test", mapper).retry(new RetrySettings(1, ZERO, ZERO)).timer(timer).build();
     * }</pre>
     */
    public static final class Builder {
        private final String providerId;
        private final ErrorMapper mapper;
        private RetrySettings retry = RetrySettings.DEFAULTS;
        private ResilienceSettings resilience = RETRIES_ONLY;
        private Timer timer;
        private OpenCalls calls = new OpenCalls();
        private CallListener listener = Listeners.NONE;
        private Clock clock = Clock.systemUTC();
        private Pricer pricer = Pricer.NONE;

        private Builder(String providerId, ErrorMapper mapper) {
            this.providerId = Objects.requireNonNull(providerId, "providerId");
            this.mapper = Objects.requireNonNull(mapper, "mapper");
        }

        /** How failed attempts are retried. */
        public Builder retry(RetrySettings settings) {
            this.retry = Objects.requireNonNull(settings, "retrySettings");
            return this;
        }

        /** The deadline, circuit breaker, rate limit and bulkhead. */
        public Builder resilience(ResilienceSettings settings) {
            this.resilience = Objects.requireNonNull(settings, "resilience");
            return this;
        }

        /** What waits between attempts and runs deadlines; required. */
        public Builder timer(Timer timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * The open calls, shared with the owning {@code CloudAi}: once closed, new calls fail with
         * {@link IllegalStateException}, and the calls still open end with one.
         */
        public Builder calls(OpenCalls calls) {
            this.calls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        /** Who hears of attempts, retries, circuit changes and outcomes; {@link Listeners#NONE} by default. */
        public Builder listener(CallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock the circuit breakers read; tests move it to half-open a circuit without waiting. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What calls cost, for their answers and events; {@link Pricer#NONE} (every cost unknown) by default. */
        public Builder pricer(Pricer pricer) {
            this.pricer = Objects.requireNonNull(pricer, "pricer");
            return this;
        }

        /** @throws NullPointerException naming {@code timer} when none was given */
        public CallPipeline build() {
            return new CallPipeline(this);
        }
    }
}

package dev.cloudai.internal.pipeline;

import dev.cloudai.internal.util.Durations;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.resilience.CallListener;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One provider's circuit breakers, rate limiters and bulkheads, one of each per operation, made on first use.
 * Resilience4j keeps the state; this class only wires it to the settings and to the listener. Not API.
 *
 * <pre>{@code
 * Guards guards = new Guards("aws", settings, listener, Clock.systemUTC());
 * CircuitBreaker chat = guards.circuit("chat");   // null when circuit breakers are off
 * }</pre>
 */
public final class Guards {
    /** The provider code of the exception an open circuit fails fast with. */
    public static final String CIRCUIT_OPEN = UnavailableException.CIRCUIT_OPEN;

    private final String providerId;
    private final ResilienceSettings settings;
    private final CallListener listener;
    private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, BulkheadQueue> bulkheads = new ConcurrentHashMap<>();

    private final java.time.Clock clock;

    /** @param clock what circuit breakers read the time from, to decide when an open circuit may half-open */
    public Guards(String providerId, ResilienceSettings settings, CallListener listener, java.time.Clock clock) {
        this.providerId = providerId;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    /*
     * Each guard is looked up with a plain get first: it exists from the operation's first call on, and
     * computeIfAbsent alone would allocate its (capturing) function on every call.
     */

    /** The operation's circuit breaker, or {@code null} when circuit breakers are off. */
    public CircuitBreaker circuit(String operation) {
        if (!settings.circuitBreakerEnabled()) return null;
        CircuitBreaker existing = circuits.get(operation);
        return existing != null ? existing : circuits.computeIfAbsent(operation, op -> {
            CircuitBreaker cb = CircuitBreaker.of(providerId + ":" + op, CircuitBreakerConfig.custom()
                    .failureRateThreshold(settings.failureRateThreshold())
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(settings.slidingWindowSize())
                    .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.slidingWindowSize()))
                    .waitDurationInOpenState(settings.waitInOpen())
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .clock(clock)
                    // Only failures that say the provider is unwell count; a caller's bad request says nothing about it.
                    .recordException(t -> t instanceof CloudAiException c && c.isRetryable())
                    .build());
            // Only with a listener: a breaker with any event consumer builds an event (with a timestamp) per call.
            if (listener != Listeners.NONE) {
                cb.getEventPublisher().onStateTransition(e -> listener.onCircuitStateChange(new CallListener.CircuitStateChange(
                        currentCall(), providerId, op, e.getStateTransition().getFromState().name(),
                        e.getStateTransition().getToState().name())));
            }
            return cb;
        });
    }

    /** The operation's rate limiter, or {@code null} when there is no limit. */
    public RateLimiter rateLimiter(String operation) {
        if (settings.requestsPerSecond().isEmpty()) return null;
        RateLimiter existing = limiters.get(operation);
        return existing != null ? existing : limiters.computeIfAbsent(operation, op -> {
            double rps = settings.requestsPerSecond().getAsDouble();
            // Whole permits per period: 2.5 rps becomes 5 per 2 s, so the average rate is exact.
            int permits = (int) Math.max(1, Math.round(rps >= 1 ? rps : 1));
            Duration period = Duration.ofNanos(Math.round(1e9 * permits / rps));
            return RateLimiter.of(providerId + ":" + op, RateLimiterConfig.custom()
                    .limitForPeriod(permits).limitRefreshPeriod(period).timeoutDuration(settings.timeout()).build());
        });
    }

    /** The operation's bulkhead, or {@code null} when concurrency is not limited. */
    public BulkheadQueue bulkhead(String operation) {
        if (settings.maxConcurrentCalls().isEmpty()) return null;
        BulkheadQueue existing = bulkheads.get(operation);
        if (existing != null) return existing;
        // maxWaitDuration zero: Resilience4j's tryAcquirePermission otherwise waits that long, blocking async callers.
        // Blocking callers wait in BulkheadQueue.acquire instead, up to the deadline.
        return bulkheads.computeIfAbsent(operation, op -> new BulkheadQueue(Bulkhead.of(providerId + ":" + op, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls().getAsInt()).maxWaitDuration(Duration.ZERO).build()),
                settings.timeout()));
    }

    /** The exception an open circuit fails fast with: unavailable, but not retried on this provider. */
    public UnavailableException circuitOpen(String operation, CircuitBreaker cb) {
        return new UnavailableException(ErrorInfo.builder(providerId, operation).providerCode(CIRCUIT_OPEN).build(),
                "the circuit breaker is " + cb.getState() + " after a failure rate of "
                        + Math.round(cb.getMetrics().getFailureRate()) + "%",
                "Calls to this provider and operation fail fast, without a request or a retry, for up to "
                        + Durations.format(settings.waitInOpen()) + "; then probe calls go through. Configure"
                        + " cloudai.fallback to route them to another provider meanwhile", null);
    }

    /** Whether {@code e} is the fail-fast of an open circuit. */
    public static boolean isCircuitOpen(Throwable e) {
        return e instanceof UnavailableException u && u.isCircuitOpen();
    }

    /*
     * Resilience4j reports a state change synchronously, on the thread whose permission request or outcome moved the
     * circuit, without saying which call it was: the call's id rides along on that thread for the moment of the request.
     */
    private static final ThreadLocal<long[]> CURRENT_CALL = ThreadLocal.withInitial(() -> new long[1]);

    /** Asks {@code circuit} for permission on behalf of call {@code callId}. */
    static boolean tryAcquire(CircuitBreaker circuit, long callId) {
        long before = enterCall(callId);
        try {
            return circuit.tryAcquirePermission();
        } finally {
            exitCall(before);
        }
    }

    /**
     * Marks this thread as working for call {@code callId} until {@link #exitCall}, for a state change the circuit
     * reports meanwhile; returns the call it worked for before. A pair of calls, not a callback, so that reporting
     * an attempt's outcome allocates nothing.
     */
    static long enterCall(long callId) {
        long[] current = CURRENT_CALL.get();
        long before = current[0];
        current[0] = callId;
        return before;
    }

    /** Ends {@link #enterCall}, giving the thread back the call it had before. */
    static void exitCall(long before) {
        CURRENT_CALL.get()[0] = before;
    }

    private static java.util.OptionalLong currentCall() {
        long id = CURRENT_CALL.get()[0];
        return id == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(id);
    }
}

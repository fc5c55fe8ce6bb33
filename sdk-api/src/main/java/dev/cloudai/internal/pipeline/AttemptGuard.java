package dev.cloudai.internal.pipeline;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Lets an attempt start only with the provider's leave: a rate-limit permit, a bulkhead slot and a circuit breaker
 * permission, taken in that order and handed over as one {@link AttemptPermit}. A blocking caller waits on its own
 * thread; an async caller never blocks (a rate-limit wait goes to the {@link Timer}, a full bulkhead parks the step).
 * Not API.
 *
 * <pre>{@code
 * AttemptPermit permit = guard.acquire("chat");                        // blocking; throws when refused
 * guard.acquireAsync("chat", permit -> send(permit), this::fail);      // async
 * }</pre>
 */
final class AttemptGuard {
    private final Guards guards;
    private final Timer timer;
    private final ErrorTranslator errors;

    AttemptGuard(Guards guards, Timer timer, ErrorTranslator errors) {
        this.guards = guards;
        this.timer = timer;
        this.errors = errors;
    }

    /** Takes the permit on the calling thread, waiting for a bulkhead slot up to the deadline; throws when refused. */
    AttemptPermit acquire(String operation, long callId) {
        RateLimiter limiter = guards.rateLimiter(operation);
        if (limiter != null && !limiter.acquirePermission()) throw errors.rateLimited(operation);
        BulkheadQueue bulkhead = guards.bulkhead(operation);
        if (bulkhead != null && !bulkhead.acquire()) throw errors.bulkheadFull(operation);
        CircuitBreaker circuit = guards.circuit(operation);
        if (circuit != null && !Guards.tryAcquire(circuit, callId)) {
            if (bulkhead != null) bulkhead.release();
            throw guards.circuitOpen(operation, circuit);
        }
        return AttemptPermit.of(circuit, bulkhead, callId);
    }

    /**
     * Takes a rate-limit permit, a bulkhead slot and a circuit permission without blocking: a rate-limit wait is
     * scheduled on the timer, a full bulkhead parks the step until a slot frees. Then runs {@code go} with the
     * permit, or {@code refuse} with why the attempt may not start.
     */
    void acquireAsync(String operation, long callId, Consumer<AttemptPermit> go, Consumer<RuntimeException> refuse) {
        RateLimiter limiter = guards.rateLimiter(operation);
        long waitNanos = limiter == null ? 0 : limiter.reservePermission();
        if (waitNanos < 0) {
            refuse.accept(errors.rateLimited(operation));
            return;
        }
        if (waitNanos > 0) timer.schedule(() -> acquireSlot(operation, callId, go, refuse), Duration.ofNanos(waitNanos));
        else acquireSlot(operation, callId, go, refuse);
    }

    /** The bulkhead step of {@link #acquireAsync}; with no bulkhead, straight on, with no task object. */
    private void acquireSlot(String operation, long callId, Consumer<AttemptPermit> go, Consumer<RuntimeException> refuse) {
        BulkheadQueue bulkhead = guards.bulkhead(operation);
        if (bulkhead == null) acquireCircuit(operation, callId, null, go, refuse);
        else bulkhead.runWithPermit(() -> acquireCircuit(operation, callId, bulkhead, go, refuse));
    }

    /** The circuit breaker step of {@link #acquireAsync}, holding {@code slot} (or none). */
    private void acquireCircuit(String operation, long callId, BulkheadQueue slot, Consumer<AttemptPermit> go,
                                Consumer<RuntimeException> refuse) {
        CircuitBreaker circuit = guards.circuit(operation);
        if (circuit != null && !Guards.tryAcquire(circuit, callId)) {
            if (slot != null) slot.release();
            refuse.accept(guards.circuitOpen(operation, circuit));
            return;
        }
        go.accept(AttemptPermit.of(circuit, slot, callId));
    }
}

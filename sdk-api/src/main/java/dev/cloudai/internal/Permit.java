package dev.cloudai.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one attempt holds while it runs: a bulkhead slot and a circuit breaker permission. Exactly one of
 * {@link #succeeded}, {@link #failed} or {@link #abandoned} ends it, reporting the outcome to the circuit breaker
 * and freeing the slot; later calls are ignored, so racing completion paths cannot report twice. Not API.
 *
 * <pre>{@code
 * permit.succeeded();            // the provider answered
 * permit.failed(mappedError);    // the provider failed: counts toward opening the circuit if retryable
 * permit.abandoned();            // the caller cancelled: no verdict on the provider
 * }</pre>
 */
final class Permit {
    private final CircuitBreaker circuit;
    private final Guards.Permits bulkhead;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();

    Permit(CircuitBreaker circuit, Guards.Permits bulkhead) {
        this.circuit = circuit;
        this.bulkhead = bulkhead;
    }

    void succeeded() {
        if (!ended.compareAndSet(false, true)) return;
        if (circuit != null) circuit.onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        if (bulkhead != null) bulkhead.release();
    }

    void failed(Throwable failure) {
        if (!ended.compareAndSet(false, true)) return;
        if (circuit != null) circuit.onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, failure);
        if (bulkhead != null) bulkhead.release();
    }

    void abandoned() {
        if (!ended.compareAndSet(false, true)) return;
        if (circuit != null) circuit.releasePermission();
        if (bulkhead != null) bulkhead.release();
    }
}

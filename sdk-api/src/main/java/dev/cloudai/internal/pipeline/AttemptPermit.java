package dev.cloudai.internal.pipeline;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
final class AttemptPermit {
    /** Holds nothing, so there is nothing to end: shared by every attempt with no circuit breaker and no bulkhead. */
    private static final AttemptPermit NONE = new AttemptPermit(null, null, 0);
    private static final AtomicIntegerFieldUpdater<AttemptPermit> ENDED = AtomicIntegerFieldUpdater.newUpdater(AttemptPermit.class, "ended");

    private final CircuitBreaker circuit;
    private final BulkheadQueue bulkhead;
    /** The call the attempt belongs to, named to the listener if its outcome moves the circuit. */
    private final long callId;
    private final long startedNanos = System.nanoTime();
    /** 1 once ended. A field set through {@link #ENDED} rather than an AtomicBoolean: one object less per attempt. */
    private volatile int ended;

    private AttemptPermit(CircuitBreaker circuit, BulkheadQueue bulkhead, long callId) {
        this.circuit = circuit;
        this.bulkhead = bulkhead;
        this.callId = callId;
    }

    /** A permit holding {@code circuit}'s permission and a {@code bulkhead} slot; either may be {@code null}. */
    static AttemptPermit of(CircuitBreaker circuit, BulkheadQueue bulkhead, long callId) {
        return circuit == null && bulkhead == null ? NONE : new AttemptPermit(circuit, bulkhead, callId);
    }

    void succeeded() {
        if (!end()) return;
        if (circuit != null) {
            long before = Guards.enterCall(callId);
            try {
                circuit.onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            } finally {
                Guards.exitCall(before);
            }
        }
        if (bulkhead != null) bulkhead.release();
    }

    void failed(Throwable failure) {
        if (!end()) return;
        if (circuit != null) {
            long before = Guards.enterCall(callId);
            try {
                circuit.onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, failure);
            } finally {
                Guards.exitCall(before);
            }
        }
        if (bulkhead != null) bulkhead.release();
    }

    void abandoned() {
        if (!end()) return;
        if (circuit != null) circuit.releasePermission();
        if (bulkhead != null) bulkhead.release();
    }

    /** True for the first ending only; {@link #NONE} is never marked, as every attempt without guards shares it. */
    private boolean end() {
        return this != NONE && ENDED.compareAndSet(this, 0, 1);
    }
}

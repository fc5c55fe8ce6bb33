package dev.cloudai.resilience;

import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Hears what the call pipeline does, to log or meter it; no metrics library is forced on anyone. Every method has
 * a do-nothing default, so a listener implements only what it needs. Listeners are called on the thread that
 * observed the event (a caller's or an I/O thread): keep them fast and never block in them. A listener that
 * throws is logged and ignored.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(config, new CallListener() {
 *     public void onCallFinished(CallFinished e) {
 *         meter.record(e.provider() + "." + e.operation(), e.latency(), e.failure().isEmpty());
 *     }
 * });
 * }</pre>
 */
public interface CallListener {

    /** A request is about to be sent: {@code attempt} counts from 1 within one logical call on one provider. */
    default void onAttempt(Attempt event) {
    }

    /** An attempt failed retryably and the next one will start after {@code delay}. */
    default void onRetry(Retry event) {
    }

    /** A provider failed retryably (or its circuit is open) and the call moves to the next provider. */
    default void onFallback(Fallback event) {
    }

    /** A circuit breaker changed state, for example from {@code CLOSED} to {@code OPEN}. */
    default void onCircuitStateChange(CircuitStateChange event) {
    }

    /** A logical call ended, successfully or not. */
    default void onCallFinished(CallFinished event) {
    }

    /** @param provider the provider called @param operation for example {@code chat} @param attempt from 1 */
    record Attempt(String provider, String operation, int attempt) {
        public Attempt {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * @param provider the provider called
     * @param operation for example {@code chat}
     * @param attempt the attempt that failed, from 1
     * @param delay how long until the next attempt
     * @param failure the neutral exception's class and message
     */
    record Retry(String provider, String operation, int attempt, Duration delay, String failure) {
        public Retry {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * @param operation for example {@code chat}
     * @param from the provider that failed
     * @param to the provider tried next
     * @param failure the neutral exception's class and message
     */
    record Fallback(String operation, String from, String to, String failure) {
        public Fallback {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * @param provider the provider whose circuit it is
     * @param operation the operation whose circuit it is
     * @param from the state before, for example {@code CLOSED}
     * @param to the state after, for example {@code OPEN}
     */
    record CircuitStateChange(String provider, String operation, String from, String to) {
        public CircuitStateChange {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * @param provider the provider that answered, or the last one tried when the call failed
     * @param operation for example {@code chat}
     * @param latency from the call to its outcome, waits and retries included (for a stream: to its end)
     * @param usage the tokens consumed, when the answer reported them
     * @param failure the neutral exception's class and message, when the call failed; for a stream its subscriber
     *                cancelled, {@code CancellationException: the subscriber cancelled the stream}, reported at the cancel
     */
    record CallFinished(String provider, String operation, Duration latency, Optional<TokenUsage> usage,
                        Optional<String> failure) {
        public CallFinished {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(failure, "failure");
        }
    }
}

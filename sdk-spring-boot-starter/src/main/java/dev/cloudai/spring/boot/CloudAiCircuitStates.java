package dev.cloudai.spring.boot;

import dev.cloudai.resilience.CallListener;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of each circuit breaker, per provider and operation, as the call pipeline last reported it. The SDK
 * has no public way to read a circuit's state, so this listener keeps what
 * {@link CallListener#onCircuitStateChange} says: a circuit it has heard nothing of is closed (every circuit starts
 * closed). The auto-configuration registers one as a bean, attached to the {@code CloudAi} it creates, and the health
 * indicator reads it; with a {@code CloudAi} bean of your own, pass this bean to {@code CloudAi.create} for the health
 * indicator to see its circuits.
 *
 * <pre>{@code
 * CloudAiCircuitStates circuits = new CloudAiCircuitStates();
 * CloudAi ai = CloudAi.create(config, circuits);
 * circuits.states("aws");                             // {chat=OPEN} after the chat circuit opened
 * }</pre>
 */
public final class CloudAiCircuitStates implements CallListener {
    private final Map<String, Map<String, String>> states = new ConcurrentHashMap<>();

    @Override
    public void onCircuitStateChange(CircuitStateChange event) {
        states.computeIfAbsent(event.provider(), p -> new ConcurrentHashMap<>()).put(event.operation(), event.to());
    }

    /**
     * The circuits of {@code provider} that have changed state at least once, operation to state ({@code CLOSED},
     * {@code OPEN}, {@code HALF_OPEN}, ...), sorted by operation; empty when none has.
     */
    public Map<String, String> states(String provider) {
        Map<String, String> of = states.get(Objects.requireNonNull(provider, "provider"));
        return of == null ? Map.of() : new TreeMap<>(of);
    }
}

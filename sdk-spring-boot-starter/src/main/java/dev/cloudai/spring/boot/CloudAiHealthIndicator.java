package dev.cloudai.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The health of one provider from its circuit breakers, without calling the cloud: {@code DOWN} while one of its
 * circuits is open (its calls fail fast, or move to the next provider with {@code cloudai.fallback}), {@code UP}
 * otherwise. Details: {@code role} ({@code primary}, or {@code fallback} for a provider of {@code cloudai.fallback})
 * and {@code circuits}, operation to state, for the circuits that have changed state (the others are closed).
 *
 * <p>Boot's liveness and readiness groups do not include it, so an open circuit does not restart or unroute the
 * application; add it to a group ({@code management.endpoint.health.group.readiness.include}) to have it count there.
 *
 * <pre>{@code
 * new CloudAiHealthIndicator("aws", true, circuits).health();   // DOWN {role=primary, circuits={chat=OPEN}}
 * }</pre>
 */
public final class CloudAiHealthIndicator implements HealthIndicator {
    /** Resilience4j's states in which a circuit refuses calls. */
    private static final Set<String> REFUSING = Set.of("OPEN", "FORCED_OPEN");

    private final String provider;
    private final boolean primary;
    private final CloudAiCircuitStates circuits;

    /**
     * @param provider the provider id
     * @param primary whether it is {@code cloudai.provider} rather than one of {@code cloudai.fallback}
     * @param circuits where the states come from
     */
    public CloudAiHealthIndicator(String provider, boolean primary, CloudAiCircuitStates circuits) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.primary = primary;
        this.circuits = Objects.requireNonNull(circuits, "circuits");
    }

    @Override
    public Health health() {
        Map<String, String> states = circuits.states(provider);
        Health.Builder health = states.values().stream().anyMatch(REFUSING::contains) ? Health.down() : Health.up();
        return health.withDetail("role", primary ? "primary" : "fallback").withDetail("circuits", states).build();
    }
}

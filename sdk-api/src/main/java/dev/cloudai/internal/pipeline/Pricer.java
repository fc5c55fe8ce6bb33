package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;

import java.util.Optional;

/**
 * What a call cost, from its provider, model and usage: the pipeline's view of {@code CloudAi.prices()}, so it needs
 * no price table of its own. Empty when the price is unknown, never a guess. Not API.
 *
 * <pre>{@code
 * Pricer pricer = (provider, model, usage) -> prices.get().cost(provider, model, usage);
 * }</pre>
 */
@FunctionalInterface
public interface Pricer {
    /** Prices nothing: every cost is unknown. */
    Pricer NONE = (provider, model, usage) -> Optional.empty();

    Optional<CallCost> cost(String provider, String model, TokenUsage usage);
}

package dev.cloudai.invocation;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one call cost in US dollars, from the model's published per-token prices: the SDK attaches it to a
 * {@link ChatResponse} and to the call's {@code CallFinished} event when the model's price is known, and never
 * guesses one that is not.
 *
 * <pre>{@code
 * response.cost().ifPresent(c -> System.out.printf("%s cost $%s (priced as %s, %s)%n",
 *         response.model(), c.totalUsd().toPlainString(), c.pricedModel(), c.source()));
 * }</pre>
 *
 * @param inputUsd the uncached input tokens at the input price
 * @param outputUsd the output tokens (reasoning included) at the output price
 * @param cachedInputUsd the input tokens read from or written to the prompt cache, at their prices
 * @param pricedModel the model whose price row was used: a Bedrock inference profile such as
 *                    {@code us.anthropic.claude-...} is priced as its base model plus any published surcharge
 * @param source where the price comes from: the price table's citation for that row
 */
public record CallCost(BigDecimal inputUsd, BigDecimal outputUsd, BigDecimal cachedInputUsd, String pricedModel,
                       String source) {

    public CallCost {
        requireNonNegative(inputUsd, "inputUsd");
        requireNonNegative(outputUsd, "outputUsd");
        requireNonNegative(cachedInputUsd, "cachedInputUsd");
        if (pricedModel == null || pricedModel.isBlank()) throw new IllegalArgumentException("pricedModel: must not be blank");
        if (source == null || source.isBlank()) throw new IllegalArgumentException("source: must not be blank");
    }

    /** The whole cost of the call: input, output and cache together. */
    public BigDecimal totalUsd() {
        return inputUsd.add(outputUsd).add(cachedInputUsd);
    }

    private static void requireNonNegative(BigDecimal value, String field) {
        Objects.requireNonNull(value, field);
        if (value.signum() < 0) throw new IllegalArgumentException(field + ": must not be negative, was " + value);
    }
}

package dev.cloudai.internal.batch;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.pricing.ModelPrice;
import dev.cloudai.pricing.PriceTable;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch job's input tokens cost: the model's on-demand input price from the {@link PriceTable}, times the
 * batch discount its provider publishes. Each of the three clouds documents batch as half the on-demand token price:
 * <ul>
 *   <li>{@code aws}: Amazon Bedrock batch inference, "50% lower price compared to on-demand" for the models that
 *       support it (https://aws.amazon.com/bedrock/pricing/, section "Batch");</li>
 *   <li>{@code gcp}: Vertex AI batch inference for Gemini, "a 50% discounted rate compared to real-time inference"
 *       (https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-gemini); Vertex does not
 *       stack it with the cached-token discount, and an estimate prices no cached tokens;</li>
 *   <li>{@code azure}: Azure OpenAI global batch, "at 50% less cost than global standard"
 *       (https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/batch), so the built-in Global Standard
 *       rows apply.</li>
 * </ul>
 * A provider not in that list, or a model without a price row, has no batch price: the cost is empty, never a guess.
 * Not API.
 *
 * <pre>{@code
 * Optional<CallCost> c = BatchPrices.inputCost(PriceTable.builtIn(), "azure", "gpt-4o", 1_000_000);   // $1.25
 * }</pre>
 */
final class BatchPrices {
    /** The published batch price as a share of the on-demand token price, by provider id. */
    private static final Map<String, Discount> DISCOUNTS = Map.of(
            "aws", new Discount(new BigDecimal("0.5"), "https://aws.amazon.com/bedrock/pricing/"),
            "gcp", new Discount(new BigDecimal("0.5"),
                    "https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-gemini"),
            "azure", new Discount(new BigDecimal("0.5"),
                    "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/batch"));

    private record Discount(BigDecimal share, String source) {
    }

    private BatchPrices() {
    }

    /**
     * {@code inputTokens} of {@code model} on {@code provider} at the batch price; empty when the provider publishes
     * no batch discount or the table has no price for the model.
     */
    static Optional<CallCost> inputCost(PriceTable prices, String provider, String model, long inputTokens) {
        Discount discount = DISCOUNTS.get(provider);
        if (discount == null) return Optional.empty();
        // One TokenUsage cannot hold more than an int of tokens; price a big job per token instead of through it.
        if (inputTokens <= Integer.MAX_VALUE) {
            return prices.cost(provider, model, new TokenUsage((int) inputTokens, 0))
                    .map(c -> discounted(c, discount));
        }
        return prices.find(provider, model).map(p -> discounted(perToken(p, inputTokens), discount));
    }

    private static CallCost perToken(ModelPrice p, long tokens) {
        return new CallCost(p.inputPerMillion().multiply(BigDecimal.valueOf(tokens)).movePointLeft(6), BigDecimal.ZERO,
                BigDecimal.ZERO, p.modelId(), p.source() + " (" + p.sourceDate() + ")");
    }

    private static CallCost discounted(CallCost onDemand, Discount d) {
        return new CallCost(onDemand.inputUsd().multiply(d.share()), BigDecimal.ZERO, BigDecimal.ZERO,
                onDemand.pricedModel(), onDemand.source() + " at the published batch discount ("
                + d.share().movePointRight(2).stripTrailingZeros().toPlainString() + "% of on-demand, " + d.source() + ")");
    }
}

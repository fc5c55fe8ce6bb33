package dev.cloudai.internal.batch;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.pricing.ModelPrice;
import dev.cloudai.pricing.PriceTable;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch job's input tokens cost before it runs, and what each answered item cost after: the model's
 * on-demand token prices from the {@link PriceTable}, times the batch discount its provider publishes (on input,
 * output and cached input alike). Each of the three clouds documents batch as half the on-demand token price:
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
 * Optional<CallCost> item = BatchPrices.cost(PriceTable.builtIn(), "aws", model, answer.usage());
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

    /**
     * One answered item's {@code usage} of {@code model} on {@code provider} at the batch price; empty as for
     * {@link #inputCost}.
     */
    static Optional<CallCost> cost(PriceTable prices, String provider, String model, TokenUsage usage) {
        Discount discount = DISCOUNTS.get(provider);
        if (discount == null) return Optional.empty();
        return prices.cost(provider, model, usage).map(c -> new CallCost(c.inputUsd().multiply(discount.share()),
                c.outputUsd().multiply(discount.share()), c.cachedInputUsd().multiply(discount.share()), c.pricedModel(),
                atDiscount(c.source(), discount)));
    }

    private static CallCost perToken(ModelPrice p, long tokens) {
        return new CallCost(p.inputPerMillion().multiply(BigDecimal.valueOf(tokens)).movePointLeft(6), BigDecimal.ZERO,
                BigDecimal.ZERO, p.modelId(), p.source() + " (" + p.sourceDate() + ")");
    }

    private static CallCost discounted(CallCost onDemand, Discount d) {
        return new CallCost(onDemand.inputUsd().multiply(d.share()), BigDecimal.ZERO, BigDecimal.ZERO,
                onDemand.pricedModel(), atDiscount(onDemand.source(), d));
    }

    private static String atDiscount(String source, Discount d) {
        return source + " at the published batch discount ("
                + d.share().movePointRight(2).stripTrailingZeros().toPlainString() + "% of on-demand, " + d.source() + ")";
    }
}

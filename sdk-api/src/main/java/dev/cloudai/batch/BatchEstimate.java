package dev.cloudai.batch;

import dev.cloudai.invocation.CallCost;

import java.util.Objects;
import java.util.Optional;

/**
 * What a batch job would be before it is submitted: its size against the cloud's limits and what it would cost.
 *
 * <pre>{@code
 * BatchEstimate e = ai.batches().estimate(request);
 * e.cost().ifPresent(c -> System.out.println("about $" + c.totalUsd() + " in input tokens at the batch price"));
 * }</pre>
 *
 * @param records          items in the job
 * @param inputBytes       size of the JSONL input file the cloud receives
 * @param inputTokens      input tokens, estimated from the text (about four characters per token) where no
 *                         tokenizer is at hand
 * @param tokensEstimated  whether {@code inputTokens} is an estimate rather than a count
 * @param cost             the input tokens at the model's batch price, where one is published (output tokens are
 *                         unknown before the job runs, so they are not in it)
 * @param limits           the cloud's limits for this model
 */
public record BatchEstimate(long records, long inputBytes, long inputTokens, boolean tokensEstimated,
                            Optional<CallCost> cost, BatchLimits limits) {

    public BatchEstimate {
        if (records < 0 || inputBytes < 0 || inputTokens < 0) {
            throw new IllegalArgumentException("estimate: counts must not be negative");
        }
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(limits, "limits");
    }
}

package dev.cloudai.accelerator;

/**
 * What {@link AcceleratorCatalog#select} orders the offers that fit by.
 *
 * <pre>{@code
 * catalog.select(AcceleratorRequirement.builder().workload(Workload.INFERENCE)
 *         .throughput(ServingThroughput.perDevice("H100", 1500))
 *         .rankBy(Ranking.COST_PER_MILLION_TOKENS).build());
 * }</pre>
 */
public enum Ranking {
    /** Cheapest first by the price of the requirement's pricing model, in USD per hour (the default). */
    PRICE_PER_HOUR,
    /**
     * Cheapest first by USD per million output tokens: the price per hour divided by the tokens the offer serves in
     * an hour, from the requirement's {@link ServingThroughput} figures. Offers without a figure rank after those with
     * one, by price per hour; {@link AcceleratorCatalog#explain} says which.
     */
    COST_PER_MILLION_TOKENS
}

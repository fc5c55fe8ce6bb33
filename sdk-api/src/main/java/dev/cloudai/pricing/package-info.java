/**
 * What a call cost: per-token model prices with their sources, and the arithmetic from a call's
 * {@link dev.cloudai.invocation.TokenUsage} to a {@link dev.cloudai.invocation.CallCost}. Start with
 * {@link dev.cloudai.pricing.PriceTable}; {@code CloudAi.prices()} is the built-in table with the rows of
 * {@code cloudai.pricing.file} applied.
 *
 * <pre>{@code
 * ai.prices().cost("aws", "us.anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1200, 300))
 *         .ifPresent(c -> System.out.println("$" + c.totalUsd().toPlainString()));
 * }</pre>
 */
package dev.cloudai.pricing;

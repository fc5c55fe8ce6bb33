package dev.cloudai.spi;

import dev.cloudai.internal.util.Arguments;

import java.util.List;

/**
 * What one {@link PriceSource#fetch} brought back: the prices, what it could not fetch, and how many requests it
 * took (pages included), so a refresh can report each cloud's cost in calls.
 *
 * <pre>{@code
 * PriceSheet sheet = source.fetch(query);
 * if (!sheet.problems().isEmpty()) System.err.println(sheet.problems());
 * }</pre>
 *
 * @param points   the prices, in any order; at most one per platform, region, instance type and pricing model
 * @param problems one sentence per part that failed or was skipped ("us-west-2 spot prices: throttled 4 times, gave
 *                 up"; "committed prices: not published for SageMaker in the Price List"), empty when all went well
 * @param requests the HTTP or RPC requests made, retries included
 */
public record PriceSheet(List<PricePoint> points, List<String> problems, int requests) {

    public PriceSheet {
        points = Arguments.listOf(points, "points");
        problems = Arguments.listOf(problems, "problems");
        if (requests < 0) throw new IllegalArgumentException("requests: must not be negative, was " + requests);
    }
}

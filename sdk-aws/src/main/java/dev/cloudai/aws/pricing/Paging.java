package dev.cloudai.aws.pricing;

import dev.cloudai.aws.errors.AwsResponseFormatException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Pages through an AWS list operation that hands out a {@code NextToken}: the Price List's {@code GetProducts}, Savings
 * Plans' {@code DescribeSavingsPlansOfferingRates}, EC2's {@code DescribeSpotPriceHistory}. The first page is asked
 * without a token, each next one with the token of the page before, until an answer has none (null or empty, as all
 * three document). Each page is one request, retried on its own when throttled. The SDK's own paginators are not
 * used: they would hide the per-page retry.
 *
 * <pre>{@code
 * List<SpotPrice> prices = Paging.all(retry, "DescribeSpotPriceHistory", token -> {
 *     DescribeSpotPriceHistoryResponse r = ec2.describeSpotPriceHistory(request.toBuilder().nextToken(token).build());
 *     return new Paging.Page<>(r.spotPriceHistory(), r.nextToken());
 * });
 * }</pre>
 */
final class Paging {
    /** A guard against an API that keeps answering with new tokens: far beyond any real query's page count. */
    static final int MAX_PAGES = 500;

    private Paging() {
    }

    /** One page: its items and the token of the next page ({@code null} or empty when it is the last). */
    record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * Every item of every page.
     *
     * @param operation names the API in the failure of an answer that goes round in circles
     * @throws ThrottleRetry.GaveUp when a page fails, or the pages do not end
     */
    static <T> List<T> all(ThrottleRetry retry, String operation, Function<String, Page<T>> page) {
        List<T> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        for (int n = 0; n < MAX_PAGES; n++) {
            String asked = token;
            Page<T> answer = retry.call(() -> page.apply(asked));
            items.addAll(answer.items());
            token = answer.nextToken();
            if (token == null || token.isEmpty()) return items;
            if (!seen.add(token)) {
                throw retry.gaveUp(new AwsResponseFormatException(operation + " answered the same NextToken twice", null));
            }
        }
        throw retry.gaveUp(new AwsResponseFormatException(operation + " had more than " + MAX_PAGES + " pages", null));
    }
}

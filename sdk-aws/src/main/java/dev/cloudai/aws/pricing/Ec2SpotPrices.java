package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The current EC2 spot prices of a region, from EC2's {@code DescribeSpotPriceHistory}
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSpotPriceHistory.html) at that region's
 * endpoint: one query (and its pages) for all the instance types, product description {@code Linux/UNIX}, start and
 * end time both now. With a start time EC2 also returns the last price change before it, the price in effect then, so
 * the answer holds each zone's current price (and any change within the same second).
 *
 * <pre>{@code
 * new Ec2SpotPrices(clients.ec2("us-east-1"), retry, sheet).fetch("us-east-1", Set.of("p5.48xlarge"), clock.instant());
 * // sheet: PricePoint("vm", "us-east-1", "p5.48xlarge", SPOT, 11.9, "EC2 spot price history us-east-1b 2026-12-01T05:00:00Z")
 * }</pre>
 *
 * <p>Spot prices are per Availability Zone; the catalog has one per region. The point is the <b>lowest</b> zone's
 * latest price, named in the source: a team that plans on spot launches in the cheapest zone that has capacity, and
 * the zone in the source lets a reader check it. (A median would describe the region better but matches no price
 * anyone can launch at.)
 */
final class Ec2SpotPrices {
    /** Plain Linux, as the on-demand prices are. */
    static final String PRODUCT_DESCRIPTION = "Linux/UNIX";
    /** The most items EC2 returns in one page. */
    static final int PAGE_SIZE = 1000;

    private final Ec2Client ec2;
    private final ThrottleRetry retry;
    private final SheetBuilder sheet;

    Ec2SpotPrices(Ec2Client ec2, ThrottleRetry retry, SheetBuilder sheet) {
        this.ec2 = ec2;
        this.retry = retry;
        this.sheet = sheet;
    }

    void fetch(String region, Set<String> instanceTypes, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        DescribeSpotPriceHistoryRequest request = DescribeSpotPriceHistoryRequest.builder()
                .instanceTypesWithStrings(instanceTypes).productDescriptions(PRODUCT_DESCRIPTION)
                .startTime(at).endTime(at).maxResults(PAGE_SIZE).build();
        List<SpotPrice> prices = Paging.all(retry, "DescribeSpotPriceHistory", token -> {
            DescribeSpotPriceHistoryResponse r = ec2.describeSpotPriceHistory(request.toBuilder().nextToken(token).build());
            return new Paging.Page<>(r.spotPriceHistory(), r.nextToken());
        });
        // the latest price of each instance type in each zone...
        Map<String, Map<String, SpotPrice>> latest = new HashMap<>();
        for (SpotPrice price : prices) {
            String type = price.instanceTypeAsString();
            if (!instanceTypes.contains(type) || usd(price) < 0 || price.timestamp() == null) continue;
            latest.computeIfAbsent(type, t -> new HashMap<>()).merge(price.availabilityZone(), price,
                    (a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a);
        }
        // ...and the cheapest zone's
        latest.forEach((type, zones) -> zones.values().stream()
                .min((a, b) -> Double.compare(usd(a), usd(b)))
                .ifPresent(cheapest -> sheet.add(AwsShapes.VM, region, type, PricingModel.SPOT, usd(cheapest),
                        "EC2 spot price history " + cheapest.availabilityZone() + " " + cheapest.timestamp())));
    }

    /** The price in USD per hour; -1 when it is missing or not a number (such an item is skipped). */
    private static double usd(SpotPrice price) {
        try {
            double usd = price.spotPrice() == null ? -1 : Double.parseDouble(price.spotPrice());
            return Double.isFinite(usd) && usd >= 0 ? usd : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}

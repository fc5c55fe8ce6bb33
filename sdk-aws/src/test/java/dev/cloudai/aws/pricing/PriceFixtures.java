package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.testkit.aws.AwsCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/** Shapes, queries and a source pointed at the AWS emulator, for the price source's tests. */
final class PriceFixtures {
    /** The "now" of the tests: after every canned spot price change. */
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private PriceFixtures() {
    }

    /** A catalog shape: only cloud, platform, region and instance type matter to a price source. */
    static Offer shape(String cloud, String platform, String region, String instanceType) {
        return new Offer(cloud, platform, region, instanceType, "H100", 1, OptionalDouble.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Set.of(Workload.INFERENCE), "", List.of());
    }

    static Offer sageMaker(String instanceType) {
        return shape("aws", "sagemaker", "us-east-1", instanceType);
    }

    static Offer vm(String instanceType) {
        return shape("aws", "vm", "us-east-1", instanceType);
    }

    static PriceQuery query(List<Offer> shapes, Set<String> regions, PricingModel... models) {
        return new PriceQuery(shapes, regions, models.length == 0 ? Set.of(PricingModel.values()) : Set.of(models), TODAY);
    }

    /** A source against the emulator, its retry waits recorded in {@code waits} instead of slept. */
    static AwsPriceSource source(AwsCloud cloud, List<Duration> waits) {
        return AwsPriceSource.builder()
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRICETEST", "price-test-secret")))
                .endpointOverride(URI.create(cloud.baseUrl())).homeRegion("us-east-1")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).sleeper(waits::add).build();
    }

    /** The points as sorted lines "platform region type MODEL price", to compare with an expected list. */
    static List<String> lines(List<PricePoint> points) {
        List<String> lines = new ArrayList<>();
        for (PricePoint p : points) {
            lines.add(p.platform() + " " + p.region() + " " + p.instanceType() + " " + p.model() + " "
                    + String.format(Locale.ROOT, "%.4f", p.usdPerHour()));
        }
        Collections.sort(lines);
        return lines;
    }

    static List<String> sorted(String... lines) {
        List<String> list = new ArrayList<>(List.of(lines));
        Collections.sort(list);
        return list;
    }

    /** The one point of this key. */
    static PricePoint point(List<PricePoint> points, String region, String instanceType, PricingModel model) {
        return points.stream().filter(p -> p.region().equals(region) && p.instanceType().equals(instanceType) && p.model() == model)
                .findFirst().orElseThrow(() -> new AssertionError("no " + model + " point for " + instanceType + " in " + region
                        + " among " + lines(points)));
    }
}

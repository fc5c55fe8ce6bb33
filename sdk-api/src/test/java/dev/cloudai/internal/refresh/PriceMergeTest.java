package dev.cloudai.internal.refresh;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.spi.PricePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static dev.cloudai.accelerator.PricingModel.COMMITTED_1Y;
import static dev.cloudai.accelerator.PricingModel.COMMITTED_3Y;
import static dev.cloudai.accelerator.PricingModel.ON_DEMAND;
import static dev.cloudai.accelerator.PricingModel.SPOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merge of fetched prices into a base catalog, as a table: each case gives base rows and one cloud's points, and
 * expects the rows that come out (in order, with their four prices) and what the merge counts.
 */
class PriceMergeTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    /** A base row: H100 hardware facts, prices as given ({@code null} for none). */
    static Offer row(String cloud, String platform, String region, String type, Double onDemand, Double spot) {
        return new Offer(cloud, platform, region, type, "H100", 8, OptionalDouble.of(80), OptionalInt.of(192),
                OptionalDouble.of(2048), OptionalDouble.of(3200), opt(onDemand), opt(spot),
                Set.of(Workload.TRAINING, Workload.INFERENCE), "vendor page 2026-11", List.of());
    }

    static PricePoint point(String platform, String region, String type, PricingModel model, double usd, String source) {
        return new PricePoint(platform, region, type, model, usd, source);
    }

    static OptionalDouble opt(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    /** {@code cloud/platform/region/type od spot 1y 3y}, {@code -} for an empty price. */
    static String show(Offer o) {
        StringBuilder sb = new StringBuilder(o.key());
        for (PricingModel m : PricingModel.values()) {
            sb.append(' ').append(o.price(m).isPresent() ? String.format(Locale.ROOT, "%.3f", o.price(m).getAsDouble()) : "-");
        }
        return sb.toString();
    }

    static final Offer P5_EAST = row("aws", "vm", "us-east-1", "p5.48xlarge", 98.32, 20.99);
    static final Offer P5_WEST = row("aws", "vm", "us-west-2", "p5.48xlarge", 98.32, null);
    static final Offer G5_EAST = row("aws", "sagemaker", "us-east-1", "ml.g5.xlarge", 1.408, null);
    static final Offer A3_GCP = row("gcp", "vm", "us-central1", "a3-highgpu-8g", 88.49, null);

    record Case(String name, List<Offer> base, List<PricePoint> points, List<String> rows, int added, int updated,
                List<String> unknown, int problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an updated on-demand price replaces the old one and keeps the base's spot price",
                        List.of(P5_EAST, G5_EAST),
                        List.of(point("vm", "us-east-1", "p5.48xlarge", ON_DEMAND, 55.04, "EC2 SKU A")),
                        List.of("aws/vm/us-east-1/p5.48xlarge 55.040 20.990 - -",
                                "aws/sagemaker/us-east-1/ml.g5.xlarge 1.408 - - -"), 0, 1, List.of(), 0),
                new Case("a region the base lacks adds a row after the shape's last row, with only the fetched prices",
                        List.of(P5_EAST, P5_WEST, G5_EAST),
                        List.of(point("vm", "eu-west-1", "p5.48xlarge", ON_DEMAND, 60.0, "EC2 SKU B")),
                        List.of("aws/vm/us-east-1/p5.48xlarge 98.320 20.990 - -",
                                "aws/vm/us-west-2/p5.48xlarge 98.320 - - -",
                                "aws/vm/eu-west-1/p5.48xlarge 60.000 - - -",
                                "aws/sagemaker/us-east-1/ml.g5.xlarge 1.408 - - -"), 1, 0, List.of(), 0),
                new Case("spot and both committed prices fill their four columns",
                        List.of(P5_WEST),
                        List.of(point("vm", "us-west-2", "p5.48xlarge", ON_DEMAND, 98.0, "od"),
                                point("vm", "us-west-2", "p5.48xlarge", SPOT, 30.5, "spot"),
                                point("vm", "us-west-2", "p5.48xlarge", COMMITTED_1Y, 70.0, "1y"),
                                point("vm", "us-west-2", "p5.48xlarge", COMMITTED_3Y, 45.25, "3y")),
                        List.of("aws/vm/us-west-2/p5.48xlarge 98.000 30.500 70.000 45.250"), 0, 1, List.of(), 0),
                new Case("a shape the base has no hardware facts for is listed, not added",
                        List.of(G5_EAST),
                        List.of(point("sagemaker", "us-east-1", "ml.p6-b200.48xlarge", ON_DEMAND, 113.0, "x"),
                                point("sagemaker", "us-west-2", "ml.p6-b200.48xlarge", ON_DEMAND, 113.0, "x")),
                        List.of("aws/sagemaker/us-east-1/ml.g5.xlarge 1.408 - - -"), 0, 0,
                        List.of("sagemaker ml.p6-b200.48xlarge [us-east-1, us-west-2]"), 0),
                new Case("the same point twice is one price and no problem",
                        List.of(G5_EAST),
                        List.of(point("sagemaker", "us-east-1", "ml.g5.xlarge", ON_DEMAND, 1.41, "s"),
                                point("sagemaker", "us-east-1", "ml.g5.xlarge", ON_DEMAND, 1.41, "s")),
                        List.of("aws/sagemaker/us-east-1/ml.g5.xlarge 1.410 - - -"), 0, 1, List.of(), 0),
                new Case("two different prices for one cell keep the first and report a problem",
                        List.of(G5_EAST),
                        List.of(point("sagemaker", "us-east-1", "ml.g5.xlarge", ON_DEMAND, 1.41, "first"),
                                point("sagemaker", "us-east-1", "ml.g5.xlarge", ON_DEMAND, 1.60, "second")),
                        List.of("aws/sagemaker/us-east-1/ml.g5.xlarge 1.410 - - -"), 0, 1, List.of(), 1),
                new Case("keys match in any letter case, and the base's spelling stays",
                        List.of(G5_EAST),
                        List.of(point("SageMaker", "US-EAST-1", "ML.G5.XLARGE", ON_DEMAND, 1.5, "s")),
                        List.of("aws/sagemaker/us-east-1/ml.g5.xlarge 1.500 - - -"), 0, 1, List.of(), 0),
                new Case("another cloud's row of the same platform, region and instance type is not touched",
                        List.of(row("gcp", "vm", "us-central1", "p5.48xlarge", 7.0, null), P5_EAST),
                        List.of(point("vm", "us-central1", "p5.48xlarge", ON_DEMAND, 1.0, "s")),
                        List.of("gcp/vm/us-central1/p5.48xlarge 7.000 - - -",
                                "aws/vm/us-east-1/p5.48xlarge 98.320 20.990 - -",
                                "aws/vm/us-central1/p5.48xlarge 1.000 - - -"), 1, 0, List.of(), 0),
                new Case("no points leave every row as it was",
                        List.of(P5_EAST, A3_GCP), List.of(),
                        List.of("aws/vm/us-east-1/p5.48xlarge 98.320 20.990 - -",
                                "gcp/vm/us-central1/a3-highgpu-8g 88.490 - - -"), 0, 0, List.of(), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergesPointsIntoRows(Case c) {
        PriceMerge.Merged m = PriceMerge.merge(c.base(), List.of(new PriceMerge.Fetched("aws", c.points())), TODAY);
        assertEquals(c.rows(), m.offers().stream().map(PriceMergeTest::show).toList());
        PriceMerge.CloudMerge aws = m.byCloud().get(0);
        assertEquals(c.points().size(), aws.points(), "points");
        assertEquals(c.added(), aws.rowsAdded(), "rows added");
        assertEquals(c.updated(), aws.rowsUpdated(), "rows updated");
        assertEquals(c.unknown(), aws.unknownShapes().stream()
                .map(u -> u.platform() + " " + u.instanceType() + " " + u.regions()).toList(), "unknown shapes");
        assertEquals(c.problems(), aws.problems().size(), () -> "problems: " + aws.problems());
    }

    @Test
    void aPricedRowCitesItsSourcesAndTheDateAndKeepsTheCitationOfAnOldPriceThatStays() {
        PriceMerge.Merged m = PriceMerge.merge(List.of(P5_EAST, P5_WEST), List.of(new PriceMerge.Fetched("aws", List.of(
                point("vm", "us-east-1", "p5.48xlarge", ON_DEMAND, 55.04, "AWS Price List AmazonEC2 SKU A"),
                point("vm", "us-west-2", "p5.48xlarge", ON_DEMAND, 55.04, "AWS Price List AmazonEC2 SKU B"),
                point("vm", "us-west-2", "p5.48xlarge", SPOT, 21.0, "EC2 spot price history")))), TODAY);
        assertEquals("AWS Price List AmazonEC2 SKU A (fetched 2026-12-02); other prices as before: vendor page 2026-11",
                m.offers().get(0).notes(), "the base's spot price stays, so its citation does");
        assertEquals("AWS Price List AmazonEC2 SKU B; EC2 spot price history (fetched 2026-12-02)", m.offers().get(1).notes(),
                "every price of the row was fetched");
        assertTrue(m.offers().stream().noneMatch(o -> o.notes().contains(",")), "notes never hold a comma");
    }

    @Test
    void anAddedRowHasTheShapesHardwareFactsAndNoOldCitation() {
        Offer added = PriceMerge.merge(List.of(P5_EAST), List.of(new PriceMerge.Fetched("aws",
                List.of(point("vm", "ap-northeast-1", "p5.48xlarge", SPOT, 33.0, "spot feed")))), TODAY).offers().get(1);
        assertEquals("ap-northeast-1", added.region());
        assertEquals(P5_EAST.accelerator(), added.accelerator());
        assertEquals(P5_EAST.acceleratorCount(), added.acceleratorCount());
        assertEquals(P5_EAST.acceleratorMemoryGib(), added.acceleratorMemoryGib());
        assertEquals(P5_EAST.vcpus(), added.vcpus());
        assertEquals(P5_EAST.networkGbps(), added.networkGbps());
        assertEquals(P5_EAST.workloads(), added.workloads());
        assertEquals(OptionalDouble.empty(), added.pricePerHour(), "us-east-1's on-demand price is not carried to another region");
        assertEquals(OptionalDouble.of(33.0), added.spotPricePerHour());
        assertEquals("spot feed (fetched 2026-12-02)", added.notes());
    }

    @Test
    void eachCloudIsMergedAndCountedOnItsOwn() {
        PriceMerge.Merged m = PriceMerge.merge(List.of(P5_EAST, A3_GCP), List.of(
                new PriceMerge.Fetched("gcp", List.of(point("vm", "us-central1", "a3-highgpu-8g", ON_DEMAND, 80.0, "g"))),
                new PriceMerge.Fetched("aws", List.of(point("vm", "us-east-1", "p5.48xlarge", ON_DEMAND, 50.0, "a"),
                        point("vm", "us-east-2", "p5.48xlarge", ON_DEMAND, 51.0, "a")))), TODAY);
        assertEquals(List.of("aws/vm/us-east-1/p5.48xlarge 50.000 20.990 - -", "aws/vm/us-east-2/p5.48xlarge 51.000 - - -",
                "gcp/vm/us-central1/a3-highgpu-8g 80.000 - - -"), m.offers().stream().map(PriceMergeTest::show).toList());
        assertEquals(List.of("gcp 1 0 1", "aws 2 1 1"), m.byCloud().stream()
                .map(c -> c.cloud() + " " + c.points() + " " + c.rowsAdded() + " " + c.rowsUpdated()).toList());
    }
}

package dev.cloudai.testkit.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The prices the AWS emulator's price APIs serve ({@link AwsPrices}). <b>Test data, not AWS prices</b>: the instance
 * types and regions are real and the amounts are of the right order, but none is a price AWS charges or charged, and
 * the SKUs and offering ids are made up ({@code TEST...}). A test asserts the points a price source maps from them.
 *
 * <pre>{@code
 * CannedPrices.HOSTING.get(0);   // us-east-1 ml.g5.xlarge Hosting 1.408 SKU TESTSM0000000001
 * }</pre>
 *
 * <p>Besides the rows a correct query selects, each list has decoys a query must filter out: SageMaker training and
 * notebook products of the same instance type, EC2 Windows, dedicated-tenancy, unused-reservation and capacity-block
 * products, convertible and upfront reserved terms, Windows spot prices, training and All Upfront Savings Plans rates,
 * and a region (eu-central-1) the tests do not ask for.
 */
public final class CannedPrices {
    private CannedPrices() {
    }

    /** The Price List's location name and usage-type prefix of each region the data has. */
    static final Map<String, String[]> REGIONS = Map.of(
            "us-east-1", new String[]{"US East (N. Virginia)", "USE1"},
            "us-west-2", new String[]{"US West (Oregon)", "USW2"},
            "eu-central-1", new String[]{"EU (Frankfurt)", "EUC1"});

    /** A SageMaker instance product ({@code productFamily} ML Instance) of the Price List, with its on-demand price. */
    public record SageMakerProduct(String sku, String region, String instanceType, String platoInstanceType, double usdPerHour) {
    }

    /** A reserved term of an EC2 product: length, offering class, purchase option, hourly price and upfront fee. */
    public record Reserved(int years, String offeringClass, String purchaseOption, double hourlyUsd, double upfrontUsd) {
    }

    /** An EC2 instance product ({@code productFamily} Compute Instance) of the Price List. */
    public record Ec2Product(String sku, String region, String instanceType, String operatingSystem, String tenancy,
                             String capacityStatus, String marketOption, double onDemandUsd, List<Reserved> reserved) {
    }

    /** One entry of EC2's spot price history. */
    public record SpotPrice(String zone, String instanceType, String productDescription, double usd, Instant timestamp) {
        /** The region of the zone: {@code us-east-1a} is in {@code us-east-1}. */
        public String region() {
            return zone.substring(0, zone.length() - 1);
        }
    }

    /** A Savings Plans offering rate. */
    public record SavingsPlanRate(String offeringId, String planType, String paymentOption, int years, String region,
                                  String usageType, String instanceType, double usdPerHour) {
    }

    /** SageMaker products: hosting in three regions, and a training and a notebook product as decoys. */
    public static final List<SageMakerProduct> SAGEMAKER = List.of(
            new SageMakerProduct("TESTSM0000000001", "us-east-1", "ml.g5.xlarge", "Hosting", 1.408),
            new SageMakerProduct("TESTSM0000000002", "us-east-1", "ml.p4d.24xlarge", "Hosting", 37.688),
            new SageMakerProduct("TESTSM0000000003", "us-east-1", "ml.inf2.xlarge", "Hosting", 0.99),
            new SageMakerProduct("TESTSM0000000004", "us-east-1", "ml.g6e.xlarge", "Hosting", 2.336),
            new SageMakerProduct("TESTSM0000000005", "us-east-1", "ml.g5.xlarge", "Training", 1.515),
            new SageMakerProduct("TESTSM0000000006", "us-east-1", "ml.g5.xlarge", "Studio-JupyterLab", 1.41),
            new SageMakerProduct("TESTSM0000000007", "us-east-1", "ml.m5.large", "Hosting", 0.115),
            new SageMakerProduct("TESTSM0000000008", "us-west-2", "ml.g5.xlarge", "Hosting", 1.408),
            new SageMakerProduct("TESTSM0000000009", "us-west-2", "ml.p4d.24xlarge", "Hosting", 37.688),
            new SageMakerProduct("TESTSM0000000010", "us-west-2", "ml.inf2.xlarge", "Hosting", 0.99),
            new SageMakerProduct("TESTSM0000000011", "eu-central-1", "ml.g5.xlarge", "Hosting", 1.69));

    private static final List<Reserved> P5_USE1_TERMS = List.of(
            new Reserved(1, "standard", "No Upfront", 38.5, 0),
            new Reserved(1, "standard", "All Upfront", 0, 300_000),
            new Reserved(1, "convertible", "No Upfront", 45.0, 0),
            new Reserved(3, "standard", "No Upfront", 26.4, 0));
    /** Only upfront terms: a price source spreads the fee over the term (157,680 / 8,760 h = 18, 867,240 / 26,280 h = 33). */
    private static final List<Reserved> P5_USW2_TERMS = List.of(
            new Reserved(1, "standard", "Partial Upfront", 18.0, 157_680),
            new Reserved(3, "standard", "All Upfront", 0, 867_240));

    /** EC2 products: Linux, shared, used capacity in three regions, and decoys in us-east-1. */
    public static final List<Ec2Product> EC2 = List.of(
            new Ec2Product("TESTEC0000000001", "us-east-1", "p5.48xlarge", "Linux", "Shared", "Used", "OnDemand", 55.04, P5_USE1_TERMS),
            new Ec2Product("TESTEC0000000002", "us-west-2", "p5.48xlarge", "Linux", "Shared", "Used", "OnDemand", 55.04, P5_USW2_TERMS),
            new Ec2Product("TESTEC0000000003", "eu-central-1", "p5.48xlarge", "Linux", "Shared", "Used", "OnDemand", 64.4, List.of()),
            new Ec2Product("TESTEC0000000004", "us-east-1", "p5.48xlarge", "Windows", "Shared", "Used", "OnDemand", 57.0, List.of()),
            new Ec2Product("TESTEC0000000005", "us-east-1", "p5.48xlarge", "Linux", "Shared", "UnusedCapacityReservation", "OnDemand", 99.0, List.of()),
            new Ec2Product("TESTEC0000000006", "us-east-1", "p5.48xlarge", "Linux", "Dedicated", "Used", "OnDemand", 60.5, List.of()),
            new Ec2Product("TESTEC0000000007", "us-east-1", "p5.48xlarge", "Linux", "Shared", "Used", "CapacityBlock", 31.464, List.of()),
            new Ec2Product("TESTEC0000000008", "us-east-1", "g6e.xlarge", "Linux", "Shared", "Used", "OnDemand", 1.861, List.of(
                    new Reserved(1, "standard", "No Upfront", 1.172, 0), new Reserved(3, "standard", "No Upfront", 0.805, 0))),
            new Ec2Product("TESTEC0000000009", "us-west-2", "g6e.xlarge", "Linux", "Shared", "Used", "OnDemand", 1.861, List.of()),
            new Ec2Product("TESTEC0000000010", "us-east-1", "g5.xlarge", "Linux", "Shared", "Used", "OnDemand", 1.006, List.of()));

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    /** Spot price history: the latest price of each zone is the one dated last; us-east-1b changed twice. */
    public static final List<SpotPrice> SPOT = List.of(
            new SpotPrice("us-east-1a", "p5.48xlarge", "Linux/UNIX", 12.5, at("2026-12-01T06:00:00Z")),
            new SpotPrice("us-east-1b", "p5.48xlarge", "Linux/UNIX", 13.0, at("2026-11-30T18:00:00Z")),
            new SpotPrice("us-east-1b", "p5.48xlarge", "Linux/UNIX", 11.9, at("2026-12-01T05:00:00Z")),
            new SpotPrice("us-east-1c", "p5.48xlarge", "Linux/UNIX", 14.2, at("2026-12-01T02:00:00Z")),
            new SpotPrice("us-east-1a", "p5.48xlarge", "Windows", 10.0, at("2026-12-01T06:00:00Z")),
            new SpotPrice("us-east-1a", "g6e.xlarge", "Linux/UNIX", 0.62, at("2026-12-01T04:00:00Z")),
            new SpotPrice("us-east-1b", "g6e.xlarge", "Linux/UNIX", 0.71, at("2026-12-01T04:00:00Z")),
            new SpotPrice("us-west-2a", "p5.48xlarge", "Linux/UNIX", 13.1, at("2026-12-01T03:00:00Z")),
            new SpotPrice("us-west-2b", "p5.48xlarge", "Linux/UNIX", 13.4, at("2026-12-01T03:00:00Z")),
            new SpotPrice("eu-central-1a", "p5.48xlarge", "Linux/UNIX", 15.0, at("2026-12-01T03:00:00Z")));

    /** The offering ids of the SageMaker plans, by term and payment option. */
    static final String SAGEMAKER_1Y_NO_UPFRONT = "5f1c0a3e-test-4c1b-9d2e-000000000001";
    static final String SAGEMAKER_3Y_NO_UPFRONT = "5f1c0a3e-test-4c1b-9d2e-000000000003";
    static final String SAGEMAKER_1Y_ALL_UPFRONT = "5f1c0a3e-test-4c1b-9d2e-000000000011";

    /** SageMaker Savings Plans rates: hosting, 1 and 3 years, No Upfront; training and All Upfront rates as decoys. */
    public static final List<SavingsPlanRate> SAVINGS_PLANS = List.of(
            new SavingsPlanRate(SAGEMAKER_1Y_NO_UPFRONT, "SageMaker", "No Upfront", 1, "us-east-1", "USE1-Host:ml.g5.xlarge", "ml.g5.xlarge", 0.9855),
            new SavingsPlanRate(SAGEMAKER_3Y_NO_UPFRONT, "SageMaker", "No Upfront", 3, "us-east-1", "USE1-Host:ml.g5.xlarge", "ml.g5.xlarge", 0.6335),
            new SavingsPlanRate(SAGEMAKER_1Y_NO_UPFRONT, "SageMaker", "No Upfront", 1, "us-east-1", "USE1-Train:ml.g5.xlarge", "ml.g5.xlarge", 1.06),
            new SavingsPlanRate(SAGEMAKER_1Y_ALL_UPFRONT, "SageMaker", "All Upfront", 1, "us-east-1", "USE1-Host:ml.g5.xlarge", "ml.g5.xlarge", 0.92),
            new SavingsPlanRate(SAGEMAKER_1Y_NO_UPFRONT, "SageMaker", "No Upfront", 1, "us-east-1", "USE1-Host:ml.p4d.24xlarge", "ml.p4d.24xlarge", 24.497),
            new SavingsPlanRate(SAGEMAKER_3Y_NO_UPFRONT, "SageMaker", "No Upfront", 3, "us-east-1", "USE1-Host:ml.p4d.24xlarge", "ml.p4d.24xlarge", 16.96),
            new SavingsPlanRate(SAGEMAKER_1Y_NO_UPFRONT, "SageMaker", "No Upfront", 1, "us-west-2", "USW2-Host:ml.g5.xlarge", "ml.g5.xlarge", 0.9855),
            new SavingsPlanRate(SAGEMAKER_3Y_NO_UPFRONT, "SageMaker", "No Upfront", 3, "us-west-2", "USW2-Host:ml.g5.xlarge", "ml.g5.xlarge", 0.6335),
            new SavingsPlanRate(SAGEMAKER_1Y_NO_UPFRONT, "SageMaker", "No Upfront", 1, "eu-central-1", "EUC1-Host:ml.g5.xlarge", "ml.g5.xlarge", 1.18));
}

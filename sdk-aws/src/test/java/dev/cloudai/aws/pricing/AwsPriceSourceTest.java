package dev.cloudai.aws.pricing;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.aws.AwsKeys;
import dev.cloudai.aws.AwsProviderFactory;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.cloudai.aws.pricing.PriceFixtures.lines;
import static dev.cloudai.aws.pricing.PriceFixtures.point;
import static dev.cloudai.aws.pricing.PriceFixtures.query;
import static dev.cloudai.aws.pricing.PriceFixtures.sageMaker;
import static dev.cloudai.aws.pricing.PriceFixtures.shape;
import static dev.cloudai.aws.pricing.PriceFixtures.sorted;
import static dev.cloudai.aws.pricing.PriceFixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS price source against the emulator's price APIs: which points it maps from the Price List, Savings Plans
 * and EC2 spot price history, and exactly which requests it sends for them (target, filters, form, signing region,
 * count).
 */
class AwsPriceSourceTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final String SAGEMAKER_SPOT = "spot prices: SageMaker real-time inference has no spot pricing; none for the 4"
            + " SageMaker instance types";
    private final List<Duration> waits = new ArrayList<>();

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private PriceSheet fetch(dev.cloudai.spi.PriceQuery query) {
        try (AwsPriceSource source = PriceFixtures.source(cloud(), waits)) {
            return source.fetch(query);
        }
    }

    private static final List<dev.cloudai.accelerator.Offer> SHAPES = List.of(sageMaker("ml.g5.xlarge"), sageMaker("ml.p4d.24xlarge"),
            sageMaker("ml.inf2.xlarge"), sageMaker("ml.g6e.xlarge"), vm("p5.48xlarge"), vm("g6e.xlarge"));

    private static RequestPatternBuilder priceList() {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                .withHeader("Content-Type", matching("application/x-amz-json-1\\.1.*"));
    }

    private static RequestPatternBuilder spot(String region) {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSpotPriceHistory"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDPRICETEST/\\d{8}/" + region + "/ec2/aws4_request, .*"));
    }

    private static RequestPatternBuilder savingsPlans() {
        return postRequestedFor(urlEqualTo("/DescribeSavingsPlansOfferingRates"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDPRICETEST/\\d{8}/us-east-1/savingsplans/aws4_request, .*"));
    }

    @Test
    void pricesSageMakerHostingSavingsPlansEc2AndSpotOfTheShapesInTheRegionsAsked() {
        PriceSheet sheet = fetch(query(SHAPES, Set.of("us-east-1", "us-west-2")));

        assertEquals(sorted(
                "sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.4080", "sagemaker us-east-1 ml.g5.xlarge COMMITTED_1Y 0.9855",
                "sagemaker us-east-1 ml.g5.xlarge COMMITTED_3Y 0.6335", "sagemaker us-east-1 ml.p4d.24xlarge ON_DEMAND 37.6880",
                "sagemaker us-east-1 ml.p4d.24xlarge COMMITTED_1Y 24.4970", "sagemaker us-east-1 ml.p4d.24xlarge COMMITTED_3Y 16.9600",
                "sagemaker us-east-1 ml.inf2.xlarge ON_DEMAND 0.9900", "sagemaker us-east-1 ml.g6e.xlarge ON_DEMAND 2.3360",
                "sagemaker us-west-2 ml.g5.xlarge ON_DEMAND 1.4080", "sagemaker us-west-2 ml.g5.xlarge COMMITTED_1Y 0.9855",
                "sagemaker us-west-2 ml.g5.xlarge COMMITTED_3Y 0.6335", "sagemaker us-west-2 ml.p4d.24xlarge ON_DEMAND 37.6880",
                "sagemaker us-west-2 ml.inf2.xlarge ON_DEMAND 0.9900",
                // the standard No Upfront terms; us-west-2 has only upfront ones, spread over the term's hours
                "vm us-east-1 p5.48xlarge ON_DEMAND 55.0400", "vm us-east-1 p5.48xlarge COMMITTED_1Y 38.5000",
                "vm us-east-1 p5.48xlarge COMMITTED_3Y 26.4000", "vm us-west-2 p5.48xlarge ON_DEMAND 55.0400",
                "vm us-west-2 p5.48xlarge COMMITTED_1Y 36.0000", "vm us-west-2 p5.48xlarge COMMITTED_3Y 33.0000",
                "vm us-east-1 g6e.xlarge ON_DEMAND 1.8610", "vm us-east-1 g6e.xlarge COMMITTED_1Y 1.1720",
                "vm us-east-1 g6e.xlarge COMMITTED_3Y 0.8050", "vm us-west-2 g6e.xlarge ON_DEMAND 1.8610",
                // the cheapest zone's latest price: us-east-1b's 11.9 (its 13.0 is older), not the Windows 10.0
                "vm us-east-1 p5.48xlarge SPOT 11.9000", "vm us-east-1 g6e.xlarge SPOT 0.6200",
                "vm us-west-2 p5.48xlarge SPOT 13.1000"), lines(sheet.points()));
        assertEquals(List.of(SAGEMAKER_SPOT), sheet.problems());
        // 2 regions x (hosting + Savings Plans + spot) + 2 EC2 instance types, one page each
        assertEquals(8, sheet.requests());
        assertEquals(8, cloud().requestCount());
        cloud().server().verify(4, priceList());
        cloud().server().verify(2, savingsPlans());
        cloud().server().verify(1, spot("us-east-1"));
        cloud().server().verify(1, spot("us-west-2"));
        assertEquals(List.of(), waits);
    }

    @Test
    void asksThePriceListForARegionsHostingProductsAndForEachEc2TypesLinuxProducts() {
        fetch(query(SHAPES, Set.of("us-east-1", "us-west-2"), PricingModel.ON_DEMAND));

        cloud().server().verify(1, priceList().withRequestBody(equalToJson("""
                {"ServiceCode":"AmazonSageMaker","FormatVersion":"aws_v1","MaxResults":100,"Filters":[
                 {"Type":"TERM_MATCH","Field":"productFamily","Value":"ML Instance"},
                 {"Type":"TERM_MATCH","Field":"platoinstancetype","Value":"Hosting"},
                 {"Type":"TERM_MATCH","Field":"regionCode","Value":"us-west-2"}]}""")));
        cloud().server().verify(1, priceList().withRequestBody(equalToJson("""
                {"ServiceCode":"AmazonEC2","FormatVersion":"aws_v1","MaxResults":100,"Filters":[
                 {"Type":"TERM_MATCH","Field":"instanceType","Value":"p5.48xlarge"},
                 {"Type":"TERM_MATCH","Field":"operatingSystem","Value":"Linux"},
                 {"Type":"TERM_MATCH","Field":"tenancy","Value":"Shared"},
                 {"Type":"TERM_MATCH","Field":"preInstalledSw","Value":"NA"},
                 {"Type":"TERM_MATCH","Field":"capacitystatus","Value":"Used"},
                 {"Type":"TERM_MATCH","Field":"locationType","Value":"AWS Region"}]}""")));
        // the Price List endpoint is us-east-1's, whatever the regions priced
        cloud().server().verify(4, priceList().withHeader("Authorization",
                matching("AWS4-HMAC-SHA256 Credential=AKIDPRICETEST/\\d{8}/us-east-1/pricing/aws4_request, .*")));
        // on-demand only: neither Savings Plans nor spot prices are asked for
        assertEquals(4, cloud().requestCount());
    }

    @Test
    void asksSavingsPlansForNoUpfrontSageMakerRatesOfTheTypesOneRegionAtATime() {
        fetch(query(SHAPES, Set.of("us-east-1", "us-west-2"), PricingModel.COMMITTED_1Y));

        cloud().server().verify(1, savingsPlans().withRequestBody(equalToJson("""
                {"savingsPlanTypes":["SageMaker"],"savingsPlanPaymentOptions":["No Upfront"],"serviceCodes":["AmazonSageMaker"],
                 "maxResults":1000,"filters":[{"name":"region","values":["us-east-1"]},
                 {"name":"instanceType","values":["ml.g5.xlarge","ml.g6e.xlarge","ml.inf2.xlarge","ml.p4d.24xlarge"]}]}""")));
        cloud().server().verify(1, savingsPlans().withRequestBody(containing("\"values\":[\"us-west-2\"]")));
    }

    @Test
    void asksSpotPricesAtEachRegionsEndpointForEveryTypeAtOnceAsOfNow() {
        PriceSheet sheet = fetch(query(SHAPES, Set.of("us-east-1", "us-west-2"), PricingModel.SPOT));

        for (String region : List.of("us-east-1", "us-west-2")) {
            cloud().server().verify(1, spot(region).withRequestBody(equalTo("Action=DescribeSpotPriceHistory&Version=2016-11-15"
                    + "&StartTime=2026-12-01T12%3A00%3A00Z&EndTime=2026-12-01T12%3A00%3A00Z&InstanceType.1=g6e.xlarge"
                    + "&InstanceType.2=p5.48xlarge&ProductDescription.1=Linux%2FUNIX&MaxResults=1000")));
        }
        assertEquals(2, sheet.requests());
        assertEquals(List.of("vm us-east-1 g6e.xlarge SPOT 0.6200", "vm us-east-1 p5.48xlarge SPOT 11.9000",
                "vm us-west-2 p5.48xlarge SPOT 13.1000"), lines(sheet.points()));
    }

    @Test
    void eachPointsSourceNamesTheSkuTermZoneOrOfferingSoItCanBeCheckedByHand() {
        PriceSheet sheet = fetch(query(SHAPES, Set.of("us-east-1", "us-west-2")));

        assertEquals("AWS Price List AmazonSageMaker SKU TESTSM0000000001",
                point(sheet.points(), "us-east-1", "ml.g5.xlarge", PricingModel.ON_DEMAND).source());
        assertEquals("AWS Price List AmazonEC2 SKU TESTEC0000000001 reserved 1yr standard No Upfront",
                point(sheet.points(), "us-east-1", "p5.48xlarge", PricingModel.COMMITTED_1Y).source());
        assertEquals("AWS Price List AmazonEC2 SKU TESTEC0000000002 reserved 1yr standard Partial Upfront"
                        + " (upfront fee spread over 8760 h)",
                point(sheet.points(), "us-west-2", "p5.48xlarge", PricingModel.COMMITTED_1Y).source());
        assertEquals("EC2 spot price history us-east-1b 2026-12-01T05:00:00Z",
                point(sheet.points(), "us-east-1", "p5.48xlarge", PricingModel.SPOT).source());
        assertEquals("AWS Savings Plans SageMaker 3yr No Upfront offering 5f1c0a3e-test-4c1b-9d2e-000000000003 USE1-Host:ml.g5.xlarge",
                point(sheet.points(), "us-east-1", "ml.g5.xlarge", PricingModel.COMMITTED_3Y).source());
    }

    @Test
    void aRegionNotAskedForIsNeitherRequestedNorPriced() {
        PriceSheet sheet = fetch(query(SHAPES, Set.of("us-east-1")));

        // one region: the EC2 queries filter by it too
        cloud().server().verify(2, priceList().withRequestBody(containing("\"ServiceCode\":\"AmazonEC2\""))
                .withRequestBody(containing("{\"Type\":\"TERM_MATCH\",\"Field\":\"regionCode\",\"Value\":\"us-east-1\"}")));
        cloud().server().verify(0, anyRequestedFor(anyUrl()).withRequestBody(containing("us-west-2")));
        cloud().server().verify(0, spot("us-west-2"));
        assertTrue(sheet.points().stream().allMatch(p -> p.region().equals("us-east-1")), () -> lines(sheet.points()).toString());
        assertEquals(5, sheet.requests());
    }

    @Test
    void aQueryOfEveryRegionAsksTheListOnceAndSpotPricesWhereTheTypesAreSold() {
        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge"), vm("p5.48xlarge")), Set.of()));

        cloud().server().verify(1, priceList().withRequestBody(equalToJson("""
                {"ServiceCode":"AmazonSageMaker","FormatVersion":"aws_v1","MaxResults":100,"Filters":[
                 {"Type":"TERM_MATCH","Field":"productFamily","Value":"ML Instance"},
                 {"Type":"TERM_MATCH","Field":"platoinstancetype","Value":"Hosting"}]}""")));
        cloud().server().verify(1, savingsPlans().withRequestBody(equalToJson("""
                {"savingsPlanTypes":["SageMaker"],"savingsPlanPaymentOptions":["No Upfront"],"serviceCodes":["AmazonSageMaker"],
                 "maxResults":1000,"filters":[{"name":"instanceType","values":["ml.g5.xlarge"]}]}""")));
        // the Price List sells p5.48xlarge in three regions: each is asked for its spot prices
        for (String region : List.of("us-east-1", "us-west-2", "eu-central-1")) cloud().server().verify(1, spot(region));
        assertEquals(6, sheet.requests());
        assertTrue(lines(sheet.points()).containsAll(List.of("sagemaker eu-central-1 ml.g5.xlarge ON_DEMAND 1.6900",
                "sagemaker eu-central-1 ml.g5.xlarge COMMITTED_1Y 1.1800", "vm eu-central-1 p5.48xlarge ON_DEMAND 64.4000",
                "vm eu-central-1 p5.48xlarge SPOT 15.0000")), () -> lines(sheet.points()).toString());
    }

    @Test
    void onlyThePricingModelsAskedForAreFetched() {
        PriceSheet sheet = fetch(query(SHAPES, Set.of("us-east-1"), PricingModel.SPOT));

        assertEquals(List.of("vm us-east-1 g6e.xlarge SPOT 0.6200", "vm us-east-1 p5.48xlarge SPOT 11.9000"), lines(sheet.points()));
        assertEquals(List.of(SAGEMAKER_SPOT), sheet.problems());
        cloud().server().verify(0, priceList());
        cloud().server().verify(0, savingsPlans());
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void shapesOfOtherPlatformsOrMalformedTypesAreSkippedNamedAndNeverRequested() {
        PriceSheet sheet = fetch(query(List.of(shape("aws", "bedrock", "us-east-1", "anthropic.claude"),
                shape("aws", "sagemaker", "us-east-1", "g5.xlarge"), shape("aws", "vm", "us-east-1", "ml.g5.xlarge"),
                shape("gcp", "vertex", "us-central1", "a3-highgpu-8g")), Set.of("us-east-1")));

        assertEquals(List.of(), sheet.points());
        assertEquals(List.of("skipped 3 AWS shapes the AWS price source does not price (only sagemaker ml.* and vm instance"
                + " types): bedrock/anthropic.claude sagemaker/g5.xlarge vm/ml.g5.xlarge"), sheet.problems());
        assertEquals(0, sheet.requests());
        assertEquals(0, cloud().requestCount());
    }

    @Test
    void instanceTypesTheListDoesNotSellInTheRegionsAskedAreNamed() {
        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge"), sageMaker("ml.p6-b300.48xlarge"), vm("p6-b300.48xlarge")),
                Set.of("us-east-1"), PricingModel.ON_DEMAND));

        assertEquals(List.of("sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.4080"), lines(sheet.points()));
        assertEquals(List.of("on-demand prices: no SageMaker hosting product in the Price List for ml.p6-b300.48xlarge in the"
                        + " regions asked",
                "on-demand prices: no Linux EC2 product in the Price List for p6-b300.48xlarge in the regions asked"), sheet.problems());
    }

    @Test
    void theFactoryMakesASourceFromTheProviderKeysWithoutRegionOrRoleAndBuildsNothingUntilUsed() {
        ProviderConfig config = ProviderConfig.of("aws", Map.of(AwsKeys.ENDPOINT, cloud().baseUrl()));
        try (PriceSource source = new AwsProviderFactory().priceSource(config).orElseThrow()) {
            assertEquals("aws", source.cloud());
            assertEquals(List.of(), ((AwsPriceSource) source).built());
            assertEquals(0, cloud().requestCount());

            PriceSheet sheet = source.fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND));

            assertEquals(List.of("sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.4080"), lines(sheet.points()));
            // the emulator's test credentials, the Price List's us-east-1 endpoint
            cloud().server().verify(1, priceList().withHeader("Authorization",
                    matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/pricing/aws4_request, .*")));
            assertEquals(List.of("http", "pricing"), ((AwsPriceSource) source).built());
        }
    }

    @Test
    void theNearestPriceListEndpointToTheConfiguredRegionIsUsed() {
        ProviderConfig config = ProviderConfig.of("aws", Map.of(AwsKeys.ENDPOINT, cloud().baseUrl(), AwsKeys.REGION, "eu-west-1"));
        try (PriceSource source = new AwsProviderFactory().priceSource(config).orElseThrow()) {
            source.fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND));
        }
        List<LoggedRequest> sent = cloud().server().findAll(priceList());
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).getHeader("Authorization").contains("/eu-central-1/pricing/aws4_request"), sent.get(0).getHeader("Authorization"));
        assertEquals("eu-central-1", PriceClients.pricingRegion(java.util.Optional.of("eu-west-1")).id());
        assertEquals("ap-south-1", PriceClients.pricingRegion(java.util.Optional.of("ap-northeast-1")).id());
        assertEquals("us-east-1", PriceClients.pricingRegion(java.util.Optional.of("sa-east-1")).id());
        assertEquals("us-east-1", PriceClients.pricingRegion(java.util.Optional.empty()).id());
    }
}

package dev.cloudai.aws.pricing;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.aws.AwsKeys;
import dev.cloudai.aws.AwsProviderFactory;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.aws.AwsPrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.cloudai.aws.pricing.PriceFixtures.lines;
import static dev.cloudai.aws.pricing.PriceFixtures.query;
import static dev.cloudai.aws.pricing.PriceFixtures.sageMaker;
import static dev.cloudai.aws.pricing.PriceFixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS price source when the price APIs page, throttle and fail: every page is fetched with the token of the page
 * before, a throttled request is retried after a backoff (recorded, not slept), a part that still fails is a problem
 * while the others are returned, and a fetch where nothing succeeds throws the mapped exception.
 */
class AwsPriceFaultsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S2 = Duration.ofSeconds(2);
    private static final Duration S4 = Duration.ofSeconds(4);
    private final List<Duration> waits = new ArrayList<>();

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private PriceSheet fetch(PriceQuery query) {
        try (AwsPriceSource source = PriceFixtures.source(cloud(), waits)) {
            return source.fetch(query);
        }
    }

    // new builders each time: a RequestPatternBuilder is mutable, and withRequestBody adds to it
    private static RequestPatternBuilder priceList() {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"));
    }

    private static RequestPatternBuilder spot() {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSpotPriceHistory"));
    }

    private static RequestPatternBuilder savingsPlans() {
        return postRequestedFor(urlEqualTo("/DescribeSavingsPlansOfferingRates"));
    }

    /** The requests {@code pattern} matches, in the order they were sent, with their answers. */
    private static List<ServeEvent> sent(RequestPatternBuilder pattern) {
        return cloud().server().getAllServeEvents().stream()
                .filter(e -> pattern.build().match(e.getRequest()).isExactMatch())
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
    }

    private static String token(String body, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(body);
        assertTrue(m.find(), () -> "no token in " + body);
        return m.group(1);
    }

    @Test
    void everyPageOfEveryApiIsFetchedWithTheTokenOfThePageBefore() {
        cloud().prices().pageSize(2);

        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge"), sageMaker("ml.p4d.24xlarge"), sageMaker("ml.inf2.xlarge"),
                sageMaker("ml.g6e.xlarge"), vm("p5.48xlarge"), vm("g6e.xlarge")), Set.of("us-east-1")));

        // hosting: 5 products in us-east-1 (ml.m5.large too), Savings Plans: 5 rates, spot: 5 zone prices -> 3 pages each
        List<ServeEvent> hosting = sent(priceList().withRequestBody(containing("AmazonSageMaker")));
        assertEquals(3, hosting.size());
        assertTrue(!hosting.get(0).getRequest().getBodyAsString().contains("NextToken"));
        for (int i = 1; i < 3; i++) {
            String given = token(hosting.get(i - 1).getResponse().getBodyAsString(), "\"NextToken\":\"([^\"]+)\"");
            assertTrue(hosting.get(i).getRequest().getBodyAsString().contains("\"NextToken\":\"" + given + "\""),
                    hosting.get(i).getRequest().getBodyAsString());
        }
        List<ServeEvent> plans = sent(savingsPlans());
        assertEquals(3, plans.size());
        String planToken = token(plans.get(0).getResponse().getBodyAsString(), "\"nextToken\":\"([^\"]+)\"");
        assertTrue(plans.get(1).getRequest().getBodyAsString().contains("\"nextToken\":\"" + planToken + "\""));
        List<ServeEvent> spot = sent(spot());
        assertEquals(3, spot.size());
        String spotToken = token(spot.get(0).getResponse().getBodyAsString(), "<nextToken>([^<]+)</nextToken>");
        assertTrue(spot.get(1).getRequest().getBodyAsString().contains("&NextToken=" + spotToken),
                spot.get(1).getRequest().getBodyAsString());
        // the EC2 products of one type and region fit in a page
        assertEquals(2, sent(priceList().withRequestBody(containing("AmazonEC2"))).size());
        assertEquals(11, sheet.requests());
        assertEquals(11, cloud().requestCount());
        // every page's prices are in the sheet
        assertTrue(lines(sheet.points()).containsAll(List.of("sagemaker us-east-1 ml.g6e.xlarge ON_DEMAND 2.3360",
                "sagemaker us-east-1 ml.p4d.24xlarge COMMITTED_3Y 16.9600", "vm us-east-1 g6e.xlarge SPOT 0.6200",
                "vm us-east-1 p5.48xlarge SPOT 11.9000")), () -> lines(sheet.points()).toString());
        assertEquals(16, sheet.points().size(), () -> lines(sheet.points()).toString());
    }

    @Test
    void aThrottledPriceListRequestIsSentAgainAfterABackoffAndTheFetchGoesOn() {
        cloud().prices().throttle(AwsPrices.Api.PRICE_LIST, 2);

        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND));

        assertEquals(List.of("sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.4080"), lines(sheet.points()));
        assertEquals(List.of(), sheet.problems());
        assertEquals(List.of(S1, S2), waits);
        assertEquals(3, sheet.requests());
        cloud().server().verify(3, priceList());
    }

    @Test
    void ec2RequestLimitExceededAndASavingsPlansThrottleAreRetriedToo() {
        cloud().prices().throttle(AwsPrices.Api.EC2, 1);
        cloud().prices().throttle(AwsPrices.Api.SAVINGS_PLANS, 1);

        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge"), vm("p5.48xlarge")), Set.of("us-east-1"),
                PricingModel.SPOT, PricingModel.COMMITTED_1Y));

        assertTrue(lines(sheet.points()).containsAll(List.of("vm us-east-1 p5.48xlarge SPOT 11.9000",
                "sagemaker us-east-1 ml.g5.xlarge COMMITTED_1Y 0.9855")), () -> lines(sheet.points()).toString());
        assertEquals(List.of(S1, S1), waits);
        cloud().server().verify(2, spot());
        cloud().server().verify(2, savingsPlans());
    }

    @Test
    void throttledPastTheLastAttemptIsAProblemAndTheOtherRegionsAreStillPriced() {
        cloud().prices().throttle(AwsPrices.Api.EC2, 4);

        PriceSheet sheet = fetch(query(List.of(vm("p5.48xlarge")), Set.of("us-east-1", "us-west-2"), PricingModel.SPOT));

        assertEquals(List.of("vm us-west-2 p5.48xlarge SPOT 13.1000"), lines(sheet.points()));
        assertEquals(List.of("us-east-1 EC2 spot prices: throttled 4 times, gave up (RequestLimitExceeded: Request limit exceeded.)"),
                sheet.problems());
        assertEquals(List.of(S1, S2, S4), waits);
        assertEquals(5, sheet.requests());
    }

    @Test
    void aFailingRegionIsAProblemPerPartAndEveryOtherRegionIsReturned() {
        cloud().prices().failRegion("us-west-2");

        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge"), vm("p5.48xlarge")), Set.of("us-east-1", "us-west-2")));

        assertEquals(List.of(
                "us-west-2 SageMaker hosting prices: InternalErrorException: An error on the server occurred during the processing"
                        + " of your request. Try again later.",
                "us-west-2 SageMaker Savings Plans rates: InternalServerException: An unexpected error occurred.",
                "spot prices: SageMaker real-time inference has no spot pricing; none for the 1 SageMaker instance types",
                "us-west-2 EC2 spot prices: InternalError: An internal error has occurred"), sheet.problems());
        // us-east-1 complete; us-west-2's EC2 Price List products came from the all-region query, which did not fail
        assertEquals(PriceFixtures.sorted("sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.4080",
                "sagemaker us-east-1 ml.g5.xlarge COMMITTED_1Y 0.9855", "sagemaker us-east-1 ml.g5.xlarge COMMITTED_3Y 0.6335",
                "vm us-east-1 p5.48xlarge ON_DEMAND 55.0400", "vm us-east-1 p5.48xlarge COMMITTED_1Y 38.5000",
                "vm us-east-1 p5.48xlarge COMMITTED_3Y 26.4000", "vm us-east-1 p5.48xlarge SPOT 11.9000",
                "vm us-west-2 p5.48xlarge ON_DEMAND 55.0400", "vm us-west-2 p5.48xlarge COMMITTED_1Y 36.0000",
                "vm us-west-2 p5.48xlarge COMMITTED_3Y 33.0000"), lines(sheet.points()));
        // a server error is not retried: one request per part
        assertEquals(List.of(), waits);
        assertEquals(7, sheet.requests());
    }

    @Test
    void whenNoPartSucceedsTheFirstFailureIsThrownAsTheAdaptersNeutralException() {
        cloud().prices().failRegion("us-east-1");

        UnavailableException e = assertThrows(UnavailableException.class, () -> fetch(query(
                List.of(sageMaker("ml.g5.xlarge"), vm("p5.48xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND, PricingModel.SPOT)));

        assertEquals("InternalErrorException", e.providerCode().orElseThrow());
        assertEquals(500, e.httpStatus().orElseThrow());
        assertEquals("aws", e.providerId());
        assertEquals("prices", e.operation());
    }

    @Test
    void throttledOnEveryAttemptOfTheOnlyPartThrowsThrottledException() {
        cloud().prices().throttle(AwsPrices.Api.PRICE_LIST, 10);

        ThrottledException e = assertThrows(ThrottledException.class,
                () -> fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND)));

        assertEquals("ThrottlingException", e.providerCode().orElseThrow());
        assertEquals(List.of(S1, S2, S4), waits);
        cloud().server().verify(4, priceList());
    }

    @Test
    void noCredentialsStopTheFetchAtOnceWithoutARequest() {
        ProviderConfig config = ProviderConfig.of("aws", Map.of(AwsKeys.ENDPOINT, cloud().baseUrl(),
                AwsKeys.PROFILE, "cloudai-price-test-no-such-profile"));
        try (PriceSource source = new AwsProviderFactory().priceSource(config).orElseThrow()) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> source.fetch(query(
                    List.of(sageMaker("ml.g5.xlarge"), vm("p5.48xlarge")), Set.of("us-east-1", "us-west-2"))));
            assertEquals("CredentialsUnavailable", e.providerCode().orElseThrow());
            assertTrue(e.getMessage().contains("cloudai-price-test-no-such-profile"), e.getMessage());
        }
        assertEquals(0, cloud().requestCount());
    }

    /** A hosting product as the Price List answers it, minimal. */
    private static String product(String sku, String platoInstanceType, String usd) {
        return "{\"product\":{\"productFamily\":\"ML Instance\",\"sku\":\"" + sku + "\",\"attributes\":{\"regionCode\":"
                + "\"us-east-1\",\"instanceName\":\"ml.g5.xlarge\",\"platoinstancetype\":\"" + platoInstanceType + "\"}},"
                + "\"terms\":{\"OnDemand\":{\"T.JRTCKXETXF\":{\"priceDimensions\":{\"T.JRTCKXETXF.6YS6EN2CT7\":{\"unit\":\"Hrs\","
                + "\"pricePerUnit\":{\"USD\":\"" + usd + "\"}}}}}}}";
    }

    @Test
    void anUnreadableProductIsSkippedAndCountedAndOneThatFailsAFilterIsNotPriced() {
        cloud().server().stubFor(post(urlPathEqualTo("/")).atPriority(2).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FormatVersion\":\"aws_v1\",\"PriceList\":[\"{not json\","
                                + TextNode.valueOf(product("TESTSM0000000098", "Training", "1.6000000000")) + ","
                                + TextNode.valueOf(product("TESTSM0000000099", "Hosting", "1.5000000000")) + "]}")));

        PriceSheet sheet = fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of("us-east-1"), PricingModel.ON_DEMAND));

        assertEquals(List.of("sagemaker us-east-1 ml.g5.xlarge ON_DEMAND 1.5000"), lines(sheet.points()));
        assertEquals("AWS Price List AmazonSageMaker SKU TESTSM0000000099", sheet.points().get(0).source());
        assertEquals(List.of("us-east-1 SageMaker hosting prices: 1 Price List products could not be read, skipped"), sheet.problems());
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsWaitedForUpToTheLongestBackoff() {
        ThrottleRetry retry = new ThrottleRetry(4, S1, Duration.ofSeconds(20), waits::add, new dev.cloudai.aws.errors.AwsErrorMapper());
        dev.cloudai.errors.ErrorInfo info = dev.cloudai.errors.ErrorInfo.builder("aws", "prices").build();

        assertEquals(S1, retry.backoff(1, new ThrottledException(info, "slow down", null, null)));
        assertEquals(S4, retry.backoff(3, new ThrottledException(info, "slow down", null, null)));
        assertEquals(Duration.ofSeconds(20), retry.backoff(9, new ThrottledException(info, "slow down", null, null)));
        assertEquals(Duration.ofSeconds(7), retry.backoff(1, new ThrottledException(info, "slow down", Duration.ofSeconds(7), null)));
        assertEquals(Duration.ofSeconds(20), retry.backoff(1, new ThrottledException(info, "slow down", Duration.ofMinutes(5), null)));
    }

    @Test
    void aFetchAfterCloseIsRefused() {
        AwsPriceSource source = PriceFixtures.source(cloud(), waits);
        source.close();
        source.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> source.fetch(query(List.of(sageMaker("ml.g5.xlarge")), Set.of())));
        assertEquals("this AWS price source is closed", e.getMessage());
        assertEquals(0, cloud().requestCount());
    }
}

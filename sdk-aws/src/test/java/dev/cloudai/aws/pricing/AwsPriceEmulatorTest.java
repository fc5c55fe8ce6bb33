package dev.cloudai.aws.pricing;

import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.InvalidNextTokenException;
import software.amazon.awssdk.services.pricing.model.InvalidParameterException;
import software.amazon.awssdk.services.savingsplans.SavingsplansClient;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's price APIs refuse what AWS refuses, through the AWS SDK's own clients, so that a wrong request of the
 * price source fails its tests instead of pricing nothing: an unknown service code, a misspelt filter field, another
 * query's page token, a malformed EC2 instance type, a Savings Plans value outside its enumeration.
 */
class AwsPriceEmulatorTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private SdkHttpClient http;
    private PricingClient pricing;

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B builder, Region region) {
        return builder.region(region).endpointOverride(URI.create(cloud().baseUrl())).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRICETEST", "price-test-secret")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    @BeforeEach
    void clients() {
        http = ApacheHttpClient.builder().build();
        pricing = configure(PricingClient.builder(), Region.US_EAST_1).build();
    }

    @AfterEach
    void close() {
        pricing.close();
        http.close();
    }

    @Test
    void getProductsOfAnUnknownServiceCodeIsAnInvalidParameter() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> pricing.getProducts(r -> r.serviceCode("AmazonSagemaker")));
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("'AmazonSagemaker' is not a service of the Price List"), e.getMessage());
    }

    @Test
    void aFilterOnAnAttributeTheServiceDoesNotHaveIsAnInvalidParameter() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> pricing.getProducts(r -> r
                .serviceCode("AmazonSageMaker").filters(PriceList.term("platoInstanceType", "Hosting"))));
        assertTrue(e.getMessage().contains("AmazonSageMaker has no attribute 'platoInstanceType'"), e.getMessage());
    }

    @Test
    void maxResultsAbove100IsAnInvalidParameter() {
        assertThrows(InvalidParameterException.class, () -> pricing.getProducts(r -> r.serviceCode("AmazonEC2").maxResults(101)));
    }

    @Test
    void aPageTokenOfAnotherQueryIsRefused() {
        cloud().prices().pageSize(1);
        GetProductsResponse first = pricing.getProducts(r -> r.serviceCode("AmazonEC2")
                .filters(PriceList.term("instanceType", "p5.48xlarge")));
        assertEquals(1, first.priceList().size());
        assertNotNull(first.nextToken());

        assertEquals(1, pricing.getProducts(r -> r.serviceCode("AmazonEC2").filters(PriceList.term("instanceType", "p5.48xlarge"))
                .nextToken(first.nextToken())).priceList().size());
        assertThrows(InvalidNextTokenException.class, () -> pricing.getProducts(r -> r.serviceCode("AmazonEC2")
                .filters(PriceList.term("instanceType", "g6e.xlarge")).nextToken(first.nextToken())));
    }

    @Test
    void termMatchIgnoresCaseAsThePriceListDoes() {
        GetProductsResponse r = pricing.getProducts(q -> q.serviceCode("AmazonEC2").filters(PriceList.term("instanceType", "g5.xlarge"),
                PriceList.term("tenancy", "shared"), PriceList.term("operatingSystem", "LINUX")));
        assertEquals(1, r.priceList().size());
        assertEquals("TESTEC0000000010", PriceListProduct.parse(r.priceList().get(0)).sku());
    }

    @Test
    void spotPriceHistoryOfAMalformedInstanceTypeIsAnInvalidParameterValue() {
        try (Ec2Client ec2 = configure(Ec2Client.builder(), Region.US_WEST_2).build()) {
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> ec2.describeSpotPriceHistory(r -> r.instanceTypesWithStrings("p5 48xlarge")));
            assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            // a well-formed query of the region the request is signed for answers that region's zones only
            assertEquals(List.of("us-west-2a", "us-west-2b"), ec2.describeSpotPriceHistory(r -> r.instanceTypesWithStrings("p5.48xlarge")
                    .productDescriptions("Linux/UNIX")).spotPriceHistory().stream().map(p -> p.availabilityZone()).sorted().toList());
        }
    }

    @Test
    void savingsPlansRatesOfAPlanTypeOutsideTheEnumerationAreAValidationError() {
        try (SavingsplansClient plans = configure(SavingsplansClient.builder(), Region.US_EAST_1).build()) {
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> plans.describeSavingsPlansOfferingRates(r -> r.savingsPlanTypesWithStrings("Reserved")));
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }
}

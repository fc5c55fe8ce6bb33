package dev.cloudai.aws.pricing;

import dev.cloudai.spi.LazyClients;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.savingsplans.SavingsplansClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The AWS SDK clients of one price source, each built on its first use: the Price List Query API ({@code pricing}),
 * Savings Plans ({@code savingsplans}), and one EC2 client per region asked for spot prices, over one blocking HTTP
 * client. Like the provider's clients, their SDK retries are off ({@link ThrottleRetry} is the only retry) and an
 * endpoint override sends every service to one URL (an emulator). Every request sent, retries included, is counted.
 *
 * <pre>{@code
 * try (PriceClients clients = new PriceClients(credentials, Optional.empty(), Optional.of("eu-west-1"), timeout)) {
 *     clients.pricing().getProducts(request);   // to the Price List endpoint in eu-central-1
 * }
 * }</pre>
 *
 * <p>Regions: the Price List Query API answers in us-east-1, eu-central-1 and ap-south-1 only, with the same data;
 * the client goes to the one nearest the configured region (us-east-1 when none is). Savings Plans is a global
 * service, signed for us-east-1. EC2 is regional: spot prices of a region come from that region's endpoint.
 */
final class PriceClients implements AutoCloseable {
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpointOverride;
    private final Region pricingRegion;
    private final Duration timeout;
    private final AtomicInteger requests = new AtomicInteger();
    private final LazyClients clients = new LazyClients("aws");
    private final Supplier<SdkHttpClient> http;
    private final Supplier<PricingClient> pricing;
    private final Supplier<SavingsplansClient> savingsPlans;
    private final Map<String, Supplier<Ec2Client>> ec2 = new HashMap<>();

    PriceClients(AwsCredentialsProvider credentials, Optional<URI> endpointOverride, Optional<String> homeRegion, Duration timeout) {
        this.credentials = credentials;
        this.endpointOverride = endpointOverride;
        this.pricingRegion = pricingRegion(homeRegion);
        this.timeout = timeout;
        this.http = clients.add("http", () -> ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(timeout).build());
        this.pricing = clients.add("pricing", () -> configure(PricingClient.builder(), pricingRegion).build(),
                SdkAutoCloseable::close);
        this.savingsPlans = clients.add("savingsplans", () -> configure(SavingsplansClient.builder(), Region.US_EAST_1).build(),
                SdkAutoCloseable::close);
    }

    /** The Price List Query API endpoint nearest {@code homeRegion}: eu-central-1, ap-south-1, else us-east-1. */
    static Region pricingRegion(Optional<String> homeRegion) {
        String home = homeRegion.map(r -> r.strip().toLowerCase(Locale.ROOT)).orElse("");
        if (home.startsWith("eu-") || home.startsWith("me-") || home.startsWith("af-") || home.startsWith("il-")) {
            return Region.EU_CENTRAL_1;
        }
        if (home.startsWith("ap-")) return Region.AP_SOUTH_1;
        return Region.US_EAST_1;
    }

    Region pricingRegion() {
        return pricingRegion;
    }

    PricingClient pricing() {
        return pricing.get();
    }

    SavingsplansClient savingsPlans() {
        return savingsPlans.get();
    }

    /** The EC2 client of {@code region}, built on first use. */
    synchronized Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region, r -> clients.add("ec2-" + r,
                () -> configure(Ec2Client.builder(), Region.of(r)).build(), SdkAutoCloseable::close)).get();
    }

    /** The requests sent so far, retries included. */
    int requests() {
        return requests.get();
    }

    /** What has been built so far, in order; for tests. */
    List<String> built() {
        return clients.built();
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, Region region) {
        builder.region(region).credentialsProvider(credentials).httpClient(http.get())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeout)
                        .addExecutionInterceptor(new CountRequests())
                        .build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Closes the clients built, newest first, then the credentials provider. */
    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            if (credentials instanceof SdkAutoCloseable c) c.close();
        }
    }

    /** Counts each request as it is sent: attempts that fail before (no credentials) are not requests. */
    private final class CountRequests implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            requests.incrementAndGet();
        }
    }
}

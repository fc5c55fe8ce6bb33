package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.aws.errors.AwsErrorMapper;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The AWS price source of a catalog refresh: current prices of the catalog's AWS shapes from AWS's own price APIs.
 * {@code AwsProviderFactory.priceSource(config)} makes it from the {@code cloudai.aws.*} keys; it needs no region and
 * no execution role, only credentials allowed {@code pricing:GetProducts}, {@code savingsplans:DescribeSavingsPlansOfferingRates}
 * and {@code ec2:DescribeSpotPriceHistory}.
 *
 * <pre>{@code
 * try (PriceSource aws = new AwsProviderFactory().priceSource(config).orElseThrow()) {
 *     PriceSheet sheet = aws.fetch(PriceQuery.of(catalog.offers(), Set.of("us-east-1"), LocalDate.now()));
 * }
 * }</pre>
 *
 * <p>What it fetches, for the shapes of platform {@code sagemaker} ({@code ml.*} instance types) and {@code vm} (EC2
 * instance types); other AWS shapes are skipped and named in the sheet's problems:
 * <ul>
 *   <li>SageMaker on-demand: the Price List's SageMaker hosting products, one {@code GetProducts} query per region
 *       asked (about 2 pages of 100 each), see {@code SageMakerHostingPrices};</li>
 *   <li>SageMaker committed (1 and 3 years): SageMaker Savings Plans rates, No Upfront, one
 *       {@code DescribeSavingsPlansOfferingRates} query per region (one page of 1,000 rates for a few dozen instance
 *       types), see {@code SageMakerSavingsPlans}; SageMaker hosting has no spot prices, which the sheet says;</li>
 *   <li>EC2 on-demand and committed: the Price List's Linux, shared-tenancy EC2 products with their standard reserved
 *       terms, one {@code GetProducts} query per instance type for every region at once (one page), see
 *       {@code Ec2InstancePrices};</li>
 *   <li>EC2 spot: {@code DescribeSpotPriceHistory} at each region's EC2 endpoint, one query per region for all the
 *       instance types, the cheapest zone's current price, see {@code Ec2SpotPrices}.</li>
 * </ul>
 * Requests, for R regions asked: R Price List queries for SageMaker (a region's hosting products are about 2 pages of
 * 100), R Savings Plans queries (a page of 1,000 rates holds about 60 instance types), one Price List query per EC2
 * instance type (one page: a product per region), and R spot queries; a query of every region asks the Price List and
 * Savings Plans once, and spot prices in each region that sells the types. The built-in catalog (45 SageMaker and 11
 * EC2 instance types in 3 regions) takes about 23 requests. A throttled request is sent again after 1, 2, 4 s (4
 * attempts; {@link Builder#retries}); a part (a query and its pages) that still fails becomes one problem sentence
 * and the others go on; when no part succeeds the first failure is thrown, mapped by the adapter's
 * {@code AwsErrorMapper}.
 *
 * <p>Not for concurrent use: {@link #fetch} runs one query at a time.
 */
public final class AwsPriceSource implements PriceSource {
    private final PriceClients clients;
    private final ThrottleRetry retry;
    private final Clock clock;
    private final AwsErrorMapper mapper = new AwsErrorMapper();
    private boolean closed;

    private AwsPriceSource(Builder b) {
        this.clients = new PriceClients(b.credentials, Optional.ofNullable(b.endpointOverride), Optional.ofNullable(b.homeRegion),
                b.timeout);
        this.retry = new ThrottleRetry(b.maxAttempts, b.initialBackoff, b.maxBackoff, b.sleeper, mapper);
        this.clock = b.clock;
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String cloud() {
        return "aws";
    }

    @Override
    public synchronized PriceSheet fetch(PriceQuery query) {
        Objects.requireNonNull(query, "query");
        if (closed) throw new IllegalStateException("this AWS price source is closed");
        int requestsBefore = clients.requests();
        AwsShapes shapes = AwsShapes.of(query);
        SheetBuilder sheet = new SheetBuilder(query.models(), mapper);
        if (!shapes.skipped().isEmpty()) {
            sheet.problem("skipped " + shapes.skipped().size() + " AWS shapes the AWS price source does not price (only"
                    + " sagemaker ml.* and vm instance types): " + String.join(" ", shapes.skipped()));
        }
        List<Optional<String>> regions = query.regions().isEmpty() ? List.of(Optional.empty())
                : new TreeSet<>(query.regions()).stream().map(Optional::of).toList();
        if (!shapes.sageMaker().isEmpty()) sageMaker(query, shapes, regions, sheet);
        if (!shapes.vm().isEmpty()) ec2(query, shapes, regions, sheet);
        return sheet.build(clients.requests() - requestsBefore);
    }

    private void sageMaker(PriceQuery query, AwsShapes shapes, List<Optional<String>> regions, SheetBuilder sheet) {
        if (sheet.wants(PricingModel.ON_DEMAND)) {
            SageMakerHostingPrices hosting = new SageMakerHostingPrices(new PriceList(clients.pricing(), retry), query,
                    shapes.sageMaker(), sheet);
            boolean all = true;
            for (Optional<String> region : regions) all &= sheet.part(label(region, "SageMaker hosting prices"), () -> hosting.fetch(region));
            if (all) missing(sheet, AwsShapes.SAGEMAKER, shapes.sageMaker(), "SageMaker hosting product");
        }
        if (sheet.wants(PricingModel.COMMITTED_1Y) || sheet.wants(PricingModel.COMMITTED_3Y)) {
            SageMakerSavingsPlans plans = new SageMakerSavingsPlans(clients.savingsPlans(), retry, query, shapes.sageMaker(), sheet);
            for (Optional<String> region : regions) sheet.part(label(region, "SageMaker Savings Plans rates"), () -> plans.fetch(region));
        }
        if (sheet.wants(PricingModel.SPOT)) {
            sheet.problem("spot prices: SageMaker real-time inference has no spot pricing; none for the "
                    + shapes.sageMaker().size() + " SageMaker instance types");
        }
    }

    private void ec2(PriceQuery query, AwsShapes shapes, List<Optional<String>> regions, SheetBuilder sheet) {
        // the regions to ask for spot prices: those asked, else those that sell the types (Price List) or have them in the catalog
        Set<String> spotRegions = new TreeSet<>(query.regions());
        if (query.regions().isEmpty()) spotRegions.addAll(shapes.regionsOfVm());
        if (sheet.wants(PricingModel.ON_DEMAND) || sheet.wants(PricingModel.COMMITTED_1Y) || sheet.wants(PricingModel.COMMITTED_3Y)) {
            Ec2InstancePrices instances = new Ec2InstancePrices(new PriceList(clients.pricing(), retry), query, sheet);
            boolean all = true;
            for (String type : shapes.vm()) {
                all &= sheet.part(type + " EC2 prices", () -> {
                    Set<String> selling = instances.fetch(type);
                    if (query.regions().isEmpty()) spotRegions.addAll(selling);
                });
            }
            if (all && sheet.wants(PricingModel.ON_DEMAND)) missing(sheet, AwsShapes.VM, shapes.vm(), "Linux EC2 product");
        }
        if (sheet.wants(PricingModel.SPOT)) {
            for (String region : spotRegions) {
                if (!query.wants(region)) continue;
                sheet.part(region + " EC2 spot prices", () -> new Ec2SpotPrices(clients.ec2(region), retry, sheet)
                        .fetch(region, shapes.vm(), clock.instant()));
            }
        }
    }

    /** The problem "no ... for ml.x ml.y" when instance types got no on-demand price in any region asked. */
    private static void missing(SheetBuilder sheet, String platform, Set<String> types, String what) {
        String none = types.stream().filter(t -> !sheet.hasAnywhere(platform, t, PricingModel.ON_DEMAND))
                .collect(Collectors.joining(" "));
        if (!none.isEmpty()) sheet.problem("on-demand prices: no " + what + " in the Price List for " + none + " in the regions asked");
    }

    private static String label(Optional<String> region, String part) {
        return region.map(r -> r + " " + part).orElse(part + " (every region)");
    }

    /** Closes the SDK clients this source built. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        clients.close();
    }

    /** What the clients built so far are, in order; for tests. */
    List<String> built() {
        return clients.built();
    }

    @Override
    public String toString() {
        return "AwsPriceSource[Price List in " + clients.pricingRegion() + "]";
    }

    /**
     * Configures an {@link AwsPriceSource}.
     *
     * <pre>{@code
     * AwsPriceSource source = AwsPriceSource.builder().credentials(DefaultCredentialsProvider.builder().build())
     *         .homeRegion("eu-west-1").build();
     * }</pre>
     */
    public static final class Builder {
        private AwsCredentialsProvider credentials;
        private URI endpointOverride;
        private String homeRegion;
        private Duration timeout = Duration.ofSeconds(60);
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private Clock clock = Clock.systemUTC();
        private ThrottleRetry.Sleeper sleeper = ThrottleRetry.Sleeper.THREAD;

        private Builder() {
        }

        /** The credentials every request is signed with; required. The source closes them with itself. */
        public Builder credentials(AwsCredentialsProvider value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** One URL for every AWS service (an emulator); {@code null} for AWS itself (the default). */
        public Builder endpointOverride(URI value) {
            this.endpointOverride = value;
            return this;
        }

        /** The user's region, to pick the nearest Price List endpoint; {@code null}: us-east-1. */
        public Builder homeRegion(String value) {
            this.homeRegion = value;
            return this;
        }

        /** The longest one request may take, retries not included; default 60 s. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) throw new IllegalArgumentException("timeout: must be positive, was " + value);
            this.timeout = value;
            return this;
        }

        /**
         * How a throttled request is retried: at most {@code maxAttempts} sends, waiting {@code initialBackoff}
         * doubled each time up to {@code maxBackoff}; default 4, 1 s, 20 s.
         */
        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            if (maxAttempts < 1 || maxAttempts > 10) throw new IllegalArgumentException("maxAttempts: must be from 1 to 10, was " + maxAttempts);
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff: need 0 <= initialBackoff <= maxBackoff, was " + initialBackoff
                        + " and " + maxBackoff);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** The clock whose "now" spot prices are asked for; default the system's, in UTC. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How the retry waits; tests record the waits instead of sleeping. */
        Builder sleeper(ThrottleRetry.Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** The source; builds no client and does no I/O until the first {@link AwsPriceSource#fetch}. */
        public AwsPriceSource build() {
            if (credentials == null) throw new IllegalStateException("credentials: required, for example DefaultCredentialsProvider");
            return new AwsPriceSource(this);
        }
    }
}

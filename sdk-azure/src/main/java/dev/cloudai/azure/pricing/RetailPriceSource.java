package dev.cloudai.azure.pricing;

import com.azure.core.http.HttpPipeline;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Azure's prices from the public Retail Prices API ({@code https://prices.azure.com/api/retail/prices}, no
 * credentials; Microsoft's reference: learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices),
 * for a catalog refresh. {@code AzureProviderFactory.priceSource(config)} makes it from
 * {@code cloudai.azure.prices-endpoint} alone.
 *
 * <pre>{@code
 * try (PriceSource azure = new AzureProviderFactory().priceSource(config).orElseThrow()) {
 *     PriceSheet sheet = azure.fetch(PriceQuery.of(catalog.offers(), Set.of("eastus", "westeurope"), LocalDate.now()));
 * }
 * }</pre>
 *
 * <p><b>What is asked.</b> The {@code Virtual Machines} meters of the query's Azure instance types (platforms
 * {@code vm} and {@code azureml}), per region, up to ten sizes a request ({@link RetailPriceQueries}); a query
 * without regions asks every region at once. So a refresh of the built-in catalog's 18 Azure sizes takes two
 * requests a region, plus one for each further page of 1,000 items (none at that size) and each retry.
 *
 * <p><b>Azure ML.</b> The Retail Prices API has no meter for Azure ML managed online endpoint compute: Azure ML bills
 * the virtual machines a deployment runs on ("Managed online endpoints use VMs for the deployments",
 * learn.microsoft.com/azure/machine-learning/how-to-view-online-endpoints-costs), at the VM's meter, and applies
 * reserved VM instances to its managed compute (how-to-manage-optimize-cost). So an {@code azureml} shape gets its
 * size's Linux VM prices: pay-as-you-go and the committed ones, but no spot (managed online endpoints run on dedicated
 * VMs; Low Priority is for compute clusters and is never spot), which the sheet says.
 *
 * <p><b>Which price.</b> {@link RetailPriceItem} says which items are skipped (Windows, Low Priority, dev/test, Cloud
 * Services, non-primary, future) and how each other one is priced. For the committed columns a reservation is
 * preferred over a savings plan: it is the size-specific commitment (as AWS's reserved terms and Google's
 * resource-based commitments), the cheaper of the two, and payable monthly without upfront; a size and region
 * without a reservation of that term falls back to its savings plan price, and the point's source says which.
 * Reservation prices are per term and are spread over 8,760 or 26,280 hours.
 *
 * <p><b>Failures.</b> Throttling (429 with {@code Retry-After}) and other retryable failures are retried within
 * {@link Throttling}; a request that still fails, or a later page that fails, becomes one sentence of
 * {@link PriceSheet#problems()} and the rest is returned. Only when no request succeeded is the failure thrown, as
 * the adapter's error mapper maps it ({@code ThrottledException}, {@code InvalidRequestException}...).
 */
public final class RetailPriceSource implements PriceSource {
    /** Azure's public Retail Prices endpoint. */
    public static final URI PUBLIC_ENDPOINT = URI.create("https://prices.azure.com");
    /** The operation name of mapped errors. */
    static final String OPERATION = "prices";
    private static final Set<String> PLATFORMS = Set.of("vm", "azureml");

    private final String providerId;
    private final HttpPipeline pipeline;
    private final URI endpoint;
    private final ErrorMapper mapper;
    private final Throttling throttling;
    private final Runnable onClose;

    /**
     * Builds nothing and sends nothing: requests start with {@link #fetch}.
     *
     * @param pipeline the azure-core pipeline to send through: no credential policy (the API is public) and no retry
     *                 policy ({@link Throttling} retries)
     * @param endpoint {@link #PUBLIC_ENDPOINT}, or an emulator's
     * @param onClose  releases what the pipeline's HTTP client holds
     */
    public RetailPriceSource(String providerId, HttpPipeline pipeline, URI endpoint, ErrorMapper mapper,
                             Throttling throttling, Runnable onClose) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.throttling = Objects.requireNonNull(throttling, "throttling");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public String cloud() {
        return "azure";
    }

    /**
     * Fetches the query's Azure prices (see the class comment for what is asked and which price is taken).
     *
     * @throws CloudAiException when no request succeeded, mapped by the adapter's error mapper
     */
    @Override
    public PriceSheet fetch(PriceQuery query) {
        Objects.requireNonNull(query, "query");
        Map<String, Set<String>> platforms = new TreeMap<>();   // instance type -> its platforms, sorted for stable requests
        for (Offer shape : query.shapesOf(cloud())) {
            if (PLATFORMS.contains(shape.platform())) {
                platforms.computeIfAbsent(shape.instanceType(), t -> new TreeSet<>()).add(shape.platform());
            }
        }
        if (platforms.isEmpty()) return new PriceSheet(List.of(), List.of(), 0);

        RetailPricePages pages = new RetailPricePages(pipeline, mapper, throttling);
        Map<String, RetailPriceItem.Price> best = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> answered = new TreeMap<>();   // region ("" for all) -> types whose requests answered in full
        CloudAiException lastFailure = null;
        int answeredRequests = 0;
        List<String> regions = query.regions().isEmpty() ? Arrays.asList((String) null) : new ArrayList<>(new TreeSet<>(query.regions()));
        for (String region : regions) {
            for (RetailPriceQueries.Batch batch : RetailPriceQueries.batches(endpoint.toString(), region, List.copyOf(platforms.keySet()))) {
                RetailPricePages.Fetched fetched = pages.all(batch.url());
                if (fetched.pages() > 0) answeredRequests++;
                if (fetched.failure().isPresent()) lastFailure = fetched.failure().get();
                fetched.stopped().ifPresent(why -> problems.add(describe(batch) + ": "
                        + (fetched.pages() > 0 && fetched.failure().isPresent() ? "page " + (fetched.pages() + 1) + " failed: " : "")
                        + why));
                if (fetched.stopped().isEmpty()) answered.computeIfAbsent(region == null ? "" : region, r -> new TreeSet<>())
                        .addAll(batch.instanceTypes());
                for (Object node : fetched.items()) {
                    RetailPriceItem.of(node).ifPresent(item -> {
                        if (!platforms.containsKey(item.instanceType()) || !query.wants(item.region())) return;
                        for (RetailPriceItem.Price p : item.prices(query.today())) keep(best, p);
                    });
                }
            }
        }
        if (answeredRequests == 0 && lastFailure != null) throw lastFailure;

        List<PricePoint> points = points(best.values(), platforms, query.models());
        problems.addAll(unpriced(answered, best, query));
        if (query.models().contains(PricingModel.SPOT) && platforms.values().stream().anyMatch(p -> p.contains("azureml"))) {
            problems.add("azureml spot prices: none, since Azure ML managed online endpoints run on dedicated VMs only"
                    + " (Low Priority VMs are for compute clusters and are not spot)");
        }
        return new PriceSheet(points, problems, pages.requests());
    }

    /** One point per platform of each price's size and per model asked, sorted; no spot for {@code azureml}. */
    private static List<PricePoint> points(Iterable<RetailPriceItem.Price> prices, Map<String, Set<String>> platforms,
                                           Set<PricingModel> models) {
        List<PricePoint> points = new ArrayList<>();
        for (RetailPriceItem.Price p : prices) {
            if (!models.contains(p.model())) continue;
            for (String platform : platforms.get(p.instanceType())) {
                if (platform.equals("azureml") && p.model() == PricingModel.SPOT) continue;
                points.add(new PricePoint(platform, p.region(), p.instanceType(), p.model(), p.usdPerHour(), p.source()));
            }
        }
        points.sort(Comparator.comparing(PricePoint::region).thenComparing(PricePoint::instanceType)
                .thenComparing(PricePoint::platform).thenComparing(PricePoint::model));
        return points;
    }

    /** Keeps the preferred of two prices of the same region, size and model: see {@link RetailPriceItem.Price#rank()}. */
    private static void keep(Map<String, RetailPriceItem.Price> best, RetailPriceItem.Price p) {
        String key = p.region() + "/" + p.instanceType() + "/" + p.model();
        best.merge(key, p, (a, b) -> {
            if (a.rank() != b.rank()) return a.rank() < b.rank() ? a : b;
            if (!a.effectiveFrom().equals(b.effectiveFrom())) return a.effectiveFrom().isAfter(b.effectiveFrom()) ? a : b;
            return b.usdPerHour() < a.usdPerHour() ? b : a;
        });
    }

    /** Per region whose requests answered, the sizes with no Linux pay-as-you-go price there (when one was asked). */
    private static List<String> unpriced(Map<String, Set<String>> answered, Map<String, RetailPriceItem.Price> best,
                                         PriceQuery query) {
        List<String> out = new ArrayList<>();
        if (!query.models().contains(PricingModel.ON_DEMAND)) return out;
        answered.forEach((region, types) -> {
            List<String> missing = types.stream().filter(t -> region.isEmpty()
                    ? best.values().stream().noneMatch(p -> p.instanceType().equals(t) && p.model() == PricingModel.ON_DEMAND)
                    : !best.containsKey(region + "/" + t + "/" + PricingModel.ON_DEMAND)).toList();
            if (!missing.isEmpty()) {
                out.add((region.isEmpty() ? "every region" : region) + ": no Linux pay-as-you-go price listed for "
                        + String.join(", ", missing));
            }
        });
        return out;
    }

    /** {@code eastus prices of A, B}, or {@code prices of A, B in every region}. */
    private static String describe(RetailPriceQueries.Batch batch) {
        String sizes = "prices of " + String.join(", ", batch.instanceTypes());
        return batch.region() == null ? sizes + " in every region" : batch.region() + " " + sizes;
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "RetailPriceSource[" + providerId + ", " + endpoint + "]";
    }
}

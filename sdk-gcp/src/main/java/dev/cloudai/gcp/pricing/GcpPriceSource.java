package dev.cloudai.gcp.pricing;

import com.google.cloud.billing.v1.ListServicesRequest;
import com.google.cloud.billing.v1.ListServicesResponse;
import com.google.cloud.billing.v1.ListSkusRequest;
import com.google.cloud.billing.v1.ListSkusResponse;
import com.google.cloud.billing.v1.Service;
import com.google.cloud.billing.v1.Sku;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.gcp.errors.CredentialsUnavailableException;
import dev.cloudai.gcp.errors.VertexErrorMapper;
import dev.cloudai.gcp.pricing.SkuRules.Platform;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Google Cloud's prices for a catalog refresh, from the Cloud Billing Catalog API through Google's client library
 * ({@code CloudCatalogClient}): Vertex AI prediction (platform {@code vertex}, on demand) and Compute Engine and
 * Cloud TPU (platform {@code vm}: on demand, spot, 1- and 3-year committed use). Made by
 * {@code GcpProviderFactory.priceSource}, which needs no project or location.
 *
 * <p>One fetch makes one {@code ListServices} listing (to find the services' names) and one {@code ListSkus}
 * listing per service the shapes need, up to 5000 SKUs a page, in USD: one request per page, retries
 * included ({@link PriceSheet#requests()} tells how many); Vertex AI and Cloud TPU take a page or two, Compute
 * Engine, the largest service, several. Google publishes no price per machine type: each
 * is composed from its family's vCPU and RAM SKUs and its GPU or TPU SKU ({@code MachinePricer}), found by
 * description ({@code SkuRules}) in the shape's region. What cannot be had becomes a problem sentence in the sheet:
 * a service whose listing failed (throttled or unavailable through 4 attempts, or any other error), a
 * machine type with a component missing in a region, a pricing model Vertex AI prediction does not publish. Only
 * when no listing at all could be read does {@code fetch} throw, the error mapped as the adapter maps every gRPC
 * error.
 *
 * <pre>{@code
 * try (PriceSource google = new GcpProviderFactory().priceSource(ProviderConfig.of("gcp", Map.of())).orElseThrow()) {
 *     PriceSheet sheet = google.fetch(PriceQuery.of(AcceleratorCatalog.builtIn().offers(), Set.of("us-central1"), LocalDate.now()));
 *     sheet.points();     // vertex a3-highgpu-8g us-central1 on-demand ..., vm a3-highgpu-8g us-central1 spot ...
 *     sheet.problems();   // "Vertex AI prediction: no spot prices ..."
 * }
 * }</pre>
 */
public final class GcpPriceSource implements PriceSource {
    /** SKUs asked per page: the API's default and most. */
    static final int PAGE_SIZE = 5000;
    private static final String OPERATION = "catalog refresh";

    private final CatalogClient client;
    private final Pager.Pause pause;
    private final VertexErrorMapper mapper;

    GcpPriceSource(String providerId, CatalogClient client, Pager.Pause pause) {
        this.client = Objects.requireNonNull(client, "client");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.mapper = new VertexErrorMapper(providerId);
    }

    /**
     * A price source that reads the Cloud Billing Catalog at {@code endpoint}. Does no I/O: the client is built on
     * the first fetch.
     *
     * @param providerId the provider id errors name, {@code gcp}
     * @param endpoint   host:port of the Cloud Billing API's gRPC endpoint; empty for Google's,
     *                   {@code cloudbilling.googleapis.com:443}
     * @param plaintext  plain gRPC without credentials (an emulator)
     * @param apiKey     a Google Cloud API key, instead of Application Default Credentials; a secret
     * @param timeout    the deadline of each page request
     */
    public static GcpPriceSource create(String providerId, Optional<String> endpoint, boolean plaintext,
                                        Optional<String> apiKey, Duration timeout) {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(timeout, "timeout");
        return new GcpPriceSource(providerId, new CatalogClient(endpoint.orElse(CatalogClient.DEFAULT_ENDPOINT), plaintext,
                Objects.requireNonNull(apiKey, "apiKey"), timeout), pause -> Thread.sleep(pause.toMillis()));
    }

    @Override
    public String cloud() {
        return "gcp";
    }

    @Override
    public PriceSheet fetch(PriceQuery query) {
        Objects.requireNonNull(query, "query");
        List<String> problems = new ArrayList<>();
        List<Offer> shapes = shapesToPrice(query, problems);
        if (shapes.isEmpty()) return new PriceSheet(List.of(), problems, 0);
        Set<CatalogService> needed = EnumSet.noneOf(CatalogService.class);
        shapes.forEach(s -> needed.add(CatalogService.of(s)));
        Pager pager = new Pager(pause);
        SkuIndex index = new SkuIndex(query::wants);
        Set<CatalogService> failed = EnumSet.noneOf(CatalogService.class);
        try {
            Map<CatalogService, String> names = serviceNames(pager, needed, problems);
            Throwable lastError = null;
            for (CatalogService service : needed) {
                try {
                    List<Sku> skus = pager.all(service.displayName + " SKUs (" + names.get(service) + ")",
                            token -> client.get().listSkusCallable().call(ListSkusRequest.newBuilder()
                                    .setParent(names.get(service)).setCurrencyCode("USD").setPageSize(PAGE_SIZE)
                                    .setPageToken(token).build()),
                            ListSkusResponse::getSkusList, ListSkusResponse::getNextPageToken);
                    skus.forEach(sku -> SkuRules.read(sku, service.platform).ifPresent(index::add));
                } catch (Pager.ListingFailed e) {
                    failed.add(service);
                    lastError = e.getCause();
                    problems.add(e.getMessage() + "; no " + service.platform.catalogName + " prices from " + service.displayName);
                }
            }
            if (failed.containsAll(needed)) throw mapper.map(OPERATION, lastError);
        } catch (CredentialsUnavailableException e) {
            throw mapper.map(OPERATION, e);
        }
        problems.addAll(index.ambiguities());
        List<PricePoint> points = compose(query, shapes, index, failed, problems);
        return new PriceSheet(points, problems, pager.requests());
    }

    /** The query's gcp shapes in wanted regions, of the platforms this source prices. */
    private static List<Offer> shapesToPrice(PriceQuery query, List<String> problems) {
        List<Offer> shapes = new ArrayList<>();
        Set<String> otherPlatforms = new LinkedHashSet<>();
        for (Offer shape : query.shapesOf("gcp")) {
            if (!query.wants(shape.region())) continue;
            if (platformOf(shape).isPresent()) shapes.add(shape);
            else otherPlatforms.add(shape.platform());
        }
        if (!otherPlatforms.isEmpty()) {
            problems.add("gcp platform " + String.join(" and ", otherPlatforms) + ": the Cloud Billing Catalog source"
                    + " prices vertex and vm only");
        }
        return shapes;
    }

    private static Optional<Platform> platformOf(Offer shape) {
        for (Platform p : Platform.values()) {
            if (p.catalogName.equalsIgnoreCase(shape.platform())) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * The resource names of the services needed, as {@code ListServices} lists them: by id, else by display name (an
     * id Google changed). When the listing fails or lacks a service, its known id stands in; a wrong one then fails
     * its own listing.
     */
    private Map<CatalogService, String> serviceNames(Pager pager, Set<CatalogService> needed, List<String> problems) {
        Map<CatalogService, String> names = new EnumMap<>(CatalogService.class);
        List<Service> listing = List.of();
        try {
            listing = pager.all("Cloud Billing services",
                    token -> client.get().listServicesCallable().call(ListServicesRequest.newBuilder()
                            .setPageSize(PAGE_SIZE).setPageToken(token).build()),
                    ListServicesResponse::getServicesList, ListServicesResponse::getNextPageToken);
        } catch (Pager.ListingFailed e) {
            problems.add(e.getMessage() + "; used the known service ids");
        }
        List<Service> listed = listing;
        for (CatalogService service : needed) {
            Optional<Service> found = listed.stream().filter(s -> s.getServiceId().equals(service.id)).findFirst()
                    .or(() -> listed.stream().filter(s -> s.getDisplayName().equalsIgnoreCase(service.displayName)).findFirst());
            names.put(service, found.map(Service::getName).orElse("services/" + service.id));
            if (found.isEmpty() && !listed.isEmpty()) {
                problems.add(service.displayName + " (" + service.id + ") is not among the services ListServices lists;"
                        + " used its known id");
            }
        }
        return names;
    }

    private static List<PricePoint> compose(PriceQuery query, List<Offer> shapes, SkuIndex index,
                                            Set<CatalogService> failed, List<String> problems) {
        Map<String, PricePoint> points = new LinkedHashMap<>();
        Set<String> unpriceable = new LinkedHashSet<>();
        for (PricingModel model : PricingModel.values()) {
            if (!query.models().contains(model)) continue;
            for (Platform platform : Platform.values()) {
                List<Offer> mine = shapes.stream().filter(s -> platformOf(s).orElseThrow() == platform)
                        .filter(s -> !failed.contains(CatalogService.of(s))).toList();
                if (mine.isEmpty()) continue;
                if (platform == Platform.VERTEX && model != PricingModel.ON_DEMAND) {
                    problems.add("Vertex AI prediction: no " + model.label() + " prices; the Cloud Billing Catalog"
                            + " publishes only on-demand prediction SKUs");
                    continue;
                }
                if (!index.hasAny(platform, model)) {
                    problems.add(platform.catalogName + ": no " + model.label() + " SKUs in the Cloud Billing Catalog"
                            + " for the regions asked");
                    continue;
                }
                List<String> missing = new ArrayList<>();
                for (Offer shape : mine) {
                    MachinePricer.Outcome outcome = MachinePricer.price(shape, platform, model, index);
                    if (outcome instanceof MachinePricer.Point p) {
                        PricePoint point = p.point();
                        points.putIfAbsent(point.platform() + "|" + point.region() + "|" + point.instanceType() + "|" + model, point);
                    } else if (outcome instanceof MachinePricer.Missing m) {
                        missing.add(shape.instanceType() + " in " + shape.region() + ": "
                                + m.components().stream().map(Object::toString).collect(Collectors.joining(", ")));
                    } else if (outcome instanceof MachinePricer.Unpriceable u
                            && unpriceable.add(platform.catalogName + " " + shape.instanceType())) {
                        problems.add(shape.instanceType() + " (" + platform.catalogName + "): not priced, " + u.reason());
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add(platform.catalogName + " " + model.label() + " prices missing a component, so not"
                            + " priced (no SKU for it in that region): " + String.join("; ", missing));
                }
            }
        }
        return List.copyOf(points.values());
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "GcpPriceSource[" + client + "]";
    }
}

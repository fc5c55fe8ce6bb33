package dev.cloudai.testkit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.StubTransformer;
import io.grpc.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The Cloud Billing Catalog of the GCP emulator: {@code google.cloud.billing.v1.CloudCatalog}'s {@code ListServices}
 * and {@code ListSkus} over gRPC, the API a catalog refresh reads Google's prices from. Requests and answers follow
 * the API reference (https://cloud.google.com/billing/docs/reference/rpc/google.cloud.billing.v1#cloudcatalog, and
 * its messages {@code Service}, {@code Sku}, {@code Category}, {@code PricingInfo}, {@code PricingExpression},
 * {@code TierRate}, {@code GeoTaxonomy}); served by WireMock's gRPC extension from JSON.
 *
 * <ul>
 *   <li>{@code ListServices} lists five public services (Vertex AI {@value #VERTEX_AI}, Compute Engine
 *       {@value #COMPUTE_ENGINE}, Cloud TPU {@value #CLOUD_TPU}, and two others), {@code ListSkus} a service's SKUs
 *       ({@code BillingCatalogData}: test data, prices made up except the cited Vertex AI H100 Iowa SKUs).</li>
 *   <li>Pagination as the reference and Google's Catalog API guide describe
 *       (https://cloud.google.com/billing/v1/how-tos/catalog-api: "limited to 5000 SKUs per page", a
 *       {@code nextPageToken} until the last page): at most {@code page_size} items per page (5000 when it is 0, and
 *       at most 5000), fewer when {@link #maxPageSize} is set lower, as a server may return fewer than asked; a
 *       {@code next_page_token} while more remain, empty on the last page. A token is only good for the listing it
 *       came from: another one, or any unknown token, is {@code INVALID_ARGUMENT}, as is a negative page size.</li>
 *   <li>Strict: a {@code parent} that is not {@code services/{id}} is {@code INVALID_ARGUMENT}; an unknown service is
 *       {@code NOT_FOUND}; a {@code currency_code} other than USD is {@code INVALID_ARGUMENT} (the emulator has no
 *       exchange rates; the API converts).</li>
 *   <li>Faults: {@link #throttle} answers a service's next pages {@code RESOURCE_EXHAUSTED} with the wording of
 *       Google's quota errors, then pages again; {@link #fail} makes a service's {@code ListSkus} fail with a status
 *       (a partial failure: the other services still answer).</li>
 * </ul>
 *
 * <pre>{@code
 * BillingCatalog catalog = gcp.billingCatalog();
 * catalog.maxPageSize(4);                              // a service's SKUs take several pages
 * catalog.throttle(BillingCatalog.COMPUTE_ENGINE, 1, 2);   // its 2nd page: RESOURCE_EXHAUSTED twice, then OK
 * catalog.fail(BillingCatalog.CLOUD_TPU, Status.Code.INTERNAL, EmulatedCloud.ALWAYS);
 * catalog.removeSku("2424-9F04-82A8");                 // a component price goes missing
 * gcp.calls(GcpCloud.LIST_SKUS);                       // the requests: parent, page_size, page_token
 * }</pre>
 *
 * State lasts until the emulator's {@link GcpCloud#reset()}.
 */
public final class BillingCatalog extends StubTransformer {
    /** The Vertex AI service id. */
    public static final String VERTEX_AI = BillingCatalogData.VERTEX_AI;
    /** The Compute Engine service id. */
    public static final String COMPUTE_ENGINE = BillingCatalogData.COMPUTE_ENGINE;
    /** The Cloud TPU service id. */
    public static final String CLOUD_TPU = BillingCatalogData.CLOUD_TPU;
    /** The API's default page size, and the most items one page holds. */
    public static final int DEFAULT_PAGE_SIZE = 5000;

    static final String NAME = "gcp-billing-catalog";
    static final String SERVICE = "google.cloud.billing.v1.CloudCatalog";
    /** What the gRPC extension needs on the classpath to serve this service: the billing messages. */
    static final String PROBE_CLASS = "com.google.cloud.billing.v1.CloudCatalogProto";

    /** The quota error Google's front ends send for a read rate limit (the standard quota-exceeded wording). */
    static final String QUOTA_MESSAGE = "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per"
            + " minute' of service 'cloudbilling.googleapis.com' for consumer 'project_number:0'.";

    private static final Pattern PARENT = Pattern.compile("services/([A-Za-z0-9-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final Map<String, String> removed = new LinkedHashMap<>();   // sku id -> service id; guarded by lock
    private final Map<String, Integer> pagesServed = new LinkedHashMap<>();   // by service id; guarded by lock
    private final List<Throttle> throttles = new ArrayList<>();           // guarded by lock
    private final Map<String, Failure> failures = new LinkedHashMap<>();  // by service id; guarded by lock
    private int maxPageSize = DEFAULT_PAGE_SIZE;                          // guarded by lock

    BillingCatalog() {
        super(NAME);
    }

    /** Whether the billing messages are on the class path, so that the gRPC extension can serve this service. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(PROBE_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The stubs that send both methods here. */
    void register(WireMockServer server) {
        for (String method : List.of("ListServices", "ListSkus")) {
            server.stubFor(post(urlPathEqualTo("/" + SERVICE + "/" + method)).willReturn(aResponse().withTransformers(NAME)));
        }
    }

    void reset() {
        synchronized (lock) {
            removed.clear();
            pagesServed.clear();
            throttles.clear();
            failures.clear();
            maxPageSize = DEFAULT_PAGE_SIZE;
        }
    }

    /**
     * Makes every page hold at most {@code items} services or SKUs, whatever page size a request asks for, so that a
     * listing takes several pages.
     */
    public void maxPageSize(int items) {
        if (items < 1) throw new IllegalArgumentException("items: must be at least 1, was " + items);
        synchronized (lock) {
            maxPageSize = items;
        }
    }

    /**
     * Answers {@code times} {@code ListSkus} calls of a service with {@code RESOURCE_EXHAUSTED}, once
     * {@code afterPages} of its pages have been served; then it pages on. Several throttles of one service queue up.
     *
     * @param serviceId  for example {@link #COMPUTE_ENGINE}
     * @param afterPages pages served normally first: 0 throttles the first page
     * @param times      1 to 1000, or {@link EmulatedCloud#ALWAYS}
     */
    public void throttle(String serviceId, int afterPages, int times) {
        requireService(serviceId);
        if (afterPages < 0) throw new IllegalArgumentException("afterPages: must not be negative, was " + afterPages);
        checkTimes(times);
        synchronized (lock) {
            throttles.add(new Throttle(serviceId, afterPages, times));
        }
    }

    /**
     * Makes the next {@code times} {@code ListSkus} calls of a service fail with {@code code}, for example
     * {@code INTERNAL} ("Internal error encountered.") or {@code UNAVAILABLE}.
     *
     * @param times 1 to 1000, or {@link EmulatedCloud#ALWAYS}
     */
    public void fail(String serviceId, Status.Code code, int times) {
        requireService(serviceId);
        Objects.requireNonNull(code, "code");
        if (code == Status.Code.OK) throw new IllegalArgumentException("code: OK is no failure; give an error code");
        checkTimes(times);
        synchronized (lock) {
            failures.put(serviceId, new Failure(code, times));
        }
    }

    /** Takes a SKU out of its service's listing, so that the price it carried is missing. */
    public void removeSku(String skuId) {
        Optional<BillingCatalogData.CannedSku> sku = BillingCatalogData.SKUS.stream().filter(s -> s.id().equals(skuId)).findFirst();
        if (sku.isEmpty()) throw new IllegalArgumentException("skuId: the emulated catalog has no SKU '" + skuId + "'");
        synchronized (lock) {
            removed.put(skuId, sku.get().service());
        }
    }

    /** How many SKUs {@code ListSkus} lists for a service now. */
    public int skuCount(String serviceId) {
        requireService(serviceId);
        return skusOf(serviceId).size();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String url = serveEvent.getRequest().getUrl();
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return status(Status.Code.INVALID_ARGUMENT, "The request could not be read.");
        }
        int pageSize = request.path("pageSize").asInt(0);
        if (pageSize < 0) return status(Status.Code.INVALID_ARGUMENT, "page_size must not be negative, was " + pageSize);
        String token = request.path("pageToken").asText("");
        if (url.endsWith("/ListServices")) {
            List<ObjectNode> services = BillingCatalogData.SERVICES.stream().map(s -> s.json(JSON)).toList();
            return page(services, "services", "services", pageSize, token);
        }
        String parent = request.path("parent").asText("");
        Matcher m = PARENT.matcher(parent);
        if (!m.matches()) {
            return status(Status.Code.INVALID_ARGUMENT, "Invalid parent '" + parent + "': expected services/{service_id}.");
        }
        String serviceId = m.group(1);
        Optional<BillingCatalogData.CannedService> service = BillingCatalogData.SERVICES.stream()
                .filter(s -> s.id().equals(serviceId)).findFirst();
        if (service.isEmpty()) return status(Status.Code.NOT_FOUND, "Service not found: " + parent + ".");
        String currency = request.path("currencyCode").asText("");
        if (!currency.isEmpty() && !currency.equals("USD")) {
            return status(Status.Code.INVALID_ARGUMENT, "The emulated catalog prices in USD only, was asked for " + currency + ".");
        }
        Optional<ResponseDefinition> fault = fault(serviceId);
        if (fault.isPresent()) return fault.get();
        List<ObjectNode> skus = skusOf(serviceId).stream().map(s -> s.json(JSON, service.get().displayName())).toList();
        ResponseDefinition answer = page(skus, "skus", parent, pageSize, token);
        if (answer.getHeaders().getHeader("grpc-status-name").firstValue().equals("OK")) {
            synchronized (lock) {
                pagesServed.merge(serviceId, 1, Integer::sum);
            }
        }
        return answer;
    }

    private List<BillingCatalogData.CannedSku> skusOf(String serviceId) {
        Set<String> gone;
        synchronized (lock) {
            gone = Set.copyOf(removed.keySet());
        }
        return BillingCatalogData.SKUS.stream().filter(s -> s.service().equals(serviceId) && !gone.contains(s.id())).toList();
    }

    /** A pending throttle or failure of this service's ListSkus, counted down; empty when it pages normally. */
    private Optional<ResponseDefinition> fault(String serviceId) {
        synchronized (lock) {
            Failure failure = failures.get(serviceId);
            if (failure != null) {
                if (failure.remaining != EmulatedCloud.ALWAYS && --failure.remaining == 0) failures.remove(serviceId);
                return Optional.of(status(failure.code, describe(failure.code)));
            }
            int served = pagesServed.getOrDefault(serviceId, 0);
            for (Throttle t : throttles) {
                if (t.serviceId.equals(serviceId) && served >= t.afterPages) {
                    if (t.remaining != EmulatedCloud.ALWAYS && --t.remaining == 0) throttles.remove(t);
                    return Optional.of(status(Status.Code.RESOURCE_EXHAUSTED, QUOTA_MESSAGE));
                }
            }
            return Optional.empty();
        }
    }

    private ResponseDefinition page(List<ObjectNode> items, String field, String listing, int pageSize, String token) {
        int from = 0;
        if (!token.isEmpty()) {
            String prefix = listing + "#";
            Integer offset = null;
            if (token.startsWith(prefix)) {
                try {
                    offset = Integer.valueOf(token.substring(prefix.length()));
                } catch (NumberFormatException ignored) {
                    // not a token this listing gave
                }
            }
            if (offset == null || offset <= 0 || offset >= items.size()) {
                return status(Status.Code.INVALID_ARGUMENT, "Invalid page token '" + token + "'.");
            }
            from = offset;
        }
        int size;
        synchronized (lock) {
            size = Math.min(pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, DEFAULT_PAGE_SIZE), maxPageSize);
        }
        int to = Math.min(items.size(), from + size);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray(field);
        items.subList(from, to).forEach(list::add);
        body.put("nextPageToken", to < items.size() ? listing + "#" + to : "");
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", "OK").withBody(body.toString()).build();
    }

    private static String describe(Status.Code code) {
        return switch (code) {
            case INTERNAL -> "Internal error encountered.";
            case UNAVAILABLE -> "The service is currently unavailable.";
            case PERMISSION_DENIED -> "The caller does not have permission";
            default -> code.name();
        };
    }

    private static ResponseDefinition status(Status.Code code, String message) {
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", code.name())
                .withHeader("grpc-status-reason", message).build();
    }

    private static void requireService(String serviceId) {
        Objects.requireNonNull(serviceId, "serviceId");
        if (BillingCatalogData.SERVICES.stream().noneMatch(s -> s.id().equals(serviceId))) {
            throw new IllegalArgumentException("serviceId: the emulated catalog has no service '" + serviceId + "'; it has "
                    + BillingCatalogData.SERVICES.stream().map(BillingCatalogData.CannedService::id).toList());
        }
    }

    private static void checkTimes(int times) {
        if (times < 1 || (times > 1000 && times != EmulatedCloud.ALWAYS)) {
            throw new IllegalArgumentException("times: must be from 1 to 1000, or EmulatedCloud.ALWAYS; was " + times);
        }
    }

    private static final class Throttle {
        final String serviceId;
        final int afterPages;
        int remaining;

        Throttle(String serviceId, int afterPages, int remaining) {
            this.serviceId = serviceId;
            this.afterPages = afterPages;
            this.remaining = remaining;
        }
    }

    private static final class Failure {
        final Status.Code code;
        int remaining;

        Failure(Status.Code code, int remaining) {
            this.code = code;
            this.remaining = remaining;
        }
    }
}

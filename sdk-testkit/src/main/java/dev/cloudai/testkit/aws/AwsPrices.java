package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The price APIs of the AWS emulator ({@link AwsCloud#prices()}), serving {@link CannedPrices} (test data) as AWS
 * serves prices to a catalog refresh, with the faults a refresh must survive:
 * <ul>
 *   <li>the Price List Query API's {@code GetProducts} ({@link PriceListApi}): {@code POST /} with
 *       {@code X-Amz-Target: AWSPriceListService.GetProducts}, JSON 1.1;</li>
 *   <li>Savings Plans' {@code DescribeSavingsPlansOfferingRates} ({@link SavingsPlansApi}):
 *       {@code POST /DescribeSavingsPlansOfferingRates}, REST-JSON;</li>
 *   <li>EC2's {@code DescribeSpotPriceHistory} ({@link SpotPriceHistoryApi}): {@code POST /} with a form body
 *       {@code Action=DescribeSpotPriceHistory&Version=2016-11-15&...}, the EC2 query protocol, answered in XML for the
 *       region the request is signed for.</li>
 * </ul>
 * Each pages its answer with a {@code NextToken} bound to the query (another query's token is refused as AWS refuses
 * it), and checks what it is sent as strictly as AWS does (see each API's class).
 *
 * <pre>{@code
 * AwsPrices prices = cloud.prices();
 * prices.pageSize(2);                          // at most 2 items a page: pagination with the canned data
 * prices.throttle(AwsPrices.Api.EC2, 2);       // the next 2 EC2 requests: 503 RequestLimitExceeded
 * prices.failRegion("us-west-2");              // requests for us-west-2: a 500 of each API, until reset
 * }</pre>
 *
 * Everything set here lasts until the emulator's {@code reset()} (every test, under {@code CloudEmulatorExtension}).
 */
public final class AwsPrices {
    /** The APIs, for {@link #throttle}. */
    public enum Api {
        /** The Price List Query API: 400 {@code ThrottlingException} "Rate exceeded.". */
        PRICE_LIST,
        /** Savings Plans: 429 {@code ThrottlingException} "Rate exceeded.". */
        SAVINGS_PLANS,
        /** EC2: 503 {@code RequestLimitExceeded} "Request limit exceeded.". */
        EC2
    }

    private final Map<Api, Integer> throttled = new EnumMap<>(Api.class);
    private final Set<String> failingRegions = new HashSet<>();
    private int pageSize = Integer.MAX_VALUE;

    private final PriceListApi priceList = new PriceListApi(this);
    private final SavingsPlansApi savingsPlans = new SavingsPlansApi(this);
    private final SpotPriceHistoryApi spot = new SpotPriceHistoryApi(this);

    AwsPrices() {
    }

    /** The WireMock extensions that answer the price APIs. */
    List<Extension> extensions() {
        return List.of(priceList, savingsPlans, spot);
    }

    /** Forgets every setting and registers the price APIs' stubs; part of the cloud's default stubs. */
    synchronized void register(WireMockServer server, int priority) {
        throttled.clear();
        failingRegions.clear();
        pageSize = Integer.MAX_VALUE;
        server.stubFor(post(urlPathEqualTo("/")).atPriority(priority).withHeader("X-Amz-Target", matching("AWSPriceListService\\..+"))
                .willReturn(aResponse().withTransformers(PriceListApi.NAME)));
        server.stubFor(post(urlPathEqualTo("/DescribeSavingsPlansOfferingRates")).atPriority(priority)
                .willReturn(aResponse().withTransformers(SavingsPlansApi.NAME)));
        server.stubFor(post(urlPathEqualTo("/")).atPriority(priority).withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("Action=")).willReturn(aResponse().withTransformers(SpotPriceHistoryApi.NAME)));
    }

    /** Makes the next {@code times} requests to {@code api} answer its throttling error; the ones after answer again. */
    public synchronized void throttle(Api api, int times) {
        Objects.requireNonNull(api, "api");
        if (times < 1) throw new IllegalArgumentException("times: must be at least 1, was " + times);
        throttled.merge(api, times, Integer::sum);
    }

    /**
     * Makes every request for {@code region} answer a server error of its API: a {@code GetProducts} whose
     * {@code regionCode} filter names it (500 {@code InternalErrorException}), a Savings Plans query whose
     * {@code region} filter names it (500 {@code InternalServerException}), an EC2 request signed for it (500
     * {@code InternalError}). Requests for other regions are answered.
     */
    public synchronized void failRegion(String region) {
        failingRegions.add(Objects.requireNonNull(region, "region"));
    }

    /** Makes every page hold at most {@code items} items (products, rates, prices), whatever the request's maximum. */
    public synchronized void pageSize(int items) {
        if (items < 1) throw new IllegalArgumentException("items: must be at least 1, was " + items);
        pageSize = items;
    }

    /** Whether this request to {@code api} is throttled: uses one of the throttled answers left. */
    synchronized boolean takeThrottle(Api api) {
        int left = throttled.getOrDefault(api, 0);
        if (left == 0) return false;
        throttled.put(api, left - 1);
        return true;
    }

    synchronized boolean fails(String region) {
        return failingRegions.contains(region);
    }

    synchronized int pageSizeFor(int asked) {
        return Math.min(asked, pageSize);
    }

    /**
     * A page of {@code items} from {@code offset}, and the token of the next page (null for the last): the offset
     * bound to {@code query}, the request without its token, so that a token is good for its own query only.
     */
    static <T> Page<T> page(List<T> items, int offset, int size, String api, String query) {
        int end = Math.min(items.size(), offset + size);
        String next = end < items.size() ? token(api, end, query) : null;
        return new Page<>(items.subList(Math.min(offset, items.size()), end), next);
    }

    record Page<T>(List<T> items, String nextToken) {
    }

    static String token(String api, int offset, String query) {
        String plain = api + "|" + offset + "|" + Integer.toHexString(query.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset of {@code token}, or -1 when it is not a token of this API and query. */
    static int offset(String token, String api, String query) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !parts[0].equals(api) || !parts[2].equals(Integer.toHexString(query.hashCode()))) return -1;
            return Integer.parseInt(parts[1]);
        } catch (IllegalArgumentException notAToken) {
            return -1;
        }
    }
}

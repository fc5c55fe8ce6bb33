package dev.cloudai.testkit.azure;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.testkit.WireMockCloud;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Test controls of {@link AzureCloud}'s Retail Prices API ({@code GET /api/retail/prices}, see
 * {@code RetailPricesApi} for what it serves and {@link RetailPriceItems} for the test data): smaller pages,
 * throttling, failing regions and pages. Each lasts until the cloud's {@code reset()} (which
 * {@link dev.cloudai.testkit.CloudEmulatorExtension} does before every test).
 *
 * <pre>{@code
 * RetailPrices.on(cloud).pageSize(5);                              // every answer pages by 5 items
 * RetailPrices.on(cloud).throttle(2, Duration.ofSeconds(3));       // the next 2 requests: 429, Retry-After: 3
 * RetailPrices.on(cloud).failRegion("westeurope", 500);            // requests filtered to westeurope: 500
 * cloud.server().findAll(getRequestedFor(urlPathEqualTo(RetailPrices.PATH)));   // the requests sent
 * }</pre>
 *
 * <p>Throttled and failed answers carry the API's error envelope,
 * {@code {"Error":{"Code":"TooManyRequests"|"InternalServerError"|...,"Message":...}}}; Microsoft documents neither
 * its throttling nor its error bodies, so the envelope is the one its 400 answers are quoted with.
 */
public final class RetailPrices {
    /** The path of the Retail Prices API. */
    public static final String PATH = RetailPricesApi.PATH;
    /** The api-version whose items carry savings plan prices. */
    public static final String PREVIEW_VERSION = RetailPricesApi.PREVIEW_VERSION;
    /** Above the default stub, below injected faults ({@link WireMockCloud#FAULT_PRIORITY}). */
    private static final int PAGE_SIZE_PRIORITY = 4;
    private static final int FAILURE_PRIORITY = 2;
    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    private final AzureCloud cloud;

    private RetailPrices(AzureCloud cloud) {
        this.cloud = cloud;
    }

    /** The controls of this running cloud's Retail Prices API. */
    public static RetailPrices on(AzureCloud cloud) {
        Objects.requireNonNull(cloud, "cloud").server();   // fails when not running
        return new RetailPrices(cloud);
    }

    /** Pages of at most {@code items} items instead of the API's 1,000, so a test sees several pages. */
    public RetailPrices pageSize(int items) {
        if (items < 1) throw new IllegalArgumentException("items: must be at least 1, was " + items);
        server().stubFor(prices().atPriority(PAGE_SIZE_PRIORITY).willReturn(aResponse().withTransformers(RetailPricesApi.NAME)
                .withTransformerParameter(RetailPricesApi.PAGE_SIZE_PARAMETER, items)));
        return this;
    }

    /**
     * The next {@code times} price requests answer 429 Too Many Requests with {@code Retry-After} in whole seconds
     * (rounded up; none when {@code retryAfter} is null); the ones after them are served again.
     */
    public RetailPrices throttle(int times, Duration retryAfter) {
        if (times < 1 || times > WireMockCloud.MAX_CHAIN) {
            throw new IllegalArgumentException("times: must be from 1 to " + WireMockCloud.MAX_CHAIN + ", was " + times);
        }
        String scenario = "cloudai-retail-prices-throttle-" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < times; i++) {
            var answer = RetailPricesApi.error(429, "TooManyRequests", "Too many requests. Please retry later.");
            if (retryAfter != null) answer.withHeader("Retry-After", Long.toString((retryAfter.toMillis() + 999) / 1000));
            server().stubFor(prices().atPriority(WireMockCloud.FAULT_PRIORITY)
                    .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "throttled-" + i)
                    .willSetStateTo("throttled-" + (i + 1)).willReturn(answer));
        }
        return this;
    }

    /** Every price request whose {@code $filter} names {@code armRegionName eq '<region>'} answers {@code status}. */
    public RetailPrices failRegion(String region, int status) {
        String clause = "armRegionName eq '" + Objects.requireNonNull(region, "region").replace("'", "''") + "'";
        ValueMatcher<Request> inRegion = request -> MatchResult.of(
                RetailPricesApi.query(request.getUrl()).getOrDefault("$filter", "").contains(clause));
        server().stubFor(prices().atPriority(FAILURE_PRIORITY).andMatching(inRegion).willReturn(failure(status)));
        return this;
    }

    /** Every price request for the page at {@code $skip=skip} (a second or later page) answers {@code status}. */
    public RetailPrices failPage(int skip, int status) {
        ValueMatcher<Request> atSkip = request -> MatchResult.of(
                Integer.toString(skip).equals(RetailPricesApi.query(request.getUrl()).get("$skip")));
        server().stubFor(prices().atPriority(FAILURE_PRIORITY).andMatching(atSkip).willReturn(failure(status)));
        return this;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure(int status) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("status: must be from 400 to 599, was " + status);
        return RetailPricesApi.error(status, status >= 500 ? "InternalServerError" : "BadRequest",
                status >= 500 ? "An error occurred while processing the request." : "Invalid OData parameters supplied");
    }

    private static MappingBuilder prices() {
        return get(urlPathEqualTo(PATH));
    }

    private WireMockServer server() {
        return cloud.server();
    }
}

package dev.cloudai.testkit.testcloud;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.WireMockCloud;
import dev.cloudai.testkit.contract.Canned;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The emulator of "testcloud", a small JSON-over-HTTP cloud that exists only in these tests, so that the testkit
 * can prove its contract bases end to end without a real cloud SDK. Its wire API (the reference these stubs follow
 * is this comment):
 *
 * <pre>
 * POST /v1/models/{model}/chat     {"messages":[{"role":"user","text":"..."}]}
 *      200 {"text":"...","finish":"stop","usage":{"input":12,"output":5}}
 * POST /v1/models/{model}/stream   same request; 200 application/x-ndjson, one JSON object per line:
 *      {"delta":"Hello"} ... then {"finish":"stop","usage":{"input":12,"output":5}}
 * POST /v1/models/{model}/embed    {"inputs":["a","b"]}
 *      200 {"embeddings":[{"index":0,"vector":[...]}, ...]}
 * PUT    /v1/endpoints/{name}      {"image":"...","instanceType":"...","instanceCount":1}   201, state "creating"
 * GET    /v1/endpoints/{name}      200 {"name":...,"state":"creating"|"in_service",...} or 404
 * GET    /v1/endpoints             200 {"endpoints":[...]}
 * DELETE /v1/endpoints/{name}      204, or 404 when there is none
 * POST   /v1/endpoints/{name}/invoke   any body; 200 with the endpoint's answer
 * errors: status, header x-request-id, Retry-After (seconds, may be fractional) on 429,
 *         body {"error":{"code":"...","message":"..."}}
 * </pre>
 *
 * <p>Configuration: {@code CloudAiConfig} accepts only known keys, and a provider sees only keys under
 * {@code cloudai.<id>.}, none of which exist for a test provider. So a running {@code TestCloud} registers itself
 * by id, and the provider of the same id looks its URL up with {@link #baseUrlOf(String)}; {@link #properties()} is
 * empty. At most one {@code TestCloud} per id runs at a time, which the registry enforces.
 */
public final class TestCloud extends WireMockCloud {
    private static final Map<String, TestCloud> RUNNING = new ConcurrentHashMap<>();
    private static final String LIFECYCLE = "endpoint lifecycle";
    private static final String CREATING = "creating";
    private static final String IN_SERVICE = "in service";
    private static final String DELETED = "deleted";

    private final Set<Flaw> flaws;

    /** The emulator of provider {@code testcloud}. */
    public TestCloud() {
        this("testcloud");
    }

    /**
     * An emulator of the same wire API under another provider id; the provider created against it has
     * {@code flaws}, for the tests that prove the contracts catch them.
     */
    public TestCloud(String id, Flaw... flaws) {
        super(id);
        this.flaws = flaws.length == 0 ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(List.of(flaws));
    }

    /** The flaws the provider created against the running {@code TestCloud} with this id must have. */
    public static Set<Flaw> flawsOf(String id) {
        return Collections.unmodifiableSet(running(id).flaws);
    }

    /**
     * The base URL of the running {@code TestCloud} with this id.
     *
     * @throws IllegalStateException when none runs
     */
    public static String baseUrlOf(String id) {
        return running(id).baseUrl();
    }

    private static TestCloud running(String id) {
        TestCloud cloud = RUNNING.get(id);
        if (cloud == null) {
            throw new IllegalStateException("no TestCloud '" + id + "' is running; start one first (CloudEmulator.start(new TestCloud(\""
                    + id + "\"))), then create the CloudAi");
        }
        return cloud;
    }

    @Override
    public void start() {
        super.start();
        TestCloud clash = RUNNING.putIfAbsent(id(), this);
        if (clash != null) {
            super.close();
            throw new IllegalStateException("a TestCloud '" + id() + "' is running already at " + clash.baseUrl()
                    + "; close it first (one per id, since the provider finds it by id)");
        }
    }

    @Override
    public void close() {
        RUNNING.remove(id(), this);
        super.close();
    }

    @Override
    public Map<String, String> properties() {
        server();   // fails when not running
        return Map.of();
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/chat")).willReturn(json(200,
                "{\"text\":\"" + Canned.CHAT_TEXT + "\",\"finish\":\"stop\",\"usage\":" + usage() + "}")));

        String lines = Canned.STREAM_DELTAS.stream().map(d -> "{\"delta\":\"" + d + "\"}\n").collect(Collectors.joining())
                + "{\"finish\":\"stop\",\"usage\":" + usage() + "}\n";
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-ndjson").withHeader("x-request-id", "req-stream").withBody(lines)));

        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/embed")).willReturn(json(200,
                "{\"embeddings\":[{{#each (jsonPath request.body '$.inputs') as |text|}}"
                        + "{{#unless @first}},{{/unless}}{\"index\":{{@index}},\"vector\":[" + Canned.embeddingVectorTemplate() + "]}"
                        + "{{/each}}]}").withTransformers("response-template")));

        registerEndpointLifecycle(server);

        server.stubFor(post(urlPathMatching("/v1/endpoints/[^/]+/invoke")).willReturn(json(200, Canned.INVOKE_RESPONSE_BODY)));
    }

    /** One endpoint: absent, created (creating on the first read, in service after), deleted (absent again). */
    private void registerEndpointLifecycle(WireMockServer server) {
        String one = "/v1/endpoints/[^/]+";
        for (String absent : new String[] {Scenario.STARTED, DELETED}) {
            server.stubFor(lifecycle(put(urlPathMatching(one)), absent).willSetStateTo(CREATING)
                    .willReturn(json(201, endpoint("{{request.pathSegments.[2]}}", "creating")).withTransformers("response-template")));
            server.stubFor(lifecycle(get(urlPathMatching(one)), absent).willReturn(error(404, "NotFound", "no such endpoint")));
            server.stubFor(lifecycle(delete(urlPathMatching(one)), absent).willReturn(error(404, "NotFound", "no such endpoint")));
            server.stubFor(lifecycle(get(urlPathEqualTo("/v1/endpoints")), absent).willReturn(json(200, "{\"endpoints\":[]}")));
        }
        server.stubFor(lifecycle(get(urlPathMatching(one)), CREATING).willSetStateTo(IN_SERVICE)
                .willReturn(json(200, endpoint("{{request.pathSegments.[2]}}", "creating")).withTransformers("response-template")));
        server.stubFor(lifecycle(get(urlPathMatching(one)), IN_SERVICE)
                .willReturn(json(200, endpoint("{{request.pathSegments.[2]}}", "in_service")).withTransformers("response-template")));
        server.stubFor(lifecycle(get(urlPathEqualTo("/v1/endpoints")), CREATING)
                .willReturn(json(200, "{\"endpoints\":[" + endpoint(Canned.ENDPOINT_NAME, "creating") + "]}")));
        server.stubFor(lifecycle(get(urlPathEqualTo("/v1/endpoints")), IN_SERVICE)
                .willReturn(json(200, "{\"endpoints\":[" + endpoint(Canned.ENDPOINT_NAME, "in_service") + "]}")));
        for (String present : new String[] {CREATING, IN_SERVICE}) {
            server.stubFor(lifecycle(delete(urlPathMatching(one)), present).willSetStateTo(DELETED)
                    .willReturn(aResponse().withStatus(204).withHeader("x-request-id", "req-delete")));
        }
    }

    private static ScenarioMappingBuilder lifecycle(MappingBuilder request, String state) {
        return request.inScenario(LIFECYCLE).whenScenarioStateIs(state);
    }

    private static String endpoint(String name, String state) {
        return "{\"name\":\"" + name + "\",\"state\":\"" + state + "\",\"instanceType\":\"" + Canned.INSTANCE_TYPE
                + "\",\"instanceCount\":1,\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    }

    private static String usage() {
        return "{\"input\":" + Canned.INPUT_TOKENS + ",\"output\":" + Canned.OUTPUT_TOKENS + "}";
    }

    @Override
    protected ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault) {
        if (fault instanceof Fault.Throttle throttle) {
            ResponseDefinitionBuilder r = error(429, "Throttled", "Too many requests; slow down");
            throttle.retryAfter().ifPresent(d ->
                    r.withHeader("Retry-After", BigDecimal.valueOf(d.toMillis()).movePointLeft(3).toPlainString()));
            return r;
        }
        if (fault instanceof Fault.ServerError serverError) {
            return error(serverError.status(), serverError.status() == 503 ? "ServiceUnavailable" : "InternalError",
                    "The service failed; try again");
        }
        if (fault instanceof Fault.InvalidRequest invalid) return error(400, "InvalidRequest", invalid.message());
        if (fault instanceof Fault.Unauthorized) return error(401, "Unauthorized", "The credentials were rejected");
        if (fault instanceof Fault.NotFound) return error(404, "NotFound", "No such model or endpoint");
        if (fault instanceof Fault.MalformedBody) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withHeader("x-request-id", requestId()).withBody("{\"text\": \"Hello from");
        }
        throw new IllegalArgumentException("fault: " + fault + " is not a response fault this cloud knows");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", requestId()).withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}}");
    }

    private static String requestId() {
        return "req-" + UUID.randomUUID();
    }
}

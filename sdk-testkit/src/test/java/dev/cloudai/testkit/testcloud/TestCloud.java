package dev.cloudai.testkit.testcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.ServedModels;
import dev.cloudai.testkit.WireMockCloud;
import dev.cloudai.testkit.Canned;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
 *      200 {"embeddings":[{"index":0,"vector":[...]}, ...]}, each EmulatedEmbeddings' vector of its text
 *      a model it does not serve ({@link #models()}): 404 code "ModelNotFound"
 * PUT    /v1/endpoints/{name}      {"image":"...","instanceType":"...","instanceCount":1}   201, state "creating"
 * GET    /v1/endpoints/{name}      200 {"name":...,"state":"creating"|"in_service"|"failed","failureReason":..,...}
 *                                  or 404; "creating" at the first read, then "in_service" (or "failed")
 * GET    /v1/endpoints             200 {"endpoints":[...]}
 * DELETE /v1/endpoints/{name}      204, or 404 when there is none
 * POST   /v1/endpoints/{name}/invoke   any body; 200 with the endpoint's answer when it is in service, else 404
 * errors: status, header x-request-id, Retry-After (seconds, may be fractional) on 429,
 *         body {"error":{"code":"...","message":"..."}}
 * </pre>
 *
 * <p>Configuration: a provider sees only keys under {@code cloudai.<id>.}, and one id's factory declares them
 * ({@link TestCloudProviderFactory#API_VERSION}); {@code TestCloud}s run under several ids, some without a factory
 * declaring an endpoint key. So a running {@code TestCloud} registers itself
 * by id, and the provider of the same id looks its URL up with {@link #baseUrlOf(String)}; {@link #properties()}
 * holds only {@link #CATALOG}, the catalog rows the core plans testcloud deployments with. At most one
 * {@code TestCloud} per id runs at a time, which the registry enforces.
 */
public final class TestCloud extends WireMockCloud {
    private static final Map<String, TestCloud> RUNNING = new ConcurrentHashMap<>();
    private static final Pattern MODEL = Pattern.compile("/v1/models/([^/]+)/(?:chat|stream|embed)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The testcloud's instance types as catalog rows: the core plans every deployment from the catalog, whose rows
     * name one of the three real clouds and platforms, so they sit in a SageMaker region of their own,
     * {@value TestCloudProvider#REGION}, that no real offer shares.
     */
    static final java.nio.file.Path CATALOG = catalog();

    private final Set<Flaw> flaws;
    private final ServedModels models = new ServedModels(List.of(Canned.CHAT_MODEL, Canned.EMBEDDING_MODEL));
    private final EndpointsState endpoints = new EndpointsState();

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

    private static java.nio.file.Path catalog() {
        try {
            return java.nio.file.Path.of(java.util.Objects.requireNonNull(TestCloud.class.getResource("/testcloud-catalog.csv"),
                    "testcloud-catalog.csv on the test classpath").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
        return Map.of(ConfigKeys.CATALOG_FILE, CATALOG.toString());
    }

    @Override
    public Set<String> models() {
        return models.all();
    }

    @Override
    public TestCloud serveModels(String... modelIds) {
        models.add(modelIds);
        return this;
    }

    @Override
    public void failNextDeployment(String reason) {
        server();   // fails when not running
        endpoints.failNextWith = reason;
    }

    @Override
    protected void customize(WireMockConfiguration options) {
        options.extensions(endpoints, new Embed());
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        endpoints.reset();
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/chat")).andMatching(models.inPath(MODEL)).willReturn(json(200,
                "{\"text\":\"" + Canned.CHAT_TEXT + "\",\"finish\":\"stop\",\"usage\":" + usage() + "}")));

        String lines = Canned.STREAM_DELTAS.stream().map(d -> "{\"delta\":\"" + d + "\"}\n").collect(Collectors.joining())
                + "{\"finish\":\"stop\",\"usage\":" + usage() + "}\n";
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/stream")).andMatching(models.inPath(MODEL))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson")
                        .withHeader("x-request-id", "req-stream").withBody(lines)));

        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/embed")).andMatching(models.inPath(MODEL))
                .willReturn(aResponse().withTransformers(Embed.NAME)));
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/(chat|stream|embed)")).atPriority(9)
                .willReturn(error(404, "ModelNotFound", "No such model")));

        server.stubFor(any(urlPathMatching("/v1/endpoints(/.*)?")).willReturn(aResponse().withTransformers(EndpointsState.NAME)));
    }

    /** The embed answer: {@link EmulatedEmbeddings}' vector of each input, of the model's size. */
    private static final class Embed implements ResponseDefinitionTransformerV2 {
        static final String NAME = "testcloud-embed";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Matcher m = MODEL.matcher(event.getRequest().getUrl());
            int dimensions = EmulatedEmbeddings.dimensions(m.matches() ? m.group(1) : "");
            StringJoiner items = new StringJoiner(",", "{\"embeddings\":[", "]}");
            JsonNode inputs = readJson(event.getRequest().getBodyAsString()).path("inputs");
            for (int i = 0; i < inputs.size(); i++) {
                items.add("{\"index\":" + i + ",\"vector\":"
                        + EmulatedEmbeddings.json(EmulatedEmbeddings.vector(inputs.get(i).asText(), dimensions)) + "}");
            }
            return json(200, items.toString()).build();
        }
    }

    /** Endpoints by name: "creating" at the first read, then "in_service", or "failed" after failNextDeployment. */
    private static final class EndpointsState implements ResponseDefinitionTransformerV2 {
        static final String NAME = "testcloud-endpoints";
        private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
        private final Map<String, String> outcomes = new HashMap<>();
        private volatile String failNextWith;

        synchronized void reset() {
            endpoints.clear();
            outcomes.clear();
            failNextWith = null;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public synchronized ResponseDefinition transform(ServeEvent event) {
            List<String> path = List.of(event.getRequest().getUrl().split("\\?")[0].substring(1).split("/"));
            String method = event.getRequest().getMethod().getName();
            if (path.size() == 2 && method.equals("GET")) {
                return json(200, "{\"endpoints\":" + JSON.valueToTree(endpoints.values()) + "}").build();
            }
            String name = path.get(2);
            ObjectNode endpoint = endpoints.get(name);
            if (path.size() == 4 && path.get(3).equals("invoke")) {
                return endpoint != null && endpoint.path("state").asText().equals("in_service")
                        ? json(200, Canned.INVOKE_RESPONSE_BODY).build() : error(404, "NotFound", "no endpoint " + name + " in service").build();
            }
            switch (method) {
                case "PUT" -> {
                    JsonNode body = readJson(event.getRequest().getBodyAsString());
                    ObjectNode created = JSON.createObjectNode().put("name", name).put("state", "creating")
                            .put("instanceType", body.path("instanceType").asText())
                            .put("instanceCount", body.path("instanceCount").asInt(1)).put("createdAt", "2026-01-01T00:00:00Z");
                    endpoints.put(name, created);
                    outcomes.put(name, failNextWith);
                    failNextWith = null;
                    return json(201, created.toString()).build();
                }
                case "GET" -> {
                    if (endpoint == null) return error(404, "NotFound", "no endpoint " + name).build();
                    String answer = endpoint.toString();
                    if (endpoint.path("state").asText().equals("creating")) {
                        String failure = outcomes.get(name);
                        endpoint.put("state", failure == null ? "in_service" : "failed");
                        if (failure != null) endpoint.put("failureReason", failure);
                    }
                    return json(200, answer).build();
                }
                case "DELETE" -> {
                    if (endpoints.remove(name) == null) return error(404, "NotFound", "no endpoint " + name).build();
                    return aResponse().withStatus(204).withHeader("x-request-id", "req-delete").build();
                }
                default -> {
                    return error(405, "MethodNotAllowed", method + " " + event.getRequest().getUrl()).build();
                }
            }
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

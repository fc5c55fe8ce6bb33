package dev.cloudai.azure.deployment;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import dev.cloudai.azure.http.Json;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Polling;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.azure.AzureKeys;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

/**
 * Azure ML managed online endpoints over Azure Resource Manager's REST API (api-version 2024-04-01), in the
 * configured workspace. The management SDK does not resolve here, and azure-core's default polling ignores
 * {@code Azure-AsyncOperation}, so each long-running operation is followed here with {@link Polling#until}, within
 * the spec's timeout. Raw: azure-core exceptions, no retries of its own but {@code Polling}'s ride-out of failed
 * status reads.
 *
 * <p>{@code deploy}: PUT the online endpoint, PUT its one deployment ({@value AzureMlResources#DEPLOYMENT}), then
 * route 100% of traffic to it; each step is skipped when done already, and waited for when under way, so
 * deploying a name again resumes; a step that ends {@code Failed} or {@code Canceled}, now or in an earlier deploy,
 * is a {@link DeploymentFailedException} with Azure's code and message, the endpoint left in place (delete it to
 * start over). Endpoint ids are endpoint names. {@code invoke}, {@code invokeAsync} and
 * {@code invokeStream} post to the endpoint's scoring URI with its primary key (from {@code listKeys}) as bearer
 * token, both cached per endpoint until a call fails in a way they may cause. Endpoints whose auth mode is
 * {@code AADToken} are not supported yet: the adapter creates {@code Key} endpoints and always scores with a key.
 *
 * <pre>{@code
 * EndpointPlatform azureMl = new AzureMlEndpoints("azure", config, arm, scoring, mapper, "https://management.azure.com",
 *         subscriptionId, resourceGroup, workspace);
 * Endpoint ep = azureMl.deploy(spec, DeploymentPlanner.plan(catalog, spec, azureMl.facts()));
 * }</pre>
 */
public final class AzureMlEndpoints implements EndpointPlatform {
    static final String API_VERSION = "2024-04-01";
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,254}");

    private final String providerId;
    private final ProviderConfig config;
    private final ArmClient arm;
    private final ArmClient scoring;
    private final ErrorMapper mapper;
    private final String workspaceUrl;
    private final Map<String, ScoringTarget> targets = new ConcurrentHashMap<>();
    private volatile String location;

    public AzureMlEndpoints(String providerId, ProviderConfig config, HttpPipeline armPipeline, HttpPipeline scoringPipeline,
                            ErrorMapper mapper, String managementEndpoint, String subscriptionId, String resourceGroup,
                            String workspace) {
        this.providerId = providerId;
        this.config = Objects.requireNonNull(config, "config");
        this.arm = new ArmClient(armPipeline);
        this.scoring = new ArmClient(scoringPipeline);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // cloudai.azure.location saves a read of the workspace; without it the workspace says where it is.
        this.location = config.get(AzureKeys.LOCATION).orElse(null);
        this.workspaceUrl = managementEndpoint.replaceAll("/+$", "") + "/subscriptions/" + segment(subscriptionId)
                + "/resourceGroups/" + segment(resourceGroup) + "/providers/Microsoft.MachineLearningServices/workspaces/"
                + segment(workspace);
    }

    /**
     * Azure ML in the workspace's location: {@code cloudai.azure.location}, or else one read of the workspace, then
     * cached. Azure ML SKUs come from the catalog.
     */
    @Override
    public PlatformFacts facts() {
        return PlatformFacts.of(providerId, "azure", "azureml", location());
    }

    @Override
    public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(plan, "plan");
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        String name = spec.name();
        String where = location();
        // The plan's environment, not the spec's: the model id and tensor parallelism derived for the SKU chosen,
        // under what the spec sets itself.
        String instanceType = plan.instanceType();
        String endpointUrl = url("/onlineEndpoints/" + name);
        String deploymentUrl = url("/onlineEndpoints/" + name + "/deployments/" + AzureMlResources.DEPLOYMENT);

        // 1. The endpoint: create it, or wait for the one a previous deploy started.
        Optional<Map<String, Object>> existing = read(endpointUrl);
        Outcome step = existing.isEmpty()
                ? await(arm.send(HttpMethod.PUT, endpointUrl, AzureMlResources.endpointBody(spec, where, instanceType)),
                        "online endpoint " + name, endpointUrl, deadline)
                : settle(existing.get(), "online endpoint " + name, endpointUrl, deadline);
        if (step.failed()) throw failed(name, step, "the online endpoint");

        // 2. Its deployment: the model in its environment on the chosen SKU.
        Optional<Map<String, Object>> deployment = read(deploymentUrl);
        if (deployment.isEmpty()) {
            Map<String, Object> body = AzureMlResources.deploymentBody(spec, where, instanceType, environment(spec),
                    spec.modelUri().map(uri -> model(spec, uri)).orElse(null), plan.environment());
            step = await(arm.send(HttpMethod.PUT, deploymentUrl, body), "deployment of " + name, deploymentUrl, deadline);
        } else {
            step = settle(deployment.get(), "deployment of " + name, deploymentUrl, deadline);
        }
        if (step.failed()) throw failed(name, step, "its deployment " + AzureMlResources.DEPLOYMENT);

        // 3. All traffic to it.
        Map<String, Object> endpoint = arm.send(HttpMethod.GET, endpointUrl, null).json();
        if (!AzureMlResources.routesAllTrafficToPrimary(endpoint)) {
            step = await(arm.send(HttpMethod.PUT, endpointUrl, AzureMlResources.withTraffic(endpoint)),
                    "traffic update of " + name, endpointUrl, deadline);
            if (step.failed()) throw failed(name, step, "routing its traffic");
        }
        Map<String, Object> served = arm.send(HttpMethod.GET, endpointUrl, null).json();
        // The scoring URI is in hand and the key one read away: the first invoke after a deploy sends one request.
        targets.put(name, new ScoringTarget(scoringUri(name, served), primaryKey(name)));
        return AzureMlResources.endpoint(providerId, served);
    }

    @Override
    public Optional<Endpoint> get(String endpointId) {
        return read(url("/onlineEndpoints/" + checkId(endpointId))).map(json -> AzureMlResources.endpoint(providerId, json));
    }

    @Override
    public List<Endpoint> list() {
        List<Endpoint> out = new ArrayList<>();
        String next = url("/onlineEndpoints");
        while (next != null) {
            Map<String, Object> page = arm.send(HttpMethod.GET, next, null).json();
            for (Object item : Json.array(page, "value")) out.add(AzureMlResources.endpoint(providerId, Json.object(item)));
            next = Json.text(page, "nextLink").orElse(null);
        }
        return out;
    }

    /** Deletes the endpoint (and with it its deployments) and waits for the deletion to finish; gone already is fine. */
    @Override
    public void delete(String endpointId) {
        String endpointUrl = url("/onlineEndpoints/" + checkId(endpointId));
        targets.remove(endpointId);
        ArmClient.Answer answer;
        try {
            answer = arm.send(HttpMethod.DELETE, endpointUrl, null);
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return;
            throw e;
        }
        if (answer.status() == 204) return;
        Outcome outcome = followOperation(answer, "deletion of online endpoint " + endpointId, "delete",
                System.nanoTime() + DELETE_TIMEOUT.toNanos());
        if (outcome != null && outcome.failed()) {
            throw new IllegalStateException("Azure ML could not delete online endpoint " + endpointId + ": " + outcome.reason());
        }
    }

    @Override
    public InvokeResponse invoke(String endpointId, InvokeRequest request) {
        checkId(endpointId);
        Objects.requireNonNull(request, "request");
        try {
            ScoringTarget target = targets.computeIfAbsent(endpointId, this::scoringTarget);
            return response(scoring.send(HttpMethod.POST, target.uri(), request.body(), request.contentType(), headers(target, request)));
        } catch (RuntimeException e) {
            forgetTargetAfter(endpointId, e);
            throw e;
        }
    }

    @Override
    public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
        checkId(endpointId);
        Objects.requireNonNull(request, "request");
        return target(endpointId)
                .flatMap(t -> scoring.sendAsync(HttpMethod.POST, t.uri(), request.body(), request.contentType(), headers(t, request)))
                .map(this::response)
                .doOnError(e -> forgetTargetAfter(endpointId, e))
                .toFuture();
    }

    /**
     * The same POST to the scoring URI, with {@code Accept: text/event-stream} unless the request names another
     * type, its body published in the parts the connection delivers them (a part may end anywhere, even inside a
     * UTF-8 character). Each subscription sends one request; demand and cancellation reach the connection.
     * Failures are azure-core's, as from {@link #invoke}; the call pipeline maps them.
     */
    @Override
    public Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        checkId(endpointId);
        Objects.requireNonNull(request, "request");
        InvokeRequest streamed = request.accept().isPresent() ? request : request.withAccept("text/event-stream");
        Flux<byte[]> parts = Flux.defer(() -> target(endpointId))
                .flatMap(t -> scoring.stream(HttpMethod.POST, t.uri(), streamed.body(), streamed.contentType(), headers(t, streamed)))
                .doOnError(e -> forgetTargetAfter(endpointId, e));
        return JdkFlowAdapter.publisherToFlowPublisher(parts);
    }

    /** The endpoint's scoring URI and key: cached, or read without blocking a thread. */
    private Mono<ScoringTarget> target(String endpointId) {
        return Mono.defer(() -> {
            ScoringTarget cached = targets.get(endpointId);
            return cached != null ? Mono.just(cached) : scoringTargetAsync(endpointId).doOnNext(t -> targets.put(endpointId, t));
        });
    }

    /**
     * Forgets the cached scoring URI and key when they may be what failed: a rejected key (401, 403; keys can be
     * regenerated), an endpoint gone (404), a failure to read them, or a failure below HTTP. A container's own error
     * (424, 429, 5xx from the scoring URI) keeps them, so a retry sends just the one scoring request again.
     */
    private void forgetTargetAfter(String endpointId, Throwable error) {
        int status = error instanceof HttpResponseException h && h.getResponse() != null ? h.getResponse().getStatusCode() : 0;
        boolean fromScoring = error instanceof HttpResponseException h && h.getResponse() != null
                && !h.getResponse().getRequest().getUrl().getPath().contains("/onlineEndpoints/");
        if (!fromScoring || status == 401 || status == 403 || status == 404) targets.remove(endpointId);
    }

    @Override
    public String toString() {
        return "AzureMlEndpoints[" + workspaceUrl + "]";
    }

    // ---- long-running operations ----

    /** Follows the operation an ARM write started to its end; then the resource is read. */
    private Outcome await(ArmClient.Answer started, String what, String resourceUrl, long deadline) {
        Outcome outcome = followOperation(started, what, "deploy", deadline);
        if (outcome != null) return outcome;
        // Finished at once (200 with a final provisioningState), or no operation to follow: watch the resource.
        return settle(started.body().length == 0 ? Map.of() : started.json(), what, resourceUrl, deadline);
    }

    /**
     * Follows {@code Azure-AsyncOperation} (status InProgress, then Succeeded, Failed or Canceled), else
     * {@code Location} (202 until done); {@code null} when the answer names neither.
     */
    private Outcome followOperation(ArmClient.Answer started, String what, String operation, long deadline) {
        String op = started.header("Azure-AsyncOperation");
        if (op != null) {
            Map<String, Object> status = Polling.until(providerId, operation, remaining(deadline), config.pollInterval(), mapper,
                    () -> arm.send(HttpMethod.GET, op, null).json(),
                    s -> AzureMlResources.isTerminal(Json.text(s, "status").orElse("")),
                    s -> what + " is " + Json.text(s, "status").orElse("in an unknown state"));
            String state = Json.text(status, "status").orElse("");
            return new Outcome(state, Json.text(status, "error", "code").orElse(state),
                    Json.text(status, "error", "message").orElse(what + " ended " + state));
        }
        String location = started.status() == 202 ? started.header("Location") : null;
        if (location != null) {
            Polling.until(providerId, operation, remaining(deadline), config.pollInterval(), mapper,
                    () -> arm.send(HttpMethod.GET, location, null).status(), s -> s != 202, s -> what + " is under way");
            return new Outcome("Succeeded", "Succeeded", "");
        }
        return null;
    }

    /** Waits until a resource's {@code provisioningState} is final, reading the resource itself. */
    private Outcome settle(Map<String, Object> resource, String what, String resourceUrl, long deadline) {
        String state = Json.text(resource, "properties", "provisioningState").orElse("");
        if (!AzureMlResources.isTerminal(state)) {
            Map<String, Object> done = Polling.until(providerId, "deploy", remaining(deadline), config.pollInterval(), mapper,
                    () -> arm.send(HttpMethod.GET, resourceUrl, null).json(),
                    r -> AzureMlResources.isTerminal(Json.text(r, "properties", "provisioningState").orElse("")),
                    r -> what + " is " + Json.text(r, "properties", "provisioningState").orElse("in an unknown state"));
            state = Json.text(done, "properties", "provisioningState").orElse("");
        }
        return new Outcome(state, state, what + " is " + state);
    }

    /** A step of the deployment that ended Failed or Canceled: Azure's code and reason, and the endpoint to delete. */
    private DeploymentFailedException failed(String endpoint, Outcome step, String what) {
        return new DeploymentFailedException(ErrorInfo.builder(providerId, "deploy").providerCode(step.code()).build(), endpoint,
                what + " ended " + step.state() + ": " + step.reason(), null);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    // ---- assets ----

    /** The environment reference for the spec's image: used as is, or the image registered as an environment version. */
    private String environment(EndpointSpec spec) {
        String image = spec.image();
        if (AzureMlResources.isAssetReference(image)) return image;
        String url = url("/environments/cloudai-" + spec.name() + "/versions/" + AzureMlResources.versionOf(image));
        Map<String, Object> body = Map.of("properties", Map.of("image", image,
                "description", "Registered by the Cloud AI SDK for Java for endpoint " + spec.name()));
        return idOf(arm.send(HttpMethod.PUT, url, body), url);
    }

    /** The model reference for the spec's model URI: used as is, or the URI registered as a model version. */
    private String model(EndpointSpec spec, String uri) {
        if (AzureMlResources.isAssetReference(uri)) return uri;
        String url = url("/models/cloudai-" + spec.name() + "/versions/" + AzureMlResources.versionOf(uri));
        Map<String, Object> body = Map.of("properties", Map.of("modelUri", uri, "modelType", "CustomModel",
                "description", "Registered by the Cloud AI SDK for Java for endpoint " + spec.name()));
        return idOf(arm.send(HttpMethod.PUT, url, body), url);
    }

    private static String idOf(ArmClient.Answer answer, String url) {
        return Json.text(answer.json(), "id").orElseGet(() -> url.substring(url.indexOf("/subscriptions/"), url.indexOf('?')));
    }

    // ---- scoring ----

    private ScoringTarget scoringTarget(String endpointId) {
        Map<String, Object> endpoint = arm.send(HttpMethod.GET, url("/onlineEndpoints/" + endpointId), null).json();
        return new ScoringTarget(scoringUri(endpointId, endpoint), primaryKey(endpointId));
    }

    private String primaryKey(String endpointId) {
        return key(endpointId, arm.send(HttpMethod.POST, url("/onlineEndpoints/" + endpointId + "/listKeys"), null).json());
    }

    /** The endpoint, then its key: one after the other, so an endpoint that does not exist costs one request. */
    private Mono<ScoringTarget> scoringTargetAsync(String endpointId) {
        return arm.sendAsync(HttpMethod.GET, url("/onlineEndpoints/" + endpointId), null, null, Map.of())
                .map(a -> scoringUri(endpointId, a.json()))
                .flatMap(uri -> arm.sendAsync(HttpMethod.POST, url("/onlineEndpoints/" + endpointId + "/listKeys"), null, null, Map.of())
                        .map(a -> new ScoringTarget(uri, key(endpointId, a.json()))));
    }

    private static String key(String endpointId, Map<String, Object> keys) {
        return Json.text(keys, "primaryKey").orElseThrow(() -> new IllegalStateException(
                "Azure ML listed no primaryKey for online endpoint " + endpointId));
    }

    private static String scoringUri(String endpointId, Map<String, Object> endpoint) {
        return Json.text(endpoint, "properties", "scoringUri").orElseThrow(() -> new IllegalStateException(
                "online endpoint " + endpointId + " has no scoring URI yet (" + AzureMlResources.status(endpoint)
                        + "); deploy it first"));
    }

    private static Map<String, String> headers(ScoringTarget target, InvokeRequest request) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + target.key());
        request.accept().ifPresent(a -> h.put("Accept", a));
        return h;
    }

    private InvokeResponse response(ArmClient.Answer a) {
        String requestId = Optional.ofNullable(a.header("x-request-id")).orElse(a.header("x-ms-request-id"));
        return new InvokeResponse(a.body(), a.header("Content-Type"), providerId, requestId);
    }

    // ---- plumbing ----

    private String location() {
        String l = location;
        if (l == null) {
            Map<String, Object> ws = arm.send(HttpMethod.GET, workspaceUrl + "?api-version=" + API_VERSION, null).json();
            l = Json.text(ws, "location").orElseThrow(() -> new IllegalStateException(
                    "the Azure ML workspace " + workspaceUrl + " reports no location"));
            location = l;
        }
        return l;
    }

    private Optional<Map<String, Object>> read(String url) {
        try {
            return Optional.of(arm.send(HttpMethod.GET, url, null).json());
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    private String url(String path) {
        return workspaceUrl + path + "?api-version=" + API_VERSION;
    }

    private static String checkId(String endpointId) {
        if (endpointId == null || !NAME.matcher(endpointId).matches()) {
            throw new IllegalArgumentException("endpointId: '" + endpointId + "' is not an Azure ML online endpoint name;"
                    + " use the id deploy() returned (letters, digits and hyphens)");
        }
        return endpointId;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** How an operation ended: Succeeded, Failed or Canceled, Azure's error code (else the state), and why. */
    private record Outcome(String state, String code, String reason) {
        boolean failed() {
            return !"Succeeded".equals(state);
        }
    }

    /** Where and how to score: the URI and the endpoint's key, which {@code toString()} hides. */
    private record ScoringTarget(String uri, String key) {
        @Override
        public String toString() {
            return "ScoringTarget[" + uri + ", key=****]";
        }
    }
}

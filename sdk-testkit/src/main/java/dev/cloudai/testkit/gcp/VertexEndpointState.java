package dev.cloudai.testkit.gcp;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Canned;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Vertex AI's endpoints, models and their long-running operations for {@link GcpCloud}, kept in memory, as the
 * v1 API answers them in JSON for WireMock's gRPC extension (https://cloud.google.com/vertex-ai/docs/reference/rpc/google.cloud.aiplatform.v1,
 * {@code EndpointService}, {@code ModelService}, {@code PredictionService}, {@code google.longrunning.Operations}).
 * What a call sends is what a later read answers: an endpoint keeps its display name; a deployed model keeps the
 * dedicated resources (machine type, accelerator type and count, replica counts), display name, model and service
 * account it was deployed with.
 *
 * <ul>
 *   <li>CreateEndpoint and UploadModel finish at once; endpoints get ids from {@value #FIRST_ENDPOINT}, models from
 *       {@value #FIRST_MODEL}.</li>
 *   <li>DeployModel starts an operation ({@code .../operations/3003} first; the operations that finish at once count
 *       from {@value #FIRST_INSTANT_OPERATION}) that is not done at its first GetOperation
 *       and done at the next one, when the model joins the endpoint with an id from {@value #FIRST_DEPLOYED_MODEL} and
 *       all the traffic; or, after {@link #failNextDeployment(String)}, done with an error and nothing deployed.
 *       ListOperations on the endpoint lists it while it runs.</li>
 *   <li>UndeployModel and DeleteModel finish at once; DeleteEndpoint refuses while a model is deployed or deploying
 *       ({@code FAILED_PRECONDITION}), and DeleteModel while the model is deployed.</li>
 *   <li>Predict and RawPredict on an endpoint answer only once a model is deployed to it. RawPredict answers a body
 *       that speaks a serving protocol as that model server would ({@link EmulatedServing}, in the protocol set by
 *       {@link #hostProtocol} when one was), any other body with {@code Canned.INVOKE_RESPONSE_BODY}.</li>
 *   <li>A name that does not exist is {@code NOT_FOUND}. ListEndpoints and ListModels honour a
 *       {@code display_name="..."} filter.</li>
 * </ul>
 */
final class VertexEndpointState extends StubTransformer {
    static final String NAME = "vertex-endpoints";
    static final int FIRST_ENDPOINT = 1001;
    static final int FIRST_MODEL = 2002;
    static final int FIRST_OPERATION = 3003;
    /** Operations that finish at once (create, upload, undeploy, delete) count from here. */
    static final int FIRST_INSTANT_OPERATION = 5001;
    static final int FIRST_DEPLOYED_MODEL = 4004;
    /** The gRPC code a deployment made to fail ends with. */
    static final int FAILED_DEPLOYMENT_CODE = io.grpc.Status.Code.FAILED_PRECONDITION.value();
    private static final String TYPE = "type.googleapis.com/google.cloud.aiplatform.v1.";
    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static final Pattern DISPLAY_NAME_FILTER = Pattern.compile("display_name\\s*=\\s*\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();   // by resource name
    private final Map<String, ObjectNode> models = new LinkedHashMap<>();      // by resource name
    private final Map<String, Deployment> deployments = new LinkedHashMap<>(); // running or done, by operation name
    private final Map<String, ServingProtocol> hosted = new LinkedHashMap<>(); // by endpoint name or id, as given
    private int nextEndpoint;
    private int nextModel;
    private int nextOperation;
    private int nextInstantOperation;
    private int nextDeployedModel;
    private String failNextWith;

    VertexEndpointState() {

        super(NAME);
        reset();
    }



    synchronized void reset() {
        endpoints.clear();
        models.clear();
        deployments.clear();
        hosted.clear();
        nextEndpoint = FIRST_ENDPOINT;
        nextModel = FIRST_MODEL;
        nextOperation = FIRST_OPERATION;
        nextInstantOperation = FIRST_INSTANT_OPERATION;
        nextDeployedModel = FIRST_DEPLOYED_MODEL;
        failNextWith = null;
    }

    /**
     * Makes the endpoint answer in {@code protocol}'s format whatever the request speaks, until {@link #reset()}.
     *
     * @param endpoint its resource name, its id (the last segment of the name) or its display name; the endpoint
     *                 need not exist yet
     */
    synchronized void hostProtocol(String endpoint, ServingProtocol protocol) {
        hosted.put(endpoint, protocol);
    }

    /**
     * What the endpoint with this resource name serves: empty when no model is deployed to it (Vertex's
     * {@code NOT_FOUND}), else the protocol it was told to host, if any.
     */
    synchronized Optional<Optional<ServingProtocol>> serving(String name) {
        ObjectNode endpoint = endpoints.get(name);
        if (endpoint == null || endpoint.withArray("deployedModels").isEmpty()) return Optional.empty();
        ServingProtocol protocol = hosted.get(name);
        if (protocol == null) protocol = hosted.get(name.substring(name.lastIndexOf('/') + 1));
        if (protocol == null) protocol = hosted.get(endpoint.path("displayName").asText());
        return Optional.of(Optional.ofNullable(protocol));
    }

    /** Vertex's answer to a call on an endpoint that does not exist or serves nothing. */
    static String notFoundMessage(String name) {
        return "Endpoint `" + name + "` not found.";
    }

    synchronized void failNextDeployment(String reason) {
        failNextWith = reason;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        String path = serveEvent.getRequest().getUrl();
        String method = path.substring(path.lastIndexOf('/') + 1);
        JsonNode body;
        try {
            body = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return status("INVALID_ARGUMENT", "The request could not be read.");
        }
        return switch (method) {
            case "CreateEndpoint" -> createEndpoint(body);
            case "GetEndpoint" -> getEndpoint(body.path("name").asText());
            case "ListEndpoints" -> list("endpoints", endpoints, body);
            case "DeployModel" -> deployModel(body);
            case "GetOperation" -> getOperation(body.path("name").asText());
            case "ListOperations" -> listOperations(body.path("name").asText());
            case "UndeployModel" -> undeployModel(body);
            case "DeleteEndpoint" -> deleteEndpoint(body.path("name").asText());
            case "UploadModel" -> uploadModel(body);
            case "ListModels" -> list("models", models, body);
            case "DeleteModel" -> deleteModel(body.path("name").asText());
            case "Predict" -> predict(body.path("endpoint").asText(), null);
            case "RawPredict" -> predict(body.path("endpoint").asText(), body.path("httpBody"));
            default -> status("UNIMPLEMENTED", "The emulator does not serve " + method + ".");
        };
    }

    // ---- endpoints ----

    private ResponseDefinition createEndpoint(JsonNode body) {
        String name = body.path("parent").asText() + "/endpoints/" + nextEndpoint++;
        ObjectNode endpoint = body.path("endpoint").isObject() ? (ObjectNode) body.path("endpoint").deepCopy() : JSON.createObjectNode();
        endpoint.put("name", name).put("createTime", CREATED).put("updateTime", CREATED);
        endpoints.put(name, endpoint);
        return ok(done(name + "/operations/" + nextInstantOperation++, "Endpoint", endpoint));
    }

    private ResponseDefinition getEndpoint(String name) {
        ObjectNode endpoint = endpoints.get(name);
        return endpoint == null ? notFound("Endpoint", name) : ok(endpoint);
    }

    private ResponseDefinition deployModel(JsonNode body) {
        String endpoint = body.path("endpoint").asText();
        if (!endpoints.containsKey(endpoint)) return notFound("Endpoint", endpoint);
        JsonNode deployed = body.path("deployedModel");
        if (!models.containsKey(deployed.path("model").asText())) return notFound("Model", deployed.path("model").asText());
        if (!deployed.path("dedicatedResources").path("machineSpec").path("machineType").isTextual()) {
            return status("INVALID_ARGUMENT", "deployed_model.dedicated_resources.machine_spec.machine_type is required.");
        }
        Deployment d = new Deployment(endpoint + "/operations/" + nextOperation++, endpoint, (ObjectNode) deployed.deepCopy(),
                failNextWith);
        failNextWith = null;
        deployments.put(d.operation, d);
        return ok(d.operationJson());
    }

    private ResponseDefinition getOperation(String name) {
        Deployment d = deployments.get(name);
        if (d == null) return notFound("Operation", name);
        if (!d.done && ++d.reads >= 2) finish(d);
        return ok(d.operationJson());
    }

    /** The deployment's end: its model joins the endpoint with all the traffic, or it failed and nothing changed. */
    private void finish(Deployment d) {
        d.done = true;
        ObjectNode endpoint = endpoints.get(d.endpoint);
        if (d.failure != null || endpoint == null) return;
        String id = Integer.toString(nextDeployedModel++);
        d.model.put("id", id).put("createTime", CREATED);
        endpoint.withArray("deployedModels").add(d.model);
        ObjectNode traffic = endpoint.putObject("trafficSplit");
        traffic.put(id, 100);
    }

    private ResponseDefinition listOperations(String endpoint) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode operations = out.putArray("operations");
        deployments.values().stream().filter(d -> !d.done && d.endpoint.equals(endpoint)).forEach(d -> operations.add(d.operationJson()));
        return ok(out);
    }

    private ResponseDefinition undeployModel(JsonNode body) {
        String name = body.path("endpoint").asText();
        ObjectNode endpoint = endpoints.get(name);
        if (endpoint == null) return notFound("Endpoint", name);
        String id = body.path("deployedModelId").asText();
        Iterator<JsonNode> deployed = endpoint.withArray("deployedModels").elements();
        boolean removed = false;
        while (deployed.hasNext()) {
            if (deployed.next().path("id").asText().equals(id)) {
                deployed.remove();
                removed = true;
            }
        }
        if (!removed) return notFound("DeployedModel", name + "/deployedModels/" + id);
        if (endpoint.get("trafficSplit") instanceof ObjectNode traffic) traffic.remove(id);
        return ok(done(name + "/operations/" + nextInstantOperation++, "UndeployModelResponse", JSON.createObjectNode()));
    }

    private ResponseDefinition deleteEndpoint(String name) {
        ObjectNode endpoint = endpoints.get(name);
        if (endpoint == null) return notFound("Endpoint", name);
        boolean busy = !endpoint.withArray("deployedModels").isEmpty()
                || deployments.values().stream().anyMatch(d -> !d.done && d.endpoint.equals(name));
        if (busy) return status("FAILED_PRECONDITION", "The Endpoint has DeployedModels; undeploy them before deleting the Endpoint.");
        endpoints.remove(name);
        return ok(done(name + "/operations/" + nextInstantOperation++, null, null));
    }

    // ---- models ----

    private ResponseDefinition uploadModel(JsonNode body) {
        String name = body.path("parent").asText() + "/models/" + nextModel++;
        ObjectNode model = body.path("model").isObject() ? (ObjectNode) body.path("model").deepCopy() : JSON.createObjectNode();
        model.put("name", name).put("createTime", CREATED);
        models.put(name, model);
        return ok(done(name + "/operations/" + nextInstantOperation++, "UploadModelResponse", JSON.createObjectNode().put("model", name)));
    }

    private ResponseDefinition deleteModel(String name) {
        if (!models.containsKey(name)) return notFound("Model", name);
        boolean deployed = endpoints.values().stream().flatMap(e -> StreamSupport.stream(e.withArray("deployedModels").spliterator(), false))
                .anyMatch(m -> m.path("model").asText().equals(name));
        if (deployed) return status("FAILED_PRECONDITION", "The Model is deployed to an Endpoint; undeploy it first.");
        models.remove(name);
        return ok(done(name + "/operations/" + nextInstantOperation++, null, null));
    }

    // ---- prediction ----

    /** A Predict ({@code raw} null) or RawPredict ({@code raw} its {@code HttpBody} as JSON) on the endpoint. */
    private ResponseDefinition predict(String name, JsonNode raw) {
        ObjectNode endpoint = endpoints.get(name);
        JsonNode deployed = endpoint == null ? null : endpoint.withArray("deployedModels").get(0);
        if (deployed == null) return status("NOT_FOUND", notFoundMessage(name));
        if (raw != null) {
            byte[] request = Base64.getDecoder().decode(raw.path("data").asText(""));
            Optional<EmulatedServing.Answer> answer = EmulatedServing.answer(request, serving(name).orElseThrow(), false);
            String contentType = answer.map(EmulatedServing.Answer::contentType).orElse("application/json");
            byte[] data = answer.map(EmulatedServing.Answer::body).orElse(Canned.INVOKE_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8));
            return ok(JSON.createObjectNode().put("contentType", contentType).put("data", Base64.getEncoder().encodeToString(data)));
        }
        ObjectNode out = JSON.createObjectNode();
        out.putArray("predictions").addObject().put("outputs", "Hello from the endpoint");
        return ok(out.put("deployedModelId", deployed.path("id").asText()).put("model", deployed.path("model").asText()));
    }

    // ---- JSON ----

    private static ResponseDefinition list(String field, Map<String, ObjectNode> all, JsonNode request) {
        Matcher filter = DISPLAY_NAME_FILTER.matcher(request.path("filter").asText());
        String displayName = filter.find() ? filter.group(1) : null;
        String parent = request.path("parent").asText();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray(field);
        all.forEach((name, item) -> {
            if (name.startsWith(parent + "/") && (displayName == null || displayName.equals(item.path("displayName").asText()))) {
                items.add(item);
            }
        });
        return ok(out);
    }

    /** A finished operation, with {@code response} as a message of {@code type} when given. */
    private static ObjectNode done(String name, String type, ObjectNode response) {
        ObjectNode op = JSON.createObjectNode().put("name", name).put("done", true);
        if (type != null) {
            ObjectNode r = JSON.createObjectNode().put("@type", TYPE + type);
            r.setAll(response);
            op.set("response", r);
        }
        return op;
    }

    private static ResponseDefinition ok(JsonNode json) {
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", "OK").withBody(json.toString()).build();
    }

    private static ResponseDefinition notFound(String kind, String name) {
        return status("NOT_FOUND", kind + " `" + name + "` not found.");
    }

    private static ResponseDefinition status(String code, String message) {
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", code).withHeader("grpc-status-reason", message).build();
    }

    /** One DeployModel operation: not done at its first read, done at the next. */
    private static final class Deployment {
        final String operation;
        final String endpoint;
        final ObjectNode model;
        final String failure;
        boolean done;
        int reads;

        Deployment(String operation, String endpoint, ObjectNode model, String failure) {
            this.operation = operation;
            this.endpoint = endpoint;
            this.model = model;
            this.failure = failure;
        }

        ObjectNode operationJson() {
            ObjectNode op = JSON.createObjectNode().put("name", operation).put("done", done);
            op.putObject("metadata").put("@type", TYPE + "DeployModelOperationMetadata");
            if (done && failure != null) {
                op.putObject("error").put("code", FAILED_DEPLOYMENT_CODE).put("message", failure);
            } else if (done) {
                op.putObject("response").put("@type", TYPE + "DeployModelResponse").putObject("deployedModel")
                        .put("id", model.path("id").asText());
            }
            return op;
        }
    }
}

package dev.cloudai.testkit.azure;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.deployment.ServingProtocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Azure ML management plane of {@link AzureCloud}: workspaces, managed online endpoints and their deployments
 * as Azure Resource Manager serves them, kept in memory. Follows the official REST specification,
 * Azure/azure-rest-api-specs
 * {@code specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2024-04-01/}
 * ({@code machineLearningServices.json}, {@code mfe.json}, and the examples under
 * {@code examples/Workspace/OnlineEndpoint/}, {@code examples/OnlineDeployment/ManagedOnlineDeployment/},
 * {@code examples/Workspace/EnvironmentVersion/} and {@code examples/Workspace/ModelVersion/}):
 *
 * <pre>
 * GET    /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}
 * PUT    .../workspaces/{ws}/onlineEndpoints/{e}           201 (create) or 200 (update), Azure-AsyncOperation
 * GET    .../workspaces/{ws}/onlineEndpoints/{e}           200, or 404 when there is none
 * GET    .../workspaces/{ws}/onlineEndpoints               200 {"value":[...]}
 * DELETE .../workspaces/{ws}/onlineEndpoints/{e}           202 with Azure-AsyncOperation and Location, or 204 when none
 * POST   .../workspaces/{ws}/onlineEndpoints/{e}/listKeys  200 {"primaryKey":..,"secondaryKey":..}
 * PUT    .../onlineEndpoints/{e}/deployments/{d}           201 or 200, Azure-AsyncOperation
 * PUT    .../workspaces/{ws}/environments/{n}/versions/{v} 201 or 200 (also models/{n}/versions/{v}), synchronous
 * GET    .../onlineEndpoints/{e}/deployments/{d}           200 or 404
 * GET    /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{loc}/mfeOperationsStatus/{id}
 *        200 {"status":"InProgress"|"Succeeded"|"Failed","error":{...}}
 * </pre>
 *
 * Every call needs {@code api-version=2024-04-01} (else 400 {@code InvalidApiVersionParameter}) and an
 * {@code Authorization} header (else 401 {@code AuthenticationFailed}). An operation answers {@code InProgress} to
 * its first status read, whether of the operation or of its resource, and is done at the next one; the resource's
 * {@code provisioningState} follows it ({@code Creating}/{@code Updating}, then {@code Succeeded} or
 * {@code Failed}). Scoring URIs point back at the same server ({@code /inference/{e}/score}), answered by
 * {@link AzureMlScoring}.
 */
final class AzureMlState extends StubTransformer {
    static final String NAME = "azure-ml-arm";

    AzureMlState() {
        super(NAME);
    }
    static final String API_VERSION = "2024-04-01";
    static final String LOCATION = "eastus";
    private static final String PROVIDER = "/providers/Microsoft.MachineLearningServices";
    private static final Pattern WORKSPACE = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)" + PROVIDER + "/workspaces/([^/]+)(/.*)?");
    private static final Pattern OPERATION = Pattern.compile(
            "/subscriptions/([^/]+)" + PROVIDER + "/locations/([^/]+)/mfeOperationsStatus/([^/]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Resource> endpoints = new LinkedHashMap<>();     // by endpoint name
    private final Map<String, Resource> deployments = new LinkedHashMap<>();   // by "endpoint/deployment"
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final java.util.Set<String> assets = new java.util.HashSet<>();
    private final Map<String, ServingProtocol> hosted = new LinkedHashMap<>();   // by endpoint name
    private String failNextDeploymentWith;



    synchronized void reset() {
        endpoints.clear();
        deployments.clear();
        operations.clear();
        assets.clear();
        hosted.clear();
        failNextDeploymentWith = null;
    }

    /** Until {@link #reset()}, the endpoint's scoring URI answers in {@code protocol}'s format, whatever is asked. */
    synchronized void hostProtocol(String endpoint, ServingProtocol protocol) {
        hosted.put(endpoint, protocol);
    }

    synchronized Optional<ServingProtocol> hostedProtocol(String endpoint) {
        return Optional.ofNullable(hosted.get(endpoint));
    }

    /**
     * Whether the endpoint serves: it exists, is provisioned, and routes traffic to a deployment that is provisioned
     * too (Azure ML answers 404 otherwise: "The endpoint doesn't have any valid deployment with positive weight").
     */
    synchronized boolean serves(String endpoint) {
        Resource r = endpoints.get(endpoint);
        if (r == null || !r.state.equals("Succeeded")) return false;
        var traffic = r.body.path("properties").path("traffic").fields();
        while (traffic.hasNext()) {
            var route = traffic.next();
            Resource d = deployments.get(endpoint + "/" + route.getKey());
            if (route.getValue().asInt(0) > 0 && d != null && d.state.equals("Succeeded")) return true;
        }
        return false;
    }

    /** The next deployment operation ends {@code Failed} with this message; the ones after it succeed again. */
    synchronized void failNextDeployment(String message) {
        failNextDeploymentWith = message;
    }

    synchronized boolean hasEndpoint(String name) {
        return endpoints.containsKey(name);
    }

    static String endpointKey(String name) {
        return "emulator-endpoint-key-" + name;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        URI uri = URI.create(request.getUrl());
        String path = uri.getPath();
        String base = request.getAbsoluteUrl().substring(0, request.getAbsoluteUrl().indexOf(request.getUrl()));
        if (!API_VERSION.equals(query(uri, "api-version"))) {
            return error(400, "InvalidApiVersionParameter", "The api-version '" + query(uri, "api-version")
                    + "' is invalid. The supported versions include '" + API_VERSION + "'.");
        }
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        Matcher op = OPERATION.matcher(path);
        if (op.matches() && request.getMethod().getName().equals("GET")) return operationStatus(op.group(3));
        Matcher ws = WORKSPACE.matcher(path);
        if (!ws.matches()) return error(404, "InvalidResourceType", "No Azure ML resource at " + path);
        Scope scope = new Scope(ws.group(1), ws.group(2), ws.group(3), base);
        String rest = ws.group(4) == null ? "" : ws.group(4);
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
        String method = request.getMethod().getName();
        if (parts.length == 0 && method.equals("GET")) return ok(200, workspace(scope));
        if (parts.length >= 1 && parts[0].equals("onlineEndpoints")) {
            if (parts.length == 1 && method.equals("GET")) return listEndpoints(scope);
            if (parts.length == 2) {
                String name = parts[1];
                if (method.equals("PUT")) return putEndpoint(scope, name, body(request));
                if (method.equals("GET")) return getEndpoint(scope, name);
                if (method.equals("DELETE")) return deleteEndpoint(scope, name);
            }
            if (parts.length == 3 && parts[2].equals("listKeys") && method.equals("POST")) {
                if (!endpoints.containsKey(parts[1])) return notFound("online endpoint", parts[1]);
                return ok(200, JSON.createObjectNode().put("primaryKey", endpointKey(parts[1]))
                        .put("secondaryKey", endpointKey(parts[1]) + "-secondary"));
            }
            if (parts.length == 4 && parts[2].equals("deployments")) {
                if (method.equals("PUT")) return putDeployment(scope, parts[1], parts[3], body(request));
                if (method.equals("GET")) return getDeployment(scope, parts[1], parts[3]);
            }
        }
        if (parts.length == 4 && (parts[0].equals("environments") || parts[0].equals("models")) && parts[2].equals("versions")
                && method.equals("PUT")) {
            return putAssetVersion(scope, parts[0], parts[1], parts[3], body(request));
        }
        return error(405, "MethodNotAllowed", method + " is not supported on " + path + " by the emulator");
    }

    // ---- online endpoints ----

    private ResponseDefinition putEndpoint(Scope scope, String name, ObjectNode body) {
        if (body == null) return error(400, "UserError", "The request body must be an online endpoint JSON object.");
        if (!body.path("location").isTextual()) {
            return error(400, "UserError", "location: required; use the workspace's location (" + LOCATION + ").");
        }
        Resource existing = endpoints.get(name);
        if (existing != null && existing.state.equals("Deleting")) {
            return error(409, "Conflict", "Online endpoint " + name + " is being deleted.");
        }
        Resource r = existing != null ? existing : new Resource(name, null);
        r.body = body.deepCopy();
        r.state = existing == null ? "Creating" : "Updating";
        endpoints.put(name, r);
        Operation o = newOperation(r, null);
        return withOperation(ok(existing == null ? 201 : 200, endpointJson(scope, r)), scope, o, false);
    }

    private ResponseDefinition getEndpoint(Scope scope, String name) {
        Resource r = endpoints.get(name);
        if (r == null) return notFound("online endpoint", name);
        observe(r);
        r = endpoints.get(name);
        if (r == null) return notFound("online endpoint", name);
        return ok(200, endpointJson(scope, r));
    }

    private ResponseDefinition listEndpoints(Scope scope) {
        ArrayNode value = JSON.createArrayNode();
        endpoints.values().forEach(r -> value.add(endpointJson(scope, r)));
        ObjectNode out = JSON.createObjectNode();
        out.set("value", value);
        return ok(200, out);
    }

    private ResponseDefinition deleteEndpoint(Scope scope, String name) {
        Resource r = endpoints.get(name);
        if (r == null) return new ResponseDefinitionBuilder().withStatus(204).build();
        r.state = "Deleting";
        Operation o = newOperation(r, null);
        o.deletes = true;
        return withOperation(new ResponseDefinitionBuilder().withStatus(202).build(), scope, o, true);
    }

    // ---- deployments ----

    private ResponseDefinition putDeployment(Scope scope, String endpoint, String name, ObjectNode body) {
        if (!endpoints.containsKey(endpoint)) return notFound("online endpoint", endpoint);
        if (body == null || !body.path("properties").path("instanceType").isTextual()) {
            return error(400, "UserError", "properties.instanceType: required (an Azure ML SKU such as Standard_NC4as_T4_v3).");
        }
        String key = endpoint + "/" + name;
        Resource existing = deployments.get(key);
        Resource r = existing != null ? existing : new Resource(name, endpoint);
        r.body = body.deepCopy();
        r.state = existing == null ? "Creating" : "Updating";
        deployments.put(key, r);
        Operation o = newOperation(r, failNextDeploymentWith);
        failNextDeploymentWith = null;
        return withOperation(ok(existing == null ? 201 : 200, deploymentJson(scope, r)), scope, o, false);
    }

    private ResponseDefinition getDeployment(Scope scope, String endpoint, String name) {
        Resource r = deployments.get(endpoint + "/" + name);
        if (r == null) return notFound("online deployment", endpoint + "/" + name);
        observe(r);
        return ok(200, deploymentJson(scope, r));
    }

    // ---- assets (synchronous: environment and model versions) ----

    private ResponseDefinition putAssetVersion(Scope scope, String kind, String name, String version, ObjectNode body) {
        String required = kind.equals("environments") ? "image" : "modelUri";
        if (body == null || !body.path("properties").path(required).isTextual()) {
            return error(400, "UserError", "properties." + required + ": required for " + kind + " versions.");
        }
        ObjectNode out = body.deepCopy();
        out.put("id", scope.workspaceId() + "/" + kind + "/" + name + "/versions/" + version).put("name", version)
                .put("type", "Microsoft.MachineLearningServices/workspaces/" + kind + "/versions");
        out.withObjectProperty("properties").put("provisioningState", "Succeeded");
        boolean created = assets.add(kind + "/" + name + "/" + version);
        return ok(created ? 201 : 200, out);
    }

    // ---- operations ----

    private Operation newOperation(Resource target, String failure) {
        Operation o = new Operation(UUID.randomUUID().toString(), target, failure);
        operations.put(o.id, o);
        target.pending = o;
        return o;
    }

    private ResponseDefinition operationStatus(String id) {
        Operation o = operations.get(id);
        if (o == null) return error(404, "NotFound", "No operation " + id);
        advance(o);
        ObjectNode out = JSON.createObjectNode().put("id", id).put("name", id).put("status", o.status)
                .put("startTime", "2026-01-01T00:00:00Z");
        if (!o.status.equals("InProgress")) out.put("endTime", "2026-01-01T00:05:00Z");
        if (o.status.equals("Failed")) {
            out.set("error", JSON.createObjectNode().put("code", "DeploymentFailed").put("message", o.failure));
        }
        return ok(200, out);
    }

    /** A read of a resource whose operation is pending counts as a status read of that operation. */
    private void observe(Resource r) {
        if (r.pending != null) advance(r.pending);
    }

    private void advance(Operation o) {
        if (!o.status.equals("InProgress")) return;
        if (++o.reads < 2) return;
        o.status = o.failure == null ? "Succeeded" : "Failed";
        Resource r = o.target;
        r.pending = null;
        if (o.deletes) {
            endpoints.remove(r.name);
            deployments.keySet().removeIf(k -> k.startsWith(r.name + "/"));
            return;
        }
        r.state = o.status;
    }

    private ResponseDefinition withOperation(ResponseDefinition response, Scope scope, Operation o, boolean location) {
        String url = scope.base + "/subscriptions/" + scope.subscription + PROVIDER + "/locations/" + LOCATION
                + "/mfeOperationsStatus/" + o.id + "?api-version=" + API_VERSION;
        List<HttpHeader> headers = new ArrayList<>(response.getHeaders() == null ? List.of() : response.getHeaders().all());
        headers.add(new HttpHeader("Azure-AsyncOperation", url));
        headers.add(new HttpHeader("x-ms-async-operation-timeout", "PT1H"));
        if (location) headers.add(new HttpHeader("Location", url.replace("mfeOperationsStatus", "mfeOperationResults")));
        return ResponseDefinitionBuilder.like(response).withHeaders(new HttpHeaders(headers)).build();
    }

    // ---- JSON ----

    private ObjectNode workspace(Scope scope) {
        ObjectNode ws = JSON.createObjectNode().put("id", scope.workspaceId()).put("name", scope.workspace)
                .put("type", "Microsoft.MachineLearningServices/workspaces").put("location", LOCATION);
        ws.putObject("properties").put("provisioningState", "Succeeded").put("friendlyName", scope.workspace);
        return ws;
    }

    private ObjectNode endpointJson(Scope scope, Resource r) {
        ObjectNode out = r.body.deepCopy();
        out.put("id", scope.workspaceId() + "/onlineEndpoints/" + r.name).put("name", r.name)
                .put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints");
        ObjectNode props = out.withObjectProperty("properties");
        if (!props.has("authMode")) props.put("authMode", "Key");
        props.put("provisioningState", r.state);
        props.put("scoringUri", scope.base + "/inference/" + r.name + "/score");
        props.put("swaggerUri", scope.base + "/inference/" + r.name + "/swagger.json");
        if (!props.has("traffic")) props.putObject("traffic");
        out.set("systemData", systemData());
        return out;
    }

    private ObjectNode deploymentJson(Scope scope, Resource r) {
        ObjectNode out = r.body.deepCopy();
        out.put("id", scope.workspaceId() + "/onlineEndpoints/" + r.parent + "/deployments/" + r.name).put("name", r.name)
                .put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments");
        out.withObjectProperty("properties").put("provisioningState", r.state);
        out.set("systemData", systemData());
        return out;
    }

    private static ObjectNode systemData() {
        return JSON.createObjectNode().put("createdAt", "2026-01-01T00:00:00Z").put("createdBy", "emulator")
                .put("createdByType", "User");
    }

    private static ObjectNode body(Request request) {
        try {
            JsonNode n = JSON.readTree(request.getBodyAsString());
            return n instanceof ObjectNode o ? o : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String query(URI uri, String name) {
        if (uri.getRawQuery() == null) return null;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) return pair.substring(eq + 1);
        }
        return null;
    }

    private static ResponseDefinition notFound(String what, String name) {
        return error(404, "ResourceNotFound", "The " + what + " '" + name + "' was not found in the workspace.");
    }

    static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return json(status, body.toString());
    }

    private static ResponseDefinition ok(int status, JsonNode body) {
        return json(status, body.toString());
    }

    private static ResponseDefinition json(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withBody(body)
                .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json; charset=utf-8"),
                        new HttpHeader("x-ms-request-id", UUID.randomUUID().toString()),
                        new HttpHeader("x-ms-correlation-request-id", UUID.randomUUID().toString())))
                .build();
    }

    /** Where a request points: subscription, resource group, workspace, and this server's base URL. */
    private record Scope(String subscription, String resourceGroup, String workspace, String base) {
        String workspaceId() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + PROVIDER + "/workspaces/" + workspace;
        }
    }

    private static final class Resource {
        final String name;
        final String parent;
        ObjectNode body;
        String state;
        Operation pending;

        Resource(String name, String parent) {
            this.name = name;
            this.parent = parent;
        }
    }

    private static final class Operation {
        final String id;
        final Resource target;
        final String failure;
        boolean deletes;
        String status = "InProgress";
        int reads;

        Operation(String id, Resource target, String failure) {
            this.id = id;
            this.target = target;
            this.failure = failure;
        }
    }
}

package dev.cloudai.azure.deployment;

import dev.cloudai.azure.http.Json;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure ML resources the adapter writes and reads, as ARM JSON (api-version 2024-04-01): online endpoint and
 * online deployment bodies built from an {@link EndpointSpec}, and online endpoints read back as {@link Endpoint}s.
 *
 * <p>How a spec maps ({@code EndpointSpec} field: Azure ML):
 * <ul>
 *   <li>{@code image}: the deployment's {@code environmentId}. An Azure ML environment reference
 *       ({@code azureml:name:version}, {@code azureml://registries/...}, or an ARM id {@code /subscriptions/...})
 *       is used as is; a container image URI is first registered as environment version
 *       {@code cloudai-<endpoint>/<hash of the image>} (its image must serve Azure ML's inference contract).</li>
 *   <li>{@code modelUri}: the deployment's {@code model}. An asset reference ({@code azureml:...} or an ARM id) is
 *       used as is; any other URI (a blob or datastore path) is first registered as model version
 *       {@code cloudai-<endpoint>/<hash of the URI>}. None: the image holds the model.</li>
 *   <li>{@code instanceType}, {@code instanceCount}: {@code properties.instanceType} (an Azure ML SKU) and
 *       {@code sku.capacity}; the plan's environment (the spec's {@code environment} over what its {@code modelId}
 *       and the SKU's accelerators derive: {@code HF_MODEL_ID}, the tensor-parallel degree):
 *       {@code properties.environmentVariables}.</li>
 *   <li>{@code executionRole}: a user-assigned managed identity (its ARM id) the endpoint runs as; else the
 *       endpoint's system-assigned identity.</li>
 * </ul>
 * The endpoint carries tags with the instance type and count, so a {@code get} or {@code list} can report them
 * without reading each deployment.
 */
final class AzureMlResources {
    /** The one deployment the adapter creates per endpoint; it receives all traffic. */
    static final String DEPLOYMENT = "primary";
    static final String TAG_INSTANCE_TYPE = "cloudai-instance-type";
    static final String TAG_INSTANCE_COUNT = "cloudai-instance-count";

    private AzureMlResources() {
    }

    static Map<String, Object> endpointBody(EndpointSpec spec, String location, String instanceType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", location);
        body.put("kind", "Managed");
        body.put("identity", identity(spec));
        body.put("tags", Map.of(TAG_INSTANCE_TYPE, instanceType, TAG_INSTANCE_COUNT, Integer.toString(spec.instanceCount())));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("authMode", "Key");   // invoke authenticates with the endpoint's key (listKeys)
        props.put("description", "Deployed by the Cloud AI SDK for Java");
        body.put("properties", props);
        return body;
    }

    static Map<String, Object> deploymentBody(EndpointSpec spec, String location, String instanceType, String environmentId,
                                              String modelId, Map<String, String> environmentVariables) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("endpointComputeType", "Managed");
        props.put("instanceType", instanceType);
        props.put("environmentId", environmentId);
        if (modelId != null) props.put("model", modelId);
        if (!environmentVariables.isEmpty()) props.put("environmentVariables", new LinkedHashMap<>(environmentVariables));
        props.put("scaleSettings", Map.of("scaleType", "Default"));
        props.put("appInsightsEnabled", false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", location);
        body.put("kind", "Managed");
        body.put("sku", Map.of("name", "Default", "capacity", spec.instanceCount()));
        body.put("properties", props);
        return body;
    }

    /** The endpoint as read, made writable again with all traffic on {@link #DEPLOYMENT}: read-only fields dropped. */
    static Map<String, Object> withTraffic(Map<String, Object> endpoint) {
        Map<String, Object> body = new LinkedHashMap<>(endpoint);
        for (String readOnly : new String[] {"id", "name", "type", "systemData"}) body.remove(readOnly);
        Map<String, Object> props = new LinkedHashMap<>(Json.object(endpoint, "properties"));
        for (String readOnly : new String[] {"provisioningState", "scoringUri", "swaggerUri"}) props.remove(readOnly);
        props.put("traffic", Map.of(DEPLOYMENT, 100));
        body.put("properties", props);
        return body;
    }

    static boolean routesAllTrafficToPrimary(Map<String, Object> endpoint) {
        return Json.text(endpoint, "properties", "traffic", DEPLOYMENT).map(v -> v.startsWith("100")).orElse(false);
    }

    /** An environment or model reference Azure ML accepts as is. */
    static boolean isAssetReference(String value) {
        return value.startsWith("azureml:") || value.startsWith("/subscriptions/");
    }

    /** A short, stable version for a registered asset: the same image or URI gives the same version on a redeploy. */
    static String versionOf(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "v" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Endpoint endpoint(String providerId, Map<String, Object> json) {
        String name = Json.text(json, "name").orElseThrow(() -> new Json.MalformedJsonException(
                "an Azure ML online endpoint without a name", null));
        return Endpoint.builder(name, name, providerId, status(json))
                .instanceType(Json.text(json, "tags", TAG_INSTANCE_TYPE).orElse(null))
                .instanceCount(Json.text(json, "tags", TAG_INSTANCE_COUNT).map(AzureMlResources::count).orElse(0))
                .url(Json.text(json, "properties", "scoringUri").orElse(null))
                .createdAt(Json.text(json, "systemData", "createdAt").flatMap(AzureMlResources::instant).orElse(null))
                .build();
    }

    /** An endpoint serves once provisioned with traffic on some deployment; provisioned without, it is out of service. */
    static EndpointStatus status(Map<String, Object> json) {
        String state = Json.text(json, "properties", "provisioningState").orElse("");
        return switch (state) {
            case "Creating" -> EndpointStatus.CREATING;
            case "Updating" -> EndpointStatus.UPDATING;
            case "Deleting" -> EndpointStatus.DELETING;
            case "Failed", "Canceled" -> EndpointStatus.FAILED;
            case "Succeeded" -> Json.object(json, "properties", "traffic").values().stream()
                    .anyMatch(v -> v instanceof Number n && n.intValue() > 0)
                    ? EndpointStatus.IN_SERVICE : EndpointStatus.OUT_OF_SERVICE;
            default -> EndpointStatus.UNKNOWN;
        };
    }

    static boolean isTerminal(String provisioningState) {
        return switch (provisioningState) {
            case "Succeeded", "Failed", "Canceled" -> true;
            default -> false;
        };
    }

    private static Map<String, Object> identity(EndpointSpec spec) {
        return spec.executionRole()
                .<Map<String, Object>>map(id -> Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(id, Map.of())))
                .orElse(Map.of("type", "SystemAssigned"));
    }

    private static int count(String s) {
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> instant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.cloudai.gcp.deployment;

import com.google.cloud.aiplatform.v1.DeployedModel;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointStatus;

import java.time.Instant;
import java.util.Optional;

/**
 * Vertex AI endpoints as neutral {@link Endpoint}s. The id is the endpoint's full resource name
 * ({@code projects/{project}/locations/{location}/endpoints/{id}}); the name is its display name. Vertex endpoints
 * have no lifecycle state of their own: one with a deployed model serves ({@code IN_SERVICE}); one without (its
 * deployment still running, or undeployed) is {@code OUT_OF_SERVICE}.
 */
final class EndpointMapping {
    private EndpointMapping() {
    }

    static Endpoint toEndpoint(String providerId, com.google.cloud.aiplatform.v1.Endpoint endpoint) {
        Optional<DeployedModel> model = endpoint.getDeployedModelsList().stream().findFirst();
        String machine = model.filter(DeployedModel::hasDedicatedResources)
                .map(m -> m.getDedicatedResources().getMachineSpec().getMachineType()).filter(t -> !t.isBlank()).orElse(null);
        int replicas = model.filter(DeployedModel::hasDedicatedResources)
                .map(m -> m.getDedicatedResources().getMinReplicaCount()).orElse(0);
        Instant created = endpoint.hasCreateTime()
                ? Instant.ofEpochSecond(endpoint.getCreateTime().getSeconds(), endpoint.getCreateTime().getNanos()) : null;
        String name = endpoint.getDisplayName().isBlank()
                ? endpoint.getName().substring(endpoint.getName().lastIndexOf('/') + 1) : endpoint.getDisplayName();
        return Endpoint.builder(endpoint.getName(), name, providerId,
                        model.isPresent() ? EndpointStatus.IN_SERVICE : EndpointStatus.OUT_OF_SERVICE)
                .instanceType(machine).instanceCount(replicas).createdAt(created).build();
    }
}

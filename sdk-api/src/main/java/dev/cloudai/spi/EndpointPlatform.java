package dev.cloudai.spi;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.DeploymentPlanner;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One cloud's managed endpoints, as an adapter implements them: it deploys a plan the core made, and looks up,
 * invokes and deletes endpoints. Planning is not the adapter's: the core plans with {@link DeploymentPlanner} from
 * the catalog and this platform's {@link #facts()} (for {@code Endpoints.plan}, outside the call pipeline), and
 * {@code Endpoints.deploy} hands the same plan to {@link #deploy} in one pipeline call. Users reach all of it
 * through {@code CloudAi.endpoints()}.
 *
 * <p>Raw, as everything a {@link Provider} returns: one cloud request per call (deploy polls until done), the cloud
 * SDK's own exceptions, no retries; the pipeline maps and retries.
 *
 * <pre>{@code
 * public EndpointPlatform endpointPlatform() {
 *     return new SageMakerEndpoints(ID, clients.sageMaker(), ...);   // facts(): aws, sagemaker, the configured region
 * }
 * }</pre>
 */
public interface EndpointPlatform {

    /**
     * Where this platform deploys: provider, cloud, platform, region, and what it refuses beyond the catalog. Asked
     * for every plan (outside the call pipeline) and every deploy (inside its call), so it answers from configuration
     * or from what it read before; a platform that must read the cloud once to know its region (an Azure ML
     * workspace's location) caches the answer. A failure is mapped by {@link Provider#errorMapper()}, not retried.
     */
    PlatformFacts facts();

    /**
     * Deploys {@code spec} as {@code plan} says (the instance type and count, the container's environment) and waits
     * until the endpoint serves, within the spec's timeout. {@code plan} is
     * {@code DeploymentPlanner.plan(catalog, spec, facts())}; the spec carries the rest (image, model URI, execution
     * role, name, timeout). Deploying a name that exists resumes waiting for it instead of creating a second endpoint.
     * Not retried as a whole by the pipeline.
     */
    Endpoint deploy(EndpointSpec spec, DeploymentPlan plan);

    /** The endpoint with this id, or empty when there is none. */
    Optional<Endpoint> get(String endpointId);

    /** The endpoints this adapter can see in the configured account, project or workspace. */
    List<Endpoint> list();

    /** Deletes the endpoint and what was created for it; deleting one that is gone already succeeds. */
    void delete(String endpointId);

    /** Sends a request to the endpoint and waits for its answer. */
    InvokeResponse invoke(String endpointId, InvokeRequest request);

    /** Sends a request to the endpoint without blocking a thread while waiting. */
    CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request);

    /**
     * The endpoint's answer in the parts its container streams. A cold publisher: each subscription sends one request.
     *
     * @throws UnsupportedOperationException when this platform's endpoints cannot stream (the default)
     */
    default Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(request, "request");
        throw new UnsupportedOperationException("invokeStream: this provider's endpoints do not stream responses;"
                + " use invoke or invokeAsync");
    }
}

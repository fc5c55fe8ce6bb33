package dev.cloudai.deployment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Managed real-time endpoints on one provider: plan, deploy, look up, invoke, delete. Thread-safe; owned by the
 * {@code CloudAi} that made it. Failures are {@link dev.cloudai.errors.CloudAiException}s.
 *
 * <pre>{@code
 * Endpoints endpoints = ai.endpoints();
 * DeploymentPlan plan = endpoints.plan(spec);          // no cloud call that changes anything
 * Endpoint ep = endpoints.deploy(spec);                 // returns when in service, or throws
 * InvokeResponse out = endpoints.invoke(ep.id(), InvokeRequest.json("{\"inputs\":\"hi\"}"));
 * endpoints.delete(ep.id());
 * }</pre>
 */
public interface Endpoints {

    /** What {@link #deploy} would do: the instance, its price and why. Changes nothing. */
    DeploymentPlan plan(EndpointSpec spec);

    /**
     * Deploys the spec and waits until the endpoint serves, within the spec's timeout, and returns it
     * ({@link EndpointStatus#IN_SERVICE}). Deploying a name that exists already resumes waiting for it instead of
     * creating a second endpoint.
     *
     * @throws dev.cloudai.errors.DeploymentFailedException when the cloud could not bring the endpoint into service;
     *         it carries the cloud's reason and the endpoint's id, since the failed endpoint stays to be inspected
     *         and deleted ({@link #delete(String)}) before deploying again
     * @throws dev.cloudai.errors.DeadlineExceededException when the timeout passes first; deploying again resumes
     */
    Endpoint deploy(EndpointSpec spec);

    /** The endpoint with this id, or empty when there is none. */
    Optional<Endpoint> get(String endpointId);

    /** The endpoints this SDK can see in the configured account, project or workspace. */
    List<Endpoint> list();

    /** Deletes the endpoint and what was created for it; deleting one that is gone already succeeds. */
    void delete(String endpointId);

    /** Sends a request to the endpoint and waits for its answer. */
    InvokeResponse invoke(String endpointId, InvokeRequest request);

    /** Sends a request to the endpoint without blocking a thread while waiting. */
    CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request);

    /**
     * Sends a request to an endpoint whose container streams its answer, and publishes the answer's parts as they
     * arrive (for example the tokens of a TGI or vLLM server). Each subscription sends one request; a failure before
     * the first part may be retried, after it the failure is delivered once.
     *
     * @throws UnsupportedOperationException when the provider's endpoints cannot stream
     */
    default Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(request, "request");
        throw new UnsupportedOperationException("invokeStream: this provider's endpoints do not stream responses;"
                + " use invoke or invokeAsync");
    }
}

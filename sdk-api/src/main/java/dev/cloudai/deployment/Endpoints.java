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
    /**
     * The endpoint's model as a chat model: requests written in the server's {@code protocol}
     * ({@link ServingProtocol#OPENAI_CHAT} or {@link ServingProtocol#TGI}) and sent through the cloud's endpoint
     * invoke, with the same call pipeline as a managed model (retries, deadlines, circuit breakers, listeners) and
     * streaming. Nothing is sent until the first call; an endpoint that does not exist then fails with a
     * {@code NotFoundException} naming it.
     *
     * <pre>{@code
     * ChatModel mine = ai.endpoints().chatModel(endpoint.id(), ServingProtocol.OPENAI_CHAT);
     * String answer = mine.chat(ChatRequest.ofUser("Hello")).text();
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code protocol} cannot chat
     * @throws UnsupportedOperationException on the raw endpoints of a provider; use {@code CloudAi.endpoints()}
     */
    default dev.cloudai.invocation.ChatModel chatModel(String endpointId, ServingProtocol protocol) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(protocol, "protocol");
        throw new UnsupportedOperationException("chatModel: a provider's raw endpoints have no call pipeline;"
                + " use CloudAi.endpoints().chatModel(...)");
    }

    /**
     * The endpoint's model as an embedding model, in the server's {@code protocol}
     * ({@link ServingProtocol#OPENAI_EMBEDDINGS} or {@link ServingProtocol#TEI}); see
     * {@link #chatModel(String, ServingProtocol)}.
     *
     * @throws IllegalArgumentException when {@code protocol} cannot embed
     * @throws UnsupportedOperationException on the raw endpoints of a provider; use {@code CloudAi.endpoints()}
     */
    default dev.cloudai.invocation.EmbeddingModel embeddingModel(String endpointId, ServingProtocol protocol) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(protocol, "protocol");
        throw new UnsupportedOperationException("embeddingModel: a provider's raw endpoints have no call pipeline;"
                + " use CloudAi.endpoints().embeddingModel(...)");
    }
}

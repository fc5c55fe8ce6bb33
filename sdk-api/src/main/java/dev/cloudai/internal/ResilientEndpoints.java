package dev.cloudai.internal;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.ResilientChatModel;
import dev.cloudai.internal.pipeline.ResilientEmbeddingModel;
import dev.cloudai.internal.serving.EndpointChatModel;
import dev.cloudai.internal.serving.EndpointEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A provider's raw endpoints behind the call pipeline. Reads, invocations and deletes are retried; {@code deploy}
 * is not retried as a whole, because repeating a create that may have succeeded needs the adapter's own
 * look-up-by-name logic; its errors are still mapped. Not API: may change without notice.
 */
public final class ResilientEndpoints implements Endpoints {
    private final Endpoints raw;
    private final CallPipeline pipeline;

    public ResilientEndpoints(Endpoints raw, CallPipeline pipeline) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public DeploymentPlan plan(EndpointSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return pipeline.call("plan", () -> raw.plan(spec));
    }

    @Override
    public Endpoint deploy(EndpointSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return pipeline.callOnce("deploy", () -> raw.deploy(spec));
    }

    @Override
    public Optional<Endpoint> get(String endpointId) {
        requireId(endpointId);
        return pipeline.call("get", () -> raw.get(endpointId));
    }

    @Override
    public List<Endpoint> list() {
        return pipeline.call("list", raw::list);
    }

    @Override
    public void delete(String endpointId) {
        requireId(endpointId);
        pipeline.call("delete", () -> {
            raw.delete(endpointId);
            return null;
        });
    }

    @Override
    public InvokeResponse invoke(String endpointId, InvokeRequest request) {
        requireId(endpointId);
        Objects.requireNonNull(request, "request");
        return pipeline.call("invoke", () -> raw.invoke(endpointId, request));
    }

    @Override
    public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
        requireId(endpointId);
        Objects.requireNonNull(request, "request");
        return pipeline.callAsync("invoke", () -> raw.invokeAsync(endpointId, request));
    }

    @Override
    public Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        requireId(endpointId);
        Objects.requireNonNull(request, "request");
        // Made now, so a provider that cannot stream fails here; publishers are cold and send one request per
        // subscription, so the same one serves every attempt.
        Flow.Publisher<byte[]> upstream;
        try {
            upstream = Objects.requireNonNull(raw.invokeStream(endpointId, request), "invokeStream");
        } catch (RuntimeException e) {
            throw pipeline.map("invoke-stream", e);   // a cloud SDK's exception leaves mapped, as from every other call
        }
        return pipeline.stream("invoke-stream", () -> upstream);
    }

    @Override
    public ChatModel chatModel(String endpointId, ServingProtocol protocol) {
        return new ResilientChatModel(new EndpointChatModel(raw, pipeline.providerId(), endpointId, protocol),
                "endpoint:" + endpointId, pipeline);
    }

    @Override
    public EmbeddingModel embeddingModel(String endpointId, ServingProtocol protocol) {
        return new ResilientEmbeddingModel(new EndpointEmbeddingModel(raw, pipeline.providerId(), endpointId, protocol),
                "endpoint:" + endpointId, pipeline);
    }

    private static void requireId(String endpointId) {
        if (endpointId == null || endpointId.isBlank()) {
            throw new IllegalArgumentException("endpointId: must not be blank; use the id() of an Endpoint from deploy, get or list");
        }
    }
}

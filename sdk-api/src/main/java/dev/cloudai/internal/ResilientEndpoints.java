package dev.cloudai.internal;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.ResilientChatModel;
import dev.cloudai.internal.pipeline.ResilientEmbeddingModel;
import dev.cloudai.internal.serving.EndpointChatModel;
import dev.cloudai.internal.serving.EndpointEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.DeploymentPlanner;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.spi.EndpointPlatform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The public {@link Endpoints} of one provider: plans here, deploys and the rest through the adapter's
 * {@link EndpointPlatform} behind the call pipeline. {@code plan} is the pure {@link DeploymentPlanner} over the
 * catalog and the platform's facts, outside the pipeline: no retry, circuit breaker or listener event, so it answers
 * while the cloud is down. {@code deploy} is one pipeline call, not retried as a whole (repeating a create that may
 * have succeeded needs the adapter's own look-up-by-name logic) and without a circuit breaker: it makes the same
 * plan, then hands it to the adapter; its errors are mapped, and closing the client ends it, the plan's first read
 * of where the platform is (an Azure ML workspace's location) included. Reads, invocations and deletes are retried.
 * Not API: may change without notice.
 */
public final class ResilientEndpoints implements Endpoints {
    private final EndpointPlatform raw;
    private final CallPipeline pipeline;
    private final Supplier<AcceleratorCatalog> catalog;

    /** @param catalog read on the first plan, so a {@code CloudAi} that never plans never loads it */
    public ResilientEndpoints(EndpointPlatform raw, CallPipeline pipeline, Supplier<AcceleratorCatalog> catalog) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public DeploymentPlan plan(EndpointSpec spec) {
        Objects.requireNonNull(spec, "spec");
        try {
            return planned(spec);
        } catch (RuntimeException e) {
            // mapped as when planning was a pipeline call: a caller's mistake unchanged, the cloud's (a first read of
            // where an Azure ML workspace is) or an unreadable catalog file through the error mapper
            throw pipeline.map("plan", e);
        }
    }

    @Override
    public Endpoint deploy(EndpointSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // planned inside the call, so that closing the client ends a first read of the facts too; a spec the platform
        // cannot host fails there, before the adapter is asked
        return pipeline.callOnce("deploy", () -> raw.deploy(spec, planned(spec)));
    }

    /** What {@link #plan} answers, unmapped. */
    private DeploymentPlan planned(EndpointSpec spec) {
        PlatformFacts facts = Objects.requireNonNull(raw.facts(), "facts");
        return DeploymentPlanner.plan(catalog.get(), spec, facts);
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

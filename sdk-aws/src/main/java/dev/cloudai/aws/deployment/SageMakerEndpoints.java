package dev.cloudai.aws.deployment;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Polling;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.RequestLimit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ResponseStream;
import software.amazon.awssdk.core.async.SdkPublisher;
import dev.cloudai.aws.streaming.EventStreamPublisher;
import dev.cloudai.aws.AwsKeys;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Supplier;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SageMaker real-time endpoints: the core plans for SageMaker in the configured region ({@link #facts()}); this
 * deploys the plan with CreateModel (the container's environment is the plan's: the spec's own plus the model id and
 * tensor parallelism derived for the instance chosen), CreateEndpointConfig and CreateEndpoint, then waits with
 * {@link Polling} over DescribeEndpoint; invoke through
 * SageMaker Runtime's InvokeEndpoint. An endpoint's id is its name. The model and the endpoint config are named
 * after the endpoint, which makes a repeated deploy find what an earlier one created. Raw: the SDK's exceptions
 * pass through to the call pipeline. Internal to the adapter; users get it through {@code CloudAi.endpoints()}.
 *
 * <pre>{@code
 * EndpointPlatform sageMaker = new SageMakerEndpoints("aws", () -> sageMaker, () -> runtime, () -> runtimeAsync, mapper, "us-east-1", config, runtimeBase);
 * EndpointSpec spec = EndpointSpec.builder("llama").image(image).modelUri("s3://b/model.tar.gz")
 *         .instanceType("ml.g5.xlarge").executionRole("arn:aws:iam::123456789012:role/SageMakerRole").build();
 * Endpoint ep = sageMaker.deploy(spec, DeploymentPlanner.plan(catalog, spec, sageMaker.facts()));
 * }</pre>
 *
 * <p>API reference: https://docs.aws.amazon.com/sagemaker/latest/APIReference/ (CreateModel, CreateEndpointConfig,
 * CreateEndpoint, DescribeEndpoint, DescribeEndpointConfig, ListEndpoints, DeleteEndpoint, DeleteEndpointConfig,
 * DeleteModel) and API_runtime_InvokeEndpoint.html.
 */
public final class SageMakerEndpoints implements EndpointPlatform {
    private static final String CLOUD = "aws";
    private static final String PLATFORM = "sagemaker";
    /**
     * SageMaker Runtime's limit on the body of InvokeEndpoint and InvokeEndpointWithResponseStream: 6 MB, the
     * {@code BodyBlob} maximum of 6,291,456 bytes in the API reference. Serverless endpoints take 4 MB; which kind an
     * endpoint is is not known here, so those get SageMaker's own answer.
     */
    static final RequestLimit INVOKE_BODY = RequestLimit.bytes("a SageMaker InvokeEndpoint body", 6_291_456,
            "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html");

    /** The one production variant of an endpoint this adapter creates; SageMaker's own default name. */
    static final String VARIANT = "AllTraffic";

    private final String provider;
    private final Supplier<SageMakerClient> sageMaker;
    private final Supplier<SageMakerRuntimeClient> runtime;
    private final Supplier<SageMakerRuntimeAsyncClient> runtimeAsync;
    private final ErrorMapper mapper;
    private final String region;
    private final ProviderConfig config;
    private final URI runtimeBase;

    /**
     * @param sageMaker    the control-plane client, got (and built) on the first deployment call
     * @param runtime      the blocking runtime client, got on the first {@code invoke}
     * @param runtimeAsync the async runtime client, got on the first {@code invokeAsync} or {@code invokeStream}
     * @param runtimeBase  the SageMaker Runtime URL endpoints are invoked at, for {@link Endpoint#url()}
     */
    public SageMakerEndpoints(String provider, Supplier<SageMakerClient> sageMaker, Supplier<SageMakerRuntimeClient> runtime,
                              Supplier<SageMakerRuntimeAsyncClient> runtimeAsync, ErrorMapper mapper, String region,
                              ProviderConfig config, URI runtimeBase) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.sageMaker = Objects.requireNonNull(sageMaker, "sageMaker");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.runtimeAsync = Objects.requireNonNull(runtimeAsync, "runtimeAsync");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.region = Objects.requireNonNull(region, "region");
        this.config = Objects.requireNonNull(config, "config");
        this.runtimeBase = Objects.requireNonNull(runtimeBase, "runtimeBase");
    }

    /** SageMaker in the configured region; it hosts whatever the catalog lists for it. */
    @Override
    public PlatformFacts facts() {
        return PlatformFacts.of(provider, CLOUD, PLATFORM, region);
    }

    /**
     * Creates the model, the endpoint config and the endpoint, then polls DescribeEndpoint until it is in service.
     * When an endpoint of that name exists, waits for it instead, provided it runs the planned instance type and count.
     * An endpoint that ends (or is found) {@code Failed} or {@code OutOfService} is a {@link DeploymentFailedException}
     * with SageMaker's {@code FailureReason}; the endpoint is left for the caller to inspect and delete.
     */
    @Override
    public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(plan, "plan");
        String role = spec.executionRole().or(() -> config.get(AwsKeys.EXECUTION_ROLE)).orElseThrow(() ->
                new IllegalArgumentException("executionRole: SageMaker runs an endpoint as an IAM role, and none is given;"
                        + " set EndpointSpec.builder(...).executionRole(\"arn:aws:iam::<account>:role/<role>\") or configure "
                        + AwsKeys.EXECUTION_ROLE));
        String name = spec.name();

        Optional<DescribeEndpointResponse> existing = describe(name);
        if (existing.isPresent()) {
            checkResumable(existing.get(), plan);
        } else {
            create(spec, plan, name, role);
        }
        DescribeEndpointResponse last = Polling.until(provider, "deploy", spec.timeout(), config.pollInterval(), mapper,
                () -> sageMaker.get().describeEndpoint(r -> r.endpointName(name)),
                d -> status(d) != EndpointStatus.CREATING && status(d) != EndpointStatus.UPDATING,
                d -> "endpoint " + name + " is " + d.endpointStatusAsString());
        if (status(last) != EndpointStatus.IN_SERVICE) throw notServing(last);
        return endpoint(last, plan.instanceType());
    }

    private void create(EndpointSpec spec, DeploymentPlan plan, String name, String role) {
        ContainerDefinition.Builder container = ContainerDefinition.builder().image(spec.image());
        spec.modelUri().ifPresent(container::modelDataUrl);
        // the plan's: the spec's own variables plus what serving derives (HF_MODEL_ID, the tensor-parallel degree for
        // the accelerators of the instance chosen), the spec's winning
        if (!plan.environment().isEmpty()) container.environment(plan.environment());
        // A model or config left by an earlier deploy that failed half-way is reused: same name, same purpose.
        unlessExists(() -> sageMaker.get().createModel(r -> r.modelName(name).executionRoleArn(role).primaryContainer(container.build())));
        unlessExists(() -> sageMaker.get().createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(
                ProductionVariant.builder().variantName(VARIANT).modelName(name).instanceType(plan.instanceType())
                        .initialInstanceCount(plan.instanceCount()).initialVariantWeight(1.0f).build())));
        // created meanwhile by another deploy of the same name: wait for that one
        unlessExists(() -> sageMaker.get().createEndpoint(r -> r.endpointName(name).endpointConfigName(name)));
    }

    /** An existing endpoint is waited for only when it runs what the plan asks for, and is not failed or going away. */
    private void checkResumable(DescribeEndpointResponse existing, DeploymentPlan plan) {
        String name = existing.endpointName();
        EndpointStatus status = status(existing);
        if (status == EndpointStatus.FAILED || status == EndpointStatus.OUT_OF_SERVICE) throw notServing(existing);
        if (status == EndpointStatus.DELETING) {
            throw new ConflictException(info(null), "endpoint " + name + " exists and is being deleted; deploy again once"
                    + " it is gone, or choose another name", null);
        }
        Optional<DescribeEndpointConfigResponse> cfg = ignoreNotFound(() ->
                sageMaker.get().describeEndpointConfig(r -> r.endpointConfigName(existing.endpointConfigName())));
        Optional<ProductionVariant> variant = cfg.flatMap(c -> c.productionVariants().stream().findFirst());
        if (variant.isEmpty()) return;
        String type = variant.get().instanceTypeAsString();
        Integer count = variant.get().initialInstanceCount();
        if ((type != null && !type.equals(plan.instanceType())) || (count != null && count != plan.instanceCount())) {
            throw new ConflictException(info(null), "endpoint " + name + " exists on " + count + " x " + type
                    + ", but the spec asks for " + plan.instanceCount() + " x " + plan.instanceType() + "; delete it first"
                    + " (endpoints().delete(\"" + name + "\")) or deploy under another name", null);
        }
    }

    @Override
    public Optional<Endpoint> get(String endpointId) {
        return describe(endpointId).map(d -> endpoint(d, null));
    }

    /** Every endpoint of the account in the region, all pages; the summaries carry no instance type or count. */
    @Override
    public List<Endpoint> list() {
        return sageMaker.get().listEndpointsPaginator(r -> { }).endpoints().stream().map(this::endpoint).toList();
    }

    /** Deletes the endpoint, then its endpoint config and the models in it; whatever is gone already is skipped. */
    @Override
    public void delete(String endpointId) {
        Optional<DescribeEndpointResponse> endpoint = describe(endpointId);
        String configName = endpoint.map(DescribeEndpointResponse::endpointConfigName).orElse(endpointId);
        List<String> models = ignoreNotFound(() -> sageMaker.get().describeEndpointConfig(r -> r.endpointConfigName(configName)))
                .map(c -> c.productionVariants().stream().map(ProductionVariant::modelName).filter(Objects::nonNull).distinct().toList())
                .orElse(List.of(endpointId));
        if (endpoint.isPresent()) ignoreNotFound(() -> sageMaker.get().deleteEndpoint(r -> r.endpointName(endpointId)));
        ignoreNotFound(() -> sageMaker.get().deleteEndpointConfig(r -> r.endpointConfigName(configName)));
        for (String model : models) ignoreNotFound(() -> sageMaker.get().deleteModel(r -> r.modelName(model)));
    }

    @Override
    public InvokeResponse invoke(String endpointId, InvokeRequest request) {
        return response(runtime.get().invokeEndpoint(invokeRequest(endpointId, request)));
    }

    @Override
    public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
        return runtimeAsync.get().invokeEndpoint(invokeRequest(endpointId, request)).thenApply(this::response);
    }

    /**
     * InvokeEndpointWithResponseStream: each {@code PayloadPart} event's bytes as one item, unchanged, for containers
     * that stream (TGI, vLLM, LMI). A part is whatever the container flushed, so it may end inside a server-sent event
     * or a UTF-8 character; a serving protocol's stream decoder reassembles them. The request's accept travels as
     * {@code X-Amzn-SageMaker-Accept} (for an OpenAI chat stream, {@code text/event-stream}), since the HTTP
     * {@code Accept} of the call is the event stream itself.
     * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointWithResponseStream.html
     */
    @Override
    public Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] body = request.body();
        InvokeEndpointWithResponseStreamRequest streamRequest = InvokeEndpointWithResponseStreamRequest.builder()
                .endpointName(endpointId).contentType(request.contentType()).accept(request.accept().orElse(null))
                .body(SdkBytes.fromByteArrayUnsafe(body)).build();
        return new EventStreamPublisher<ResponseStream, byte[]>() {
            @Override
            protected CompletableFuture<Void> call(Consumer<SdkPublisher<? extends ResponseStream>> events,
                                                   Consumer<Throwable> errors) {
                // here, not when the publisher is made: a subscriber learns of the refusal as of any other failure
                INVOKE_BODY.check(provider, "invoke-stream", body.length);
                return runtimeAsync.get().invokeEndpointWithResponseStream(streamRequest, InvokeEndpointWithResponseStreamResponseHandler
                        .builder().onEventStream(events::accept).onError(errors::accept).build());
            }

            @Override
            protected Translator<ResponseStream, byte[]> translator() {
                return new Translator<>() {
                    @Override
                    public byte[] onEvent(ResponseStream event) {
                        return event instanceof PayloadPart part && part.bytes() != null ? part.bytes().asByteArray() : null;
                    }

                    @Override
                    public byte[] onEnd() {
                        return null;   // the parts are the whole answer; nothing follows them
                    }
                };
            }
        };
    }

    private InvokeEndpointRequest invokeRequest(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] body = request.body();   // a copy, made once
        INVOKE_BODY.check(provider, "invoke", body.length);
        return InvokeEndpointRequest.builder().endpointName(endpointId).contentType(request.contentType())
                .accept(request.accept().orElse(null)).body(SdkBytes.fromByteArrayUnsafe(body)).build();
    }

    private InvokeResponse response(InvokeEndpointResponse r) {
        return new InvokeResponse(r.body().asByteArray(), r.contentType(), provider, r.responseMetadata().requestId());
    }

    // ---- helpers ----

    private Optional<DescribeEndpointResponse> describe(String name) {
        return ignoreNotFound(() -> sageMaker.get().describeEndpoint(r -> r.endpointName(name)));
    }

    /**
     * Runs {@code call}; empty when AWS says what it asked about does not exist. The error mapper decides what
     * "does not exist" looks like (SageMaker answers a 400 ValidationException "Could not find ..."), so the rule
     * lives in one place.
     */
    private <T> Optional<T> ignoreNotFound(java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (AwsServiceException e) {
            if (mapper.map("deploy", e) instanceof NotFoundException) return Optional.empty();
            throw e;
        }
    }

    /** Runs a create; "already existing" (a 400 ValidationException the mapper calls a conflict) is success. */
    private void unlessExists(Runnable create) {
        try {
            create.run();
        } catch (AwsServiceException e) {
            if (!(mapper.map("deploy", e) instanceof ConflictException)) throw e;
        }
    }

    /** A deployment that ended, or an endpoint found, in a state that does not serve: SageMaker's status and reason. */
    private CloudAiException notServing(DescribeEndpointResponse d) {
        String reason = "SageMaker reports the endpoint " + d.endpointStatusAsString()
                + (d.failureReason() == null ? " and gives no reason" : ": " + d.failureReason());
        return new DeploymentFailedException(info(d.endpointStatusAsString()), d.endpointName(), reason, null);
    }

    private ErrorInfo info(String code) {
        return ErrorInfo.builder(provider, "deploy").providerCode(code).build();
    }

    private Endpoint endpoint(DescribeEndpointResponse d, String instanceType) {
        int count = d.productionVariants().stream().map(ProductionVariantSummary::currentInstanceCount)
                .filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
        return Endpoint.builder(d.endpointName(), d.endpointName(), provider, status(d)).instanceType(instanceType)
                .instanceCount(count).url(url(d.endpointName())).createdAt(d.creationTime()).failureReason(d.failureReason())
                .build();
    }

    private Endpoint endpoint(EndpointSummary s) {
        return Endpoint.builder(s.endpointName(), s.endpointName(), provider, status(s.endpointStatusAsString()))
                .url(url(s.endpointName())).createdAt(s.creationTime()).build();
    }

    private String url(String name) {
        String base = runtimeBase.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/endpoints/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/invocations";
    }

    private static EndpointStatus status(DescribeEndpointResponse d) {
        return status(d.endpointStatusAsString());
    }

    /** SageMaker's EndpointStatus values in neutral terms. */
    static EndpointStatus status(String sageMakerStatus) {
        if (sageMakerStatus == null) return EndpointStatus.UNKNOWN;
        return switch (sageMakerStatus) {
            case "Creating" -> EndpointStatus.CREATING;
            case "Updating", "SystemUpdating", "RollingBack" -> EndpointStatus.UPDATING;
            case "InService" -> EndpointStatus.IN_SERVICE;
            case "Failed", "UpdateRollbackFailed" -> EndpointStatus.FAILED;
            case "Deleting" -> EndpointStatus.DELETING;
            case "OutOfService" -> EndpointStatus.OUT_OF_SERVICE;
            default -> EndpointStatus.UNKNOWN;
        };
    }

    @Override
    public String toString() {
        return "SageMakerEndpoints[" + region + "]";
    }
}

package dev.cloudai.gcp.deployment;

import com.google.api.HttpBody;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.DedicatedResources;
import com.google.cloud.aiplatform.v1.DeleteEndpointRequest;
import com.google.cloud.aiplatform.v1.DeleteModelRequest;
import com.google.cloud.aiplatform.v1.DeployModelOperationMetadata;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.DeployedModel;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EnvVar;
import com.google.cloud.aiplatform.v1.GetEndpointRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelContainerSpec;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.PredictResponse;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import com.google.cloud.aiplatform.v1.RawPredictRequest;
import com.google.cloud.aiplatform.v1.StreamRawPredictRequest;
import com.google.cloud.aiplatform.v1.UndeployModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelResponse;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.gcp.errors.OperationFailedException;
import dev.cloudai.gcp.internal.Futures;
import dev.cloudai.gcp.internal.ServerStreamPublisher;
import dev.cloudai.gcp.internal.VertexLocation;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Polling;
import dev.cloudai.spi.RequestLimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Vertex AI online prediction endpoints. Internal: users get it as {@code CloudAi.endpoints()}.
 *
 * <p>{@code deploy} uploads the model (serving image, artifact URI, environment), creates the endpoint (display name
 * = the spec's name), deploys the model to it on dedicated resources (the planned machine type, its GPU type and
 * count, min = max replicas = the instance count) and polls the long-running operations itself with
 * {@link Polling#until} against the spec's timeout (gax's own polling gives up after 5 minutes). Deploying a name
 * again resumes: an endpoint of that display name is reused, a deployment already running on it is waited for, and
 * one that serves is returned as it is; a model of that display name is reused instead of uploaded again. A
 * deployment whose operation ends with an error is a {@link DeploymentFailedException} naming the endpoint, which
 * stays (without a deployed model) to be deleted or deployed to again.
 *
 * <p>Endpoint ids are full resource names, {@code projects/{project}/locations/{location}/endpoints/{id}}; the
 * numeric id alone is accepted too. {@code invoke} sends a JSON body with an {@code "instances"} array through
 * {@code Predict} and answers the {@code PredictResponse} as JSON ({@code {"predictions":[...],"deployedModelId":...}});
 * any other body goes through {@code RawPredict} unchanged, with its content type, and comes back as the container
 * answered it. {@code invokeStream} sends the body through {@code StreamRawPredict} and publishes the data of each
 * {@code HttpBody} message the container's answer arrives in.
 *
 * <p>Why RawPredict and StreamRawPredict: they hand the body to the container's own HTTP prediction route as it is
 * and return the container's bytes, so a vLLM, TGI or TEI server (a custom container, or a Model Garden one) is
 * spoken to in its own protocol, OpenAI chat-completions JSON and its SSE stream included. Predict would wrap the
 * body in {@code instances} and parse the answer as {@code predictions}, which these servers do not speak. The
 * chat-completions route Vertex offers for some Model Garden models
 * ({@code .../endpoints/{id}/chat/completions}) takes the same body; RawPredict reaches any container, that route
 * only the models Vertex enables it for, and it is REST only. The request's {@code accept} is not sent: an
 * {@code HttpBody} carries one content type, and the container chooses what it answers.
 *
 * <pre>{@code
 * EndpointPlatform vertex = new VertexEndpoints("gcp", location, endpointClient, modelClient, predictionClient,
 *         operationsClient, mapper, Duration.ofSeconds(15));
 * Endpoint ep = vertex.deploy(spec, DeploymentPlanner.plan(catalog, spec, vertex.facts()));
 * }</pre>
 */
public final class VertexEndpoints implements EndpointPlatform {
    /**
     * The payload limit of a shared public endpoint, which the regional API this adapter calls serves: 1.5 MB
     * (dedicated endpoints take 10 MB, but only at their own domain). Checked on the body as given, before it becomes
     * a Predict or RawPredict request.
     */
    static final RequestLimit PAYLOAD = RequestLimit.bytes("a Vertex AI online prediction request", 1_572_864,
            "https://cloud.google.com/sdk/gcloud/reference/ai/endpoints/predict");
    /** How long {@code delete} waits for each of its operations (undeploy, delete endpoint, delete model). */
    static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);

    private final String providerId;
    private final VertexLocation location;
    private final Supplier<EndpointServiceClient> endpoints;
    private final Supplier<ModelServiceClient> models;
    private final Supplier<PredictionServiceClient> prediction;
    private final Supplier<OperationsClient> operations;
    private final ErrorMapper mapper;
    private final Duration pollInterval;

    public VertexEndpoints(String providerId, VertexLocation location, Supplier<EndpointServiceClient> endpoints,
                           Supplier<ModelServiceClient> models, Supplier<PredictionServiceClient> prediction,
                           Supplier<OperationsClient> operations, ErrorMapper mapper, Duration pollInterval) {
        this.providerId = providerId;
        this.location = location;
        this.endpoints = endpoints;
        this.models = models;
        this.prediction = prediction;
        this.operations = operations;
        this.mapper = mapper;
        this.pollInterval = pollInterval;
    }

    /**
     * Vertex AI prediction in the configured location; of the catalog's offers it refuses what it cannot attach (an
     * accelerator it has no type for, a fraction of a GPU), so a plan never names a machine deploy would fail on.
     */
    @Override
    public PlatformFacts facts() {
        return PlatformFacts.of(providerId, "gcp", "vertex", location.location()).withOfferCheck(AcceleratorTypes::machineSpec);
    }

    @Override
    public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(plan, "plan");
        long deadline = System.nanoTime() + spec.timeout().toNanos();

        com.google.cloud.aiplatform.v1.Endpoint endpoint = findEndpoint(spec.name()).orElse(null);
        if (endpoint != null) {
            if (endpoint.getDeployedModelsCount() > 0) return EndpointMapping.toEndpoint(providerId, endpoint);
            Optional<Operation> running = runningDeployment(endpoint.getName());
            if (running.isPresent()) return finish(endpoint.getName(), await(running.get(), deadline, spec));
        } else {
            Operation created = await(endpoints.get().createEndpointCallable().call(CreateEndpointRequest.newBuilder()
                    .setParent(location.parent())
                    .setEndpoint(com.google.cloud.aiplatform.v1.Endpoint.newBuilder().setDisplayName(spec.name()))
                    .build()), deadline, spec);
            endpoint = unpack(succeeded(created), com.google.cloud.aiplatform.v1.Endpoint.class);
        }

        String model = findModel(spec.name()).orElse(null);
        if (model == null) model = upload(spec, plan, deadline);

        DeployedModel.Builder deployed = DeployedModel.newBuilder()
                .setModel(model)
                .setDisplayName(spec.name())
                .setDedicatedResources(DedicatedResources.newBuilder()
                        .setMachineSpec(AcceleratorTypes.machineSpec(plan.offer()))
                        .setMinReplicaCount(spec.instanceCount())
                        .setMaxReplicaCount(spec.instanceCount()));
        spec.executionRole().ifPresent(deployed::setServiceAccount);
        Operation deployment = endpoints.get().deployModelCallable().call(DeployModelRequest.newBuilder()
                .setEndpoint(endpoint.getName())
                .setDeployedModel(deployed)
                .putTrafficSplit("0", 100)          // "0" is the model this request deploys
                .build());
        return finish(endpoint.getName(), await(deployment, deadline, spec));
    }

    /**
     * The endpoint once its deployment is done, as Vertex reports it; a deployment that ended with an error is a
     * {@link DeploymentFailedException} with the operation's code and message, the endpoint left in place.
     */
    private Endpoint finish(String endpointName, Operation deployment) {
        if (deployment.hasError()) {
            String code = io.grpc.Status.fromCodeValue(deployment.getError().getCode()).getCode().name();
            throw new DeploymentFailedException(ErrorInfo.builder(providerId, "deploy").providerCode(code).build(), endpointName,
                    "DeployModel operation " + deployment.getName() + " failed: " + deployment.getError().getMessage(), null);
        }
        return EndpointMapping.toEndpoint(providerId, endpoints.get().getEndpoint(
                GetEndpointRequest.newBuilder().setName(endpointName).build()));
    }

    private Optional<com.google.cloud.aiplatform.v1.Endpoint> findEndpoint(String displayName) {
        ListEndpointsRequest request = ListEndpointsRequest.newBuilder().setParent(location.parent())
                .setFilter("display_name=\"" + displayName + "\"").build();
        // the filter narrows the list; the display name is checked here too, since display names need not be unique
        return StreamSupport.stream(endpoints.get().listEndpoints(request).iterateAll().spliterator(), false)
                .filter(e -> e.getDisplayName().equals(displayName)).findFirst();
    }

    private Optional<Operation> runningDeployment(String endpointName) {
        ListOperationsRequest request = ListOperationsRequest.newBuilder().setName(endpointName).build();
        return StreamSupport.stream(operations.get().listOperationsCallable().call(request).getOperationsList().spliterator(), false)
                .filter(op -> !op.getDone() && op.getMetadata().is(DeployModelOperationMetadata.class))
                .findFirst();
    }

    private Optional<String> findModel(String displayName) {
        ListModelsRequest request = ListModelsRequest.newBuilder().setParent(location.parent())
                .setFilter("display_name=\"" + displayName + "\"").build();
        return StreamSupport.stream(models.get().listModels(request).iterateAll().spliterator(), false)
                .filter(m -> m.getDisplayName().equals(displayName)).map(Model::getName).findFirst();
    }

    /**
     * Uploads the model with the plan's environment: the spec's own, plus what the serving settings derive (the model
     * id, the tensor parallelism of the machine chosen), the spec's values winning.
     */
    private String upload(EndpointSpec spec, DeploymentPlan plan, long deadline) {
        ModelContainerSpec.Builder container = ModelContainerSpec.newBuilder().setImageUri(spec.image());
        plan.environment().forEach((k, v) -> container.addEnv(EnvVar.newBuilder().setName(k).setValue(v)));
        Model.Builder model = Model.newBuilder().setDisplayName(spec.name()).setContainerSpec(container);
        spec.modelUri().ifPresent(model::setArtifactUri);
        Operation uploaded = await(models.get().uploadModelCallable().call(UploadModelRequest.newBuilder()
                .setParent(location.parent()).setModel(model).build()), deadline, spec);
        return unpack(succeeded(uploaded), UploadModelResponse.class).getModel();
    }

    /** Polls {@code operation} until done, within what is left of the deploy's timeout. */
    private Operation await(Operation operation, long deadline, EndpointSpec spec) {
        if (operation.getDone()) return operation;
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return Polling.until(providerId, "deploy", left, pollInterval, mapper,
                () -> operations.get().getOperation(operation.getName()), Operation::getDone,
                op -> "operation " + op.getName() + " of endpoint " + spec.name() + " is still running");
    }

    private static Operation succeeded(Operation operation) {
        if (operation.hasError()) throw new OperationFailedException(operation.getName(), operation.getError());
        return operation;
    }

    private static <T extends Message> T unpack(Operation operation, Class<T> type) {
        try {
            return operation.getResponse().unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("operation " + operation.getName() + " answered "
                    + operation.getResponse().getTypeUrl() + ", not a " + type.getSimpleName(), e);
        }
    }

    @Override
    public Optional<Endpoint> get(String endpointId) {
        String name = location.endpoint(endpointId);
        try {
            return Optional.of(EndpointMapping.toEndpoint(providerId,
                    endpoints.get().getEndpoint(GetEndpointRequest.newBuilder().setName(name).build())));
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    @Override
    public List<Endpoint> list() {
        ListEndpointsRequest request = ListEndpointsRequest.newBuilder().setParent(location.parent()).build();
        List<Endpoint> out = new ArrayList<>();
        endpoints.get().listEndpoints(request).iterateAll().forEach(e -> out.add(EndpointMapping.toEndpoint(providerId, e)));
        return out;
    }

    @Override
    public void delete(String endpointId) {
        String name = location.endpoint(endpointId);
        com.google.cloud.aiplatform.v1.Endpoint endpoint;
        try {
            endpoint = endpoints.get().getEndpoint(GetEndpointRequest.newBuilder().setName(name).build());
        } catch (NotFoundException gone) {
            return;
        }
        long deadline = System.nanoTime() + DELETE_TIMEOUT.toNanos();
        Set<String> modelsToDelete = new LinkedHashSet<>();
        // Vertex refuses to delete an endpoint that still has models: undeploy them first
        for (DeployedModel deployed : endpoint.getDeployedModelsList()) {
            modelsToDelete.add(deployed.getModel());
            succeeded(awaitDelete(endpoints.get().undeployModelCallable().call(UndeployModelRequest.newBuilder()
                    .setEndpoint(name).setDeployedModelId(deployed.getId()).build()), deadline, name));
        }
        try {
            succeeded(awaitDelete(endpoints.get().deleteEndpointCallable().call(
                    DeleteEndpointRequest.newBuilder().setName(name).build()), deadline, name));
        } catch (NotFoundException gone) {
            // deleted meanwhile: what we wanted
        }
        for (String model : modelsToDelete) {
            try {
                succeeded(awaitDelete(models.get().deleteModelCallable().call(
                        DeleteModelRequest.newBuilder().setName(model).build()), deadline, name));
            } catch (NotFoundException | FailedPreconditionException keep) {
                // gone already, or still deployed to another endpoint: that endpoint keeps it
            }
        }
    }

    private Operation awaitDelete(Operation operation, long deadline, String endpointName) {
        if (operation.getDone()) return operation;
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return Polling.until(providerId, "delete", left, pollInterval, mapper,
                () -> operations.get().getOperation(operation.getName()), Operation::getDone,
                op -> "operation " + op.getName() + " on " + endpointName + " is still running");
    }

    @Override
    public InvokeResponse invoke(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(request, "request");
        PAYLOAD.check(providerId, "invoke", request.bodyLength());
        String name = location.endpoint(endpointId);
        Optional<PredictRequest> predict = asPredict(name, request);
        if (predict.isPresent()) return fromPredict(prediction.get().predictCallable().call(predict.get()));
        return fromRaw(prediction.get().rawPredictCallable().call(asRaw(name, request)));
    }

    @Override
    public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(request, "request");
        PAYLOAD.check(providerId, "invoke", request.bodyLength());
        String name = location.endpoint(endpointId);
        Optional<PredictRequest> predict = asPredict(name, request);
        if (predict.isPresent()) {
            return Futures.toCompletable(prediction.get().predictCallable().futureCall(predict.get())).thenApply(this::fromPredict);
        }
        return Futures.toCompletable(prediction.get().rawPredictCallable().futureCall(asRaw(name, request))).thenApply(this::fromRaw);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code StreamRawPredict} call per subscription; each {@code HttpBody} message's data is one part, split
     * wherever the container's writes and the network split it (an SSE event may span parts), in order. The stream
     * ends with the call; its gRPC error, raw, is the one {@code onError}.
     */
    @Override
    public Flow.Publisher<byte[]> invokeStream(String endpointId, InvokeRequest request) {
        Objects.requireNonNull(request, "request");
        PAYLOAD.check(providerId, "invoke-stream", request.bodyLength());
        String name = location.endpoint(endpointId);
        StreamRawPredictRequest stream = StreamRawPredictRequest.newBuilder().setEndpoint(name).setHttpBody(HttpBody.newBuilder()
                .setContentType(request.contentType()).setData(ByteString.copyFrom(request.body()))).build();
        return new ServerStreamPublisher<StreamRawPredictRequest, HttpBody, byte[]>(
                () -> prediction.get().streamRawPredictCallable(), stream, () -> (body, parts) -> {
                    if (!body.getData().isEmpty()) parts.accept(body.getData().toByteArray());
                });
    }

    /** A JSON object with an "instances" array is a Predict request; anything else goes through RawPredict. */
    private static Optional<PredictRequest> asPredict(String endpointName, InvokeRequest request) {
        if (!request.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) return Optional.empty();
        Struct.Builder body = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(request.bodyAsString(), body);
        } catch (InvalidProtocolBufferException notAnObject) {
            return Optional.empty();
        }
        Value instances = body.getFieldsOrDefault("instances", null);
        if (instances == null || !instances.hasListValue()) return Optional.empty();
        PredictRequest.Builder predict = PredictRequest.newBuilder().setEndpoint(endpointName)
                .addAllInstances(instances.getListValue().getValuesList());
        Value parameters = body.getFieldsOrDefault("parameters", null);
        if (parameters != null) predict.setParameters(parameters);
        return Optional.of(predict.build());
    }

    private static RawPredictRequest asRaw(String endpointName, InvokeRequest request) {
        return RawPredictRequest.newBuilder().setEndpoint(endpointName).setHttpBody(HttpBody.newBuilder()
                .setContentType(request.contentType()).setData(ByteString.copyFrom(request.body()))).build();
    }

    private InvokeResponse fromPredict(PredictResponse response) {
        try {
            String json = JsonFormat.printer().omittingInsignificantWhitespace().print(response);
            return new InvokeResponse(json.getBytes(StandardCharsets.UTF_8), "application/json", providerId, null);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("could not print the Vertex AI predict answer as JSON", e);
        }
    }

    private InvokeResponse fromRaw(HttpBody body) {
        return new InvokeResponse(body.getData().toByteArray(), body.getContentType(), providerId, null);
    }

    @Override
    public String toString() {
        return "VertexEndpoints[" + location.parent() + "]";
    }
}

package dev.cloudai.testkit.gcp;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.DedicatedResources;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.DeployedModel;
import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GetEndpointRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsResponse;
import com.google.cloud.aiplatform.v1.MachineSpec;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.PredictResponse;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelResponse;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.RetryInfo;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.Canned;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Vertex AI emulator seen by a plain grpc-java client: canned answers, faults, streams, journal, reset. */
class GcpCloudTest {
    private static final GcpCloud CLOUD = new GcpCloud();
    private static ManagedChannel channel;

    private static final MethodDescriptor<GenerateContentRequest, GenerateContentResponse> GENERATE = method(
            GcpCloud.GENERATE_CONTENT, MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<GenerateContentRequest, GenerateContentResponse> STREAM = method(
            GcpCloud.STREAM_GENERATE_CONTENT, MethodDescriptor.MethodType.SERVER_STREAMING);

    private static MethodDescriptor<GenerateContentRequest, GenerateContentResponse> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<GenerateContentRequest, GenerateContentResponse>newBuilder().setType(type).setFullMethodName(name)
                .setRequestMarshaller(ProtoUtils.marshaller(GenerateContentRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(GenerateContentResponse.getDefaultInstance())).build();
    }

    private static final String PARENT = "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION;
    private static final GenerateContentRequest REQUEST = GenerateContentRequest.newBuilder()
            .setModel(PARENT + "/publishers/google/models/" + SampleModels.chat("gcp")).build();

    @BeforeAll
    static void start() {
        CLOUD.start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", CLOUD.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        CLOUD.close();
    }

    @BeforeEach
    void reset() {
        CLOUD.reset();
    }

    private static GenerateContentResponse generate() {
        return ClientCalls.blockingUnaryCall(channel, GENERATE, io.grpc.CallOptions.DEFAULT, REQUEST);
    }

    /** One unary call of {@code method} with {@code request}, answered as a message of {@code answerType}'s type. */
    @SuppressWarnings("unchecked")
    private static <Q extends Message, A extends Message> A call(String method, Q request, A answerType) {
        MethodDescriptor<Q, A> descriptor = MethodDescriptor.<Q, A>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method)
                .setRequestMarshaller(ProtoUtils.marshaller((Q) request.getDefaultInstanceForType()))
                .setResponseMarshaller(ProtoUtils.marshaller(answerType)).build();
        return ClientCalls.blockingUnaryCall(channel, descriptor, io.grpc.CallOptions.DEFAULT, request);
    }

    private static List<GenerateContentResponse> stream() {
        List<GenerateContentResponse> out = new ArrayList<>();
        Iterator<GenerateContentResponse> it = ClientCalls.blockingServerStreamingCall(channel, STREAM, io.grpc.CallOptions.DEFAULT, REQUEST);
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void propertiesPointAtThePlaintextFrontServer() {
        assertEquals(Map.of("cloudai.gcp.endpoint", "http://127.0.0.1:" + CLOUD.port(), "cloudai.gcp.project", GcpCloud.PROJECT,
                "cloudai.gcp.location", GcpCloud.LOCATION,
                "cloudai.gcp.storage-endpoint", "http://127.0.0.1:" + CLOUD.server().port(),
                "cloudai.gcp.batch-bucket", "gs://" + GcpCloud.BATCH_BUCKET + "/batches"), CLOUD.properties());
        assertEquals("gcp", CLOUD.id());
    }

    @Test
    void generateContentAnswersTheCannedTextThroughWireMockAndIsJournaled() {
        GenerateContentResponse r = generate();
        assertEquals(Canned.CHAT_TEXT, r.getCandidates(0).getContent().getParts(0).getText());
        assertEquals(Canned.INPUT_TOKENS, r.getUsageMetadata().getPromptTokenCount());
        assertEquals(1, CLOUD.requestCount());
        assertEquals(REQUEST, CLOUD.calls(GcpCloud.GENERATE_CONTENT).get(0).request(GenerateContentRequest.getDefaultInstance()));
        assertEquals(1, CLOUD.server().getAllServeEvents().size(), "WireMock answered it");
    }

    @Test
    void aStreamSendsOneMessagePerDeltaAndCanBeCut() {
        List<String> texts = stream().stream().map(c -> c.getCandidates(0).getContent().getParts(0).getText()).toList();
        assertEquals(Canned.STREAM_DELTAS, texts);

        CLOUD.cutStreams(1, 1);
        List<GenerateContentResponse> got = new ArrayList<>();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                ClientCalls.blockingServerStreamingCall(channel, STREAM, io.grpc.CallOptions.DEFAULT, REQUEST).forEachRemaining(got::add));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(1, got.size());
        assertEquals(3, stream().size(), "only the next stream was cut");
        assertEquals(3, CLOUD.requestCount());
    }

    @Test
    void faultsBecomeGrpcStatusesForTheNextNCallsNewestFirst() throws Exception {
        CLOUD.inject(Fault.serverError(503), 2);
        CLOUD.inject(Fault.throttle(Duration.ofMillis(20)), 1);
        StatusRuntimeException throttled = assertThrows(StatusRuntimeException.class, GcpCloudTest::generate);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, throttled.getStatus().getCode());
        com.google.rpc.Status details = StatusProto.fromThrowable(throttled);
        assertEquals(20, details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getNanos() / 1_000_000);
        assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusRuntimeException.class, GcpCloudTest::generate).getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusRuntimeException.class, GcpCloudTest::generate).getStatus().getCode());
        generate();
        assertEquals(4, CLOUD.requestCount());
    }

    @Test
    void eachNeutralFaultHasItsVertexStatus() {
        Map<Fault, Status.Code> expected = Map.of(Fault.throttle(), Status.Code.RESOURCE_EXHAUSTED,
                Fault.serverError(500), Status.Code.INTERNAL, Fault.serverError(504), Status.Code.DEADLINE_EXCEEDED,
                Fault.invalidRequest("contents: must not be empty"), Status.Code.INVALID_ARGUMENT,
                Fault.unauthorized(), Status.Code.UNAUTHENTICATED, Fault.notFound(), Status.Code.NOT_FOUND,
                Fault.connectionReset(), Status.Code.UNAVAILABLE,
                // grpc-java cancels a call whose message it cannot parse: "Failed to read message."
                Fault.malformedBody(), Status.Code.CANCELLED);
        expected.forEach((fault, code) -> {
            CLOUD.inject(fault, 1);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, GcpCloudTest::generate, fault::toString);
            assertEquals(code, e.getStatus().getCode(), fault::toString);
        });
        CLOUD.inject(Fault.invalidRequest("contents: must not be empty"), EmulatedCloud.ALWAYS);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, GcpCloudTest::generate);
        assertEquals("contents: must not be empty", e.getStatus().getDescription());
        assertThrows(StatusRuntimeException.class, GcpCloudTest::stream, "faults hit streams too");
    }

    @Test
    void aSlowResponseIsTheNormalAnswerLater() {
        generate();   // warm the channel up, so the timings below measure the emulator
        CLOUD.inject(Fault.slowResponse(Duration.ofMillis(400)), 1);
        long start = System.nanoTime();
        generate();
        assertTrue(System.nanoTime() - start >= 400_000_000L, "the answer came too early");
        long again = System.nanoTime();
        generate();
        assertTrue(System.nanoTime() - again < 400_000_000L, "only one answer was to be slow");
    }

    @Test
    void aPublisherModelItDoesNotServeIsVertexsNotFoundForChatStreamsAndEmbeddings() {
        String unknown = PARENT + "/publishers/google/models/" + Canned.UNKNOWN_MODEL;
        GenerateContentRequest request = GenerateContentRequest.newBuilder().setModel(unknown).build();
        for (Runnable call : List.<Runnable>of(
                () -> ClientCalls.blockingUnaryCall(channel, GENERATE, io.grpc.CallOptions.DEFAULT, request),
                () -> ClientCalls.blockingServerStreamingCall(channel, STREAM, io.grpc.CallOptions.DEFAULT, request).next(),
                () -> call(GcpCloud.PREDICT, PredictRequest.newBuilder().setEndpoint(unknown).build(), PredictResponse.getDefaultInstance()))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertEquals("Publisher Model `" + unknown + "` was not found or your project does not have access to it. Please"
                    + " ensure you are using a valid model version. For more information, see:"
                    + " https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions", e.getStatus().getDescription());
        }
        try (GcpCloud serving = new GcpCloud().serveModels(Canned.UNKNOWN_MODEL)) {   // its own: the model stays served
            serving.start();
            ManagedChannel toServing = ManagedChannelBuilder.forAddress("127.0.0.1", serving.port()).usePlaintext().build();
            try {
                assertEquals(Canned.CHAT_TEXT, ClientCalls.blockingUnaryCall(toServing, GENERATE, io.grpc.CallOptions.DEFAULT, request)
                        .getCandidates(0).getContent().getParts(0).getText());
            } finally {
                toServing.shutdownNow();
            }
        }
    }

    @Test
    void embeddingsAreEachTextsOwnVectorOfTheModelsOrTheRequestedSize() {
        PredictRequest.Builder request = PredictRequest.newBuilder()
                .setEndpoint(PARENT + "/publishers/google/models/" + SampleModels.embedding("gcp"));
        for (String text : List.of("first input", "second input")) {
            request.addInstances(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("content", Value.newBuilder().setStringValue(text).build())));
        }
        PredictResponse answer = call(GcpCloud.PREDICT, request.build(), PredictResponse.getDefaultInstance());
        assertEquals(2, answer.getPredictionsCount());
        for (int i = 0; i < 2; i++) {
            List<Value> values = answer.getPredictions(i).getStructValue().getFieldsOrThrow("embeddings").getStructValue()
                    .getFieldsOrThrow("values").getListValue().getValuesList();
            float[] expected = EmulatedEmbeddings.vector(i == 0 ? "first input" : "second input", 768);
            assertEquals(expected.length, values.size(), "text-embedding-005 answers 768 dimensions");
            for (int j = 0; j < expected.length; j++) assertEquals(expected[j], (float) values.get(j).getNumberValue());
        }
        request.setParameters(Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("outputDimensionality", Value.newBuilder().setNumberValue(16).build())));
        assertEquals(16, call(GcpCloud.PREDICT, request.build(), PredictResponse.getDefaultInstance()).getPredictions(0)
                .getStructValue().getFieldsOrThrow("embeddings").getStructValue().getFieldsOrThrow("values").getListValue()
                .getValuesCount());
    }

    @Test
    void anEndpointKeepsItsDisplayNameAndItsDeployedModelTheMachineSpecItWasDeployedWith() throws Exception {
        Endpoint created = call(GcpCloud.CREATE_ENDPOINT, CreateEndpointRequest.newBuilder().setParent(PARENT)
                .setEndpoint(Endpoint.newBuilder().setDisplayName("my-llm")).build(), Operation.getDefaultInstance())
                .getResponse().unpack(Endpoint.class);
        String model = call(GcpCloud.UPLOAD_MODEL, UploadModelRequest.newBuilder().setParent(PARENT)
                .setModel(Model.newBuilder().setDisplayName("my-llm")).build(), Operation.getDefaultInstance())
                .getResponse().unpack(UploadModelResponse.class).getModel();
        DedicatedResources resources = DedicatedResources.newBuilder()
                .setMachineSpec(MachineSpec.newBuilder().setMachineType("g2-standard-4").setAcceleratorType(AcceleratorType.NVIDIA_L4)
                        .setAcceleratorCount(1))
                .setMinReplicaCount(2).setMaxReplicaCount(3).build();
        Operation deploying = call(GcpCloud.DEPLOY_MODEL, DeployModelRequest.newBuilder().setEndpoint(created.getName())
                .setDeployedModel(DeployedModel.newBuilder().setModel(model).setDisplayName("my-llm").setDedicatedResources(resources))
                .putTrafficSplit("0", 100).build(), Operation.getDefaultInstance());
        GetOperationRequest poll = GetOperationRequest.newBuilder().setName(deploying.getName()).build();
        assertFalse(call(GcpCloud.GET_OPERATION, poll, Operation.getDefaultInstance()).getDone());
        assertTrue(call(GcpCloud.GET_OPERATION, poll, Operation.getDefaultInstance()).getDone());

        Endpoint read = call(GcpCloud.GET_ENDPOINT, GetEndpointRequest.newBuilder().setName(created.getName()).build(),
                Endpoint.getDefaultInstance());
        assertEquals("my-llm", read.getDisplayName());
        assertEquals(resources, read.getDeployedModels(0).getDedicatedResources(), "the machine spec and replicas deployed");
        assertEquals(model, read.getDeployedModels(0).getModel());
        assertEquals(100, read.getTrafficSplitOrThrow(read.getDeployedModels(0).getId()));
        assertEquals(List.of(read), call(GcpCloud.LIST_ENDPOINTS, ListEndpointsRequest.newBuilder().setParent(PARENT)
                .setFilter("display_name=\"my-llm\"").build(), ListEndpointsResponse.getDefaultInstance()).getEndpointsList());
    }

    @Test
    void resetClearsTheJournalFaultsAndCounts() {
        CLOUD.inject(Fault.throttle(), EmulatedCloud.ALWAYS);
        assertThrows(StatusRuntimeException.class, GcpCloudTest::generate);
        CLOUD.reset();
        assertEquals(0, CLOUD.requestCount());
        assertEquals(List.of(), CLOUD.calls());
        generate();
        assertThrows(IllegalArgumentException.class, () -> CLOUD.inject(Fault.throttle(), 0));
        assertThrows(IllegalStateException.class, new GcpCloud()::properties);
    }
}

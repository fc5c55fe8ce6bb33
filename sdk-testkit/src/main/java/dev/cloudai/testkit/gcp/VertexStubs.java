package dev.cloudai.testkit.gcp;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import dev.cloudai.testkit.contract.Canned;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The default answers of the Vertex AI emulator, as WireMock stubs for its gRPC extension (JSON in, JSON out; the
 * extension converts to and from protobuf). Messages follow the Vertex AI v1 API reference
 * (https://cloud.google.com/vertex-ai/docs/reference/rpc/google.cloud.aiplatform.v1): {@code PredictionService}
 * (GenerateContent, Predict, RawPredict), {@code EndpointService}, {@code ModelService} and
 * {@code google.longrunning.Operations}; embeddings follow "Text embeddings API" (instances of {@code content} and
 * {@code task_type}, predictions of {@code embeddings.values} and {@code embeddings.statistics.token_count}).
 *
 * <p>One endpoint lives through the scenario {@value #LIFECYCLE}: absent, {@code created} (CreateEndpoint),
 * {@code deploying} (DeployModel; its first GetOperation says not done), {@code deployed} (the next GetOperation says
 * done; the endpoint now lists its deployed model and answers Predict and RawPredict), {@code undeployed}
 * (UndeployModel), {@code deleted} (DeleteEndpoint). Like Vertex, DeleteEndpoint refuses while a model is deployed.
 */
final class VertexStubs {
    static final String LIFECYCLE = "vertex endpoint";
    static final String PREDICTION = "google.cloud.aiplatform.v1.PredictionService";
    static final String ENDPOINTS = "google.cloud.aiplatform.v1.EndpointService";
    static final String MODELS = "google.cloud.aiplatform.v1.ModelService";
    static final String OPERATIONS = "google.longrunning.Operations";

    static final String ENDPOINT_ID = "1001";
    static final String MODEL_ID = "2002";
    static final String DEPLOY_OPERATION_ID = "3003";
    static final String DEPLOYED_MODEL_ID = "4004";
    static final String MACHINE_TYPE = "g2-standard-8";
    static final String ACCELERATOR_TYPE = "NVIDIA_L4";
    static final int EMBEDDING_TOKENS_PER_INPUT = 3;

    private static final String PARENT = "{{jsonPath request.body '$.parent'}}";
    private static final String NAME = "{{jsonPath request.body '$.name'}}";
    private static final String PARENT_OF_NAME = "{{regexExtract (jsonPath request.body '$.name') 'projects/[^/]+/locations/[^/]+'}}";

    private static final String ABSENT = Scenario.STARTED;
    private static final String CREATED = "created";
    private static final String DEPLOYING = "deploying";
    private static final String DEPLOYED = "deployed";
    private static final String UNDEPLOYED = "undeployed";
    private static final String DELETED = "deleted";

    private VertexStubs() {
    }

    /** The canned stream: one chunk per {@link Canned#STREAM_DELTAS}, the last with STOP and the usage. */
    static List<GenerateContentResponse> cannedStream() {
        List<GenerateContentResponse> chunks = new ArrayList<>();
        for (int i = 0; i < Canned.STREAM_DELTAS.size(); i++) {
            Candidate.Builder candidate = Candidate.newBuilder().setContent(Content.newBuilder().setRole("model")
                    .addParts(Part.newBuilder().setText(Canned.STREAM_DELTAS.get(i))));
            GenerateContentResponse.Builder chunk = GenerateContentResponse.newBuilder().setResponseId("emulator-stream");
            if (i == Canned.STREAM_DELTAS.size() - 1) {
                candidate.setFinishReason(Candidate.FinishReason.STOP);
                chunk.setUsageMetadata(GenerateContentResponse.UsageMetadata.newBuilder()
                        .setPromptTokenCount(Canned.INPUT_TOKENS).setCandidatesTokenCount(Canned.OUTPUT_TOKENS)
                        .setTotalTokenCount(Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS));
            }
            chunks.add(chunk.addCandidates(candidate).build());
        }
        return chunks;
    }

    static void register(WireMockServer server) {
        server.stubFor(call(PREDICTION, "GenerateContent").willReturn(ok("{\"candidates\":[{\"index\":0,"
                + "\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + Canned.CHAT_TEXT + "\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":" + Canned.INPUT_TOKENS + ",\"candidatesTokenCount\":" + Canned.OUTPUT_TOKENS
                + ",\"totalTokenCount\":" + (Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS) + "},\"responseId\":\"emulator-response\"}")));

        // text embeddings: Predict on a publisher model, one prediction per instance, in order
        server.stubFor(call(PREDICTION, "Predict")
                .withRequestBody(matchingJsonPath("$.endpoint", matching(".*/publishers/.*")))
                .willReturn(template("{\"predictions\":[{{#each (jsonPath request.body '$.instances') as |instance|}}"
                        + "{{#unless @first}},{{/unless}}{\"embeddings\":{\"values\":[" + Canned.embeddingVectorTemplate() + "],"
                        + "\"statistics\":{\"token_count\":" + EMBEDDING_TOKENS_PER_INPUT + ",\"truncated\":false}}}{{/each}}]}")));

        registerEndpointLifecycle(server);

        server.stubFor(call(MODELS, "ListModels").willReturn(ok("{}")));
        server.stubFor(call(MODELS, "UploadModel").willReturn(template("{\"name\":\"{{jsonPath request.body '$.parent'}}/models/"
                + MODEL_ID + "/operations/6001\",\"done\":true,\"response\":{\"@type\":"
                + "\"type.googleapis.com/google.cloud.aiplatform.v1.UploadModelResponse\",\"model\":\""
                + "{{jsonPath request.body '$.parent'}}/models/" + MODEL_ID + "\"}}")));
        server.stubFor(call(MODELS, "DeleteModel").willReturn(template("{\"name\":\"{{jsonPath request.body '$.name'}}"
                + "/operations/6002\",\"done\":true}")));
    }

    private static void registerEndpointLifecycle(WireMockServer server) {
        for (String absent : List.of(ABSENT, DELETED)) {
            server.stubFor(in(call(ENDPOINTS, "CreateEndpoint"), absent).willSetStateTo(CREATED)
                    .willReturn(template("{\"name\":\"{{jsonPath request.body '$.parent'}}/endpoints/" + ENDPOINT_ID
                            + "/operations/5001\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.Endpoint\","
                            + "\"name\":\"{{jsonPath request.body '$.parent'}}/endpoints/" + ENDPOINT_ID + "\","
                            + "\"displayName\":\"{{jsonPath request.body '$.endpoint.displayName'}}\"}}")));
            server.stubFor(in(call(ENDPOINTS, "ListEndpoints"), absent).willReturn(ok("{}")));
            server.stubFor(in(call(ENDPOINTS, "GetEndpoint"), absent).willReturn(status("NOT_FOUND",
                    "Endpoint does not exist.")));
            server.stubFor(in(call(ENDPOINTS, "DeleteEndpoint"), absent).willReturn(status("NOT_FOUND",
                    "Endpoint does not exist.")));
        }
        for (String empty : List.of(CREATED, DEPLOYING, UNDEPLOYED)) {
            server.stubFor(in(call(ENDPOINTS, "ListEndpoints"), empty).willReturn(template("{\"endpoints\":["
                    + endpoint(PARENT, PARENT + "/endpoints/" + ENDPOINT_ID, false) + "]}")));
            server.stubFor(in(call(ENDPOINTS, "GetEndpoint"), empty)
                    .willReturn(template(endpoint(PARENT_OF_NAME, NAME, false))));
        }
        server.stubFor(in(call(ENDPOINTS, "ListEndpoints"), DEPLOYED).willReturn(template("{\"endpoints\":["
                + endpoint(PARENT, PARENT + "/endpoints/" + ENDPOINT_ID, true) + "]}")));
        server.stubFor(in(call(ENDPOINTS, "GetEndpoint"), DEPLOYED)
                .willReturn(template(endpoint(PARENT_OF_NAME, NAME, true))));

        for (String empty : List.of(CREATED, UNDEPLOYED)) {
            server.stubFor(in(call(ENDPOINTS, "DeployModel"), empty).willSetStateTo(DEPLOYING)
                    .willReturn(template(deployOperation("{{jsonPath request.body '$.endpoint'}}", false))));
        }
        // the deployment's status reads: not done on the first, done from then on
        server.stubFor(in(call(OPERATIONS, "GetOperation"), DEPLOYING).willSetStateTo(DEPLOYED)
                .willReturn(template("{\"name\":\"{{jsonPath request.body '$.name'}}\",\"done\":false,\"metadata\":"
                        + "{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata\"}}")));
        server.stubFor(in(call(OPERATIONS, "GetOperation"), DEPLOYED)
                .willReturn(template("{\"name\":\"{{jsonPath request.body '$.name'}}\",\"done\":true,\"metadata\":"
                        + "{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata\"},"
                        + "\"response\":{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.DeployModelResponse\","
                        + "\"deployedModel\":{\"id\":\"" + DEPLOYED_MODEL_ID + "\"}}}")));
        // a deploy that resumes finds the deployment in flight among the endpoint's operations
        server.stubFor(call(OPERATIONS, "ListOperations").atPriority(9).willReturn(ok("{}")));
        server.stubFor(in(call(OPERATIONS, "ListOperations"), DEPLOYING).atPriority(5)
                .willReturn(template("{\"operations\":[" + deployOperation("{{jsonPath request.body '$.name'}}", false) + "]}")));

        server.stubFor(in(call(ENDPOINTS, "UndeployModel"), DEPLOYED).willSetStateTo(UNDEPLOYED)
                .willReturn(template("{\"name\":\"{{jsonPath request.body '$.endpoint'}}/operations/7001\",\"done\":true}")));
        for (String busy : List.of(DEPLOYING, DEPLOYED)) {
            server.stubFor(in(call(ENDPOINTS, "DeleteEndpoint"), busy).willReturn(status("FAILED_PRECONDITION",
                    "The Endpoint has DeployedModels; undeploy them before deleting the Endpoint.")));
        }
        for (String empty : List.of(CREATED, UNDEPLOYED)) {
            server.stubFor(in(call(ENDPOINTS, "DeleteEndpoint"), empty).willSetStateTo(DELETED)
                    .willReturn(template("{\"name\":\"{{jsonPath request.body '$.name'}}/operations/7002\",\"done\":true}")));
        }

        // invoking the endpoint: only a deployed model answers
        String invokeBody = Base64.getEncoder().encodeToString(Canned.INVOKE_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8));
        server.stubFor(in(call(PREDICTION, "RawPredict"), DEPLOYED).atPriority(5)
                .willReturn(ok("{\"contentType\":\"application/json\",\"data\":\"" + invokeBody + "\"}")));
        server.stubFor(in(call(PREDICTION, "Predict"), DEPLOYED).atPriority(5)
                .withRequestBody(matchingJsonPath("$.endpoint", matching(".*/endpoints/.*")))
                .willReturn(template("{\"predictions\":[{\"outputs\":\"Hello from the endpoint\"}],\"deployedModelId\":\""
                        + DEPLOYED_MODEL_ID + "\",\"model\":\"projects/p/locations/l/models/" + MODEL_ID + "\"}")));
        for (String method : List.of("RawPredict", "Predict")) {
            server.stubFor(call(PREDICTION, method).atPriority(9)
                    .withRequestBody(matchingJsonPath("$.endpoint", matching(".*/endpoints/.*")))
                    .willReturn(status("NOT_FOUND", "Endpoint does not exist or has no deployed model.")));
        }
    }

    private static String deployOperation(String endpoint, boolean done) {
        return "{\"name\":\"" + endpoint + "/operations/" + DEPLOY_OPERATION_ID + "\",\"done\":" + done + ",\"metadata\":"
                + "{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata\"}}";
    }

    /** An Endpoint message; {@code parent} and {@code name} are template expressions. */
    private static String endpoint(String parent, String name, boolean deployed) {
        String models = !deployed ? "" : ",\"deployedModels\":[{\"id\":\"" + DEPLOYED_MODEL_ID + "\",\"model\":\""
                + parent + "/models/" + MODEL_ID + "\",\"displayName\":\""
                + Canned.ENDPOINT_NAME + "\",\"dedicatedResources\":{\"machineSpec\":{\"machineType\":\"" + MACHINE_TYPE
                + "\",\"acceleratorType\":\"" + ACCELERATOR_TYPE + "\",\"acceleratorCount\":1},\"minReplicaCount\":1,"
                + "\"maxReplicaCount\":1}}],\"trafficSplit\":{\"" + DEPLOYED_MODEL_ID + "\":100}";
        return "{\"name\":\"" + name + "\",\"displayName\":\"" + Canned.ENDPOINT_NAME + "\",\"createTime\":\"2026-01-01T00:00:00Z\""
                + models + "}";
    }

    private static MappingBuilder call(String service, String method) {
        return post(urlPathEqualTo("/" + service + "/" + method));
    }

    private static ScenarioMappingBuilder in(MappingBuilder mapping, String state) {
        return mapping.inScenario(LIFECYCLE).whenScenarioStateIs(state);
    }

    private static ResponseDefinitionBuilder ok(String json) {
        return aResponse().withHeader("grpc-status-name", "OK").withBody(json);
    }

    private static ResponseDefinitionBuilder template(String json) {
        return ok(json).withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder status(String code, String message) {
        return aResponse().withHeader("grpc-status-name", code).withHeader("grpc-status-reason", message);
    }
}

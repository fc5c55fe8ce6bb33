package dev.cloudai.testkit.gcp;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import dev.cloudai.testkit.Canned;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The default answers of the Vertex AI emulator, as WireMock stubs for its gRPC extension (JSON in, JSON out; the
 * extension converts to and from protobuf). Messages follow the Vertex AI v1 API reference
 * (https://cloud.google.com/vertex-ai/docs/reference/rpc/google.cloud.aiplatform.v1): {@code PredictionService}
 * (GenerateContent here; Predict and RawPredict on endpoints), {@code EndpointService}, {@code ModelService} and
 * {@code google.longrunning.Operations}, the last three and endpoint prediction kept by {@link VertexEndpointState}.
 * Publisher models the emulator does not serve, and embeddings, are answered by the front ({@link PublisherModels}).
 */
final class VertexStubs {
    static final String PREDICTION = "google.cloud.aiplatform.v1.PredictionService";
    static final String ENDPOINTS = "google.cloud.aiplatform.v1.EndpointService";
    static final String MODELS = "google.cloud.aiplatform.v1.ModelService";
    static final String OPERATIONS = "google.longrunning.Operations";

    static final int EMBEDDING_TOKENS_PER_INPUT = 3;

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
        server.stubFor(call(PREDICTION, "GenerateContent").willReturn(aResponse().withHeader("grpc-status-name", "OK")
                .withBody("{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
                        + Canned.CHAT_TEXT + "\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":"
                        + Canned.INPUT_TOKENS + ",\"candidatesTokenCount\":" + Canned.OUTPUT_TOKENS + ",\"totalTokenCount\":"
                        + (Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS) + "},\"responseId\":\"emulator-response\"}")));
        for (String service : List.of(ENDPOINTS, MODELS, OPERATIONS)) {
            server.stubFor(post(urlPathMatching("/" + service.replace(".", "\\.") + "/[A-Za-z]+"))
                    .willReturn(aResponse().withTransformers(VertexEndpointState.NAME)));
        }
        for (String method : List.of("Predict", "RawPredict")) {
            server.stubFor(call(PREDICTION, method).willReturn(aResponse().withTransformers(VertexEndpointState.NAME)));
        }
    }

    private static MappingBuilder call(String service, String method) {
        return post(urlPathEqualTo("/" + service + "/" + method));
    }
}

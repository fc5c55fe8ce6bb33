package dev.cloudai.benchmarks;

import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.benchmarks.stub.GrpcStub;

/**
 * {@link CallBenchmark} on Vertex AI: one {@code GenerateContent} on google-cloud-aiplatform's
 * {@code PredictionServiceClient} over plaintext gRPC, ours through the gcp adapter, against {@link GrpcStub}.
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="VertexCallBenchmark -prof gc"
 * </pre>
 */
public class VertexCallBenchmark extends CallBenchmark {
    /** The full resource name the gcp adapter makes of {@link OurSide#VERTEX_MODEL}. */
    private static final String RESOURCE = "projects/" + OurSide.GCP_PROJECT + "/locations/" + OurSide.GCP_LOCATION
            + "/publishers/google/models/" + OurSide.VERTEX_MODEL;

    private GrpcStub stub;
    private PredictionServiceClient raw;

    @Override
    protected CloudAiConfig start() {
        stub = GrpcStub.start();
        raw = RawClients.Vertex.create(stub.hostPort());
        return OurSide.gcp(stub.endpoint()).build();
    }

    @Override
    protected String model() {
        return OurSide.VERTEX_MODEL;
    }

    @Override
    protected String rawChat(String prompt) {
        return raw.generateContent(GenerateContentRequest.newBuilder().setModel(RESOURCE)
                        .addContents(Content.newBuilder().setRole("user").addParts(Part.newBuilder().setText(prompt)))
                        .build())
                .getCandidates(0).getContent().getParts(0).getText();
    }

    @Override
    protected void stop() {
        Closing.all(raw, stub);
    }
}

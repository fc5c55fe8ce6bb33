package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatStreamTck;
import dev.cloudai.testkit.gcp.GcpCloud;

import java.util.ArrayList;
import java.util.List;

/**
 * The Reactive Streams TCK on a Vertex AI chat stream ({@code VertexChatStream} over {@code ServerStreamPublisher}, a
 * StreamGenerateContent gRPC call): n - 1 messages with one text part each, then a message with the STOP finish
 * reason and no part (shapes from the Vertex AI GenerateContentResponse reference).
 */
public class VertexChatStreamTckTest extends ChatStreamTck {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected void serveStream(EmulatedCloud cloud, List<String> deltas) {
        List<GenerateContentResponse> messages = new ArrayList<>();
        for (String delta : deltas) {
            messages.add(GenerateContentResponse.newBuilder().addCandidates(Candidate.newBuilder().setContent(
                    Content.newBuilder().setRole("model").addParts(Part.newBuilder().setText(delta)))).build());
        }
        messages.add(GenerateContentResponse.newBuilder().addCandidates(Candidate.newBuilder()
                .setFinishReason(Candidate.FinishReason.STOP)).build());
        ((GcpCloud) cloud).streamAnswer(messages);
    }
}

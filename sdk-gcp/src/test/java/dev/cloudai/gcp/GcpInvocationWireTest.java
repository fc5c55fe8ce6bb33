package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GenerationConfig;
import com.google.cloud.aiplatform.v1.HarmCategory;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.SafetyRating;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Chunks;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.gcp.RecordedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact gRPC requests chat, streams and embeddings send, how many, and how Vertex's answers map back. */
class GcpInvocationWireTest {
    private static final String PARENT = "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(
            new GcpCloud().serveModels("gemini-2.5-flash", "gemini-embedding-001"));

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("gcp")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    @Test
    void chatSendsTheModelResourceNameSystemInstructionTurnsAndGenerationConfigInOneCall() {
        try (CloudAi ai = newCloudAi(3)) {
            ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.builder().system("Be brief.").user("Hello")
                    .assistant("Hi! How can I help?").user("Name a TPU.")
                    .maxTokens(50).temperature(0.25).topP(0.5).stopSequences(List.of("###")).build());
        }
        List<RecordedCall> calls = cloud().calls();
        assertEquals(1, calls.size(), "one chat, one call: " + calls);
        assertEquals(GcpCloud.GENERATE_CONTENT, calls.get(0).method());
        GenerateContentRequest expected = GenerateContentRequest.newBuilder()
                .setModel(PARENT + "/publishers/google/models/gemini-2.0-flash-001")
                .setSystemInstruction(Content.newBuilder().addParts(Part.newBuilder().setText("Be brief.")))
                .addContents(Content.newBuilder().setRole("user").addParts(Part.newBuilder().setText("Hello")))
                .addContents(Content.newBuilder().setRole("model").addParts(Part.newBuilder().setText("Hi! How can I help?")))
                .addContents(Content.newBuilder().setRole("user").addParts(Part.newBuilder().setText("Name a TPU.")))
                .setGenerationConfig(GenerationConfig.newBuilder().setMaxOutputTokens(50).setTemperature(0.25f)
                        .setTopP(0.5f).addStopSequences("###"))
                .build();
        assertEquals(expected, calls.get(0).request(GenerateContentRequest.getDefaultInstance()));
    }

    @Test
    void aFullResourceNamePassesUnchangedAndAPlainPromptSendsNoGenerationConfig() {
        String tuned = PARENT + "/endpoints/987654321";
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel(tuned).chat(ChatRequest.ofUser("Hello"));
            assertEquals(tuned, r.model());
            assertEquals(Optional.of("emulator-response"), r.requestId(), "responseId");
        }
        GenerateContentRequest sent = cloud().calls(GcpCloud.GENERATE_CONTENT).get(0).request(GenerateContentRequest.getDefaultInstance());
        assertEquals(tuned, sent.getModel());
        assertEquals(false, sent.hasGenerationConfig());
        assertEquals(false, sent.hasSystemInstruction());
    }

    @Test
    void aStreamSendsTheSameRequestOnceAndReadsEveryChunk() {
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel("gemini-2.0-flash-001").stream(ChatRequest.builder().system("Be brief.").user("Hello").build())
                    .subscribe(chunks);
            List<ChatChunk> got = chunks.awaitCompletion(Duration.ofSeconds(5));
            assertEquals(List.of(new ChatChunk.TextDelta("Hello"), new ChatChunk.TextDelta(" from"),
                    new ChatChunk.TextDelta(" the emulator"),
                    new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.of(Canned.USAGE))), Chunks.unpriced(got));
        }
        List<RecordedCall> calls = cloud().calls();
        assertEquals(1, calls.size());
        GenerateContentRequest sent = calls.get(0).request(GenerateContentRequest.getDefaultInstance());
        assertEquals(GcpCloud.STREAM_GENERATE_CONTENT, calls.get(0).method());
        assertEquals(PARENT + "/publishers/google/models/gemini-2.0-flash-001", sent.getModel());
        assertEquals("Be brief.", sent.getSystemInstruction().getParts(0).getText());
    }

    @Test
    void aStreamCutAfterItsFirstChunkDeliversTheRetryableErrorOnceWithoutRetrying() {
        cloud().cutStreams(1, 1);
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel("gemini-2.0-flash-001").stream(ChatRequest.ofUser("Hello")).subscribe(chunks);

            UnavailableException e = assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertTrue(e.isRetryable(), e::getMessage);
            assertEquals(Optional.of("UNAVAILABLE"), e.providerCode());
            assertEquals(List.of(new ChatChunk.TextDelta("Hello")), chunks.items());
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(1, cloud().requestCount(), "a stream is never retried after its first chunk");
    }

    @Test
    void aSafetyStopIsContentFilteredWithTheBlockedCategoryNamed() {
        cloud().server().stubFor(post(urlPathEqualTo("/google.cloud.aiplatform.v1.PredictionService/GenerateContent"))
                .atPriority(1).willReturn(aResponse().withHeader("grpc-status-name", "OK").withBody("{\"candidates\":[{"
                        + "\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"I cannot\"}]},\"finishReason\":\"SAFETY\","
                        + "\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\",\"blocked\":true},"
                        + "{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"NEGLIGIBLE\"}]}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":2}}")));
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.ofUser("How do I..."));
            assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
            assertEquals(Optional.of("SAFETY: HARM_CATEGORY_DANGEROUS_CONTENT"), r.finishDetail());
            assertEquals(new TokenUsage(7, 2), r.usage());
            assertEquals("I cannot", r.text());
        }
    }

    @Test
    void anAnswerOfSeveralPartsIsTheirTextsJoinedWithoutTheThoughtSummaries() {
        answer("[{\"text\":\"Thinking.\",\"thought\":true},{\"text\":\"A TPU \"},{\"text\":\"is a chip.\"}]");
        try (CloudAi ai = newCloudAi(1)) {
            assertEquals("A TPU is a chip.", ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.ofUser("Hello")).text());
        }
        answer("[{\"text\":\"Thinking.\",\"thought\":true}]");
        try (CloudAi ai = newCloudAi(1)) {
            assertEquals("", ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.ofUser("Hello")).text(),
                    "a thought summary alone is no answer text");
        }
    }

    @Test
    void twoSystemMessagesAreOneSystemInstructionJoinedByABlankLine() {
        try (CloudAi ai = newCloudAi(1)) {
            ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.builder().system("Be brief.").user("Hello")
                    .system("Use metric units.").build());
        }
        GenerateContentRequest sent = cloud().calls(GcpCloud.GENERATE_CONTENT).get(0).request(GenerateContentRequest.getDefaultInstance());
        assertEquals(Content.newBuilder().addParts(Part.newBuilder().setText("Be brief.\n\nUse metric units.")).build(),
                sent.getSystemInstruction());
        assertEquals(1, sent.getContentsCount());
    }

    /** Vertex answers with these parts of one candidate. */
    private static void answer(String partsJson) {
        cloud().server().stubFor(post(urlPathEqualTo("/google.cloud.aiplatform.v1.PredictionService/GenerateContent"))
                .atPriority(1).willReturn(aResponse().withHeader("grpc-status-name", "OK").withBody("{\"candidates\":[{"
                        + "\"content\":{\"role\":\"model\",\"parts\":" + partsJson + "},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":5}}")));
    }

    @Test
    void aBlockedPromptIsContentFilteredNamingTheReasonNeverAnEmptyAnswerWithoutWhy() {
        cloud().server().stubFor(post(urlPathEqualTo("/google.cloud.aiplatform.v1.PredictionService/GenerateContent"))
                .atPriority(1).willReturn(aResponse().withHeader("grpc-status-name", "OK").withBody("{\"promptFeedback\":"
                        + "{\"blockReason\":\"PROHIBITED_CONTENT\",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\","
                        + "\"blocked\":true}]},\"usageMetadata\":{\"promptTokenCount\":9}}")));
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel("gemini-2.0-flash-001").chat(ChatRequest.ofUser("..."));
            assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
            assertEquals(Optional.of("prompt blocked: PROHIBITED_CONTENT: HARM_CATEGORY_HATE_SPEECH"), r.finishDetail());
            assertEquals("", r.text());
        }
        assertEquals(1, cloud().requestCount(), "a filtered answer is an answer, not retried");
    }

    @Test
    void aStreamStoppedByRecitationEndsContentFilteredAndMaxTokensMapsToMaxTokens() {
        cloud().streamAnswer(List.of(
                GenerateContentResponse.newBuilder().addCandidates(Candidate.newBuilder().setContent(Content.newBuilder()
                        .setRole("model").addParts(Part.newBuilder().setText("Once upon")))).build(),
                GenerateContentResponse.newBuilder().addCandidates(Candidate.newBuilder()
                        .setFinishReason(Candidate.FinishReason.RECITATION)
                        .addSafetyRatings(SafetyRating.newBuilder().setCategory(HarmCategory.HARM_CATEGORY_UNSPECIFIED)))
                        .setUsageMetadata(GenerateContentResponse.UsageMetadata.newBuilder().setPromptTokenCount(4)
                                .setCandidatesTokenCount(2).setThoughtsTokenCount(3)).build()));
        try (CloudAi ai = newCloudAi(1)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel("gemini-2.5-flash").stream(ChatRequest.ofUser("Tell a story")).subscribe(chunks);
            assertEquals(List.of(new ChatChunk.TextDelta("Once upon"), new ChatChunk.Finished(FinishReason.CONTENT_FILTERED,
                    Optional.of("RECITATION"), Optional.of(new TokenUsage(4, 5, 0, 0, 3)))),
                    Chunks.unpriced(chunks.awaitCompletion(Duration.ofSeconds(5))), "thinking tokens count as output and as reasoning");
        }
        cloud().server().stubFor(post(urlPathEqualTo("/google.cloud.aiplatform.v1.PredictionService/GenerateContent"))
                .atPriority(1).willReturn(aResponse().withHeader("grpc-status-name", "OK").withBody("{\"candidates\":[{"
                        + "\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Once\"}]},\"finishReason\":\"MAX_TOKENS\"}]}")));
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel("gemini-2.5-flash").chat(ChatRequest.builder().user("Tell a story").maxTokens(1).build());
            assertEquals(FinishReason.MAX_TOKENS, r.finishReason());
        }
    }

    @Test
    void embeddingsSendEveryTextWithItsTaskTypeAndDimensionsInOnePredict() {
        try (CloudAi ai = newCloudAi(3)) {
            EmbeddingResponse r = ai.embeddingModel("text-embedding-005").embed(EmbeddingRequest.builder()
                    .inputs(List.of("a", "b")).purpose(EmbeddingRequest.Purpose.QUERY).dimensions(256).build());
            assertEquals(2, r.embeddings().size());
            assertEquals(256, r.embeddings().get(0).dimensions(), "the dimensions asked for");
            assertEquals(Optional.of(new TokenUsage(2 * GcpCloud.EMBEDDING_TOKENS_PER_INPUT, 0)), r.usage());
        }
        List<RecordedCall> calls = cloud().calls();
        assertEquals(1, calls.size());
        assertEquals(GcpCloud.PREDICT, calls.get(0).method());
        PredictRequest expected = PredictRequest.newBuilder()
                .setEndpoint(PARENT + "/publishers/google/models/text-embedding-005")
                .addInstances(instance("a", "RETRIEVAL_QUERY"))
                .addInstances(instance("b", "RETRIEVAL_QUERY"))
                .setParameters(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("outputDimensionality", Value.newBuilder().setNumberValue(256).build())))
                .build();
        assertEquals(expected, calls.get(0).request(PredictRequest.getDefaultInstance()));
    }

    @Test
    void geminiEmbeddingSendsOneTextPerRequestAndKeepsInputOrder() throws Exception {
        try (CloudAi ai = newCloudAi(1)) {
            EmbeddingResponse r = ai.embeddingModel("gemini-embedding-001").embedAsync(EmbeddingRequest.builder()
                    .inputs(Canned.EMBEDDING_INPUTS).purpose(EmbeddingRequest.Purpose.DOCUMENT).build()).get();
            for (int i = 0; i < Canned.EMBEDDING_INPUTS.size(); i++) {
                // each request holds one text; the answers are re-indexed in input order
                assertEquals(i, r.embeddings().get(i).index());
                assertArrayEquals(EmulatedEmbeddings.vector(Canned.EMBEDDING_INPUTS.get(i), 3072), r.embeddings().get(i).vector());
            }
        }
        List<RecordedCall> calls = cloud().calls(GcpCloud.PREDICT);
        assertEquals(Canned.EMBEDDING_INPUTS.size(), calls.size());
        for (int i = 0; i < calls.size(); i++) {
            PredictRequest sent = calls.get(i).request(PredictRequest.getDefaultInstance());
            assertEquals(List.of(instance(Canned.EMBEDDING_INPUTS.get(i), "RETRIEVAL_DOCUMENT")), sent.getInstancesList());
            assertEquals(false, sent.hasParameters());
        }
    }

    private static Value instance(String content, String taskType) {
        return Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("content", Value.newBuilder().setStringValue(content).build())
                .putFields("task_type", Value.newBuilder().setStringValue(taskType).build())).build();
    }
}

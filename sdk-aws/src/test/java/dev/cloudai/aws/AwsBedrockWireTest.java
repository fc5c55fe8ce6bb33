package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.ThrottledException;
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
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.aws.EventStreamFrames;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact Bedrock requests on the wire (path with the percent-encoded model id, SigV4 header, the Converse and
 * InvokeModel bodies), the request count of each logical call, and the Bedrock-specific mappings (stop reasons,
 * mid-stream errors, AWS error details).
 */
class AwsBedrockWireTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud().serveModels(
            "us.anthropic.claude-3-5-haiku-20241022-v1:0", "global.anthropic.claude-sonnet-4-20250514-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0", "cohere.embed-multilingual-v3"));

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static CloudAi newCloudAi(int maxAttempts) {
        return CloudAi.create(EMULATOR.config("aws")
                .retry(RetrySettings.builder().maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    @Test
    void chatPostsTheConversationSystemPromptAndInferenceConfigToTheEncodedModelPathSignedWithSigV4() {
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Hello").assistant("Hi! How can I help?")
                .user("Name a chip.").user("Just one.").maxTokens(50).temperature(0.25).topP(0.5)
                .stopSequences(List.of("###")).build();
        try (CloudAi ai = newCloudAi(3)) {
            ChatResponse r = ai.chatModel(MODEL).chat(request);
            assertEquals(Canned.CHAT_TEXT, r.text());
            assertTrue(r.requestId().isPresent(), "the x-amzn-RequestId of the answer");
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"))
                .withHeader("Content-Type", matching("application/json.*"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/bedrock/aws4_request, .*"))
                .withRequestBody(equalToJson("{\"messages\":["
                        + "{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi! How can I help?\"}]},"
                        + "{\"role\":\"user\",\"content\":[{\"text\":\"Name a chip.\"},{\"text\":\"Just one.\"}]}],"
                        + "\"system\":[{\"text\":\"Be brief.\"}],"
                        + "\"inferenceConfig\":{\"maxTokens\":50,\"temperature\":0.25,\"topP\":0.5,\"stopSequences\":[\"###\"]}}")));
        assertEquals(1, cloud().requestCount(), "one call, one request");
    }

    @Test
    void aPlainPromptSendsNeitherSystemNorInferenceConfig() {
        try (CloudAi ai = newCloudAi(1)) {
            ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello"));
        }
        cloud().server().verify(1, postRequestedFor(urlPathMatching("/model/.+/converse"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"us.anthropic.claude-3-5-haiku-20241022-v1:0", "global.anthropic.claude-sonnet-4-20250514-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0"})
    void inferenceProfileIdsAndArnsPassUnchangedPercentEncodedInThePath(String modelId) {
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel(modelId).chat(ChatRequest.ofUser("Hello"));
            assertEquals(modelId, r.model());
        }
        List<LoggedRequest> requests = cloud().server().findAll(postRequestedFor(anyUrl()));
        assertEquals(1, requests.size());
        String encoded = modelId.replace(":", "%3A").replace("/", "%2F");
        assertEquals("/model/" + encoded + "/converse", requests.get(0).getUrl());
    }

    @ParameterizedTest
    @CsvSource({"end_turn,STOP", "max_tokens,MAX_TOKENS", "stop_sequence,STOP_SEQUENCE", "content_filtered,CONTENT_FILTERED",
            "guardrail_intervened,CONTENT_FILTERED", "tool_use,TOOL_USE", "malformed_model_output,OTHER"})
    void stopReasonsMapToTheNeutralFinishReasonAndKeepBedrocksOwnAsDetail(String stopReason, FinishReason expected) {
        cloud().server().stubFor(post(urlPathMatching("/model/[^/]+/converse")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"output\":{\"message\":{\"role\":"
                        + "\"assistant\",\"content\":[{\"text\":\"cut\"}]}},\"stopReason\":\"" + stopReason + "\","
                        + "\"usage\":{\"inputTokens\":3,\"outputTokens\":1,\"totalTokens\":4},\"metrics\":{\"latencyMs\":1}}")));
        try (CloudAi ai = newCloudAi(1)) {
            ChatResponse r = ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello"));
            assertEquals(expected, r.finishReason());
            assertEquals(Optional.of(stopReason), r.finishDetail());
            assertEquals(new TokenUsage(3, 1), r.usage());
        }
    }

    @Test
    void anAnswerOfSeveralBlocksIsTheirTextsJoinedAndAReasoningBlockIsLeftOut() {
        // Converse's ContentBlock is a union: a reasoning model's answer starts with a reasoningContent block
        // (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html).
        answer("[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Thinking.\",\"signature\":\"s1\"}}},"
                + "{\"text\":\"A TPU \"},{\"text\":\"is a chip.\"}]");
        try (CloudAi ai = newCloudAi(1)) {
            assertEquals("A TPU is a chip.", ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello")).text());
        }
        answer("[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Thinking.\",\"signature\":\"s1\"}}}]");
        try (CloudAi ai = newCloudAi(1)) {
            assertEquals("", ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello")).text(), "no text block, no text");
        }
    }

    /** Converse answers with these content blocks. */
    private static void answer(String contentJson) {
        cloud().server().stubFor(post(urlPathMatching("/model/[^/]+/converse")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"output\":{\"message\":{\"role\":"
                        + "\"assistant\",\"content\":" + contentJson + "}},\"stopReason\":\"end_turn\","
                        + "\"usage\":{\"inputTokens\":3,\"outputTokens\":5,\"totalTokens\":8},\"metrics\":{\"latencyMs\":1}}")));
    }

    @Test
    void streamPostsToConverseStreamAndTakesStopReasonAndUsageFromTheLastEvents() {
        cloud().server().stubFor(post(urlPathMatching("/model/[^/]+/converse-stream")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(EventStreamFrames.converseStream(List.of("One", " two"), "max_tokens", 7, 2))));
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.builder().user("Count").maxTokens(2).build()).subscribe(chunks);
            assertEquals(List.of(new ChatChunk.TextDelta("One"), new ChatChunk.TextDelta(" two"),
                            new ChatChunk.Finished(FinishReason.MAX_TOKENS, Optional.of("max_tokens"), Optional.of(new TokenUsage(7, 2)))),
                    Chunks.unpriced(chunks.awaitCompletion(Duration.ofSeconds(5))));
            assertEquals(List.of(), chunks.violations());
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 .*"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Count\"}]}],"
                        + "\"inferenceConfig\":{\"maxTokens\":2}}")));
    }

    @Test
    void aStreamCutAfterItsFirstChunkDeliversTheErrorOnceAndIsNotRetried() {
        cloud().cutNextStream(1);
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.ofUser("Hello")).subscribe(chunks);

            UnavailableException e = assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
            assertTrue(e.isRetryable(), e::getMessage);
            assertEquals(Optional.of("internalServerException"), e.providerCode());
            assertEquals(List.of(new ChatChunk.TextDelta(Canned.STREAM_DELTAS.get(0))), chunks.items());
            assertEquals(List.of(), chunks.violations());
        }
        assertEquals(1, cloud().requestCount(), "a stream is never retried after its first chunk");
    }

    @Test
    void aStreamThatBreaksBeforeItsFirstChunkIsRetriedAndSucceeds() {
        cloud().cutNextStream(0);
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.ofUser("Hello")).subscribe(chunks);
            List<ChatChunk> all = chunks.awaitCompletion(Duration.ofSeconds(5));
            assertEquals(Canned.STREAM_DELTAS.size() + 1, all.size(), all::toString);
        }
        assertEquals(2, cloud().requestCount(), "the broken attempt and the retry");
    }

    @Test
    void aThrottleKeepsTheAwsErrorCodeRequestIdStatusAndRetryAfter() {
        cloud().inject(Fault.throttle(Duration.ofMillis(250)), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello")));
            assertEquals(Optional.of("ThrottlingException"), e.providerCode());
            assertTrue(e.requestId().filter(id -> id.length() >= 32).isPresent(), e::toString);
            assertEquals(OptionalInt.of(429), e.httpStatus());
            assertEquals(Optional.of(Duration.ofMillis(250)), e.retryAfter());
            assertTrue(e.getMessage().startsWith("aws chat failed: Too many requests"), e::getMessage);
        }
        assertEquals(2, cloud().requestCount(), "max-attempts requests, the SDK's own retries being off");
    }

    @Test
    void aThrottledStreamIsTriedMaxAttemptsTimes() {
        cloud().inject(Fault.throttle(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(3)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.ofUser("Hello")).subscribe(chunks);
            assertInstanceOf(ThrottledException.class, chunks.awaitError(Duration.ofSeconds(5)));
        }
        assertEquals(3, cloud().requestCount());
        cloud().server().verify(3, postRequestedFor(urlPathMatching("/model/.+/converse-stream")));
    }

    @Test
    void aBodyTheSdkCannotParseIsAnUnclassifiedErrorThatIsNotRetried() {
        cloud().inject(Fault.malformedBody(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(3)) {
            dev.cloudai.errors.UnclassifiedException e = assertThrows(dev.cloudai.errors.UnclassifiedException.class,
                    () -> ai.chatModel(MODEL).chat(ChatRequest.ofUser("Hello")));
            assertTrue(!e.isRetryable() && e.getMessage().contains("could not read"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aConnectionResetOfAStreamIsRetriedAsUnavailable() {
        cloud().inject(Fault.connectionReset(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = newCloudAi(2)) {
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(MODEL).stream(ChatRequest.ofUser("Hello")).subscribe(chunks);
            assertInstanceOf(UnavailableException.class, chunks.awaitError(Duration.ofSeconds(5)));
        }
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void titanEmbedsOneTextPerInvokeModelRequestWithDimensionsAndNormalize() {
        try (CloudAi ai = newCloudAi(1)) {
            EmbeddingResponse r = ai.embeddingModel("amazon.titan-embed-text-v2:0").embed(EmbeddingRequest.builder()
                    .inputs(Canned.EMBEDDING_INPUTS.subList(0, 2)).dimensions(256).build());
            assertEquals(2, r.embeddings().size());
            assertEquals(Optional.of(new TokenUsage(4, 0)), r.usage(), "inputTextTokenCount of both answers");
        }
        for (String input : Canned.EMBEDDING_INPUTS.subList(0, 2)) {
            cloud().server().verify(1, postRequestedFor(urlEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke"))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withHeader("Accept", equalTo("application/json"))
                    .withRequestBody(equalToJson("{\"inputText\":\"" + input + "\",\"dimensions\":256,\"normalize\":true}")));
        }
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void cohereEmbedsTheBatchInOneRequestWithTheInputTypeOfThePurpose() {
        try (CloudAi ai = newCloudAi(1)) {
            EmbeddingResponse r = ai.embeddingModel("cohere.embed-multilingual-v3").embed(EmbeddingRequest.builder()
                    .inputs(List.of("a", "b")).purpose(EmbeddingRequest.Purpose.QUERY).build());
            assertEquals(2, r.embeddings().size());
            assertEquals(Optional.of(new TokenUsage(6, 0)), r.usage(), "from X-Amzn-Bedrock-Input-Token-Count");
            ai.embeddingModel("cohere.embed-multilingual-v3").embed(EmbeddingRequest.of("c"));
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/model/cohere.embed-multilingual-v3/invoke"))
                .withRequestBody(equalToJson("{\"texts\":[\"a\",\"b\"],\"input_type\":\"search_query\"}")));
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/model/cohere.embed-multilingual-v3/invoke"))
                .withRequestBody(equalToJson("{\"texts\":[\"c\"],\"input_type\":\"search_document\"}")));
    }

    @Test
    void anUnknownEmbeddingModelOrAnUnsupportedSettingFailsFastWithoutARequest() {
        try (CloudAi ai = newCloudAi(1)) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> ai.embeddingModel("amazon.titan-embed-image-v1").embed(EmbeddingRequest.of("x")));
            assertTrue(unknown.getMessage().contains("amazon.titan-embed-text-v2:0") && unknown.getMessage().contains("Cohere"),
                    unknown::getMessage);
            IllegalArgumentException dimensions = assertThrows(IllegalArgumentException.class,
                    () -> ai.embeddingModel("cohere.embed-english-v3").embed(EmbeddingRequest.builder().input("x").dimensions(256).build()));
            assertTrue(dimensions.getMessage().startsWith("dimensions:"), dimensions::getMessage);
        }
        cloud().server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anEmbeddingAnswerWithoutVectorsIsAnUnclassifiedErrorNotAParserException() {
        cloud().server().stubFor(post(urlPathMatching("/model/.+/invoke")).atPriority(2).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withHeader("x-amzn-RequestId", "req-empty")
                .withBody("{\"inputTextTokenCount\":2}")));
        try (CloudAi ai = newCloudAi(3)) {
            dev.cloudai.errors.UnclassifiedException e = assertThrows(dev.cloudai.errors.UnclassifiedException.class,
                    () -> ai.embeddingModel("amazon.titan-embed-text-v2:0").embed(EmbeddingRequest.of("x")));
            assertEquals(Optional.of("req-empty"), e.requestId());
            assertTrue(e.getMessage().contains("'embedding'"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount(), "not retryable");
    }
}

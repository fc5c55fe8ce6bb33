package dev.cloudai.azure;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Chunks;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact Azure OpenAI requests the adapter sends, and what it makes of Azure's content filters. */
class AzureOpenAiWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud().serveModels("gpt4o-deployment"));

    private static final String DEPLOYMENT = "gpt4o-deployment";
    private static final String CHAT_URL = "/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=2024-10-21";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static CloudAi ai() {
        return CloudAi.create(EMULATOR.config("azure").retry(Canned.FAST_RETRY).build());
    }

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static ChatRequest fullRequest() {
        return ChatRequest.builder().system("Answer briefly.").user("Hi").assistant("Hello!").user(Canned.CHAT_PROMPT)
                .maxTokens(64).temperature(0.25).topP(0.5).stopSequences(List.of("###", "END")).build();
    }

    @Test
    void chatPostsTheMessagesAndSettingsToTheDeploymentWithTheGaApiVersionAndTheKey() {
        try (CloudAi ai = ai()) {
            ChatResponse r = ai.chatModel(DEPLOYMENT).chat(fullRequest());
            assertEquals(Canned.CHAT_TEXT, r.text());
            assertTrue(r.requestId().isPresent(), "the apim-request-id is kept");
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_URL))
                .withHeader("api-key", equalTo(AzureCloud.API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                        + "{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                        + "{\"role\":\"user\",\"content\":\"" + Canned.CHAT_PROMPT + "\"}],"
                        + "\"max_tokens\":64,\"temperature\":0.25,\"top_p\":0.5,\"stop\":[\"###\",\"END\"]}", false, false))
                .withRequestBody(matchingJsonPath("$.stream", absent())));
        assertEquals(1, cloud().requestCount(), "one chat, one request");
    }

    @Test
    void chatAsyncSendsTheSameRequest() throws Exception {
        try (CloudAi ai = ai()) {
            ai.chatModel(DEPLOYMENT).chatAsync(fullRequest()).get();
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_URL)).withHeader("api-key", equalTo(AzureCloud.API_KEY))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("64")))
                .withRequestBody(matchingJsonPath("$.top_p", equalTo("0.5"))));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void streamAsksForServerSentEventsOnceAndSkipsTheFirstChunkWithoutChoices() {
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(fullRequest()).subscribe(s);
            List<ChatChunk> chunks = s.awaitCompletion(WAIT);
            assertEquals(List.of(new ChatChunk.TextDelta("Hello"), new ChatChunk.TextDelta(" from"),
                    new ChatChunk.TextDelta(" the emulator"),
                    new ChatChunk.Finished(FinishReason.STOP, Optional.of("stop"), Optional.of(Canned.USAGE))), Chunks.unpriced(chunks));
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo(CHAT_URL)).withHeader("api-key", equalTo(AzureCloud.API_KEY))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.stop[1]", equalTo("END"))));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void embeddingsPostTheInputsAndTheDimensionsInOneRequestAskingForBase64AsTheSdkDoes() {
        try (CloudAi ai = ai()) {
            ai.embeddingModel("text-embedding-3-small").embed(EmbeddingRequest.builder().inputs(Canned.EMBEDDING_INPUTS)
                    .dimensions(8).build());
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-06-01"))
                .withHeader("api-key", equalTo(AzureCloud.API_KEY))
                .withRequestBody(equalToJson("{\"input\":[\"first input\",\"second input\",\"third input\"],\"dimensions\":8,"
                        + "\"encoding_format\":\"base64\"}", false, false)));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aFilteredCompletionEndsAsContentFilteredNamingTheCategory() {
        cloud().filterCompletions("violence");
        try (CloudAi ai = ai()) {
            ChatResponse r = ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT));
            assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
            assertTrue(r.finishDetail().orElse("").contains("violence"), () -> "finishDetail " + r.finishDetail());

            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT)).subscribe(s);
            List<ChatChunk> chunks = s.awaitCompletion(WAIT);
            ChatChunk.Finished last = assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1));
            assertEquals(FinishReason.CONTENT_FILTERED, last.finishReason());
            assertTrue(last.finishDetail().orElse("").contains("violence"), () -> "finishDetail " + last.finishDetail());
        }
    }

    @Test
    void aFilteredPromptIsAnInvalidRequestNamingTheCategoryAndIsNotRetried() {
        cloud().filterPrompts("self_harm");
        try (CloudAi ai = ai()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
            assertTrue(e.getMessage().contains("self_harm"), e::getMessage);
            assertEquals(Optional.of("content_filter"), e.providerCode());
        }
        assertEquals(1, cloud().requestCount(), "a filtered prompt is not retried");
    }

    @Test
    void aStreamCutAfterItsFirstDeltaDeliversTheTextThenOneUnavailableError() {
        cloud().cutStreamsAfterFirstDelta();
        try (CloudAi ai = ai()) {
            RecordingSubscriber<ChatChunk> s = RecordingSubscriber.oneAtATime();
            ai.chatModel(DEPLOYMENT).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT)).subscribe(s);
            assertInstanceOf(UnavailableException.class, s.awaitError(WAIT));
            assertEquals(List.of(new ChatChunk.TextDelta("Hello")), s.items());
            assertEquals(List.of(), s.violations());
        }
        assertEquals(1, cloud().requestCount(), "no retry once text reached the caller");
    }

    @Test
    void aBodyThatIsNotJsonIsUnclassifiedAndNotRetried() {
        cloud().inject(Fault.malformedBody(), EmulatedCloud.ALWAYS);
        try (CloudAi ai = ai()) {
            UnclassifiedException e = assertThrows(UnclassifiedException.class,
                    () -> ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
            assertFalse(e.isRetryable());
        }
        assertEquals(1, cloud().requestCount(), "the same body would come back");
    }

    @Test
    void theApiKeyAppearsInNoExceptionMessageNorToString() {
        List<Fault> faults = List.of(Fault.throttle(Duration.ofMillis(5)), Fault.serverError(500), Fault.unauthorized(),
                Fault.notFound(), Fault.invalidRequest("bad"), Fault.malformedBody(), Fault.connectionReset());
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").retry(Canned.FAST_RETRY).build())) {
            assertFalse(ai.toString().contains(AzureCloud.API_KEY), ai::toString);
            for (Object part : List.of(ai.chatModel(DEPLOYMENT), ai.config(), ai.unwrap(com.azure.ai.openai.OpenAIClient.class))) {
                assertFalse(part.toString().contains(AzureCloud.API_KEY), part::toString);
            }
            for (Fault fault : faults) {
                cloud().reset();
                cloud().inject(fault, EmulatedCloud.ALWAYS);
                CloudAiException e = assertThrows(CloudAiException.class,
                        () -> ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
                for (Throwable t = e; t != null; t = t.getCause()) {
                    String text = t.toString();
                    assertFalse(text.contains(AzureCloud.API_KEY), () -> fault + ": the key leaked into " + text);
                }
            }
        }
    }

    @Test
    void withoutAKeyTheEmulatorGetsAHarmlessStaticOneNotNothing() {
        CloudAiConfig.Builder config = CloudAiConfig.builder().provider("azure")
                .property(AzureKeys.ENDPOINT, cloud().baseUrl()).retry(Canned.FAST_RETRY);
        try (CloudAi ai = CloudAi.create(config.build())) {
            assertEquals(Canned.CHAT_TEXT, ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)).text());
        }
        cloud().server().verify(1, anyRequestedFor(anyUrl()).withHeader("api-key", equalTo(AzureClients.EMULATOR_API_KEY)));
        List<LoggedRequest> all = cloud().server().findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, all.size());
    }
}

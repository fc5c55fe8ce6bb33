package dev.cloudai.gcp;

import com.google.api.HttpBody;
import com.google.cloud.aiplatform.v1.RawPredictRequest;
import com.google.cloud.aiplatform.v1.StreamRawPredictRequest;
import com.google.protobuf.ByteString;
import dev.cloudai.CloudAi;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployed model's protocols on the wire: the exact RawPredict and StreamRawPredict requests (endpoint, HttpBody
 * content type and data), the parts of a stream as the container's bytes split anywhere, and a container's errors as
 * Vertex relays them, mapped with the container's own message.
 */
class GcpEndpointModelWireTest {
    private static final String OPENAI_CHAT = "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}";
    private static final String OPENAI_CHAT_STREAM = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";
    private static final String TGI = "{\"inputs\":\"Hi\",\"parameters\":{\"max_new_tokens\":5}}";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi() {
        return CloudAi.create(EMULATOR.config("gcp").property("cloudai.deploy.poll-interval", "10ms")
                .retry(RetrySettings.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    private static Endpoint deploy(CloudAi ai) {
        return ai.endpoints().deploy(Canned.endpointSpec(GcpCloud.MACHINE_TYPE));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RawPredictRequest rawPredict(String body) {
        return RawPredictRequest.newBuilder().setEndpoint(GcpCloud.ENDPOINT).setHttpBody(HttpBody.newBuilder()
                .setContentType("application/json").setData(ByteString.copyFromUtf8(body))).build();
    }

    private static byte[] joined(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    @Test
    void anOpenAiChatBodyGoesThroughRawPredictUnchangedAndTheContainersJsonComesBack() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            int before = cloud().calls().size();
            InvokeResponse r = ai.endpoints().invoke(endpoint.id(), InvokeRequest.json(OPENAI_CHAT));
            assertArrayEquals(EmulatedServing.answer(utf8(OPENAI_CHAT), Optional.empty(), false).orElseThrow().body(), r.body());
            assertEquals("application/json", r.contentType());
            assertEquals(before + 1, cloud().calls().size(), "one call");
        }
        assertEquals(rawPredict(OPENAI_CHAT), cloud().calls(GcpCloud.RAW_PREDICT).get(0).request(RawPredictRequest.getDefaultInstance()));
    }

    @Test
    void invokeStreamSendsOneStreamRawPredictAndPublishesTheContainersBytesSplitMidEvent() {
        byte[] expected = EmulatedServing.answer(utf8(OPENAI_CHAT_STREAM), Optional.empty(), true).orElseThrow().body();
        List<byte[]> parts;
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(1);
            ai.endpoints().invokeStream(endpoint.id(), InvokeRequest.json(OPENAI_CHAT_STREAM)).subscribe(subscriber);
            parts = subscriber.awaitCompletion(Duration.ofSeconds(10));
            assertEquals(List.of(), subscriber.violations());
        }
        assertArrayEquals(expected, joined(parts), "the SSE text, whole and in order");
        assertEquals((expected.length + 6) / 7, parts.size(), "the emulator's 7-byte parts, each delivered as it came");
        assertFalse(new String(parts.get(0), StandardCharsets.UTF_8).endsWith("\n\n"), "an event spans parts");
        assertEquals(List.of(StreamRawPredictRequest.newBuilder().setEndpoint(GcpCloud.ENDPOINT).setHttpBody(HttpBody.newBuilder()
                        .setContentType("application/json").setData(ByteString.copyFromUtf8(OPENAI_CHAT_STREAM))).build()),
                cloud().calls(GcpCloud.STREAM_RAW_PREDICT).stream().map(c -> c.request(StreamRawPredictRequest.getDefaultInstance())).toList());
    }

    @Test
    void aTgiBodyStreamsTgiEventsAndAHostedProtocolAnswersWhateverIsAsked() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream("1001", InvokeRequest.json(TGI)).subscribe(subscriber);
            assertArrayEquals(EmulatedServing.answer(utf8(TGI), Optional.of(ServingProtocol.TGI), true).orElseThrow().body(),
                    joined(subscriber.awaitCompletion(Duration.ofSeconds(10))), "the numeric id works too");

            cloud().hostProtocol(endpoint.name(), ServingProtocol.TGI);
            InvokeResponse r = ai.endpoints().invoke(endpoint.id(), InvokeRequest.json(OPENAI_CHAT));
            assertArrayEquals(EmulatedServing.answer(utf8(OPENAI_CHAT), Optional.of(ServingProtocol.TGI), false).orElseThrow().body(),
                    r.body(), "a TGI answer to an OpenAI body");
        }
    }

    @Test
    void embeddingBodiesOfBothProtocolsGoThroughRawPredict() {
        String openAi = "{\"input\":[\"first input\",\"second input\"]}";
        String tei = "{\"inputs\":[\"first input\",\"second input\"]}";
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            for (String body : List.of(openAi, tei)) {
                assertArrayEquals(EmulatedServing.answer(utf8(body), Optional.empty(), false).orElseThrow().body(),
                        ai.endpoints().invoke(endpoint.id(), InvokeRequest.json(body)).body(), body);
            }
        }
        assertEquals(List.of(rawPredict(openAi), rawPredict(tei)), cloud().calls(GcpCloud.RAW_PREDICT).stream()
                .map(c -> c.request(RawPredictRequest.getDefaultInstance())).toList());
    }

    @Test
    void aContainersErrorIsMappedByItsStatusWithTheContainersOwnMessage() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").property("cloudai.deploy.poll-interval", "10ms")
                .retry(RetrySettings.builder().maxAttempts(1)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build())) {
            Endpoint endpoint = deploy(ai);
            record Case(int status, String body, Class<? extends CloudAiException> type, boolean retryable) { }
            for (Case c : List.of(
                    new Case(400, OPENAI_CHAT, InvalidRequestException.class, false),
                    new Case(422, TGI, InvalidRequestException.class, false),
                    new Case(404, OPENAI_CHAT, InvalidRequestException.class, false),
                    new Case(429, TGI, ThrottledException.class, true),
                    new Case(503, OPENAI_CHAT, UnavailableException.class, true),
                    new Case(500, TGI, UnavailableException.class, true))) {
                String message = "container says " + c.status();
                cloud().inject(Fault.containerError(c.status(), message), 1);
                CloudAiException e = assertThrows(CloudAiException.class,
                        () -> ai.endpoints().invoke(endpoint.id(), InvokeRequest.json(c.body())));
                assertInstanceOf(c.type(), e, () -> c + ": " + e);
                assertEquals(c.retryable(), e.isRetryable(), c::toString);
                assertTrue(e.getMessage().contains(message), e::getMessage);
                assertFalse(e.getMessage().contains("{\""), () -> "the message, not the JSON body: " + e.getMessage());
                if (c.body().equals(OPENAI_CHAT)) {
                    assertEquals(c.status(), e.info().httpStatus().orElse(-1), "vLLM's body states the status");
                }
            }
        }
    }

    @Test
    void anUnknownEndpointIsNotFoundNamingItAndWhereTheEndpointsAreListed() {
        try (CloudAi ai = newCloudAi()) {
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> ai.endpoints().invoke("9999", InvokeRequest.json(OPENAI_CHAT)));
            assertTrue(e.getMessage().contains("endpoints/9999") && e.getMessage().contains("Endpoints.list()"), e::getMessage);

            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream("9999", InvokeRequest.json(OPENAI_CHAT_STREAM)).subscribe(subscriber);
            NotFoundException streamed = assertInstanceOf(NotFoundException.class, subscriber.awaitError(Duration.ofSeconds(10)));
            assertTrue(streamed.getMessage().contains("endpoints/9999"), streamed::getMessage);
        }
        assertEquals(2, cloud().requestCount(), "not retried");
    }

    @Test
    void anOverloadedContainerBeforeTheFirstPartIsRetriedAndTheStreamThenCompletes() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            int before = cloud().requestCount();
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(endpoint.id(), InvokeRequest.json(TGI)).subscribe(subscriber);
            assertArrayEquals(EmulatedServing.answer(utf8(TGI), Optional.empty(), true).orElseThrow().body(),
                    joined(subscriber.awaitCompletion(Duration.ofSeconds(10))));
            assertEquals(2, cloud().requestCount() - before, "the 503, then the retry");
        }
    }

    @Test
    void aCutStreamDeliversItsFirstEventThenOneRetryableError() {
        byte[] firstEvent = utf8(EmulatedServing.answer(utf8(TGI), Optional.empty(), true).orElseThrow().events().get(0));
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            int before = cloud().requestCount();
            cloud().inject(Fault.streamCut(), 1);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(endpoint.id(), InvokeRequest.json(TGI)).subscribe(subscriber);
            CloudAiException e = assertInstanceOf(UnavailableException.class, subscriber.awaitError(Duration.ofSeconds(10)));
            assertTrue(e.isRetryable());
            assertArrayEquals(firstEvent, joined(subscriber.items()), "the first event's parts, nothing of the next");
            assertEquals(1, cloud().requestCount() - before, "a stream that delivered a part is not retried");
        }
    }

    // ---- through Endpoints.chatModel / embeddingModel ----

    private static StreamRawPredictRequest streamRawPredict(String body) {
        return StreamRawPredictRequest.newBuilder().setEndpoint(GcpCloud.ENDPOINT).setHttpBody(HttpBody.newBuilder()
                .setContentType("application/json").setData(ByteString.copyFromUtf8(body))).build();
    }

    private static ChatRequest prompt() {
        return ChatRequest.builder().user("Hi").maxTokens(5).build();
    }

    @Test
    void anOpenAiChatModelSendsChatCompletionsJsonThroughRawPredictAndItsStreamThroughStreamRawPredict() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            ChatModel model = ai.endpoints().chatModel(endpoint.id(), ServingProtocol.OPENAI_CHAT);
            ChatResponse r = model.chat(prompt());
            assertEquals(Canned.CHAT_TEXT, r.text());
            assertEquals(new TokenUsage(Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS), r.usage());
            assertEquals(endpoint.id(), r.model());

            RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            model.stream(prompt()).subscribe(subscriber);
            List<ChatChunk> chunks = subscriber.awaitCompletion(Duration.ofSeconds(10));
            assertEquals(Canned.STREAM_DELTAS, deltas(chunks), "deltas reassembled from events split over 7-byte parts");
            assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1));
        }
        assertEquals(List.of(rawPredict("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}")),
                cloud().calls(GcpCloud.RAW_PREDICT).stream().map(c -> c.request(RawPredictRequest.getDefaultInstance())).toList());
        assertEquals(List.of(streamRawPredict("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5,"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}")),
                cloud().calls(GcpCloud.STREAM_RAW_PREDICT).stream().map(c -> c.request(StreamRawPredictRequest.getDefaultInstance())).toList());
    }

    @Test
    void aTgiModelSendsGenerateJsonThroughRawPredictAndItsStreamThroughStreamRawPredict() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            ChatModel model = ai.endpoints().chatModel(endpoint.id(), ServingProtocol.TGI);
            assertEquals(Canned.CHAT_TEXT, model.chat(prompt()).text());
            RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(1);
            model.stream(prompt()).subscribe(subscriber);
            assertEquals(Canned.STREAM_DELTAS, deltas(subscriber.awaitCompletion(Duration.ofSeconds(10))));
        }
        String parameters = "\"parameters\":{\"max_new_tokens\":5,\"details\":true,\"return_full_text\":false}";
        assertEquals(List.of(rawPredict("{\"inputs\":\"Hi\"," + parameters + "}")),
                cloud().calls(GcpCloud.RAW_PREDICT).stream().map(c -> c.request(RawPredictRequest.getDefaultInstance())).toList());
        assertEquals(List.of(streamRawPredict("{\"inputs\":\"Hi\"," + parameters + ",\"stream\":true}")),
                cloud().calls(GcpCloud.STREAM_RAW_PREDICT).stream().map(c -> c.request(StreamRawPredictRequest.getDefaultInstance())).toList());
    }

    @Test
    void embeddingModelsOfBothProtocolsSendTheirServersJsonThroughRawPredict() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            for (ServingProtocol protocol : List.of(ServingProtocol.OPENAI_EMBEDDINGS, ServingProtocol.TEI)) {
                EmbeddingResponse r = ai.endpoints().embeddingModel(endpoint.id(), protocol)
                        .embed(EmbeddingRequest.builder().inputs(List.of("first input", "second input")).build());
                assertArrayEquals(EmulatedEmbeddings.vector("second input", EmulatedServing.DIMENSIONS),
                        r.embeddings().get(1).vector(), 1e-6f, protocol.toString());
            }
        }
        assertEquals(List.of(rawPredict("{\"input\":[\"first input\",\"second input\"],\"encoding_format\":\"float\"}"),
                        rawPredict("{\"inputs\":[\"first input\",\"second input\"],\"normalize\":true,\"truncate\":false}")),
                cloud().calls(GcpCloud.RAW_PREDICT).stream().map(c -> c.request(RawPredictRequest.getDefaultInstance())).toList());
    }

    @Test
    void aChatModelsContainerErrorCarriesTheContainersMessageAndAnOverloadBeforeTheFirstChunkIsRetried() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = deploy(ai);
            ChatModel model = ai.endpoints().chatModel(endpoint.id(), ServingProtocol.TGI);
            cloud().inject(Fault.containerError(422, "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096"), 1);
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> model.chat(prompt()));
            assertTrue(e.getMessage().contains("`inputs` tokens + `max_new_tokens` must be <= 4096"), e::getMessage);

            int before = cloud().requestCount();
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
            RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            model.stream(prompt()).subscribe(subscriber);
            assertEquals(Canned.STREAM_DELTAS, deltas(subscriber.awaitCompletion(Duration.ofSeconds(10))));
            assertEquals(2, cloud().requestCount() - before, "the 503, then the retry");

            NotFoundException unknown = assertThrows(NotFoundException.class,
                    () -> ai.endpoints().chatModel("9999", ServingProtocol.OPENAI_CHAT).chat(prompt()));
            assertTrue(unknown.getMessage().contains("endpoints/9999") && unknown.getMessage().contains("Endpoints.list()"),
                    unknown::getMessage);
        }
    }

    private static List<String> deltas(List<ChatChunk> chunks) {
        return chunks.stream().filter(c -> c instanceof ChatChunk.TextDelta d && !d.text().isEmpty())
                .map(c -> ((ChatChunk.TextDelta) c).text()).toList();
    }
}

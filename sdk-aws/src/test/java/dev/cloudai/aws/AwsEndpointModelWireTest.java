package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.cloudai.CloudAi;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
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
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.aws.EventStreamFrames;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model deployed on SageMaker used through its serving protocol, on the wire: the plan's serving environment in
 * CreateModel, InvokeEndpoint and InvokeEndpointWithResponseStream carrying each protocol's bytes with their content
 * type and accept, the response stream's {@code PayloadPart}s reaching the subscriber unchanged however they split the
 * events, and SageMaker's {@code ModelError} judged by the status the container answered, with its message.
 */
class AwsEndpointModelWireTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/EmulatorSageMakerRole";
    private static final String NAME = Canned.ENDPOINT_NAME;
    private static final String INVOKE = "/endpoints/" + NAME + "/invocations";
    private static final String INVOKE_STREAM = "/endpoints/" + NAME + "/invocations-response-stream";
    /** An OpenAI chat body whose model name has two-byte characters: every event has some, so parts split them. */
    private static final String OPENAI_STREAM_BODY = "{\"model\":\"mod\u00e8le-\u00fc\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hello\"}],\"stream\":true}";
    private static final String TGI_BODY = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":50}}";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static CloudAi newCloudAi() {
        return CloudAi.create(EMULATOR.config("aws").retry(RetrySettings.builder().maxAttempts(3)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").property(AwsKeys.EXECUTION_ROLE, ROLE).build());
    }

    /** Deploys the contract's endpoint, then forgets the deployment's requests. */
    private static void deployed(CloudAi ai) {
        ai.endpoints().deploy(Canned.endpointSpec(AwsCloud.INSTANCE_TYPE));
        cloud().server().resetRequests();
    }

    private static RequestPatternBuilder invoked(String path) {
        return postRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/sagemaker/aws4_request, .*"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- deployment ----

    @Test
    void deployGivesTheContainerThePlansServingEnvironmentWithTheSpecsOwnValuesWinning() {
        var spec = dev.cloudai.deployment.EndpointSpec.builder(NAME).image(Canned.ENDPOINT_IMAGE)
                .modelId("meta-llama/Llama-3.1-70B-Instruct").servingProtocol(ServingProtocol.OPENAI_CHAT)
                .maxModelLength(8192).environment("MAX_MODEL_LEN", "4096")
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16).build())
                .timeout(Duration.ofSeconds(10)).build();
        DeploymentPlan plan;
        try (CloudAi ai = newCloudAi()) {
            plan = ai.endpoints().plan(spec);
            ai.endpoints().deploy(spec);
        }
        // the plan chose an instance whose accelerators hold 70B parameters in BF16: the degree is all of them
        int devices = (int) plan.offer().acceleratorCount();
        assertTrue(devices >= 2, "a 70B BF16 model needs more than one accelerator: " + plan);
        assertEquals(String.valueOf(devices), plan.environment().get("SM_NUM_GPUS"));
        String degree = "\"" + devices + "\"";
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateModel"))
                .withRequestBody(equalToJson("{\"ModelName\":\"" + NAME + "\",\"ExecutionRoleArn\":\"" + ROLE + "\","
                        + "\"PrimaryContainer\":{\"Image\":\"" + Canned.ENDPOINT_IMAGE + "\",\"Environment\":{"
                        + "\"HF_MODEL_ID\":\"meta-llama/Llama-3.1-70B-Instruct\",\"SM_NUM_GPUS\":" + degree + ","
                        + "\"NUM_SHARD\":" + degree + ",\"OPTION_TENSOR_PARALLEL_DEGREE\":" + degree + ","
                        + "\"MAX_TOTAL_TOKENS\":\"8192\",\"OPTION_MAX_MODEL_LEN\":\"8192\",\"MAX_MODEL_LEN\":\"4096\"}}}")));
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateEndpointConfig"))
                .withRequestBody(equalToJson("{\"ProductionVariants\":[{\"InstanceType\":\"" + plan.instanceType() + "\"}]}",
                        true, true)));
    }

    // ---- invoke: each protocol's bytes both ways ----

    @Test
    void invokeCarriesEachProtocolsBodyWithItsContentTypeAndAcceptAndReturnsTheServersAnswer() {
        List<String> bodies = List.of(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":50}",
                TGI_BODY,
                "{\"input\":[\"first input\",\"second input\"],\"model\":\"e5\"}",
                "{\"inputs\":[\"first input\",\"second input\"],\"truncate\":true}");
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            for (String body : bodies) {
                InvokeResponse r = ai.endpoints().invoke(NAME, InvokeRequest.json(body).withAccept("application/json"));
                EmulatedServing.Answer expected = EmulatedServing.answer(utf8(body), Optional.empty(), false).orElseThrow();
                assertEquals(new String(expected.body(), StandardCharsets.UTF_8), r.bodyAsString(), expected.protocol().name());
                assertEquals("application/json", r.contentType());
                cloud().server().verify(1, invoked(INVOKE).withHeader("Content-Type", equalTo("application/json"))
                        .withHeader("Accept", equalTo("application/json")).withRequestBody(equalToJson(body)));
            }
        }
        assertEquals(bodies.size(), cloud().requestCount());
    }

    @Test
    void theResponseStreamAsksForServerSentEventsAndDeliversThePartsUnchangedThoughTheySplitEventsAndCharacters() {
        List<byte[]> parts;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(OPENAI_STREAM_BODY).withAccept("text/event-stream"))
                    .subscribe(subscriber);
            parts = subscriber.awaitCompletion(Duration.ofSeconds(10));
        }
        EmulatedServing.Answer expected = EmulatedServing.answer(utf8(OPENAI_STREAM_BODY), Optional.empty(), true).orElseThrow();
        assertArrayEquals(expected.body(), join(parts), "the SSE text, byte for byte");
        assertEquals((expected.body().length + AwsCloud.STREAM_PART_BYTES - 1) / AwsCloud.STREAM_PART_BYTES, parts.size(),
                "one item per PayloadPart, none merged or dropped");
        assertTrue(parts.stream().anyMatch(p -> (p[0] & 0xC0) == 0x80), "some part starts inside a UTF-8 character");
        int offset = 0;
        boolean eventInsidePart = false;
        for (String event : expected.events()) {
            eventInsidePart |= offset % AwsCloud.STREAM_PART_BYTES != 0;
            offset += utf8(event).length;
        }
        assertTrue(eventInsidePart, "some event starts in the middle of a part");
        // InvokeEndpointWithResponseStream carries Accept as X-Amzn-SageMaker-Accept (API reference, request syntax)
        cloud().server().verify(1, invoked(INVOKE_STREAM).withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Amzn-SageMaker-Accept", equalTo("text/event-stream")).withRequestBody(equalToJson(OPENAI_STREAM_BODY)));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void aTgiResponseStreamIsItsGenerateStreamEventsInParts() {
        List<byte[]> parts;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.oneAtATime();
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(TGI_BODY)).subscribe(subscriber);
            parts = subscriber.awaitCompletion(Duration.ofSeconds(10));
        }
        EmulatedServing.Answer expected = EmulatedServing.answer(utf8(TGI_BODY), Optional.empty(), true).orElseThrow();
        assertEquals(ServingProtocol.TGI, expected.protocol());
        assertArrayEquals(expected.body(), join(parts));
        assertTrue(new String(join(parts), StandardCharsets.UTF_8).startsWith("data:{\"index\":1,\"token\":"));
    }

    @Test
    void anEndpointToldItsProtocolAnswersInItWhateverTheBody() {
        cloud().hostProtocol(NAME, ServingProtocol.TGI);
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            InvokeResponse r = ai.endpoints().invoke(NAME, InvokeRequest.json("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
            assertTrue(r.bodyAsString().startsWith("[{\"generated_text\":\"" + Canned.CHAT_TEXT + "\""), r::bodyAsString);
        }
    }

    // ---- through Endpoints.chatModel and embeddingModel ----

    @Test
    void anOpenAiChatModelSendsItsBodyToInvocationsAndStreamsFromTheResponseStreamAskingForEvents() {
        ChatRequest request = ChatRequest.builder().user("Hello").maxTokens(50).build();
        ChatResponse answer;
        List<ChatChunk> chunks;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            ChatModel model = ai.endpoints().chatModel(NAME, ServingProtocol.OPENAI_CHAT);
            answer = model.chat(request);
            chunks = streamed(model, request);
        }
        assertEquals(Canned.CHAT_TEXT, answer.text());
        assertEquals(FinishReason.STOP, answer.finishReason());
        assertEquals(Canned.OUTPUT_TOKENS, answer.usage().outputTokens());
        assertEquals("aws", answer.provider());
        assertEquals(NAME, answer.model());
        assertEquals(Canned.STREAM_DELTAS, texts(chunks));
        assertEquals(FinishReason.STOP, assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1)).finishReason());
        cloud().server().verify(1, invoked(INVOKE).withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":50}")));
        cloud().server().verify(1, invoked(INVOKE_STREAM).withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Amzn-SageMaker-Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":50,"
                        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}")));
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void aTgiModelSendsInputsAndParametersAndReadsGenerateStreamEventsSplitAcrossParts() {
        ChatRequest request = ChatRequest.builder().user("Hello").maxTokens(50).build();
        ChatResponse answer;
        List<ChatChunk> chunks;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            ChatModel model = ai.endpoints().chatModel(NAME, ServingProtocol.TGI);
            answer = model.chat(request);
            chunks = streamed(model, request);
        }
        assertEquals(Canned.CHAT_TEXT, answer.text());
        assertEquals(Canned.STREAM_DELTAS, texts(chunks));
        String parameters = "\"parameters\":{\"max_new_tokens\":50,\"details\":true,\"return_full_text\":false}";
        cloud().server().verify(1, invoked(INVOKE).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"inputs\":\"Hello\"," + parameters + "}")));
        cloud().server().verify(1, invoked(INVOKE_STREAM).withHeader("X-Amzn-SageMaker-Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("{\"inputs\":\"Hello\"," + parameters + ",\"stream\":true}")));
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void openAiEmbeddingsAndTeiModelsSendTheirBodiesAndReadOneVectorPerText() {
        List<String> texts = List.of("first input", "second input");
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            for (ServingProtocol protocol : List.of(ServingProtocol.OPENAI_EMBEDDINGS, ServingProtocol.TEI)) {
                EmbeddingResponse r = ai.endpoints().embeddingModel(NAME, protocol).embed(EmbeddingRequest.builder().inputs(texts).build());
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(EmulatedEmbeddings.vector(texts.get(i), EmulatedServing.DIMENSIONS), r.embeddings().get(i).vector(),
                            1e-6f, protocol + " vector " + i);
                }
            }
        }
        cloud().server().verify(1, invoked(INVOKE).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"input\":[\"first input\",\"second input\"],\"encoding_format\":\"float\"}")));
        cloud().server().verify(1, invoked(INVOKE).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"inputs\":[\"first input\",\"second input\"],\"normalize\":true,\"truncate\":false}")));
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void textWhoseCharactersStraddlePayloadPartsComesOutWhole() {
        // OpenAI chat completion chunks (the chat completions streaming reference's shape), in 3-byte parts, so the
        // two- and three-byte characters of the text are split between parts
        String sse = chunkEvent("{\"role\":\"assistant\",\"content\":\"Gr\u00fc\u00dfe, \"}", "null")
                + chunkEvent("{\"content\":\"\u4e16\u754c\"}", "null") + chunkEvent("{}", "\"stop\"") + "data: [DONE]\n\n";
        List<byte[]> parts = new java.util.ArrayList<>();
        byte[] bytes = utf8(sse);
        for (int i = 0; i < bytes.length; i += 3) parts.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 3)));
        assertTrue(parts.stream().anyMatch(p -> (p[0] & 0xC0) == 0x80), "the premise: a part starts inside a character");
        cloud().server().stubFor(post(urlPathEqualTo(INVOKE_STREAM)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.amazon.eventstream").withBody(EventStreamFrames.payloadPartBytes(parts))));
        List<ChatChunk> chunks;
        try (CloudAi ai = newCloudAi()) {
            chunks = streamed(ai.endpoints().chatModel(NAME, ServingProtocol.OPENAI_CHAT), ChatRequest.ofUser("Hello"));
        }
        assertEquals("Gr\u00fc\u00dfe, \u4e16\u754c", String.join("", texts(chunks)));
        assertEquals(FinishReason.STOP, assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1)).finishReason());
    }

    private static String chunkEvent(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    @Test
    void anOverloadedContainerBeforeTheFirstChunkIsRetriedAndTheChatStreamSucceeds() {
        List<ChatChunk> chunks;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
            chunks = streamed(ai.endpoints().chatModel(NAME, ServingProtocol.TGI), ChatRequest.ofUser("Hello"));
        }
        assertEquals(Canned.STREAM_DELTAS, texts(chunks));
        cloud().server().verify(2, invoked(INVOKE_STREAM));
        assertEquals(2, cloud().requestCount(), "the 424, then the retry");
    }

    private static List<ChatChunk> streamed(ChatModel model, ChatRequest request) {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(1);
        model.stream(request).subscribe(subscriber);
        List<ChatChunk> chunks = subscriber.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(List.of(), subscriber.violations());
        return chunks;
    }

    private static List<String> texts(List<ChatChunk> chunks) {
        return chunks.stream().filter(c -> c instanceof ChatChunk.TextDelta d && !d.text().isEmpty())
                .map(c -> ((ChatChunk.TextDelta) c).text()).toList();
    }

    // ---- errors ----

    @Test
    void aContainersErrorIsJudgedByItsOwnStatusWithItsMessageReadFromItsErrorBody() {
        record Case(int status, String body, Class<? extends CloudAiException> type, boolean retryable) { }
        List<Case> cases = List.of(
                new Case(400, "{\"messages\":[]}", InvalidRequestException.class, false),          // vLLM's error body
                new Case(422, TGI_BODY, InvalidRequestException.class, false),                     // TGI's
                new Case(429, "{\"input\":\"x\"}", ThrottledException.class, true),
                new Case(503, "{\"inputs\":[\"x\"]}", UnavailableException.class, true),           // TEI's
                new Case(500, "1,2,3", UnavailableException.class, true));                         // plain text
        for (Case c : cases) {
            // a client per case: five failures in a row would open the circuit breaker
            try (CloudAi ai = newCloudAi()) {
                if (cloud().requestCount() == 0) deployed(ai);
                String message = "container says " + c.status();
                int attempts = c.retryable() ? 3 : 1;
                cloud().inject(Fault.containerError(c.status(), message), attempts);
                int before = cloud().requestCount();
                CloudAiException e = assertThrows(c.type(), () -> ai.endpoints().invoke(NAME, InvokeRequest.json(c.body())));
                assertTrue(e.getMessage().contains("the endpoint's model server answered HTTP " + c.status() + ": " + message
                        + " (SageMaker ModelError; logs: arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/"
                        + NAME + ")"), e::getMessage);
                assertTrue(!e.getMessage().contains("{"), () -> "the container's message, not its JSON: " + e.getMessage());
                assertEquals(c.retryable(), e.isRetryable(), e::toString);
                assertEquals(Optional.of("ModelError"), e.providerCode());
                assertEquals(OptionalInt.of(424), e.httpStatus());
                assertEquals(attempts, cloud().requestCount() - before, "attempts at " + c.status());
                // what the emulator relayed: the server's error body in the protocol the request speaks
                ModelErrorException relayed = assertInstanceOf(ModelErrorException.class, e.getCause());
                assertEquals(c.status(), relayed.originalStatusCode());
                assertEquals(EmulatedServing.sniff(utf8(c.body())).map(p -> EmulatedServing.errorBody(p, c.status(), message))
                        .orElse(message), relayed.originalMessage());
            }
        }
    }

    @Test
    void theOpenAiErrorShapeAndAnOriginalMessageWithoutJsonAreReadToo() {
        // the shape of SageMaker Runtime's ModelError (API_runtime_InvokeEndpoint.html, Errors: ModelError)
        List<String> originals = List.of("{\\\"error\\\":{\\\"message\\\":\\\"context too long\\\",\\\"type\\\":\\\"invalid_request_error\\\"}}",
                "context too long");
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            for (String original : originals) {
                cloud().server().stubFor(modelError(original));
                InvalidRequestException e = assertThrows(InvalidRequestException.class,
                        () -> ai.endpoints().invoke(NAME, InvokeRequest.json("{}")));
                assertTrue(e.getMessage().contains(": the endpoint's model server answered HTTP 400: context too long (SageMaker"),
                        e::getMessage);
            }
        }
    }

    private static MappingBuilder modelError(String originalMessage) {
        return post(urlPathEqualTo(INVOKE)).atPriority(2).willReturn(aResponse().withStatus(424)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-RequestId", "req-model")
                .withHeader("x-amzn-ErrorType", "ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/")
                .withBody("{\"Message\":\"Received client error (400) from primary\",\"OriginalMessage\":\"" + originalMessage
                        + "\",\"OriginalStatusCode\":400}"));
    }

    @Test
    void anUnknownEndpointIsNotFoundNamingItAndWhereToLookNotRetried() {
        try (CloudAi ai = newCloudAi()) {
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> ai.endpoints().invoke("my-llama", InvokeRequest.json(TGI_BODY)));
            assertTrue(e.getMessage().contains("'my-llama'") && e.getMessage().contains("Endpoints.list()"), e::getMessage);
            assertEquals(Optional.of("ValidationError"), e.providerCode());
        }
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void anOverloadedContainerBeforeTheFirstPartIsRetried() {
        List<byte[]> parts;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(TGI_BODY)).subscribe(subscriber);
            parts = subscriber.awaitCompletion(Duration.ofSeconds(10));
        }
        assertArrayEquals(EmulatedServing.answer(utf8(TGI_BODY), Optional.empty(), true).orElseThrow().body(), join(parts));
        cloud().server().verify(2, invoked(INVOKE_STREAM).withRequestBody(equalToJson(TGI_BODY)));
        assertEquals(2, cloud().requestCount(), "the 424, then the retry");
    }

    @Test
    void aCutResponseStreamSendsTheFirstEventsPartsOnly() {
        List<byte[]> parts;
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            cloud().inject(Fault.streamCut(), 1);
            // a blocking invocation is no stream: it is answered whole and leaves the fault pending
            assertTrue(ai.endpoints().invoke(NAME, InvokeRequest.json(TGI_BODY)).bodyAsString().contains("generated_text"));
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(TGI_BODY)).subscribe(subscriber);
            parts = subscriber.awaitCompletion(Duration.ofSeconds(10));
        }
        String first = EmulatedServing.answer(utf8(TGI_BODY), Optional.empty(), true).orElseThrow().events().get(0);
        assertEquals(first, new String(join(parts), StandardCharsets.UTF_8), "the first event, then the body ends");
        assertTrue(parts.size() > 1, "in parts like any other");
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void aResponseStreamThatBreaksAfterAPartDeliversThePartThenOneRetryableError() {
        // an exception frame after a PayloadPart: API_runtime_InvokeEndpointWithResponseStream.html, ResponseStream
        // (PayloadPart, ModelStreamError with Message and ErrorCode StreamBroken)
        byte[] frames = concat(EventStreamFrames.payloadParts(List.of("data:{\"index\":1")),
                EventStreamFrames.exception("ModelStreamError", "{\"Message\":\"The model stream broke.\",\"ErrorCode\":\"StreamBroken\"}"));
        cloud().server().stubFor(post(urlPathEqualTo(INVOKE_STREAM)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.amazon.eventstream").withBody(frames)));
        try (CloudAi ai = newCloudAi()) {
            deployed(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(TGI_BODY)).subscribe(subscriber);
            UnavailableException e = assertInstanceOf(UnavailableException.class, subscriber.awaitError(Duration.ofSeconds(10)));
            assertTrue(e.isRetryable() && e.getMessage().contains("The model stream broke."), e::toString);
            assertEquals(List.of("data:{\"index\":1"), subscriber.items().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
            assertEquals(List.of(), subscriber.violations());
        }
        assertEquals(1, cloud().requestCount(), "a stream that delivered a part is not retried");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return join(List.of(a, b));
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(p -> out.write(p, 0, p.length));
        return out.toByteArray();
    }
}

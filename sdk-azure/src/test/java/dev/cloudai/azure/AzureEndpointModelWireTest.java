package dev.cloudai.azure;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAi;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Own deployed models on Azure ML, at the transport: the deployment's serving environment, and the exact scoring
 * requests and answers of each serving protocol through {@code Endpoints.invoke/invokeAsync/invokeStream}, with the
 * container's errors as Azure ML relays them (HTTP 424 Model Error, per the online endpoint troubleshooting guide's
 * status table).
 */
class AzureEndpointModelWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WS = "/subscriptions/" + AzureCloud.SUBSCRIPTION_ID + "/resourceGroups/" + AzureCloud.RESOURCE_GROUP
            + "/providers/Microsoft.MachineLearningServices/workspaces/" + AzureCloud.WORKSPACE;
    private static final String Q = "?api-version=2024-04-01";
    private static final String NAME = "my-llama";
    private static final String SCORE = "/inference/" + NAME + "/score";
    private static final String KEY = "Bearer emulator-endpoint-key-" + NAME;

    private static final String CHAT = "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hello\"}],\"max_tokens\":50}";
    private static final String CHAT_STREAM = "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"Hello\"}],\"max_tokens\":50,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    private static final String TGI = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":50}}";
    private static final String TGI_STREAM = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":50},\"stream\":true}";
    private static final String EMBEDDINGS = "{\"input\":[\"first text\",\"second text\"]}";
    private static final String TEI = "{\"inputs\":[\"first text\",\"second text\"]}";

    private static CloudAi ai() {
        // no circuit breaker: one test fails many calls in a row on purpose
        return CloudAi.create(EMULATOR.config("azure").retry(Canned.FAST_RETRY)
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").property(ConfigKeys.CIRCUIT_ENABLED, "false").build());
    }

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static EndpointSpec.Builder spec() {
        return EndpointSpec.builder(NAME).image("azureml:vllm-serving:3").instanceType("Standard_NC24ads_A100_v4")
                .timeout(Duration.ofSeconds(10));
    }

    /** Deploys the endpoint with {@code ai} and forgets the deployment's requests. */
    private static void deploy(CloudAi ai) {
        ai.endpoints().deploy(spec().build());
        cloud().server().resetRequests();
    }

    private static List<LoggedRequest> scoring() {
        return cloud().server().findAll(postRequestedFor(urlEqualTo(SCORE)));
    }

    // ---- deployment ----

    @Test
    void aModelIdAndAcceleratorRequirementDeployWithTheModelAndTheSkusTensorParallelismTheSpecWinningConflicts() {
        EndpointSpec spec = EndpointSpec.builder(NAME).image("azureml:vllm-serving:3")
                .modelId("meta-llama/Llama-3.1-70B-Instruct")
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16).build())
                .environment("OPTION_TENSOR_PARALLEL_DEGREE", "1")    // the spec's own value wins over the derived one
                .environment("VLLM_LOGGING_LEVEL", "INFO")
                .timeout(Duration.ofSeconds(10)).build();
        try (CloudAi ai = ai()) {
            DeploymentPlan plan = ai.endpoints().plan(spec);
            assertEquals("Standard_NC48ads_A100_v4", plan.instanceType(), "2 A100 80GB: 160 GiB for 156.46 needed");
            assertEquals(2.0, plan.offer().acceleratorCount());
            ai.endpoints().deploy(spec);
        }
        cloud().server().verify(1, putRequestedFor(urlEqualTo(WS + "/onlineEndpoints/" + NAME + "/deployments/primary" + Q))
                .withRequestBody(equalToJson("""
                        {"location": "eastus", "kind": "Managed", "sku": {"name": "Default", "capacity": 1},
                         "properties": {"endpointComputeType": "Managed", "instanceType": "Standard_NC48ads_A100_v4",
                           "environmentId": "azureml:vllm-serving:3",
                           "environmentVariables": {"HF_MODEL_ID": "meta-llama/Llama-3.1-70B-Instruct",
                             "SM_NUM_GPUS": "2", "NUM_SHARD": "2", "OPTION_TENSOR_PARALLEL_DEGREE": "1",
                             "VLLM_LOGGING_LEVEL": "INFO"},
                           "scaleSettings": {"scaleType": "Default"}, "appInsightsEnabled": false}}""")));
    }

    // ---- blocking and async, each protocol ----

    @Test
    void eachProtocolsBodyIsPostedAsItIsToTheScoringUriWithTheKeyAndTheServersAnswerComesBack() throws Exception {
        try (CloudAi ai = ai()) {
            deploy(ai);
            for (String body : List.of(CHAT, TGI, EMBEDDINGS, TEI)) {
                byte[] expected = EmulatedServing.answer(body.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                        .orElseThrow().body();
                InvokeResponse blocking = ai.endpoints().invoke(NAME, InvokeRequest.json(body));
                assertEquals(new String(expected, StandardCharsets.UTF_8), blocking.bodyAsString(), body);
                assertEquals("application/json", blocking.contentType());
                assertTrue(blocking.requestId().isPresent(), "x-request-id");
                InvokeResponse async = ai.endpoints().invokeAsync(NAME, InvokeRequest.json(body)).get();
                assertEquals(new String(expected, StandardCharsets.UTF_8), async.bodyAsString(), body);
            }
        }
        List<LoggedRequest> requests = scoring();
        assertEquals(8, requests.size());
        assertEquals(8, cloud().requestCount(), "only scoring requests: the deploy read the URI and key");
        List<String> bodies = List.of(CHAT, CHAT, TGI, TGI, EMBEDDINGS, EMBEDDINGS, TEI, TEI);
        for (int i = 0; i < requests.size(); i++) {
            LoggedRequest r = requests.get(i);
            assertEquals(bodies.get(i), r.getBodyAsString());
            assertEquals(KEY, r.getHeader("Authorization"));
            assertEquals("application/json", r.getHeader("Content-Type"));
            assertEquals("application/json", r.getHeader("Accept"));
            assertFalse(r.containsHeader("azureml-model-deployment"), "traffic routing picks the deployment");
        }
    }

    @Test
    void chatAndEmbeddingModelsSendTheirProtocolsBodiesToTheScoringUri() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            ChatRequest prompt = ChatRequest.builder().user("Hello").maxTokens(50).build();
            for (ServingProtocol p : List.of(ServingProtocol.OPENAI_CHAT, ServingProtocol.TGI)) {
                assertEquals(Canned.CHAT_TEXT, ai.endpoints().chatModel(NAME, p).chat(prompt).text(), p.name());
            }
            for (ServingProtocol p : List.of(ServingProtocol.OPENAI_EMBEDDINGS, ServingProtocol.TEI)) {
                assertEquals(2, ai.endpoints().embeddingModel(NAME, p)
                        .embed(EmbeddingRequest.builder().inputs(List.of("first text", "second text")).build()).embeddings().size());
            }
        }
        List<LoggedRequest> requests = scoring();
        assertEquals(4, cloud().requestCount(), "one scoring request per call");
        List<ServingProtocol> sniffed = requests.stream()
                .map(r -> EmulatedServing.sniff(r.getBody()).orElse(null)).toList();
        assertEquals(List.of(ServingProtocol.OPENAI_CHAT, ServingProtocol.TGI, ServingProtocol.OPENAI_EMBEDDINGS,
                ServingProtocol.TEI), sniffed, "each body in its protocol");
        for (LoggedRequest r : requests) {
            assertEquals(KEY, r.getHeader("Authorization"));
            assertEquals("application/json", r.getHeader("Content-Type"));
        }
    }

    // ---- streaming ----

    @Test
    void aStreamedOpenAiChatAnswerArrivesAsTheServersEventsWithAcceptEventStream() {
        assertStreams(CHAT_STREAM);
    }

    @Test
    void aStreamedTgiAnswerArrivesAsTheServersTokenEvents() {
        assertStreams(TGI_STREAM);
    }

    private static void assertStreams(String body) {
        EmulatedServing.Answer expected = EmulatedServing.answer(body.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                .orElseThrow();
        assertTrue(expected.streamed());
        try (CloudAi ai = ai()) {
            deploy(ai);
            assertEquals(String.join("", expected.events()), joined(ai, body));
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo(SCORE))
                .withHeader("Authorization", equalTo(KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalTo(body)));
        assertEquals(1, cloud().requestCount());
    }

    /** The parts of a stream, requested one at a time, joined. */
    private static String joined(CloudAi ai, String body) {
        RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(1);
        ai.endpoints().invokeStream(NAME, InvokeRequest.of(body.getBytes(StandardCharsets.UTF_8), "application/json"))
                .subscribe(subscriber);
        List<byte[]> parts = subscriber.awaitCompletion(WAIT);
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamCancelledAfterItsFirstPartDeliversNothingMore() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.cancellingAfter(1);
            ai.endpoints().invokeStream(NAME, InvokeRequest.json(CHAT_STREAM)).subscribe(subscriber);
            assertEquals(1, subscriber.awaitItems(1, WAIT).size());
            assertEquals(List.of(), subscriber.afterCancel(), "signals after cancel");
            assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        }
    }

    @Test
    void anOverloadedContainerBeforeTheFirstPartIsRetriedWithTheCachedKey() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
            assertTrue(joined(ai, CHAT_STREAM).endsWith("data: [DONE]\n\n"));
        }
        assertEquals(2, scoring().size(), "the 424 wrapping a 503, then the retry");
        assertEquals(2, cloud().requestCount(), "no new read of the scoring URI or key: a container error is not theirs");
    }

    @Test
    void aCutScoringStreamEndsAfterTheServersFirstEvent() {
        byte[] body = TGI_STREAM.getBytes(StandardCharsets.UTF_8);
        String first = EmulatedServing.answer(body, Optional.empty(), false).orElseThrow().events().get(0);
        try (CloudAi ai = ai()) {
            deploy(ai);
            cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
            assertEquals(first, joined(ai, TGI_STREAM), "the first token event, and no end");
            assertEquals(new String(EmulatedServing.answer(TGI.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                    .orElseThrow().body(), StandardCharsets.UTF_8),
                    ai.endpoints().invoke(NAME, InvokeRequest.json(TGI)).bodyAsString(), "a request that does not stream is whole");
        }
    }

    @Test
    void anEndpointToldItsProtocolAnswersInItWhateverIsAsked() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            cloud().hostProtocol(NAME, ServingProtocol.TGI);
            String tgi = new String(EmulatedServing.answer(TGI.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                    .orElseThrow().body(), StandardCharsets.UTF_8);
            assertEquals(tgi, ai.endpoints().invoke(NAME, InvokeRequest.json(CHAT)).bodyAsString());
        }
    }

    // ---- errors ----

    @Test
    void containerErrorsAreMappedByTheContainersStatusWithItsMessage() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            assertContainerError(ai, 400, CHAT, InvalidRequestException.class, 1);
            assertContainerError(ai, 422, TGI, InvalidRequestException.class, 1);
            assertContainerError(ai, 429, CHAT, ThrottledException.class, Canned.FAST_RETRY.maxAttempts());
            assertContainerError(ai, 503, TGI, UnavailableException.class, Canned.FAST_RETRY.maxAttempts());
            assertContainerError(ai, 500, CHAT, UnavailableException.class, Canned.FAST_RETRY.maxAttempts());
        }
    }

    private static void assertContainerError(CloudAi ai, int status, String body, Class<? extends CloudAiException> type,
                                             int requests) {
        cloud().server().resetRequests();
        String message = "container says " + status;
        cloud().inject(Fault.containerError(status, message), requests);   // used up by the expected requests
        CloudAiException e = assertThrows(type, () -> ai.endpoints().invoke(NAME, InvokeRequest.json(body)));
        assertTrue(e.getMessage().contains(message), e::getMessage);
        assertEquals(status, e.info().httpStatus().orElse(0), "the container's status");
        assertEquals(Optional.of("model_error"), e.info().providerCode());
        assertEquals(requests, scoring().size(), status + ": retried only when retryable");
        assertEquals(requests, cloud().requestCount(), "the scoring URI and key are kept");
    }

    @Test
    void theContainersBodyIsRelayedIn424WithItsStatusInAHeader() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            cloud().inject(Fault.containerError(503, "the model server is overloaded"), EmulatedCloud.ALWAYS);
            assertThrows(UnavailableException.class, () -> ai.endpoints().invoke(NAME, InvokeRequest.json(TGI)));
        }
        var response = cloud().server().getAllServeEvents().get(0).getResponse();
        assertEquals(424, response.getStatus());
        assertEquals("503", response.getHeaders().getHeader("ms-azureml-model-error-statuscode").firstValue());
        assertEquals(EmulatedServing.errorBody(ServingProtocol.TGI, 503, "the model server is overloaded"),
                response.getBodyAsString());
    }

    @Test
    void aContainerStatusRelayedAsItIsIsMappedTheSameWay() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            // vLLM's error shape, as an OpenAI-compatible server writes it, relayed with the container's own status
            cloud().server().stubFor(post(urlEqualTo(SCORE)).atPriority(1).willReturn(aResponse().withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody(EmulatedServing.errorBody(ServingProtocol.OPENAI_CHAT, 503, "no free KV cache blocks"))));
            UnavailableException e = assertThrows(UnavailableException.class,
                    () -> ai.endpoints().invoke(NAME, InvokeRequest.json(CHAT)));
            assertTrue(e.getMessage().contains("no free KV cache blocks"), e::getMessage);
            assertEquals(Optional.of("ServiceUnavailableError"), e.info().providerCode());
        }
    }

    @Test
    void a424WithoutTheContainersStatusIsNotRetried() {
        try (CloudAi ai = ai()) {
            deploy(ai);
            cloud().server().stubFor(post(urlEqualTo(SCORE)).atPriority(1).willReturn(aResponse().withStatus(424)
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":\"CUDA out of memory\"}")));
            UnclassifiedException e = assertThrows(UnclassifiedException.class,
                    () -> ai.endpoints().invoke(NAME, InvokeRequest.json(TGI)));
            assertTrue(e.getMessage().contains("CUDA out of memory"), e::getMessage);
            assertFalse(e.isRetryable());
        }
        assertEquals(1, scoring().size());
    }

    @Test
    void anUnknownEndpointIsNotFoundNamingItAndWhereToLook() {
        try (CloudAi ai = ai()) {
            for (int i = 0; i < 2; i++) {
                NotFoundException e = i == 0
                        ? assertThrows(NotFoundException.class, () -> ai.endpoints().invoke("never-deployed", InvokeRequest.json(CHAT)))
                        : assertInstanceOf(NotFoundException.class, assertThrows(Exception.class,
                                () -> ai.endpoints().invokeAsync("never-deployed", InvokeRequest.json(CHAT)).join()).getCause());
                assertTrue(e.getMessage().contains("'never-deployed'") && e.getMessage().contains("Endpoints.list()"),
                        e::getMessage);
            }
            RecordingSubscriber<byte[]> subscriber = RecordingSubscriber.requesting(1);
            ai.endpoints().invokeStream("never-deployed", InvokeRequest.json(CHAT_STREAM)).subscribe(subscriber);
            assertInstanceOf(NotFoundException.class, subscriber.awaitError(WAIT));
        }
        cloud().server().verify(3, WireMock.getRequestedFor(urlEqualTo(WS + "/onlineEndpoints/never-deployed" + Q)));
        assertEquals(3, cloud().requestCount(), "one read each, not retried, no key asked for");
    }
}

package dev.cloudai.testkit.azure;

import dev.cloudai.testkit.StubTransformer;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.ServedModels;
import dev.cloudai.testkit.WireMockCloud;
import dev.cloudai.testkit.Canned;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The emulator of Azure: Azure OpenAI's data plane and Azure ML's management plane (ARM) and scoring URIs, on one
 * WireMock server. Serves {@link Canned} by default and renders {@link Fault}s the Azure way.
 *
 * <p>Azure OpenAI stubs follow the official REST specification, Azure/azure-rest-api-specs
 * {@code specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/inference.json}
 * (operations {@code ChatCompletions_Create} and {@code embeddings_create}). Chat answers by the
 * {@link dev.cloudai.testkit.EmulatedChat} rules, tools, structured output, images and reasoning included, and is as
 * strict as the service about tool turns, strict schemas and image data ({@link ChatAnswer}):
 * <pre>
 * POST /openai/deployments/{deployment}/chat/completions?api-version={GA version}   header api-key
 *      200 application/json chat.completion, with prompt_filter_results and content_filter_results
 *      with "stream":true: 200 text/event-stream, "data: {chunk}" events: a first chunk with empty choices and
 *      only prompt_filter_results, the deltas, a chunk with finish_reason, a last chunk with empty choices and
 *      usage, then "data: [DONE]"
 * POST /openai/deployments/{deployment}/embeddings?api-version={GA version}         {"input":[...]}
 *      200 one vector per input, float arrays or base64 as "encoding_format" asks
 * errors: {"error":{"code":..,"message":..}} with apim-request-id and x-ms-request-id; a 429 adds Retry-After
 *         (whole seconds) and retry-after-ms
 * </pre>
 * A request without {@code api-key} (or {@code Authorization: Bearer}) gets 401, and one with no {@code api-version}
 * or a preview other than 2024-12-01-preview (the version for reasoning models) 404, as Azure answers an unknown one. Azure ML's management plane is
 * {@link AzureMlState}'s, its scoring URIs (the model servers of deployed endpoints, {@link dev.cloudai.testkit.EmulatedServing})
 * {@link AzureMlScoring}'s. The public Azure Retail Prices API ({@code GET /api/retail/prices}, no credentials) serves
 * the test prices of {@link RetailPriceItems}; {@link RetailPrices} pages, throttles and fails it.
 *
 * <p>Only the deployments of {@link #models()} answer; any other deployment name gets Azure OpenAI's 404
 * {@code DeploymentNotFound} "The API deployment for this resource does not exist. ..." (the answer Azure sends for a
 * deployment name the resource lacks, as quoted in github.com/MicrosoftDocs/azure-docs/issues/114013).
 * Embeddings are {@link dev.cloudai.testkit.EmulatedEmbeddings}' vectors of each text. Batch jobs and their files
 * are {@link OpenAiBatches}': a batch moves one state per read, a request whose prompt holds
 * {@link #BATCH_FAIL_TRIGGER} fails, {@link #expireNextBatch()} expires one.
 *
 * <pre>{@code
 * try (CloudEmulator emulator = CloudEmulator.start(new AzureCloud().serveModels("my-gpt4o-deployment"))) {
 *     try (CloudAi ai = CloudAi.create(emulator.config("azure").build())) {
 *         ai.chatModel("my-gpt4o-deployment").chat(ChatRequest.ofUser("Hello"));
 *         ai.chatModel("gpt4o").chat(ChatRequest.ofUser("Hello"));       // NotFoundException: no such deployment
 *     }
 *     emulator.cloud("azure", AzureCloud.class).filterCompletions("violence");
 * }
 * }</pre>
 */
public final class AzureCloud extends WireMockCloud {
    /** The harmless API key {@link #properties()} configures; never a real one. */
    public static final String API_KEY = "emulator-azure-openai-key";
    public static final String SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
    public static final String RESOURCE_GROUP = "emulator-rg";
    public static final String WORKSPACE = "emulator-workspace";
    /** The location of the emulated workspace, where its endpoints and prices are. */
    public static final String LOCATION = AzureMlState.LOCATION;
    /** The Azure ML management API version the emulator serves. */
    public static final String ML_API_VERSION = AzureMlState.API_VERSION;

    private static final String CHAT = "/openai/deployments/[^/]+/chat/completions";
    private static final String SCORE = "/inference/[^/]+/score";
    private static final String EMBEDDINGS = "/openai/deployments/[^/]+/embeddings";
    private static final Pattern DEPLOYMENT = Pattern.compile("/openai/deployments/([^/]+)/(?:chat/completions|embeddings)");
    /**
     * The versions served: GA ones, and the one preview the adapter uses for reasoning models (the first that takes
     * {@code reasoning_effort}); any other preview gets 404, so an adapter drifting to one is caught.
     */
    private static final String GA_VERSION = "\\d{4}-\\d{2}-\\d{2}|2024-12-01-preview";
    /** Metadata of the stubs {@link #streamAnswer} and {@link #streamScoringParts} add, so the next call replaces them. */
    private static final String STREAM_ANSWER_TAG = "cloudai-stream-answer";
    private static final String SCORING_PARTS_TAG = "cloudai-scoring-parts";
    private static final int HELPER_PRIORITY = 3;                      // above the defaults, below faults

    private final AzureMlState ml = new AzureMlState();
    private final AzureMlScoring scoring = new AzureMlScoring(ml);
    private final ChatAnswer chat = new ChatAnswer();
    private final ServedModels deployments = new ServedModels(SampleModels.servedBy("azure"));
    private final OpenAiBatches batches = new OpenAiBatches(deployments::contains);

    public AzureCloud() {
        super("azure");
    }

    @Override
    protected void customize(WireMockConfiguration options) {
        options.extensions(ml, scoring, new EmbeddingsAnswer(), chat, batches, new StreamCutAnswer(scoring, chat),
                new RetailPricesApi());
    }

    @Override
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cloudai.azure.endpoint", baseUrl());
        p.put("cloudai.azure.api-key", API_KEY);
        p.put("cloudai.azure.subscription-id", SUBSCRIPTION_ID);
        p.put("cloudai.azure.resource-group", RESOURCE_GROUP);
        p.put("cloudai.azure.workspace", WORKSPACE);
        p.put("cloudai.azure.ml-endpoint", baseUrl());
        p.put("cloudai.azure.prices-endpoint", baseUrl());
        return p;
    }

    /** The Azure OpenAI deployment names this emulator answers: {@link SampleModels#servedBy(String)} and those added. */
    @Override
    public Set<String> models() {
        return deployments.all();
    }

    /** Adds Azure OpenAI deployment names this emulator answers; kept across {@link #reset()}. */
    @Override
    public AzureCloud serveModels(String... deploymentNames) {
        deployments.add(deploymentNames);
        return this;
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        ml.reset();
        // Azure OpenAI: a GA api-version and a credential, else Azure's own 404 / 401.
        server.stubFor(any(urlPathMatching("/openai/.*")).atPriority(9)
                .willReturn(error(404, "404", "Resource not found")));
        server.stubFor(any(urlPathMatching("/openai/.*")).atPriority(8).withQueryParam("api-version", matching(GA_VERSION))
                .willReturn(error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint."
                        + " Make sure to provide a valid key for an active subscription and use a correct regional API"
                        + " endpoint for your resource.")));
        // a deployment the resource does not have, asked with a valid version and key
        server.stubFor(post(urlPathMatching("/openai/deployments/[^/]+/.*")).atPriority(7)
                .withQueryParam("api-version", matching(GA_VERSION)).withHeader("api-key", matching(".+"))
                .willReturn(error(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you"
                        + " created the deployment within the last 5 minutes, please wait a moment and try again.")));
        // chat, blocking and streamed: the EmulatedChat rules (ChatAnswer); a plain request gets the canned answer
        server.stubFor(openAi(CHAT).willReturn(aResponse().withTransformers(ChatAnswer.NAME)));
        server.stubFor(openAi(EMBEDDINGS).willReturn(aResponse().withTransformers(EmbeddingsAnswer.NAME)));

        // Azure OpenAI files and batches: stateful, see OpenAiBatches.
        batches.reset();
        server.stubFor(any(urlPathMatching("/openai/(files|batches)(/.*)?")).withHeader("api-key", matching(".+"))
                .willReturn(aResponse().withTransformers(OpenAiBatches.NAME)));

        // Azure ML management plane: stateful, see AzureMlState.
        server.stubFor(any(urlPathMatching("/subscriptions/.*")).willReturn(aResponse().withTransformers(AzureMlState.NAME)));
        // Scoring URIs: the endpoint's key as a bearer token, the model server's answers (AzureMlScoring).
        server.stubFor(post(urlPathMatching(SCORE)).willReturn(aResponse().withTransformers(AzureMlScoring.NAME)));
        // The public Retail Prices API (RetailPricesApi; controls in RetailPrices).
        RetailPricesApi.registerDefaultStub(server);
    }

    /**
     * The text that makes a request of a batch fail, anywhere in a user message of its line: the line goes to the
     * error file as a prompt Azure's content filter blocked (status 400, code {@code content_filter}); the others
     * answer. The same trigger as the other clouds' emulators.
     */
    public static final String BATCH_FAIL_TRIGGER = BatchLines.FAIL_TRIGGER;

    /**
     * Until {@link #reset()}, the batch request with this custom id fails as one whose prompt holds
     * {@link #BATCH_FAIL_TRIGGER} does.
     */
    public void failBatchRequest(String customId) {
        Objects.requireNonNull(customId, "customId");
        server();   // fails when not running
        batches.failRequest(customId);
    }

    /** The batch lines of these custom ids fail as invalid requests (400, {@code invalid_request}) with {@code message}. */
    @Override
    public void failBatchItems(String message, String... customIds) {
        Objects.requireNonNull(message, "message");
        server();   // fails when not running
        for (String id : customIds) batches.failRequest(Objects.requireNonNull(id, "customIds"), message);
    }

    /**
     * The next batch created runs half of its requests and then expires (from {@code in_progress} straight to
     * {@code expired}); the others are written to its error file with code {@code batch_expired}. Once, or until
     * {@link #reset()}.
     */
    public void expireNextBatch() {
        server();   // fails when not running
        batches.expireNextBatch();
    }

    /**
     * The content of an Azure OpenAI file the emulator holds: an uploaded batch input, or a batch's output or error
     * file, as {@code GET /openai/files/{id}/content} serves it.
     *
     * @throws IllegalArgumentException when there is no such file
     */
    public String fileContent(String fileId) {
        server();   // fails when not running
        return batches.content(fileId);
    }

    /**
     * Until {@link #reset()}, chat completions (blocking and streamed) stop with {@code finish_reason:
     * content_filter}, the given category (for example {@code violence}) marked filtered.
     */
    public void filterCompletions(String category) {
        String filter = "{\"" + category + "\":{\"filtered\":true,\"severity\":\"high\"}}";
        server().stubFor(openAi(CHAT).atPriority(HELPER_PRIORITY)
                .willReturn(json(200, ChatAnswer.completion("Hello", "content_filter", filter))));
        server().stubFor(openAi(CHAT).atPriority(HELPER_PRIORITY - 1).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(sse(ChatAnswer.streamEvents(List.of("Hello"), "content_filter", filter, true))));
    }

    /**
     * Until {@link #reset()}, prompts are rejected as Azure rejects a prompt its content filter blocks: 400 with code
     * {@code content_filter} and {@code innererror.content_filter_result} marking {@code category} filtered.
     */
    public void filterPrompts(String category) {
        String body = "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's"
                + " content management policy. Please modify your prompt and retry.\",\"type\":null,\"param\":\"prompt\","
                + "\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
                + "\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"" + category
                + "\":{\"filtered\":true,\"severity\":\"high\"}}}}}";
        server().stubFor(openAi(CHAT).atPriority(HELPER_PRIORITY - 1).willReturn(json(400, body)));
    }

    /**
     * Until {@link #reset()}, streams stop after their first delta without a finish reason or {@code [DONE]}: the
     * connection closed mid-answer.
     */
    public void cutStreamsAfterFirstDelta() {
        server().stubFor(openAi(CHAT).atPriority(HELPER_PRIORITY).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(sse(ChatAnswer.streamEvents(Canned.STREAM_DELTAS.subList(0, 1), null, "{}", false))));
    }

    /**
     * Until {@link #reset()} (or the next call), every streamed chat completion of a served deployment answers exactly
     * these text deltas, whatever it asks: the prompt-filter chunk, the role, one {@code content} delta each, the
     * {@code stop} finish reason, the usage chunk and {@code [DONE]}. The neutral stream is then one {@code TextDelta}
     * per delta and the {@code Finished} chunk, which is how a test gets a stream of an exact length (the Reactive
     * Streams TCK does). Blocking chat completions are unchanged.
     *
     * <pre>{@code
     * cloud.streamAnswer(List.of("a", "b"));
     * ai.chatModel(Canned.CHAT_MODEL).stream(ChatRequest.ofUser("Hi"));   // TextDelta a, TextDelta b, Finished STOP
     * }</pre>
     */
    public void streamAnswer(List<String> textDeltas) {
        List<String> deltas = List.copyOf(textDeltas);
        WireMockServer server = server();   // fails when not running
        server.removeStubsByMetadata(matchingJsonPath("$.kind", equalTo(STREAM_ANSWER_TAG)));
        server.stubFor(openAi(CHAT).atPriority(HELPER_PRIORITY - 1).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withMetadata(Map.of("kind", STREAM_ANSWER_TAG))
                .willReturn(sse(ChatAnswer.streamEvents(deltas, "stop", "{}", true))));
    }

    /**
     * Until {@link #reset()} (or the next call), every scoring request to an online endpoint that serves answers
     * exactly these parts as its {@code text/event-stream} body, each part in an HTTP chunk of its own (the key and
     * traffic checks stay). {@code invokeStream} publishes the body in the pieces the connection delivers, so a test
     * gets a stream of an exact length (the Reactive Streams TCK does); an empty list is an empty body, a stream of no
     * part. WireMock cuts the body into chunks of one size, so the parts must all have the same length in bytes.
     *
     * <pre>{@code
     * cloud.streamScoringParts(List.of("p0", "p1", "p2"));
     * ai.endpoints().invokeStream("my-endpoint", InvokeRequest.json("{}"));   // three items: p0, p1 and p2
     * }</pre>
     *
     * @throws IllegalArgumentException when the parts are not all of one non-zero length in bytes
     */
    public void streamScoringParts(List<String> parts) {
        List<byte[]> bytes = parts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
        if (bytes.stream().mapToInt(b -> b.length).distinct().count() > 1 || bytes.stream().anyMatch(b -> b.length == 0)) {
            throw new IllegalArgumentException("parts: must all have the same non-zero length in bytes");
        }
        WireMockServer server = server();   // fails when not running
        server.removeStubsByMetadata(matchingJsonPath("$.kind", equalTo(SCORING_PARTS_TAG)));
        ResponseDefinitionBuilder answer = aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withHeader("x-request-id", UUID.randomUUID().toString()).withHeader("azureml-model-deployment", "primary")
                .withBody(String.join("", parts));
        // one chunk per part, flushed one after the other without a pause: the client reads each HTTP chunk apart
        if (!parts.isEmpty()) answer.withChunkedDribbleDelay(parts.size(), 0);
        ValueMatcher<Request> served = request -> {
            Matcher m = AzureMlScoring.SCORE.matcher(request.getUrl().replaceFirst("\\?.*", ""));
            String key = m.matches() ? AzureMlState.endpointKey(m.group(1)) : null;
            return MatchResult.of(key != null && ml.serves(m.group(1)) && ("Bearer " + key).equals(request.getHeader("Authorization")));
        };
        server.stubFor(post(urlPathMatching(SCORE)).atPriority(HELPER_PRIORITY).andMatching(served)
                .withMetadata(Map.of("kind", SCORING_PARTS_TAG)).willReturn(answer));
    }

    /**
     * Makes the next online deployment's operation end {@code Failed} with {@code reason} (error code
     * {@code DeploymentFailed}), as Azure ML reports a deployment that cannot start; the endpoint itself is fine and
     * can be deleted. Once, or until {@link #reset()}.
     */
    @Override
    public void failNextDeployment(String reason) {
        Objects.requireNonNull(reason, "reason");
        server();   // fails when not running
        ml.failNextDeployment(reason);
    }

    /** Whether the emulated workspace has an online endpoint of this name (deleting ones included). */
    public boolean hasEndpoint(String name) {
        return ml.hasEndpoint(name);
    }

    /**
     * Until {@link #reset()}, the online endpoint {@code endpointName} answers every scoring request in
     * {@code protocol}'s format, whatever the request looks like.
     */
    @Override
    public void hostProtocol(String endpointName, ServingProtocol protocol) {
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(protocol, "protocol");
        server();   // fails when not running
        ml.hostProtocol(endpointName, protocol);
    }

    /**
     * As {@link WireMockCloud#inject(Fault, int)}, but a {@link Fault.ContainerError} (a model server's failure) applies
     * to scoring requests only, so the management calls that find the scoring URI and key are not what fails.
     */
    @Override
    public void inject(Fault fault, int times) {
        if (fault instanceof Fault.ContainerError) inject(fault, times, urlPathMatching(SCORE));
        else super.inject(fault, times);
    }

    /**
     * The requests a {@link Fault.StreamCut} applies to: streaming chat completions, and scoring requests whose body
     * asks to stream ({@code "stream": true}, as OpenAI-compatible and TGI servers take it).
     */
    @Override
    protected MappingBuilder streamingRequests() {
        ValueMatcher<Request> chatOrScoring = request -> AzureMlScoring.isScoring(request)
                ? MatchResult.exactMatch()
                : openAi(CHAT).build().getRequest().match(request);
        return post(urlPathMatching(CHAT + "|" + SCORE)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .andMatching(chatOrScoring);
    }

    /**
     * The stream of the request's answer, stopped in the middle. Chat completions end without finish reason or
     * {@code [DONE]}: inside the first tool call (after its id, name and first arguments piece) when the answer has
     * one, else after the first text delta. A scoring stream ends after the server's first event.
     */
    @Override
    protected ResponseDefinitionBuilder renderStreamCut() {
        return aResponse().withTransformers(StreamCutAnswer.NAME).withTransformerParameter(ChatAnswer.CUT, true);
    }

    @Override
    protected ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault) {
        if (fault instanceof Fault.Throttle t) {
            ResponseDefinitionBuilder r = error(429, "429", "Requests to the ChatCompletions_Create Operation under Azure"
                    + " OpenAI API version 2024-06-01 have exceeded token rate limit of your current OpenAI S0 pricing tier."
                    + " Please retry after 1 second.");
            t.retryAfter().ifPresent(d -> r
                    .withHeader("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)))
                    .withHeader("retry-after-ms", Long.toString(d.toMillis())));
            return r;
        }
        if (fault instanceof Fault.ServerError s) {
            return error(s.status(), s.status() == 503 ? "ServiceUnavailable" : "InternalServerError",
                    "The server had an error while processing your request. Sorry about that!");
        }
        if (fault instanceof Fault.InvalidRequest i) return error(400, "invalid_request_error", i.message());
        if (fault instanceof Fault.Unauthorized) {
            return error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
        }
        if (fault instanceof Fault.NotFound) {
            return error(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you created"
                    + " the deployment within the last 5 minutes, please wait a moment and try again.");
        }
        if (fault instanceof Fault.ContainerError c) {
            // rendered per request: the container's error body is in the protocol the request speaks
            return aResponse().withTransformers(AzureMlScoring.NAME)
                    .withTransformerParameter(AzureMlScoring.CONTAINER_STATUS, c.status())
                    .withTransformerParameter(AzureMlScoring.CONTAINER_MESSAGE, c.message());
        }
        if (fault instanceof Fault.MalformedBody) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withHeader("apim-request-id", UUID.randomUUID().toString())
                    .withBody("{\"id\":\"chatcmpl-emulator\",\"choices\":[{\"message\":{\"content\":\"Hello fr");
        }
        throw new IllegalArgumentException("fault: " + fault + " is not a response fault the Azure emulator knows");
    }

    /** A cut stream's answer: a scoring stream's ({@link AzureMlScoring}), else a chat completion's ({@link ChatAnswer}). */
    private static final class StreamCutAnswer extends StubTransformer {
        static final String NAME = "azure-stream-cut";
        private final AzureMlScoring scoring;
        private final ChatAnswer chat;

        StreamCutAnswer(AzureMlScoring scoring, ChatAnswer chat) {

            super(NAME);
            this.scoring = scoring;
            this.chat = chat;
        }



        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return AzureMlScoring.isScoring(serveEvent.getRequest()) ? scoring.transform(serveEvent) : chat.transform(serveEvent);
        }
    }

    // ---- wire bodies ----

    /** A request to one of the served deployments, with a GA api-version and a key. */
    private MappingBuilder openAi(String path) {
        return post(urlPathMatching(path)).withQueryParam("api-version", matching(GA_VERSION))
                .withHeader("api-key", matching(".+")).andMatching(deployments.inPath(DEPLOYMENT));
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader("apim-request-id", UUID.randomUUID().toString()).withBody(body);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("apim-request-id", UUID.randomUUID().toString())
                .withHeader("x-ms-request-id", UUID.randomUUID().toString())
                .withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}}");
    }
}

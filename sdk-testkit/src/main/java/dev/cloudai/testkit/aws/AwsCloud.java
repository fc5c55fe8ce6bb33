package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.ServedModels;
import dev.cloudai.testkit.RequiredLibrary;
import dev.cloudai.testkit.WireMockCloud;
import dev.cloudai.testkit.Canned;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The emulator of AWS for the {@code aws} provider: Amazon Bedrock Runtime, SageMaker and SageMaker Runtime on one
 * WireMock server, speaking their wire formats as the AWS SDK for Java v2 sends and parses them. Default stubs serve
 * {@link Canned}; {@link #inject(Fault, int)} renders faults the AWS way.
 *
 * <pre>{@code
 * try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud().serveModels("meta.llama3-8b-instruct-v1:0"))) {
 *     try (CloudAi ai = CloudAi.create(emulator.config("aws").build())) {
 *         ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chat(ChatRequest.ofUser("Hello"));   // Canned.CHAT_TEXT
 *         ai.chatModel("no-such-model").chat(ChatRequest.ofUser("Hello"));   // NotFoundException, as on Bedrock
 *     }
 * }
 * }</pre>
 *
 * <p>What it serves, and the official reference each part follows:
 * <ul>
 *   <li>{@code POST /model/{modelId}/converse}: Bedrock Converse
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html), JSON, answering by the
 *       {@link dev.cloudai.testkit.EmulatedChat} rules (tools, structured output, tool results, images and documents,
 *       reasoning) and refusing what Bedrock refuses ({@link BedrockConverse}).</li>
 *   <li>{@code POST /model/{modelId}/converse-stream}: Bedrock ConverseStream
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html), an
 *       {@code application/vnd.amazon.eventstream} body of frames with valid CRCs ({@link EventStreamFrames}).</li>
 *   <li>{@code POST /model/{modelId}/invoke}: Bedrock InvokeModel
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html) for the embedding
 *       models, Titan Text Embeddings and Cohere Embed v3, in their own JSON, with
 *       {@link dev.cloudai.testkit.EmulatedEmbeddings}' vector of each text ({@link BedrockEmbeddings}).</li>
 *   <li>Only the models of {@link #models()} answer; any other model id gets Bedrock's answer for an id it does not
 *       know: 400 {@code ValidationException} "The provided model identifier is invalid." (Bedrock API reference,
 *       Converse, Errors: ValidationException; the message as Bedrock sends it, quoted in
 *       github.com/aws-samples/amazon-bedrock-workshop/issues/315).</li>
 *   <li>{@code POST /} with {@code X-Amz-Target: SageMaker.<Op>}: the SageMaker API
 *       (https://docs.aws.amazon.com/sagemaker/latest/APIReference/), JSON 1.1: CreateModel, CreateEndpointConfig,
 *       CreateEndpoint, DescribeEndpoint, DescribeEndpointConfig, ListEndpoints, DeleteEndpoint,
 *       DeleteEndpointConfig, DeleteModel, over models, configs and endpoints kept by name ({@link SageMakerState}):
 *       a new endpoint's first DescribeEndpoint answers {@code Creating}, the later ones {@code InService}; a missing
 *       one is SageMaker's 400 {@code ValidationException} "Could not find endpoint".
 *       {@link #failNextDeployment(String)} makes the next endpoint end {@code Failed} instead.</li>
 *   <li>{@code POST /endpoints/{name}/invocations}: SageMaker Runtime InvokeEndpoint
 *       (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html), and
 *       {@code POST /endpoints/{name}/invocations-response-stream}: InvokeEndpointWithResponseStream, the answer as
 *       {@code PayloadPart} events of {@link #STREAM_PART_BYTES} bytes; only for an endpoint that is {@code InService},
 *       else SageMaker Runtime's 400 {@code ValidationError} "Endpoint {name} of account {account} not found.". The
 *       endpoint hosts the model servers of {@link dev.cloudai.testkit.EmulatedServing}: a body in a serving protocol
 *       gets that server's answer ({@link #hostProtocol} fixes the protocol), any other body
 *       {@link Canned#INVOKE_RESPONSE_BODY}. A {@link Fault.ContainerError} is SageMaker's 424 {@code ModelError}
 *       relaying the server's error body.</li>
 *   <li>The price APIs of a catalog refresh, {@link AwsPrices} ({@link #prices()}): the Price List's
 *       {@code GetProducts}, Savings Plans' {@code DescribeSavingsPlansOfferingRates} and EC2's
 *       {@code DescribeSpotPriceHistory}, over {@link CannedPrices} (test data).</li>
 *   <li>Bedrock batch inference: {@code POST /model-invocation-job}, {@code GET /model-invocation-job/{id}},
 *       {@code GET /model-invocation-jobs} and {@code POST /model-invocation-job/{id}/stop}
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html and its
 *       siblings), jobs moving through their states on reads and writing their output to S3
 *       ({@link BedrockBatchJobs}); faults by {@link #failBatchRecord}, {@link #BATCH_FAIL_TEXT},
 *       {@link #endNextBatchJob} and {@link #throttleNextBatchStatusCheck}.</li>
 *   <li>S3, path-style, for the batch files: PutObject, GetObject (ranges too), HeadObject and ListObjectsV2 (paged,
 *       for jobs whose input is a folder), told from the other
 *       services by their SigV4 signing scope ({@code .../s3/aws4_request}); buckets {@link #BATCH_BUCKET} and those
 *       made with {@link #createBucket} ({@link S3Objects}).</li>
 * </ul>
 * Errors follow the AWS JSON protocols: the code in header {@code x-amzn-ErrorType} (REST-JSON, Bedrock) and in
 * the body's {@code __type} (JSON 1.1, SageMaker), the message in the body; every answer has {@code x-amzn-RequestId}.
 */
public final class AwsCloud extends WireMockCloud {
    /** The region {@link #properties()} configures. */
    public static final String REGION = "us-east-1";
    /** The account in the ARNs the emulator answers with. */
    public static final String ACCOUNT = "123456789012";
    /** The SageMaker instance type the contract tests deploy on. */
    public static final String INSTANCE_TYPE = "ml.g5.xlarge";

    /** The parts a streamed invocation answers with; together they are {@link Canned#INVOKE_RESPONSE_BODY}. */
    public static final List<String> STREAMED_INVOKE_PARTS = List.of(
            Canned.INVOKE_RESPONSE_BODY.substring(0, 12), Canned.INVOKE_RESPONSE_BODY.substring(12, 24),
            Canned.INVOKE_RESPONSE_BODY.substring(24));

    /**
     * The size in bytes of the {@code PayloadPart}s an endpoint's response stream is split into (the last one
     * shorter): small and odd, so parts end inside events, inside {@code data:} lines and inside multi-byte UTF-8
     * characters, which a client must reassemble, as SageMaker relays whatever the container flushed.
     */
    public static final int STREAM_PART_BYTES = 7;

    /** Input tokens the emulated prompt cache reads, in an answer to a request with a {@code cachePoint}. */
    public static final int CACHE_READ_TOKENS = 6;
    /** Input tokens the emulated prompt cache writes, in an answer to a request with a {@code cachePoint}. */
    public static final int CACHE_WRITE_TOKENS = 2;

    /** The bucket the emulator has from the start, where {@link #properties()} puts batch files. */
    public static final String BATCH_BUCKET = "cloudai-batch";
    /** The batch location {@link #properties()} configures ({@code cloudai.aws.batch-bucket}). */
    public static final String BATCH_LOCATION = "s3://" + BATCH_BUCKET + "/jobs";
    /** The IAM role {@link #properties()} configures for batch jobs ({@code cloudai.aws.batch-role}). */
    public static final String BATCH_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/cloudai-batch";
    /**
     * A batch record whose body contains this text fails: its output line is
     * {@code {"recordId","modelInput","error":{"errorCode":400,"errorMessage":...}}}. For a prompt such as
     * {@code "FAIL_THIS_ITEM"}; {@link #failBatchRecord(String)} does the same by record id.
     */
    public static final String BATCH_FAIL_TEXT = "FAIL_THIS_ITEM";

    /** The priority of the default stubs; test stubs can go above it (2 to 4). */
    static final int DEFAULT_PRIORITY = 5;
    /** Below the default stubs: what answers a model or endpoint the default stubs do not serve. */
    private static final int UNKNOWN_PRIORITY = 7;
    private static final int OVERRIDE_PRIORITY = 3;
    /** Above the Bedrock and SageMaker stubs: an S3 request whose bucket is named like one of their paths is still S3's. */
    private static final int S3_PRIORITY = 4;

    /** Metadata of the stubs {@link #streamAnswer} and {@link #streamPayloadParts} add, so the next call replaces them. */
    private static final String STREAM_ANSWER_TAG = "cloudai-stream-answer";
    private static final String PAYLOAD_PARTS_TAG = "cloudai-payload-parts";

    private static final Pattern CONVERSE = Pattern.compile("/model/([^/]+)/converse");
    private static final Pattern CONVERSE_STREAM = Pattern.compile("/model/([^/]+)/converse-stream");
    private static final Pattern INVOKE_MODEL = Pattern.compile("/model/([^/]+)/invoke");

    private final ServedModels models = new ServedModels(SampleModels.servedBy("aws"));
    private final SageMakerState sageMaker = new SageMakerState();
    private final AwsPrices prices = new AwsPrices();
    private final S3Objects s3 = new S3Objects(Set.of(BATCH_BUCKET));
    private final BedrockBatchJobs batchJobs = new BedrockBatchJobs(models, s3);

    /** The AWS event stream codec the streamed answers are framed with; sdk-testkit declares it optional. */
    static final RequiredLibrary EVENTSTREAM = new RequiredLibrary("software.amazon.eventstream", "eventstream",
            "software.amazon.eventstream.Message", "dev.cloudai:sdk-aws brings it");

    /** The emulator of provider {@code aws}. */
    public AwsCloud() {
        super("aws");
    }

    @Override
    protected void customize(WireMockConfiguration options) {
        options.extensions(sageMaker, new BedrockEmbeddings(), new BedrockConverse(), s3, batchJobs);
        options.extensions(prices.extensions().toArray(new com.github.tomakehurst.wiremock.extension.Extension[0]));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException naming the artifact when the AWS event stream codec is not on the classpath
     */
    @Override
    public void start() {
        RequiredLibrary.requireAll(AwsCloud.class, EVENTSTREAM);
        super.start();
    }

    /**
     * {@code cloudai.aws.endpoint} (this server, for every AWS service), {@code cloudai.aws.region}, and the batch
     * settings {@code cloudai.aws.batch-bucket} ({@link #BATCH_LOCATION}) and {@code cloudai.aws.batch-role}
     * ({@link #BATCH_ROLE}).
     */
    @Override
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cloudai.aws.endpoint", baseUrl());
        p.put("cloudai.aws.region", REGION);
        p.put("cloudai.aws.batch-bucket", BATCH_LOCATION);
        p.put("cloudai.aws.batch-role", BATCH_ROLE);
        return p;
    }

    /** The Bedrock model ids this emulator answers: {@link SampleModels#servedBy(String)} and those added. */
    @Override
    public Set<String> models() {
        return models.all();
    }

    /** Adds Bedrock model ids (or inference profile ids) this emulator answers; kept across {@link #reset()}. */
    @Override
    public AwsCloud serveModels(String... modelIds) {
        models.add(modelIds);
        return this;
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        sageMaker.reset();
        prices.register(server, DEFAULT_PRIORITY);
        s3.reset();
        batchJobs.reset();
        registerBedrock(server);
        // S3 (batch files), told apart by the service in the request's SigV4 scope, whatever the bucket's name
        server.stubFor(any(urlPathMatching("/[^/]+(/.*)?")).atPriority(S3_PRIORITY)
                .withHeader("Authorization", matching(".*/s3/aws4_request.*"))
                .willReturn(aResponse().withTransformers(S3Objects.NAME)));
        // Bedrock's control plane: batch inference jobs
        server.stubFor(post(urlPathEqualTo("/model-invocation-job")).atPriority(DEFAULT_PRIORITY)
                .willReturn(aResponse().withTransformers(BedrockBatchJobs.NAME)));
        server.stubFor(any(urlPathMatching("/model-invocation-job/[^/]+(/stop)?")).atPriority(DEFAULT_PRIORITY)
                .willReturn(aResponse().withTransformers(BedrockBatchJobs.NAME)));
        server.stubFor(get(urlPathEqualTo("/model-invocation-jobs")).atPriority(DEFAULT_PRIORITY)
                .willReturn(aResponse().withTransformers(BedrockBatchJobs.NAME)));
        // SageMaker: models, endpoint configs and endpoints, kept by SageMakerState
        server.stubFor(post(urlPathEqualTo("/")).atPriority(DEFAULT_PRIORITY).withHeader("X-Amz-Target", matching("SageMaker\\..+"))
                .willReturn(aResponse().withTransformers(SageMakerState.NAME)));
        // SageMaker Runtime InvokeEndpoint and InvokeEndpointWithResponseStream of an endpoint in service: the answer
        // of the model server it hosts (EmulatedServing), whole or in PayloadParts
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations(-response-stream)?")).atPriority(DEFAULT_PRIORITY)
                .andMatching(this::servedEndpoint).willReturn(aResponse().withTransformers(SageMakerState.NAME)));
        // any other endpoint: SageMaker Runtime's "not found"
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations(-response-stream)?")).atPriority(UNKNOWN_PRIORITY)
                .willReturn(aResponse().withTransformers(SageMakerState.NAME)));
    }

    // ---- Bedrock Runtime ----

    private void registerBedrock(WireMockServer server) {
        // Converse and ConverseStream by the EmulatedChat rules; a plain request gets the canned answer
        server.stubFor(post(urlPathMatching("/model/[^/]+/converse")).atPriority(DEFAULT_PRIORITY).andMatching(models.inPath(CONVERSE))
                .willReturn(aResponse().withTransformers(BedrockConverse.NAME)));
        server.stubFor(streamingRequests().atPriority(DEFAULT_PRIORITY).willReturn(aResponse().withTransformers(BedrockConverse.NAME)));

        // the embedding models, Titan and Cohere, each in its own JSON
        server.stubFor(post(urlPathMatching("/model/[^/]*(titan-embed|cohere\\.embed)[^/]*/invoke")).atPriority(DEFAULT_PRIORITY)
                .andMatching(models.inPath(INVOKE_MODEL))
                .willReturn(aResponse().withTransformers(BedrockEmbeddings.NAME)));

        // a model this emulator does not serve
        server.stubFor(post(urlPathMatching("/model/[^/]+/(converse|converse-stream|invoke|invoke-with-response-stream)"))
                .atPriority(UNKNOWN_PRIORITY)
                .willReturn(error(400, "ValidationException", "The provided model identifier is invalid.")));
    }

    /** A Converse answer with {@code text}, the canned usage and {@code stopReason}. */
    static String converseBody(String text, String stopReason) {
        return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
                + "\"stopReason\":\"" + stopReason + "\",\"usage\":{\"inputTokens\":" + Canned.INPUT_TOKENS
                + ",\"outputTokens\":" + Canned.OUTPUT_TOKENS + ",\"totalTokens\":" + Canned.USAGE.totalTokens()
                + "},\"metrics\":{\"latencyMs\":42}}";
    }

    /**
     * The requests a {@link Fault.StreamCut} applies to: ConverseStream requests to a served model, and
     * InvokeEndpointWithResponseStream requests to an endpoint in service.
     */
    @Override
    protected MappingBuilder streamingRequests() {
        return post(urlPathMatching("/model/[^/]+/converse-stream|/endpoints/[^/]+/invocations-response-stream"))
                .andMatching(request -> SageMakerState.invokedEndpoint(request.getUrl()) != null ? servedEndpoint(request)
                        : models.inPath(CONVERSE_STREAM).match(request));
    }

    /**
     * The answer the request would get, stopped in the middle. ConverseStream: inside the first tool call (after its
     * {@code contentBlockStart} and first input delta), else after the first delta; the body ends there, without
     * {@code contentBlockStop} and {@code messageStop}, as when the connection closes between frames. An endpoint's
     * response stream: the {@code PayloadPart}s of the server's first event only, then the body ends, without the
     * protocol's end ({@code data: [DONE]}, TGI's last event with {@code details}).
     */
    @Override
    protected ResponseDefinitionBuilder renderStreamCut() {
        return aResponse().withTransformers(SageMakerState.NAME, BedrockConverse.NAME)
                .withTransformerParameter(BedrockConverse.CUT, true);
    }

    private MatchResult servedEndpoint(com.github.tomakehurst.wiremock.http.Request request) {
        return MatchResult.of(sageMaker.serves(SageMakerState.invokedEndpoint(request.getUrl())));
    }

    /**
     * Makes the next ConverseStream answer {@code deltasBeforeCut} of the canned deltas and then an exception frame
     * ({@code internalServerException}): the stream breaks mid-way, as when Bedrock fails after answering in part.
     */
    public void cutNextStream(int deltasBeforeCut) {
        if (deltasBeforeCut < 0 || deltasBeforeCut > Canned.STREAM_DELTAS.size()) {
            throw new IllegalArgumentException("deltasBeforeCut: must be from 0 to " + Canned.STREAM_DELTAS.size()
                    + ", was " + deltasBeforeCut);
        }
        server().stubFor(post(urlPathMatching("/model/[^/]+/converse-stream")).atPriority(OVERRIDE_PRIORITY)
                .andMatching(models.inPath(CONVERSE_STREAM))
                .inScenario("cut stream " + UUID.randomUUID()).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("used")
                .willReturn(eventStream(EventStreamFrames.cutStream(Canned.STREAM_DELTAS.subList(0, deltasBeforeCut),
                        "internalServerException", "The server had an error processing the stream; retry your request."))));
    }

    /**
     * Until {@link #reset()} (or the next call), every ConverseStream request to a served model answers exactly these
     * text deltas, whatever it asks: {@code messageStart}, one {@code contentBlockDelta} per delta,
     * {@code contentBlockStop}, {@code messageStop} ({@code end_turn}) and {@code metadata} with the canned usage. The
     * neutral stream is then one {@code TextDelta} per delta and the {@code Finished} chunk, which is how a test gets a
     * stream of an exact length (the Reactive Streams TCK does). Converse (blocking) is unchanged.
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
        server.stubFor(post(urlPathMatching("/model/[^/]+/converse-stream")).atPriority(OVERRIDE_PRIORITY)
                .andMatching(models.inPath(CONVERSE_STREAM)).withMetadata(Map.of("kind", STREAM_ANSWER_TAG))
                .willReturn(eventStream(EventStreamFrames.converseStream(deltas, "end_turn", Canned.INPUT_TOKENS,
                        Canned.OUTPUT_TOKENS))));
    }

    /**
     * Until {@link #reset()} (or the next call), every InvokeEndpointWithResponseStream request to an endpoint in
     * service answers exactly these parts, one {@code PayloadPart} event each (UTF-8), whatever its body; an empty list
     * is an answer of no part at all. {@code invokeStream} then publishes one item per part, so a test gets a stream of
     * an exact length (the Reactive Streams TCK does). InvokeEndpoint (blocking) is unchanged.
     *
     * <pre>{@code
     * cloud.streamPayloadParts(List.of("{\"a\":", "1}"));
     * ai.endpoints().invokeStream("my-endpoint", InvokeRequest.json("{}"));   // two items: {"a": and 1}
     * }</pre>
     */
    public void streamPayloadParts(List<String> parts) {
        List<String> copy = List.copyOf(parts);
        WireMockServer server = server();   // fails when not running
        server.removeStubsByMetadata(matchingJsonPath("$.kind", equalTo(PAYLOAD_PARTS_TAG)));
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations-response-stream")).atPriority(OVERRIDE_PRIORITY)
                .andMatching(this::servedEndpoint).withMetadata(Map.of("kind", PAYLOAD_PARTS_TAG))
                .willReturn(eventStream(EventStreamFrames.payloadParts(copy))));
    }

    // ---- prices ----

    /** The price APIs (Price List, Savings Plans, EC2 spot price history), to page, throttle or fail them. */
    public AwsPrices prices() {
        server();   // fails when not running
        return prices;
    }

    // ---- SageMaker ----

    /**
     * Makes the endpoint created next end {@code Failed} with {@code reason} as its {@code FailureReason}: its first
     * DescribeEndpoint answers {@code Creating}, the later ones {@code Failed}. The endpoint, its config and model stay
     * until deleted. Once, or until {@link #reset()}.
     */
    @Override
    public void failNextDeployment(String reason) {
        Objects.requireNonNull(reason, "reason");
        server();   // fails when not running
        sageMaker.failNextDeployment(reason);
    }

    /**
     * Makes the endpoint {@code endpointName} answer every invocation as a server of {@code protocol} does, whatever
     * the body: blocking, streamed, and in its errors. The endpoint need not exist yet. Until {@link #reset()}.
     */
    @Override
    public void hostProtocol(String endpointName, ServingProtocol protocol) {
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(protocol, "protocol");
        server();   // fails when not running
        sageMaker.hostProtocol(endpointName, protocol);
    }

    /**
     * Makes the first DescribeEndpoint of the endpoint created next answer SageMaker's throttle (a 400 with
     * {@code __type: ThrottlingException}); the reads after it go on as usual ({@code Creating}, then
     * {@code InService}). For checking that a deploy rides out a throttled status check. Once, or until {@link #reset()}.
     */
    public void throttleNextStatusCheck() {
        server();   // fails when not running
        sageMaker.throttleNextStatusCheck();
    }

    // ---- Bedrock batch inference and S3 ----

    /**
     * Makes the batch records of these custom ids fail in every job that has them, until {@link #reset()}: each output
     * line carries {@code "error":{"errorCode":400,"errorMessage":message}} instead of {@code modelOutput}.
     */
    @Override
    public void failBatchItems(String message, String... customIds) {
        Objects.requireNonNull(message, "message");
        server();   // fails when not running
        for (String id : customIds) batchJobs.failRecord(Objects.requireNonNull(id, "customIds"), message);
    }

    /**
     * Makes the batch record {@code recordId} fail in every job that has it, until {@link #reset()}, with the
     * emulator's own message (as {@link #failBatchItems}). {@link #BATCH_FAIL_TEXT} in a record's body does the same.
     */
    public void failBatchRecord(String recordId) {
        Objects.requireNonNull(recordId, "recordId");
        server();   // fails when not running
        batchJobs.failRecord(recordId);
    }

    /**
     * Makes the batch job created next end in {@code status} instead of {@code Completed}: {@code PartiallyCompleted}
     * or {@code Expired} (the output holds the first half of the records) or {@code Failed} (no output), with
     * {@code message} as the job's message. Once, or until {@link #reset()}.
     *
     * @throws IllegalArgumentException for another status
     */
    public void endNextBatchJob(String status, String message) {
        if (!Set.of("PartiallyCompleted", "Expired", "Failed").contains(status)) {
            throw new IllegalArgumentException("status: must be PartiallyCompleted, Expired or Failed, was " + status);
        }
        server();   // fails when not running
        batchJobs.endNextJob(status, message);
    }

    /** Makes the next GetModelInvocationJob answer 429 {@code ThrottlingException}; the job does not move. Once. */
    public void throttleNextBatchStatusCheck() {
        server();   // fails when not running
        batchJobs.throttleNextRead();
    }

    /** Moves every batch job that is not finished to its end at once, output written, as enough status reads would. */
    public void finishBatchJobs() {
        server();   // fails when not running
        batchJobs.finishAll();
    }

    /** Adds an (empty) S3 bucket; {@link #BATCH_BUCKET} is there from the start. Until {@link #reset()}. */
    public void createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        server();   // fails when not running
        s3.createBucket(bucket);
    }

    /** The S3 object's bytes as stored (an upload decoded from its chunked encoding), or empty when there is none. */
    public Optional<byte[]> s3Object(String bucket, String key) {
        server();   // fails when not running
        return s3.get(bucket, key);
    }

    /** Stores an S3 object, replacing one of that key: to give a job's output lines of a test's own. */
    public void putS3Object(String bucket, String key, byte[] data) {
        server();   // fails when not running
        s3.put(bucket, key, data, "application/octet-stream");
    }

    // ---- faults ----

    @Override
    protected ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault) {
        if (fault instanceof Fault.Throttle throttle) {
            ResponseDefinitionBuilder r = error(429, "ThrottlingException", "Too many requests, please wait before trying again.");
            throttle.retryAfter().ifPresent(d ->
                    r.withHeader("Retry-After", BigDecimal.valueOf(d.toMillis()).movePointLeft(3).toPlainString()));
            return r;
        }
        if (fault instanceof Fault.ServerError e) {
            return e.status() == 503
                    ? error(503, "ServiceUnavailableException", "The service is unavailable. Try again later.")
                    : error(e.status(), "InternalServerException", "The server encountered an internal error. Try again later.");
        }
        if (fault instanceof Fault.InvalidRequest invalid) return error(400, "ValidationException", escape(invalid.message()));
        if (fault instanceof Fault.Unauthorized) {
            return error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.");
        }
        if (fault instanceof Fault.NotFound) return error(404, "ResourceNotFoundException", "The requested resource could not be found.");
        if (fault instanceof Fault.ContainerError container) {
            // SageMaker relays it as a 424 ModelError; the container's body depends on the request, so rendered there
            return aResponse().withTransformers(SageMakerState.NAME)
                    .withTransformerParameter(SageMakerState.CONTAINER_STATUS, container.status())
                    .withTransformerParameter(SageMakerState.CONTAINER_MESSAGE, container.message());
        }
        if (fault instanceof Fault.MalformedBody) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("x-amzn-RequestId", requestId())
                    .withBody("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hel");
        }
        throw new IllegalArgumentException("fault: " + fault + " is not a response fault the AWS emulator knows");
    }

    /**
     * An AWS error answer: {@code x-amzn-ErrorType} (read by REST-JSON clients such as Bedrock's) and {@code __type}
     * (read by JSON 1.1 clients such as SageMaker's), the message in {@code message}, and a request id.
     * {@code message} must be JSON-escaped already.
     */
    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", requestId())
                .withHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    static ResponseDefinitionBuilder ok(String contentType, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withHeader("x-amzn-RequestId", requestId())
                .withBody(body);
    }

    static ResponseDefinitionBuilder eventStream(byte[] frames) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withHeader("x-amzn-RequestId", requestId()).withBody(frames);
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** {@code text} JSON-escaped, for {@link #error}. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

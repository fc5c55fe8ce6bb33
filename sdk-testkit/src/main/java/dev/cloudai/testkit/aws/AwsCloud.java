package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RequiredLibrary;
import dev.cloudai.testkit.WireMockCloud;
import dev.cloudai.testkit.contract.Canned;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
 * try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud())) {
 *     try (CloudAi ai = CloudAi.create(emulator.config("aws").build())) {
 *         ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chat(ChatRequest.ofUser("Hello"));   // Canned.CHAT_TEXT
 *     }
 * }
 * }</pre>
 *
 * <p>What it serves, and the official reference each part follows:
 * <ul>
 *   <li>{@code POST /model/{modelId}/converse}: Bedrock Converse
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html), JSON.</li>
 *   <li>{@code POST /model/{modelId}/converse-stream}: Bedrock ConverseStream
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html), an
 *       {@code application/vnd.amazon.eventstream} body of frames with valid CRCs ({@link EventStreamFrames}).</li>
 *   <li>{@code POST /model/{modelId}/invoke}: Bedrock InvokeModel
 *       (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html) for the embedding
 *       models, in their own JSON: Titan Text Embeddings v2 (model ids containing {@code titan-embed}; one text per
 *       request) and Cohere Embed v3 (ids containing {@code cohere.embed}; a batch), per the Bedrock user guide's
 *       model parameter pages.</li>
 *   <li>{@code POST /} with {@code X-Amz-Target: SageMaker.<Op>}: the SageMaker API
 *       (https://docs.aws.amazon.com/sagemaker/latest/APIReference/), JSON 1.1: CreateModel, CreateEndpointConfig,
 *       CreateEndpoint, DescribeEndpoint, DescribeEndpointConfig, ListEndpoints, DeleteEndpoint,
 *       DeleteEndpointConfig, DeleteModel. One endpoint lives in a WireMock scenario: absent; created, its first
 *       DescribeEndpoint answers {@code Creating} and the later ones {@code InService}; deleted, absent again.
 *       A missing endpoint is SageMaker's 400 {@code ValidationException} "Could not find endpoint".
 *       {@link #failNextDeployment(String)} makes the endpoint end {@code Failed} instead.</li>
 *   <li>{@code POST /endpoints/{name}/invocations}: SageMaker Runtime InvokeEndpoint
 *       (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html).</li>
 *   <li>{@code POST /endpoints/{name}/invocations-response-stream}: InvokeEndpointWithResponseStream, the same answer
 *       as {@code PayloadPart} events.</li>
 * </ul>
 * Errors follow the AWS JSON protocols: the code in header {@code x-amzn-ErrorType} (REST-JSON, Bedrock) and in
 * the body's {@code __type} (JSON 1.1, SageMaker), the message in the body; every answer has {@code x-amzn-RequestId}.
 */
public final class AwsCloud extends WireMockCloud {
    /** The region {@link #properties()} configures. */
    public static final String REGION = "us-east-1";
    /** The account in the ARNs the emulator answers with. */
    public static final String ACCOUNT = "123456789012";
    /** The instance type DescribeEndpointConfig reports for the canned endpoint. */
    public static final String INSTANCE_TYPE = "ml.g5.xlarge";

    /** The parts a streamed invocation answers with; together they are {@link Canned#INVOKE_RESPONSE_BODY}. */
    public static final List<String> STREAMED_INVOKE_PARTS = List.of(
            Canned.INVOKE_RESPONSE_BODY.substring(0, 12), Canned.INVOKE_RESPONSE_BODY.substring(12, 24),
            Canned.INVOKE_RESPONSE_BODY.substring(24));

    /** The priority of the default stubs; {@link #failNextDeployment} and test stubs can go above it (2 to 4). */
    static final int DEFAULT_PRIORITY = 5;
    private static final int OVERRIDE_PRIORITY = 3;

    private static final String LIFECYCLE = "sagemaker endpoint";
    private static final String CREATING = "creating";
    private static final String IN_SERVICE = "in service";
    private static final String FAILED = "failed";
    private static final String DELETED = "deleted";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String NAME_IN_BODY = "{{jsonPath request.body '$.EndpointName'}}";

    /** The AWS event stream codec the streamed answers are framed with; sdk-testkit declares it optional. */
    static final RequiredLibrary EVENTSTREAM = new RequiredLibrary("software.amazon.eventstream", "eventstream",
            "software.amazon.eventstream.Message", "dev.cloudai:sdk-aws brings it");

    /** The emulator of provider {@code aws}. */
    public AwsCloud() {
        super("aws");
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

    /** {@code cloudai.aws.endpoint} (this server, for every AWS service) and {@code cloudai.aws.region}. */
    @Override
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ConfigKeys.AWS_ENDPOINT, baseUrl());
        p.put(ConfigKeys.AWS_REGION, REGION);
        return p;
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        registerBedrock(server);
        registerSageMaker(server);
        // SageMaker Runtime InvokeEndpoint: the answer of any endpoint
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations")).atPriority(DEFAULT_PRIORITY)
                .willReturn(ok("application/json", Canned.INVOKE_RESPONSE_BODY)
                        .withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic")));
        // SageMaker Runtime InvokeEndpointWithResponseStream: the same answer in parts
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations-response-stream")).atPriority(DEFAULT_PRIORITY)
                .willReturn(eventStream(EventStreamFrames.payloadParts(STREAMED_INVOKE_PARTS))
                        .withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic")));
    }

    // ---- Bedrock Runtime ----

    private static void registerBedrock(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/model/[^/]+/converse")).atPriority(DEFAULT_PRIORITY)
                .willReturn(ok("application/json", converseBody(Canned.CHAT_TEXT, "end_turn"))));

        server.stubFor(post(urlPathMatching("/model/[^/]+/converse-stream")).atPriority(DEFAULT_PRIORITY)
                .willReturn(eventStream(EventStreamFrames.converseStream(Canned.STREAM_DELTAS, "end_turn",
                        Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS))));

        // Titan Text Embeddings v2: one text per request; the canned vector of the input's position in
        // Canned.EMBEDDING_INPUTS (vector 0 for any other text)
        String titan = "/model/[^/]*titan-embed[^/]*/invoke";
        server.stubFor(post(urlPathMatching(titan)).atPriority(DEFAULT_PRIORITY + 1)
                .willReturn(ok("application/json", titanBody(0))));
        List<String> inputs = Canned.EMBEDDING_INPUTS;
        for (int i = 0; i < inputs.size(); i++) {
            server.stubFor(post(urlPathMatching(titan)).atPriority(DEFAULT_PRIORITY)
                    .withRequestBody(matchingJsonPath("$.inputText", equalTo(inputs.get(i))))
                    .willReturn(ok("application/json", titanBody(i))));
        }

        // Cohere Embed v3: a batch, one vector per text in order
        server.stubFor(post(urlPathMatching("/model/[^/]*cohere\\.embed[^/]*/invoke")).atPriority(DEFAULT_PRIORITY)
                .willReturn(ok("application/json", "{\"embeddings\":["
                        + "{{#each (jsonPath request.body '$.texts') as |text|}}{{#unless @first}},{{/unless}}["
                        + Canned.embeddingVectorTemplate() + "]{{/each}}],"
                        + "\"id\":\"emulator-embed-batch\",\"response_type\":\"embeddings_floats\"}")
                        .withHeader("X-Amzn-Bedrock-Input-Token-Count", "6")
                        .withTransformers("response-template")));
    }

    /** A Converse answer with {@code text}, the canned usage and {@code stopReason}. */
    static String converseBody(String text, String stopReason) {
        return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
                + "\"stopReason\":\"" + stopReason + "\",\"usage\":{\"inputTokens\":" + Canned.INPUT_TOKENS
                + ",\"outputTokens\":" + Canned.OUTPUT_TOKENS + ",\"totalTokens\":" + Canned.USAGE.totalTokens()
                + "},\"metrics\":{\"latencyMs\":42}}";
    }

    private static String titanBody(int index) {
        return "{\"embedding\":" + Canned.embeddingVectorJson(index) + ",\"inputTextTokenCount\":2,"
                + "\"embeddingsByType\":{\"float\":" + Canned.embeddingVectorJson(index) + "}}";
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
                .inScenario("cut stream " + UUID.randomUUID()).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("used")
                .willReturn(eventStream(EventStreamFrames.cutStream(Canned.STREAM_DELTAS.subList(0, deltasBeforeCut),
                        "internalServerException", "The server had an error processing the stream; retry your request."))));
    }

    // ---- SageMaker ----

    private static void registerSageMaker(WireMockServer server) {
        String arnPrefix = "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":";
        server.stubFor(sageMaker("CreateModel").willReturn(json11(
                "{\"ModelArn\":\"" + arnPrefix + "model/{{jsonPath request.body '$.ModelName'}}\"}")));
        server.stubFor(sageMaker("CreateEndpointConfig").willReturn(json11(
                "{\"EndpointConfigArn\":\"" + arnPrefix + "endpoint-config/{{jsonPath request.body '$.EndpointConfigName'}}\"}")));
        server.stubFor(sageMaker("DescribeEndpointConfig").willReturn(json11(
                "{\"EndpointConfigName\":\"{{jsonPath request.body '$.EndpointConfigName'}}\","
                        + "\"EndpointConfigArn\":\"" + arnPrefix + "endpoint-config/{{jsonPath request.body '$.EndpointConfigName'}}\","
                        + "\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\"{{jsonPath request.body '$.EndpointConfigName'}}\","
                        + "\"InstanceType\":\"" + INSTANCE_TYPE + "\",\"InitialInstanceCount\":1}],\"CreationTime\":1767225600.0}")));
        server.stubFor(sageMaker("DeleteEndpointConfig").willReturn(json11("{}")));
        server.stubFor(sageMaker("DeleteModel").willReturn(json11("{}")));

        for (String absent : new String[] {Scenario.STARTED, DELETED}) {
            server.stubFor(lifecycle(sageMaker("CreateEndpoint"), absent).willSetStateTo(CREATING).willReturn(json11(
                    "{\"EndpointArn\":\"" + arnPrefix + "endpoint/" + NAME_IN_BODY + "\"}")));
            server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), absent).willReturn(couldNotFindEndpoint()));
            server.stubFor(lifecycle(sageMaker("DeleteEndpoint"), absent).willReturn(couldNotFindEndpoint()));
            server.stubFor(lifecycle(sageMaker("ListEndpoints"), absent).willReturn(json11("{\"Endpoints\":[]}")));
        }
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), CREATING).willSetStateTo(IN_SERVICE)
                .willReturn(json11(describeEndpoint("Creating", null))));
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), IN_SERVICE).willReturn(json11(describeEndpoint("InService", null))));
        for (String present : new String[] {CREATING, IN_SERVICE, FAILED}) {
            String status = present.equals(IN_SERVICE) ? "InService" : present.equals(FAILED) ? "Failed" : "Creating";
            server.stubFor(lifecycle(sageMaker("CreateEndpoint"), present).willReturn(error(400, "ValidationException",
                    "Cannot create already existing endpoint \\\"" + arnPrefix + "endpoint/" + NAME_IN_BODY + "\\\".")
                    .withTransformers("response-template")));
            server.stubFor(lifecycle(sageMaker("ListEndpoints"), present).willReturn(json11("{\"Endpoints\":[{"
                    + "\"EndpointName\":\"" + Canned.ENDPOINT_NAME + "\",\"EndpointArn\":\"" + arnPrefix + "endpoint/"
                    + Canned.ENDPOINT_NAME + "\",\"CreationTime\":1767225600.0,\"LastModifiedTime\":1767225600.0,"
                    + "\"EndpointStatus\":\"" + status + "\"}]}")));
            server.stubFor(lifecycle(sageMaker("DeleteEndpoint"), present).willSetStateTo(DELETED).willReturn(json11("{}")));
        }
    }

    /**
     * Makes the endpoint deployed next end {@code Failed} with {@code reason} as its {@code FailureReason}: its first
     * DescribeEndpoint after the create answers {@code Creating}, the later ones {@code Failed}. Until {@link #reset()}.
     */
    public void failNextDeployment(String reason) {
        Objects.requireNonNull(reason, "reason");
        WireMockServer server = server();
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), CREATING).atPriority(OVERRIDE_PRIORITY).willSetStateTo(FAILED)
                .willReturn(json11(describeEndpoint("Creating", null))));
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), FAILED).atPriority(OVERRIDE_PRIORITY)
                .willReturn(json11(describeEndpoint("Failed", reason))));
    }

    /**
     * Makes the first DescribeEndpoint after the next create answer SageMaker's throttle (a 400 with
     * {@code __type: ThrottlingException}); the reads after it go on as usual ({@code Creating}, then
     * {@code InService}). For checking that a deploy rides out a throttled status check. Until {@link #reset()}.
     */
    public void throttleNextStatusCheck() {
        WireMockServer server = server();
        String throttled = "creating (status check throttled)";
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), CREATING).atPriority(OVERRIDE_PRIORITY).willSetStateTo(throttled)
                .willReturn(error(400, "ThrottlingException", "Rate exceeded")));
        server.stubFor(lifecycle(sageMaker("DescribeEndpoint"), throttled).atPriority(OVERRIDE_PRIORITY).willSetStateTo(IN_SERVICE)
                .willReturn(json11(describeEndpoint("Creating", null))));
    }

    /** A SageMaker JSON 1.1 request for operation {@code op}: {@code POST /}, {@code X-Amz-Target: SageMaker.<op>}. */
    private static MappingBuilder sageMaker(String op) {
        return post(urlPathEqualTo("/")).atPriority(DEFAULT_PRIORITY).withHeader("X-Amz-Target", equalTo("SageMaker." + op));
    }

    private static ScenarioMappingBuilder lifecycle(MappingBuilder request, String state) {
        return request.inScenario(LIFECYCLE).whenScenarioStateIs(state);
    }

    private static String describeEndpoint(String status, String failureReason) {
        return "{\"EndpointName\":\"" + NAME_IN_BODY + "\",\"EndpointArn\":\"arn:aws:sagemaker:" + REGION + ":" + ACCOUNT
                + ":endpoint/" + NAME_IN_BODY + "\",\"EndpointConfigName\":\"" + NAME_IN_BODY + "\","
                + "\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"CurrentInstanceCount\":"
                + (status.equals("InService") ? 1 : 0) + ",\"DesiredInstanceCount\":1}],"
                + "\"EndpointStatus\":\"" + status + "\""
                + (failureReason == null ? "" : ",\"FailureReason\":\"" + escape(failureReason) + "\"")
                + ",\"CreationTime\":1767225600.0,\"LastModifiedTime\":1767225600.0}";
    }

    private static ResponseDefinitionBuilder couldNotFindEndpoint() {
        return error(400, "ValidationException", "Could not find endpoint \\\"" + NAME_IN_BODY + "\\\".")
                .withTransformers("response-template");
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

    private static ResponseDefinitionBuilder ok(String contentType, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withHeader("x-amzn-RequestId", requestId())
                .withBody(body);
    }

    private static ResponseDefinitionBuilder json11(String body) {
        return ok(JSON_1_1, body).withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder eventStream(byte[] frames) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withHeader("x-amzn-RequestId", requestId()).withBody(frames);
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

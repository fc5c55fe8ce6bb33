package dev.cloudai.testkit.aws;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Canned;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SageMaker's control plane for {@link AwsCloud}, kept in memory: models, endpoint configs and endpoints by name,
 * as the SageMaker API answers them (https://docs.aws.amazon.com/sagemaker/latest/APIReference/, JSON 1.1). Each
 * create checks what it refers to and refuses a name that exists ({@code ValidationException} "Cannot create
 * already existing ..."); each read, delete or reference of a missing resource is SageMaker's 400
 * {@code ValidationException} "Could not find ...". A new endpoint is {@code Creating} at its first DescribeEndpoint
 * and {@code InService} (or {@code Failed}, see {@link #failNextDeployment(String)}) from the next one on; it reports
 * the instance type and count of its endpoint config.
 *
 * <p>It also answers SageMaker Runtime. An endpoint in service hosts the model servers of {@link EmulatedServing}:
 * InvokeEndpoint ({@code /invocations}) answers a body that speaks a {@link ServingProtocol} (or any body, once told
 * with {@link #hostProtocol}) as that server does, and any other body {@link Canned#INVOKE_RESPONSE_BODY};
 * InvokeEndpointWithResponseStream ({@code /invocations-response-stream}) answers the server's stream (its SSE text,
 * or its JSON for an embedding server) as {@code PayloadPart} events of {@link AwsCloud#STREAM_PART_BYTES} bytes each, the last
 * shorter: a part ends wherever the count falls, in the middle of an event, of a line, of a UTF-8 character, as
 * SageMaker relays what the container flushed without regard to its framing. A body of no protocol gets the canned
 * {@link AwsCloud#STREAMED_INVOKE_PARTS}.
 *
 * <p>InvokeEndpoint and InvokeEndpointWithResponseStream on a name that is not {@code InService} get 400
 * {@code ValidationError} "Endpoint {name} of account {account} not found.", SageMaker Runtime's answer for a missing
 * endpoint (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html, Errors; the
 * message as quoted in github.com/aws/amazon-sagemaker-examples/issues/293). A {@code Fault.ContainerError} is
 * SageMaker's relay of a container's error ({@link #CONTAINER_STATUS}), and a {@code Fault.StreamCut} of a
 * response stream sends the parts of the server's first event only, then ends the body ({@link #CUT}).
 */
final class SageMakerState extends StubTransformer {
    static final String NAME = "aws-sagemaker";

    SageMakerState() {
        super(NAME);
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:sagemaker:" + AwsCloud.REGION + ":" + AwsCloud.ACCOUNT + ":";
    private static final double CREATED = 1767225600.0;
    private static final Pattern INVOCATION = Pattern.compile("/endpoints/([^/]+)/invocations(?:-response-stream)?");

    private static final int PART_BYTES = AwsCloud.STREAM_PART_BYTES;
    /**
     * Transformer parameter: the container's status of a {@code Fault.ContainerError}, rendered as SageMaker's 424
     * {@code ModelError} with {@code OriginalStatusCode}, {@code OriginalMessage} (the server's error body, in the
     * protocol of the request) and {@code LogStreamArn}; the message in {@link #CONTAINER_MESSAGE}.
     */
    static final String CONTAINER_STATUS = "containerStatus";
    /** Transformer parameter: the container's message of a {@code Fault.ContainerError}. */
    static final String CONTAINER_MESSAGE = "containerMessage";
    /** Transformer parameter: cut the response stream after the server's first event (a {@code Fault.StreamCut}). */
    static final String CUT = BedrockConverse.CUT;

    private final Map<String, JsonNode> models = new LinkedHashMap<>();
    private final Map<String, ObjectNode> configs = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, ServingProtocol> hosted = new LinkedHashMap<>();
    private String failNextWith;
    private boolean throttleNextStatusCheck;



    synchronized void reset() {
        models.clear();
        configs.clear();
        endpoints.clear();
        hosted.clear();
        failNextWith = null;
        throttleNextStatusCheck = false;
    }

    synchronized void failNextDeployment(String reason) {
        failNextWith = reason;
    }

    synchronized void throttleNextStatusCheck() {
        throttleNextStatusCheck = true;
    }

    synchronized void hostProtocol(String endpoint, ServingProtocol protocol) {
        hosted.put(endpoint, protocol);
    }

    /** Whether SageMaker Runtime answers invocations of {@code endpoint}: it exists and is {@code InService}. */
    synchronized boolean serves(String endpoint) {
        Endpoint e = endpoints.get(endpoint);
        return e != null && e.status.equals("InService");
    }

    /** The endpoint name of a SageMaker Runtime invocation path, or null. */
    static String invokedEndpoint(String url) {
        int query = url.indexOf('?');
        Matcher m = INVOCATION.matcher(query < 0 ? url : url.substring(0, query));
        return m.matches() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        String invoked = invokedEndpoint(request.getUrl());
        if (parameters != null && parameters.containsKey(CONTAINER_STATUS)) {
            return modelError(invoked, request.getBody(), parameters.getInt(CONTAINER_STATUS),
                    parameters.getString(CONTAINER_MESSAGE));
        }
        boolean cut = parameters != null && Boolean.TRUE.equals(parameters.getBoolean(CUT, false));
        if (cut && invoked == null) return serveEvent.getResponseDefinition();   // a Bedrock stream: BedrockConverse cuts it
        if (invoked != null && serves(invoked)) {
            return request.getUrl().contains("/invocations-response-stream")
                    ? invokeStream(invoked, request.getBody(), cut) : invoke(invoked, request.getBody());
        }
        if (invoked != null) {
            return AwsCloud.error(400, "ValidationError", AwsCloud.escape("Endpoint " + invoked + " of account " + AwsCloud.ACCOUNT
                    + " not found.")).build();
        }
        String target = request.getHeader("X-Amz-Target");
        String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            return AwsCloud.error(400, "SerializationException", "The request body is not valid JSON.").build();
        }
        return switch (op) {
            case "CreateModel" -> createModel(body);
            case "CreateEndpointConfig" -> createEndpointConfig(body);
            case "DescribeEndpointConfig" -> describeEndpointConfig(body.path("EndpointConfigName").asText());
            case "CreateEndpoint" -> createEndpoint(body);
            case "DescribeEndpoint" -> describeEndpoint(body.path("EndpointName").asText());
            case "ListEndpoints" -> listEndpoints();
            case "DeleteEndpoint" -> endpoints.remove(body.path("EndpointName").asText()) != null ? ok(JSON.createObjectNode())
                    : notFound("endpoint \"" + body.path("EndpointName").asText() + "\"");
            case "DeleteEndpointConfig" -> configs.remove(body.path("EndpointConfigName").asText()) != null
                    ? ok(JSON.createObjectNode())
                    : notFound("endpoint configuration \"" + body.path("EndpointConfigName").asText() + "\"");
            case "DeleteModel" -> models.remove(body.path("ModelName").asText()) != null ? ok(JSON.createObjectNode())
                    : notFound("model \"" + ARN + "model/" + body.path("ModelName").asText() + "\"");
            default -> AwsCloud.error(400, "UnknownOperationException", "The emulator does not serve SageMaker." + op).build();
        };
    }

    // ---- SageMaker Runtime ----

    /** InvokeEndpoint: the hosted server's answer, whole, with its content type; the canned body for other requests. */
    private ResponseDefinition invoke(String endpoint, byte[] body) {
        Optional<EmulatedServing.Answer> answer = served(endpoint, body, false);
        byte[] out = answer.map(EmulatedServing.Answer::body).orElse(Canned.INVOKE_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8));
        return new ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", answer.map(EmulatedServing.Answer::contentType).orElse("application/json"))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic").withBody(out).build();
    }

    /**
     * InvokeEndpointWithResponseStream: the server's answer in {@link AwsCloud#STREAM_PART_BYTES}-byte {@code PayloadPart}s, its
     * content type in {@code X-Amzn-SageMaker-Content-Type} (the response's {@code ContentType} member); cut short,
     * the parts of the first event only (of the first part, for an answer that is not a stream of events).
     */
    private ResponseDefinition invokeStream(String endpoint, byte[] body, boolean cut) {
        Optional<EmulatedServing.Answer> answer = served(endpoint, body, true);
        byte[] frames;
        String contentType;
        if (answer.isEmpty()) {
            frames = EventStreamFrames.payloadParts(cut ? AwsCloud.STREAMED_INVOKE_PARTS.subList(0, 1) : AwsCloud.STREAMED_INVOKE_PARTS);
            contentType = "application/json";
        } else {
            EmulatedServing.Answer a = answer.get();
            byte[] sent = !cut ? a.body() : a.streamed() ? a.events().get(0).getBytes(StandardCharsets.UTF_8)
                    : Arrays.copyOf(a.body(), Math.min(PART_BYTES, a.body().length));
            frames = EventStreamFrames.payloadPartBytes(split(sent, PART_BYTES));
            contentType = a.contentType();
        }
        return AwsCloud.eventStream(frames).withHeader("X-Amzn-SageMaker-Content-Type", contentType)
                .withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic").build();
    }

    /** What the endpoint's server answers {@code body}: by its hosted protocol, else by the protocol the body speaks. */
    private Optional<EmulatedServing.Answer> served(String endpoint, byte[] body, boolean streamRoute) {
        return EmulatedServing.answer(body, Optional.ofNullable(hosted.get(endpoint)), streamRoute);
    }

    /** {@code bytes} in pieces of {@code size}, the last one shorter. */
    static List<byte[]> split(byte[] bytes, int size) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += size) {
            parts.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
        }
        return parts;
    }

    /**
     * SageMaker's relay of a container's error: HTTP 424 {@code ModelError} with the container's status as
     * {@code OriginalStatusCode}, its body as {@code OriginalMessage} (the error body of the protocol the endpoint
     * hosts or the request speaks; plain text for another request) and the endpoint's {@code LogStreamArn}, and
     * SageMaker's own {@code Message}. Shape: API_runtime_InvokeEndpoint.html, Errors: ModelError (the same for
     * InvokeEndpointWithResponseStream when the container fails before streaming).
     */
    private ResponseDefinition modelError(String endpoint, byte[] body, int status, String message) {
        String name = endpoint == null ? "unknown" : endpoint;
        Optional<ServingProtocol> protocol = Optional.ofNullable(endpoint == null ? null : hosted.get(endpoint))
                .or(() -> EmulatedServing.sniff(body));
        String original = protocol.map(p -> EmulatedServing.errorBody(p, status, message)).orElse(message);
        String group = "/aws/sagemaker/Endpoints/" + name;
        ObjectNode error = JSON.createObjectNode()
                .put("Message", "Received " + (status >= 500 ? "server" : "client") + " error (" + status
                        + ") from primary with message \"" + original + "\". See https://" + AwsCloud.REGION
                        + ".console.aws.amazon.com/cloudwatch/home?region=" + AwsCloud.REGION + "#logEventViewer:group="
                        + group + " in account " + AwsCloud.ACCOUNT + " for more information.")
                .put("OriginalStatusCode", status)
                .put("OriginalMessage", original)
                .put("LogStreamArn", "arn:aws:logs:" + AwsCloud.REGION + ":" + AwsCloud.ACCOUNT + ":log-group:" + group);
        return new ResponseDefinitionBuilder().withStatus(424).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-ErrorType", "ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/")
                .withBody(error.toString()).build();
    }

    // ---- SageMaker ----

    private ResponseDefinition createModel(JsonNode body) {
        String name = body.path("ModelName").asText();
        if (models.containsKey(name)) return exists("model", "model/" + name);
        models.put(name, body);
        return ok(JSON.createObjectNode().put("ModelArn", ARN + "model/" + name));
    }

    private ResponseDefinition createEndpointConfig(JsonNode body) {
        String name = body.path("EndpointConfigName").asText();
        if (configs.containsKey(name)) return exists("endpoint configuration", "endpoint-config/" + name);
        for (JsonNode variant : body.path("ProductionVariants")) {
            String model = variant.path("ModelName").asText();
            if (!models.containsKey(model)) return notFound("model \"" + ARN + "model/" + model + "\"");
        }
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", name)
                .put("EndpointConfigArn", ARN + "endpoint-config/" + name);
        config.set("ProductionVariants", body.path("ProductionVariants").deepCopy());
        config.put("CreationTime", CREATED);
        configs.put(name, config);
        return ok(JSON.createObjectNode().put("EndpointConfigArn", ARN + "endpoint-config/" + name));
    }

    private ResponseDefinition describeEndpointConfig(String name) {
        ObjectNode config = configs.get(name);
        return config == null ? notFound("endpoint configuration \"" + name + "\"") : ok(config);
    }

    private ResponseDefinition createEndpoint(JsonNode body) {
        String name = body.path("EndpointName").asText();
        String config = body.path("EndpointConfigName").asText();
        if (endpoints.containsKey(name)) return exists("endpoint", "endpoint/" + name);
        if (!configs.containsKey(config)) return notFound("endpoint configuration \"" + config + "\"");
        Endpoint e = new Endpoint(name, config, failNextWith == null ? "InService" : "Failed", failNextWith, throttleNextStatusCheck);
        failNextWith = null;
        throttleNextStatusCheck = false;
        endpoints.put(name, e);
        return ok(JSON.createObjectNode().put("EndpointArn", ARN + "endpoint/" + name));
    }

    /** The first read of a new endpoint says Creating (after a throttled read, when asked for); the next ones its outcome. */
    private ResponseDefinition describeEndpoint(String name) {
        Endpoint e = endpoints.get(name);
        if (e == null) return notFound("endpoint \"" + name + "\"");
        if (e.throttleFirstRead) {
            e.throttleFirstRead = false;
            return AwsCloud.error(400, "ThrottlingException", "Rate exceeded").build();
        }
        ObjectNode out = summary(e);
        out.put("EndpointConfigName", e.config);
        ArrayNode variants = out.putArray("ProductionVariants");
        for (JsonNode variant : configs.getOrDefault(e.config, JSON.createObjectNode()).path("ProductionVariants")) {
            int desired = variant.path("InitialInstanceCount").asInt(1);
            variants.addObject().put("VariantName", variant.path("VariantName").asText())
                    .put("CurrentInstanceCount", e.status.equals("InService") ? desired : 0)
                    .put("DesiredInstanceCount", desired);
        }
        if (e.status.equals("Failed")) out.put("FailureReason", e.failureReason);
        if (e.status.equals("Creating")) e.status = e.outcome;
        return ok(out);
    }

    private ResponseDefinition listEndpoints() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Endpoints");
        endpoints.values().forEach(e -> list.add(summary(e)));
        return ok(out);
    }

    private static ObjectNode summary(Endpoint e) {
        return JSON.createObjectNode().put("EndpointName", e.name).put("EndpointArn", ARN + "endpoint/" + e.name)
                .put("EndpointStatus", e.status).put("CreationTime", CREATED).put("LastModifiedTime", CREATED);
    }

    private static ResponseDefinition ok(JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(200).withBody(body.toString())
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString()).build();
    }

    private static ResponseDefinition notFound(String what) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape("Could not find " + what + ".")).build();
    }

    private static ResponseDefinition exists(String what, String arnSuffix) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape("Cannot create already existing " + what + " \""
                + ARN + arnSuffix + "\".")).build();
    }

    private static final class Endpoint {
        final String name;
        final String config;
        final String outcome;
        final String failureReason;
        String status = "Creating";
        boolean throttleFirstRead;

        Endpoint(String name, String config, String outcome, String failureReason, boolean throttleFirstRead) {
            this.name = name;
            this.config = config;
            this.outcome = outcome;
            this.failureReason = failureReason;
            this.throttleFirstRead = throttleFirstRead;
        }
    }
}

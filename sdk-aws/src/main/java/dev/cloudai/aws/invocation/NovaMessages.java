package dev.cloudai.aws.invocation;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.spi.ChatLimits;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;
import software.amazon.awssdk.core.http.HttpResponseHandler;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpStatusCode;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.protocols.json.AwsJsonProtocol;
import software.amazon.awssdk.protocols.json.AwsJsonProtocolFactory;
import software.amazon.awssdk.protocols.json.JsonOperationMetadata;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.transform.ConverseRequestMarshaller;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Amazon Nova's native InvokeModel body ("messages-v1") and its answer, for Bedrock batch inference, which carries
 * this body as each line's {@code modelInput}. Nova's body is Converse's request without the model id, bytes in
 * base64 (Amazon Nova user guide, "Complete request schema",
 * https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html: {@code system}, {@code messages}
 * of {@code text}, {@code image}, {@code toolUse} and {@code toolResult} blocks, {@code inferenceConfig} with
 * {@code maxTokens}, {@code temperature}, {@code topP}, {@code stopSequences}, {@code toolConfig}); its answer is
 * Converse's response ({@code output.message.content}, {@code stopReason}, {@code usage}). So the request is mapped
 * by {@link ConverseMapping}, exactly as an on-demand Nova chat, and written, and the answer read, by the SDK's own
 * REST-JSON marshaller and unmarshaller for Converse: the one mapping serves both paths.
 *
 * <pre>{@code
 * String body = NovaMessages.body("amazon.nova-lite-v1:0", ChatRequest.ofUser("Hi"));
 * // {"schemaVersion":"messages-v1","messages":[{"role":"user","content":[{"text":"Hi"}]}]}
 * }</pre>
 *
 * <p>What the body cannot carry fails before anything is written: documents (Nova's InvokeModel body takes none;
 * the user guide: document input is specific to the Converse API), {@link ResponseFormat#jsonSchema} (no
 * schema-constrained output in this body) and {@link ResponseFormat#json()} beside tools (its forced tool would hide
 * them). Reasoning fails as on demand: Nova takes no extended thinking.
 */
final class NovaMessages {
    private static final String PROVIDER = "aws";
    /** The body's schema version, as the Nova user guide's InvokeModel examples send it. */
    static final String SCHEMA_VERSION = "messages-v1";
    /** Nova's understanding models (text in, text out): Micro, Lite, Pro and Premier, also as inference profiles. */
    private static final Pattern MODELS = Pattern.compile("(^|[.:/])amazon\\.nova-(micro|lite|pro|premier)-v1");

    /** Converse's images; no documents. */
    static final ChatLimits LIMITS = ChatLimits.builder(PROVIDER)
            .images(ConverseMapping.IMAGE_TYPES, ConverseMapping.MAX_IMAGE_BYTES, ConverseMapping.MAX_IMAGES)
            .noDocuments("a Bedrock batch job sends Nova's InvokeModel body, which takes no documents; send the"
                    + " document's text as a text part, or chat on demand (ai.chatModel(...)), where Converse takes documents")
            .build();

    /**
     * The SDK's REST-JSON protocol, as the Bedrock Runtime client builds it. Its marshaller makes a whole HTTP
     * request, so it needs an endpoint; the body, the one part kept, does not depend on it. The marshaller
     * ({@code ConverseRequestMarshaller}) is the SDK's generated one, SDK-internal: an upgrade that changed its output
     * would show in the exact lines AwsNovaBatchWireTest asserts.
     */
    @SuppressWarnings("deprecation")   // SdkClientOption.ENDPOINT: the option the JSON marshaller reads
    private static final AwsJsonProtocolFactory PROTOCOL = AwsJsonProtocolFactory.builder()
            .clientConfiguration(SdkClientConfiguration.builder()
                    .option(SdkClientOption.ENDPOINT, URI.create("https://bedrock-runtime.invalid")).build())
            .protocol(AwsJsonProtocol.REST_JSON).protocolVersion("1.1").build();
    /** The SDK's reader of a Converse answer, the one the client runs on Converse's HTTP response. */
    private static final HttpResponseHandler<ConverseResponse> ANSWER = PROTOCOL.createResponseHandler(
            JsonOperationMetadata.builder().hasStreamingSuccessResponse(false).isPayloadJson(true).build(),
            ConverseResponse::builder);

    private NovaMessages() {
    }

    /** Whether {@code modelId} is one of Nova's understanding models (also as an inference profile or ARN). */
    static boolean handles(String modelId) {
        return MODELS.matcher(modelId.toLowerCase(Locale.ROOT)).find();
    }

    // ---- the body ----

    /**
     * The messages-v1 body of {@code request}, compact JSON, checked first: nothing is written for a request the
     * body cannot carry.
     *
     * @throws IllegalArgumentException naming the field, for media over the limits or settings Nova refuses
     * @throws UnsupportedOperationException naming the feature and the alternative, for what the body cannot carry
     */
    static String body(String modelId, ChatRequest request) {
        LIMITS.check(request);
        ResponseFormat.Kind format = request.responseFormat().kind();
        if (format == ResponseFormat.Kind.JSON_SCHEMA) {
            throw ChatLimits.unsupported(PROVIDER, "responseFormat jsonSchema(...) in a Bedrock batch job (Nova's"
                    + " InvokeModel body has no schema-constrained output)", "use ResponseFormat.json(), which the body"
                    + " carries as a forced tool call, and describe the schema in the prompt; or chat on demand, where"
                    + " Converse takes the schema as outputConfig");
        }
        if (format == ResponseFormat.Kind.JSON && !request.tools().isEmpty()) {
            throw ChatLimits.unsupported(PROVIDER, "responseFormat json() together with tools in a Bedrock batch job",
                    "ask for JSON in the prompt beside the tools, or send the tools without a response format");
        }
        if (request.temperature().isPresent() && request.temperature().getAsDouble() > 1.0) {
            throw new IllegalArgumentException("temperature: Nova takes 0 to 1, was " + request.temperature().getAsDouble());
        }
        SdkHttpFullRequest http = new ConverseRequestMarshaller(PROTOCOL)
                .marshall(ConverseMapping.prepare(modelId, request).request());
        String converse = read(http.contentStreamProvider().orElseThrow().newStream());
        // the Converse body without the model id (a path parameter) is Nova's; the version goes first
        return "{\"schemaVersion\":\"" + SCHEMA_VERSION + "\"," + converse.substring(1);
    }

    // ---- the answer ----

    /**
     * Whether {@code body} (a messages-v1 body this class wrote) forces the {@value ConverseMapping#JSON_TOOL}: its
     * answer is then that tool's input, as text.
     */
    static boolean forcesJsonTool(JsonNode body) {
        return body.field("toolConfig").flatMap(c -> c.field("toolChoice")).flatMap(c -> c.field("tool"))
                .flatMap(t -> t.field("name")).filter(JsonNode::isString)
                .map(n -> ConverseMapping.JSON_TOOL.equals(n.asString())).orElse(false);
    }

    /**
     * Nova's answer in neutral terms, read as a Converse response and mapped as one ({@link ConverseMapping#response}).
     * Nova's InvokeModel usage names its cache counts {@code cacheReadInputTokenCount} and
     * {@code cacheWriteInputTokenCount} (Converse: {@code cacheReadInputTokens}...), so those are taken over too. The
     * body carries no request id.
     *
     * @throws AwsResponseFormatException when the answer is not a Nova response
     */
    static ChatResponse response(String provider, String modelId, JsonNode answer, boolean jsonTool) {
        boolean content = answer.isObject() && answer.field("output").flatMap(o -> o.field("message"))
                .flatMap(m -> m.field("content")).filter(JsonNode::isArray).isPresent();
        if (!content) throw new AwsResponseFormatException("Nova answered without an 'output.message.content' array", null);
        ConverseResponse converse = unmarshall(JsonDocuments.write(answer));
        Optional<JsonNode> usage = answer.field("usage");
        if (converse.usage() != null && usage.isPresent()) {
            TokenUsage.Builder u = converse.usage().toBuilder();
            count(usage.get(), "cacheReadInputTokenCount").ifPresent(u::cacheReadInputTokens);
            count(usage.get(), "cacheWriteInputTokenCount").ifPresent(u::cacheWriteInputTokens);
            converse = converse.toBuilder().usage(u.build()).build();
        }
        return ConverseMapping.response(provider, modelId, converse, jsonTool).toBuilder().requestId(null).build();
    }

    private static ConverseResponse unmarshall(String json) {
        SdkHttpFullResponse http = SdkHttpFullResponse.builder().statusCode(HttpStatusCode.OK)
                .content(AbortableInputStream.create(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .build();
        try {
            return ANSWER.handle(http, new ExecutionAttributes());
        } catch (Exception unreadable) {
            throw new AwsResponseFormatException("Nova answered with a body the Converse shape cannot read: "
                    + unreadable.getMessage(), null);
        }
    }

    private static Optional<Integer> count(JsonNode usage, String field) {
        return usage.field(field).filter(JsonNode::isNumber).map(n -> Integer.parseInt(n.asNumber()));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // an in-memory body: cannot happen
        }
    }
}

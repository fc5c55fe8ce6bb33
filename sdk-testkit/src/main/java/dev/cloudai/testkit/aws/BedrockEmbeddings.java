package dev.cloudai.testkit.aws;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.EmulatedEmbeddings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bedrock InvokeModel's answer for the embedding models of {@link AwsCloud}, with {@link EmulatedEmbeddings}'
 * vectors of each text, in the model's own JSON (Bedrock user guide, model parameters):
 * <ul>
 *   <li>Titan Text Embeddings (ids with {@code titan-embed}): one {@code inputText}; answers
 *       {@code {"embedding":[...],"inputTextTokenCount":N,"embeddingsByType":{"float":[...]}}} of the model's size or
 *       the requested {@code dimensions}, which Titan v2 accepts as 256, 512 or 1024 only
 *       (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html).</li>
 *   <li>Cohere Embed v3 (ids with {@code cohere.embed}): a batch of {@code texts}; answers
 *       {@code {"embeddings":[[...],...],"id":..,"response_type":"embeddings_floats","texts":[...]}}, 1024 each
 *       (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html).</li>
 * </ul>
 */
final class BedrockEmbeddings extends StubTransformer {
    static final String NAME = "aws-bedrock-embeddings";

    BedrockEmbeddings() {
        super(NAME);
    }
    /** Titan's token count for one text: a fixed figure, as the emulator does not tokenize. */
    static final int TITAN_TOKENS = 2;
    /** Cohere's {@code X-Amzn-Bedrock-Input-Token-Count} for a batch. */
    static final int COHERE_TOKENS = 6;
    private static final Pattern MODEL = Pattern.compile("/model/([^/]+)/invoke");
    private static final Set<Integer> TITAN_V2_DIMENSIONS = Set.of(256, 512, 1024);
    private static final ObjectMapper JSON = new ObjectMapper();



    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String url = serveEvent.getRequest().getUrl();
        Matcher m = MODEL.matcher(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        String model = m.matches() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "";
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return malformed("the request body is not valid JSON");
        }
        if (model.contains("cohere.embed")) return cohere(model, request);
        return titan(model, request);
    }

    private static ResponseDefinition titan(String model, JsonNode request) {
        if (!request.path("inputText").isTextual()) return malformed("#: required key [inputText] not found");
        int dimensions = EmulatedEmbeddings.dimensions(model);
        if (request.has("dimensions")) {
            dimensions = request.path("dimensions").asInt();
            if (model.contains("titan-embed-text-v2") && !TITAN_V2_DIMENSIONS.contains(dimensions)) {
                return malformed("#/dimensions: " + request.path("dimensions") + " is not a valid enum value");
            }
        }
        String vector = EmulatedEmbeddings.json(EmulatedEmbeddings.vector(request.path("inputText").asText(), dimensions));
        return AwsCloud.ok("application/json", "{\"embedding\":" + vector + ",\"inputTextTokenCount\":" + TITAN_TOKENS
                + ",\"embeddingsByType\":{\"float\":" + vector + "}}").build();
    }

    private static ResponseDefinition cohere(String model, JsonNode request) {
        if (!request.path("texts").isArray() || request.path("texts").isEmpty()) {
            return malformed("#: required key [texts] not found");
        }
        int dimensions = EmulatedEmbeddings.dimensions(model);
        StringJoiner vectors = new StringJoiner(",", "[", "]");
        for (JsonNode text : request.path("texts")) {
            vectors.add(EmulatedEmbeddings.json(EmulatedEmbeddings.vector(text.asText(), dimensions)));
        }
        return AwsCloud.ok("application/json", "{\"embeddings\":" + vectors + ",\"id\":\"emulator-embed-batch\","
                        + "\"response_type\":\"embeddings_floats\",\"texts\":" + request.path("texts") + "}")
                .withHeader("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(COHERE_TOKENS)).build();
    }

    /** Bedrock's answer to a body the model's schema rejects. */
    private static ResponseDefinition malformed(String why) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape("Malformed input request: " + why
                + ", please reformat your input and try again.")).build();
    }
}

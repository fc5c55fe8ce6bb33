package dev.cloudai.testkit.azure;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Canned;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Azure OpenAI's embeddings answer for {@link AzureCloud}: {@link EmulatedEmbeddings}' vector of each input text, of
 * the requested {@code dimensions} or else the size of the model the deployment is named after, as a float array,
 * or, when the request asks {@code "encoding_format":"base64"} (as azure-ai-openai does), as base64 of
 * little-endian 32-bit floats, as the service sends it ({@code embeddings_create} in
 * {@code specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-06-01/inference.json}).
 */
final class EmbeddingsAnswer extends StubTransformer {
    static final String NAME = "azure-openai-embeddings";

    EmbeddingsAnswer() {
        super(NAME);
    }
    private static final ObjectMapper JSON = new ObjectMapper();



    /** The deployment name in {@code /openai/deployments/{name}/embeddings}. */
    private static String deployment(String url) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String[] parts = path.split("/");
        return parts.length > 3 ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : "";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return AzureMlState.error(400, "invalid_request_error", "The request body is not valid JSON.");
        }
        JsonNode input = request.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) texts.add(input.asText());
        else input.forEach(text -> texts.add(text.asText()));
        if (texts.isEmpty()) return AzureMlState.error(400, "invalid_request_error", "'input' is a required property");
        int dimensions = request.has("dimensions") ? request.path("dimensions").asInt()
                : EmulatedEmbeddings.dimensions(deployment(serveEvent.getRequest().getUrl()));
        if (dimensions < 1) {
            return AzureMlState.error(400, "invalid_request_error", "dimensions: must be at least 1, was " + request.path("dimensions"));
        }
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        ObjectNode out = JSON.createObjectNode().put("object", "list").put("model", "text-embedding-3-small");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            float[] v = EmulatedEmbeddings.vector(texts.get(i), dimensions);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) bytes.putFloat(f);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float f : v) values.add((double) f);   // the float's exact value: it parses back to the same float
            }
        }
        out.putObject("usage").put("prompt_tokens", Canned.INPUT_TOKENS).put("total_tokens", Canned.INPUT_TOKENS);
        return new ResponseDefinitionBuilder().withStatus(200).withBody(out.toString())
                .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("apim-request-id", UUID.randomUUID().toString())))
                .build();
    }
}

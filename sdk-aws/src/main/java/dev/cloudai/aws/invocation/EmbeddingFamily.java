package dev.cloudai.aws.invocation;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import dev.cloudai.invocation.EmbeddingRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedding model families Bedrock's InvokeModel serves here, each with its own request and response JSON
 * (Bedrock user guide, "Inference request parameters and response fields for foundation models":
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html). The family is chosen by
 * the model id; an unknown id fails fast, naming the supported ones.
 *
 * <pre>{@code
 * EmbeddingFamily f = EmbeddingFamily.of("amazon.titan-embed-text-v2:0");   // TITAN_V2: one text per request
 * byte[] body = f.requestBody(List.of("hello"), request);
 * }</pre>
 */
enum EmbeddingFamily {
    /**
     * Amazon Titan Text Embeddings v2: one text per request. Request
     * {@code {"inputText":"...","dimensions":256|512|1024,"normalize":true}}; response
     * {@code {"embedding":[...],"inputTextTokenCount":N}}.
     */
    TITAN_V2("amazon.titan-embed-text-v2", 1),
    /**
     * Cohere Embed v3 (English and multilingual): up to 96 texts per request. Request
     * {@code {"texts":[...],"input_type":"search_document"|"search_query"}}; response
     * {@code {"embeddings":[[...],...],"id":"...","response_type":"embeddings_floats","texts":[...]}}.
     */
    COHERE_V3("cohere.embed-", 96);

    private final String prefix;
    private final int batchSize;

    EmbeddingFamily(String prefix, int batchSize) {
        this.prefix = prefix;
        this.batchSize = batchSize;
    }

    /** How many texts one request may carry. */
    int batchSize() {
        return batchSize;
    }

    /**
     * The family of {@code modelId}: a foundation model id, a cross-region inference profile id ({@code us.},
     * {@code eu.}, {@code apac.}, {@code global.} before it) or a foundation-model ARN.
     *
     * @throws IllegalArgumentException naming the supported families when the id is none of them
     */
    static EmbeddingFamily of(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId: must not be blank; give a Bedrock embedding model id such as "
                    + "amazon.titan-embed-text-v2:0");
        }
        String base = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);   // an ARN's last part
        for (EmbeddingFamily f : values()) {
            if (base.startsWith(f.prefix) || base.contains("." + f.prefix)) return f;
        }
        throw new IllegalArgumentException("modelId: '" + modelId + "' is not an embedding model this adapter can call;"
                + " supported on Bedrock: Amazon Titan Text Embeddings v2 (amazon.titan-embed-text-v2:0) and Cohere Embed v3"
                + " (cohere.embed-english-v3, cohere.embed-multilingual-v3)");
    }

    /** Checks the request's settings against what the family accepts, before anything is sent. */
    void validate(EmbeddingRequest request) {
        if (this == COHERE_V3 && request.dimensions().isPresent()) {
            throw new IllegalArgumentException("dimensions: Cohere Embed v3 returns vectors of a fixed size and takes no"
                    + " dimensions; leave it unset, or use amazon.titan-embed-text-v2:0 (256, 512 or 1024)");
        }
    }

    /** The InvokeModel body for {@code texts} (at most {@link #batchSize()} of them). */
    byte[] requestBody(List<String> texts, EmbeddingRequest request) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        if (this == TITAN_V2) {
            w.writeFieldName("inputText").writeValue(texts.get(0));
            if (request.dimensions().isPresent()) w.writeFieldName("dimensions").writeValue(request.dimensions().getAsInt());
            w.writeFieldName("normalize").writeValue(true);
        } else {
            w.writeFieldName("texts").writeStartArray();
            texts.forEach(w::writeValue);
            w.writeEndArray();
            boolean query = request.purpose().filter(p -> p == EmbeddingRequest.Purpose.QUERY).isPresent();
            w.writeFieldName("input_type").writeValue(query ? "search_query" : "search_document");
        }
        w.writeEndObject();
        return w.getBytes();
    }

    /** The vectors of one response, one per text sent, and the input tokens when the body counts them. */
    Parsed parse(byte[] body, int expected, String requestId) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new AwsResponseFormatException(name() + " answered with a body that is not JSON: " + e.getMessage(), requestId);
        }
        return parse(root, expected, requestId);
    }

    /** {@link #parse(byte[], int, String)} of a body read already: a batch output line's {@code modelOutput}. */
    Parsed parse(JsonNode root, int expected, String requestId) {
        List<float[]> vectors = new ArrayList<>();
        Optional<Integer> tokens = Optional.empty();
        if (this == TITAN_V2) {
            vectors.add(vector(field(root, "embedding", requestId), requestId));
            tokens = root.field("inputTextTokenCount").filter(JsonNode::isNumber).map(n -> Integer.valueOf(n.asNumber()));
        } else {
            for (JsonNode v : field(root, "embeddings", requestId).asArray()) vectors.add(vector(v, requestId));
        }
        if (vectors.size() != expected) {
            throw new AwsResponseFormatException(name() + " returned " + vectors.size() + " vectors for " + expected
                    + " texts", requestId);
        }
        return new Parsed(vectors, tokens);
    }

    private JsonNode field(JsonNode root, String name, String requestId) {
        if (!root.isObject()) throw new AwsResponseFormatException(name() + " answered with JSON that is not an object", requestId);
        return root.field(name).filter(JsonNode::isArray).orElseThrow(() ->
                new AwsResponseFormatException(name() + " answered without the array '" + name + "'", requestId));
    }

    private float[] vector(JsonNode node, String requestId) {
        if (!node.isArray() || node.asArray().isEmpty()) {
            throw new AwsResponseFormatException(name() + " answered with an empty or non-array vector", requestId);
        }
        List<JsonNode> values = node.asArray();
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            if (!values.get(i).isNumber()) throw new AwsResponseFormatException(name() + " sent a vector component that is not a number", requestId);
            v[i] = Float.parseFloat(values.get(i).asNumber());
        }
        return v;
    }

    /** One response's vectors, in the order of the texts sent, and its input token count when known. */
    record Parsed(List<float[]> vectors, Optional<Integer> inputTokens) {
    }
}

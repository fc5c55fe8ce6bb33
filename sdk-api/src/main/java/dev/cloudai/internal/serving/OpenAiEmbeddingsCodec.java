package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.TokenUsage;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAI embeddings API ({@code POST /v1/embeddings}) as vLLM, SGLang and TEI's OpenAI route serve it,
 * following the OpenAI API reference: {@code {"input":[texts],"dimensions":n,"encoding_format":"float"}} in,
 * {@code data[].embedding} by {@code index} and {@code usage.prompt_tokens} out. No {@code model}: the server
 * answers with the one it serves. The purpose (query or document) has no field here and is not sent. A base64
 * vector (a server that ignored {@code encoding_format}) is read as the reference describes it, little-endian
 * float32. Not API.
 *
 * <pre>{@code
 * InvokeRequest body = new OpenAiEmbeddingsCodec().encode(EmbeddingRequest.of("a", "b"));
 * // {"input":["a","b"],"encoding_format":"float"}
 * }</pre>
 */
final class OpenAiEmbeddingsCodec implements EmbeddingCodec {
    private static final ServingProtocol PROTOCOL = ServingProtocol.OPENAI_EMBEDDINGS;

    @Override
    public ServingProtocol protocol() { return PROTOCOL; }

    @Override
    public InvokeRequest encode(EmbeddingRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", request.inputs());
        request.dimensions().ifPresent(d -> body.put("dimensions", d));
        body.put("encoding_format", "float");
        return InvokeRequest.json(Json.write(body));
    }

    @Override
    public Vectors decode(InvokeResponse response, EmbeddingRequest request) {
        Object json = Shapes.parse(response.body(), PROTOCOL);
        Shapes.throwIfError(json);
        if (!(json instanceof Map<?, ?> m) || !(m.get("data") instanceof List<?> data)) {
            ServingProtocol like = Shapes.whole(json);
            throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like, Shapes.describe(json));
        }
        Embedding[] byIndex = new Embedding[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Map<String, Object> item = Shapes.map(data.get(i));
            // the reference gives each item its index; a server that leaves it out lists them in input order
            int index = item.get("index") instanceof BigDecimal ? Shapes.count(item.get("index")) : i;
            if (index >= byIndex.length || byIndex[index] != null) {
                throw new ProtocolMismatchException(PROTOCOL, null, "embeddings whose indexes are not 0 to "
                        + (data.size() - 1) + " each once");
            }
            byIndex[index] = new Embedding(index, vector(item.get("embedding"), index));
        }
        Shapes.checkCount(PROTOCOL, byIndex.length, request);
        Map<String, Object> usage = Shapes.map(m.get("usage"));
        Optional<TokenUsage> tokens = usage.containsKey("prompt_tokens")
                ? Optional.of(new TokenUsage(Shapes.count(usage.get("prompt_tokens")), 0)) : Optional.empty();
        return new Vectors(List.of(byIndex), tokens);
    }

    private static float[] vector(Object embedding, int index) {
        if (embedding instanceof String base64) {
            ByteBuffer bytes;
            try {
                bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IllegalArgumentException e) {
                throw new ProtocolMismatchException(PROTOCOL, null, "data[" + index + "].embedding is a string that is"
                        + " not base64");
            }
            float[] v = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(v);
            return v;
        }
        return Shapes.floats(embedding, PROTOCOL, "data[" + index + "].embedding");
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.spi.ChatLimits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face text-embeddings-inference's {@code POST /embed}, following the TEI API reference:
 * {@code {"inputs":[texts],"normalize":true,"truncate":false}} in (unit vectors, as the other embedding models
 * give; a text over the model's length is an error rather than silently cut), an array of vectors in input order
 * out. TEI counts no tokens. {@code dimensions} is refused: {@code /embed} has no such setting. The purpose (query
 * or document) is not sent: TEI's {@code prompt_name} names prompts each model defines differently. Not API.
 *
 * <pre>{@code
 * InvokeRequest body = new TeiCodec().encode(EmbeddingRequest.of("a"));   // {"inputs":["a"],"normalize":true,"truncate":false}
 * }</pre>
 */
final class TeiCodec implements EmbeddingCodec {
    private static final ServingProtocol PROTOCOL = ServingProtocol.TEI;

    @Override
    public ServingProtocol protocol() { return PROTOCOL; }

    @Override
    public InvokeRequest encode(EmbeddingRequest request) {
        if (request.dimensions().isPresent()) {
            throw ChatLimits.unsupported(PROTOCOL.configName(), "dimensions", "TEI's /embed returns the model's own"
                    + " vector size; leave dimensions unset (truncate a Matryoshka model's vectors yourself), or use"
                    + " ServingProtocol.OPENAI_EMBEDDINGS on a server that takes dimensions");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputs", request.inputs());
        body.put("normalize", true);
        body.put("truncate", false);
        return InvokeRequest.json(Json.write(body));
    }

    @Override
    public Vectors decode(InvokeResponse response, EmbeddingRequest request) {
        Object json = Shapes.parse(response.body(), PROTOCOL);
        Shapes.throwIfError(json);
        if (!(json instanceof List<?> vectors) || vectors.isEmpty() || !(vectors.get(0) instanceof List)) {
            ServingProtocol like = Shapes.whole(json);
            throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like, Shapes.describe(json));
        }
        List<Embedding> out = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            out.add(new Embedding(i, Shapes.floats(vectors.get(i), PROTOCOL, "[" + i + "]")));
        }
        Shapes.checkCount(PROTOCOL, out.size(), request);
        return new Vectors(out, Optional.empty());
    }
}

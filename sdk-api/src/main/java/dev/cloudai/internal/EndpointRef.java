package dev.cloudai.internal;

import dev.cloudai.deployment.ServingProtocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A model alias that names a deployed endpoint instead of a managed model:
 * {@code cloudai.models.mine.aws=endpoint:my-llama;protocol=openai-chat}. The protocol may be left out: chat models
 * then speak {@code openai-chat} and embedding models {@code openai-embeddings}. Not API.
 *
 * <pre>{@code
 * EndpointRef.parse("endpoint:my-tei;protocol=tei")   // Optional[EndpointRef[endpointId=my-tei, protocol=Optional[TEI]]]
 * EndpointRef.parse("gpt-4o")                         // Optional.empty(): a managed model
 * }</pre>
 *
 * @param endpointId the endpoint's id or name
 * @param protocol the server's protocol, when given
 */
public record EndpointRef(String endpointId, Optional<ServingProtocol> protocol) {
    /** What starts a model value that names an endpoint. */
    public static final String PREFIX = "endpoint:";

    public EndpointRef {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * The endpoint a model value names, or empty for a managed model id.
     *
     * @throws IllegalArgumentException for a value that starts with {@code endpoint:} but is malformed, saying how
     *         to write it
     */
    public static Optional<EndpointRef> parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) return Optional.empty();
        String rest = value.substring(PREFIX.length());
        String id = rest;
        ServingProtocol protocol = null;
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            id = rest.substring(0, semicolon);
            String option = rest.substring(semicolon + 1).strip();
            if (!option.startsWith("protocol=")) {
                throw new IllegalArgumentException("'" + value + "' names an endpoint with an option other than"
                        + " protocol; write endpoint:<id>;protocol=openai-chat|tgi|openai-embeddings|tei");
            }
            protocol = ServingProtocol.fromName(option.substring("protocol=".length()));
        }
        id = id.strip();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' names no endpoint; write endpoint:<id>, for example"
                    + " endpoint:my-llama;protocol=openai-chat");
        }
        return Optional.of(new EndpointRef(id, Optional.ofNullable(protocol)));
    }

    /** The protocol for a chat model: the one given, else OpenAI chat; refused when it cannot chat. */
    public ServingProtocol chatProtocol() {
        ServingProtocol p = protocol.orElse(ServingProtocol.OPENAI_CHAT);
        if (!p.canChat()) {
            throw new IllegalArgumentException("endpoint:" + endpointId + ";protocol=" + p.configName()
                    + " is an embedding endpoint; a chat model needs protocol=openai-chat or tgi");
        }
        return p;
    }

    /** The protocol for an embedding model: the one given, else OpenAI embeddings; refused when it cannot embed. */
    public ServingProtocol embeddingProtocol() {
        ServingProtocol p = protocol.orElse(ServingProtocol.OPENAI_EMBEDDINGS);
        if (!p.canEmbed()) {
            throw new IllegalArgumentException("endpoint:" + endpointId + ";protocol=" + p.configName()
                    + " is a chat endpoint; an embedding model needs protocol=openai-embeddings or tei");
        }
        return p;
    }
}

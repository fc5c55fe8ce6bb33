package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;

import java.util.Objects;

/** The codec of each protocol; codecs are stateless, so one of each serves every model. Not API. */
final class Codecs {
    private static final ChatCodec OPENAI_CHAT = new OpenAiChatCodec();
    private static final ChatCodec TGI = new TgiCodec();
    private static final EmbeddingCodec OPENAI_EMBEDDINGS = new OpenAiEmbeddingsCodec();
    private static final EmbeddingCodec TEI = new TeiCodec();

    private Codecs() {
    }

    /** The chat codec of {@code protocol}; an embedding protocol is refused, naming the chat ones. */
    static ChatCodec chat(ServingProtocol protocol) {
        return switch (Objects.requireNonNull(protocol, "protocol")) {
            case OPENAI_CHAT -> OPENAI_CHAT;
            case TGI -> TGI;
            case OPENAI_EMBEDDINGS, TEI -> throw new IllegalArgumentException("protocol: " + protocol
                    + " is an embedding protocol and cannot chat; use OPENAI_CHAT or TGI");
        };
    }

    /** The embedding codec of {@code protocol}; a chat protocol is refused, naming the embedding ones. */
    static EmbeddingCodec embeddings(ServingProtocol protocol) {
        return switch (Objects.requireNonNull(protocol, "protocol")) {
            case OPENAI_EMBEDDINGS -> OPENAI_EMBEDDINGS;
            case TEI -> TEI;
            case OPENAI_CHAT, TGI -> throw new IllegalArgumentException("protocol: " + protocol
                    + " is a chat protocol and cannot embed; use OPENAI_EMBEDDINGS or TEI");
        };
    }
}

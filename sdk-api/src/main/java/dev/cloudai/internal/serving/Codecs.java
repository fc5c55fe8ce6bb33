package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;

/** The codec of each protocol. Not API. */
final class Codecs {
    private Codecs() {
    }

    static ChatCodec chat(ServingProtocol protocol) {
        throw new UnsupportedOperationException("protocol " + protocol + ": codec not written yet");
    }

    static EmbeddingCodec embeddings(ServingProtocol protocol) {
        throw new UnsupportedOperationException("protocol " + protocol + ": codec not written yet");
    }
}

package dev.cloudai.deployment;

import java.util.Locale;

/**
 * The HTTP API a model server in an endpoint speaks, so the SDK can use the endpoint as a chat or embedding model.
 * The transport is the cloud's own (SageMaker {@code InvokeEndpoint}, Vertex AI {@code rawPredict}, an Azure ML
 * scoring URI); the body is the server's.
 *
 * <pre>{@code
 * ChatModel mine = ai.endpoints().chatModel(endpoint.id(), ServingProtocol.OPENAI_CHAT);
 * EmbeddingModel vectors = ai.endpoints().embeddingModel("my-tei", ServingProtocol.TEI);
 * // or by configuration: cloudai.models.mine.aws=endpoint:my-llama;protocol=openai-chat
 * }</pre>
 */
public enum ServingProtocol {
    /**
     * OpenAI chat completions ({@code messages} in, {@code choices} out, {@code data:} server-sent events when
     * streamed): vLLM, SGLang, TGI's Messages API, SageMaker LMI and Vertex AI Model Garden containers.
     */
    OPENAI_CHAT("openai-chat", true, false),
    /**
     * Hugging Face text-generation-inference's own API: {@code inputs} and {@code parameters} in,
     * {@code generated_text} out, {@code generate_stream} token events when streamed.
     */
    TGI("tgi", true, false),
    /** OpenAI embeddings ({@code input} in, {@code data[].embedding} out): vLLM, SGLang, TEI's OpenAI route. */
    OPENAI_EMBEDDINGS("openai-embeddings", false, true),
    /** Hugging Face text-embeddings-inference's {@code /embed}: {@code inputs} in, an array of vectors out. */
    TEI("tei", false, true);

    private final String configName;
    private final boolean chat;
    private final boolean embeddings;

    ServingProtocol(String configName, boolean chat, boolean embeddings) {
        this.configName = configName;
        this.chat = chat;
        this.embeddings = embeddings;
    }

    /** The name used in configuration, for example {@code openai-chat}. */
    public String configName() { return configName; }

    /** Whether a chat model can speak it. */
    public boolean canChat() { return chat; }

    /** Whether an embedding model can speak it. */
    public boolean canEmbed() { return embeddings; }

    /**
     * The protocol for a configuration name ({@code openai-chat}, {@code tgi}, {@code openai-embeddings},
     * {@code tei}) or an enum name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known names
     */
    public static ServingProtocol fromName(String protocol) {
        if (protocol == null) throw new NullPointerException("protocol: must not be null");
        String n = protocol.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ServingProtocol p : values()) {
            if (p.configName.equals(n)) return p;
        }
        throw new IllegalArgumentException("protocol: '" + protocol + "' is not a serving protocol; use openai-chat, tgi,"
                + " openai-embeddings or tei");
    }
}

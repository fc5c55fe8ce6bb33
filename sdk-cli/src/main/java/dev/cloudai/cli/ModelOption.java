package dev.cloudai.cli;

import dev.cloudai.CloudAi;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import picocli.CommandLine.Option;

/**
 * The {@code --model} option of the commands that call a model, or {@code --endpoint} with {@code --protocol} for a
 * model deployed on an endpoint.
 */
final class ModelOption {

    @Option(names = "--model", paramLabel = "NAME",
            description = "A model alias from cloudai.models.<alias>.<provider>, or a native model id."
                    + " Default: the alias 'default' (chat, stream) or 'embed' (embed).")
    String model;

    @Option(names = "--endpoint", paramLabel = "ID",
            description = "Use the model deployed on this endpoint (see 'cloudai endpoints') instead of --model.")
    String endpoint;

    @Option(names = "--protocol", paramLabel = "PROTOCOL",
            description = "The API the endpoint's server speaks: openai-chat (default for chat), tgi,"
                    + " openai-embeddings (default for embed) or tei.")
    String protocol;

    String orDefault(String alias) {
        return model == null || model.isBlank() ? alias : model.strip();
    }

    ChatModel chatModel(CloudAi ai) {
        if (endpoint == null) {
            if (protocol != null) throw new IllegalArgumentException("protocol: --protocol goes with --endpoint");
            return ai.chatModel(orDefault("default"));
        }
        if (model != null) throw new IllegalArgumentException("endpoint: give either --model or --endpoint, not both");
        return ai.endpoints().chatModel(endpoint, protocol == null ? ServingProtocol.OPENAI_CHAT
                : ServingProtocol.fromName(protocol));
    }

    EmbeddingModel embeddingModel(CloudAi ai) {
        if (endpoint == null) {
            if (protocol != null) throw new IllegalArgumentException("protocol: --protocol goes with --endpoint");
            return ai.embeddingModel(orDefault("embed"));
        }
        if (model != null) throw new IllegalArgumentException("endpoint: give either --model or --endpoint, not both");
        return ai.endpoints().embeddingModel(endpoint, protocol == null ? ServingProtocol.OPENAI_EMBEDDINGS
                : ServingProtocol.fromName(protocol));
    }
}

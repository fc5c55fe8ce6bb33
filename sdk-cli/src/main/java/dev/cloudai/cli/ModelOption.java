package dev.cloudai.cli;

import picocli.CommandLine.Option;

/** The {@code --model} option of the commands that call a model. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "NAME",
            description = "A model alias from cloudai.models.<alias>.<provider>, or a native model id."
                    + " Default: the alias 'default' (chat, stream) or 'embed' (embed).")
    String model;

    String orDefault(String alias) {
        return model == null || model.isBlank() ? alias : model.strip();
    }
}

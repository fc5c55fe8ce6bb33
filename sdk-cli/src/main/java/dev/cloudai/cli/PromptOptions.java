package dev.cloudai.cli;

import dev.cloudai.invocation.ChatRequest;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** The prompt of {@code chat} and {@code stream}: the words given, an optional system prompt and token limit. */
final class PromptOptions {

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "The prompt; several words are joined with spaces.")
    List<String> words;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt.")
    String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens the answer may have.")
    Integer maxTokens;

    ChatRequest request() {
        ChatRequest.Builder b = ChatRequest.builder();
        if (system != null) b.system(system);
        b.user(String.join(" ", words));
        if (maxTokens != null) b.maxTokens(maxTokens);
        return b.build();
    }
}

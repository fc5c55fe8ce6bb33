package dev.cloudai.benchmarks.stub;

import java.nio.charset.StandardCharsets;

/**
 * The one answer every stub gives, as each cloud writes it on the wire, built once so that serving it costs a copy.
 * The shapes are the sdk-testkit emulators' (which follow the clouds' API references) without their templating;
 * Vertex AI's protobuf answer is {@link GrpcStub}'s, so that this class loads no protobuf class.
 *
 * <pre>{@code
 * byte[] body = Answers.BEDROCK_CONVERSE;   // what POST /model/{id}/converse answers
 * }</pre>
 */
public final class Answers {
    /** The text of every answer; a benchmark that reads anything else is measuring a broken call. */
    public static final String TEXT = "Hello from the stub";
    public static final int INPUT_TOKENS = 12;
    public static final int OUTPUT_TOKENS = 5;

    /**
     * Bedrock Converse, {@code application/json}
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax).
     */
    public static final byte[] BEDROCK_CONVERSE = utf8("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":"
            + "[{\"text\":\"" + TEXT + "\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":" + INPUT_TOKENS
            + ",\"outputTokens\":" + OUTPUT_TOKENS + ",\"totalTokens\":" + (INPUT_TOKENS + OUTPUT_TOKENS)
            + "},\"metrics\":{\"latencyMs\":42}}");

    /**
     * An Azure OpenAI chat completion, {@code application/json}, with the content-filter results Azure adds
     * (https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#chat-completions).
     */
    public static final byte[] AZURE_CHAT_COMPLETION = utf8("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\","
            + "\"created\":1767225600,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_stub\","
            + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{"
            + "\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}],"
            + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"},\"content_filter_results\":{}}],"
            + "\"usage\":{\"prompt_tokens\":" + INPUT_TOKENS + ",\"completion_tokens\":" + OUTPUT_TOKENS
            + ",\"total_tokens\":" + (INPUT_TOKENS + OUTPUT_TOKENS) + "}}");

    private Answers() {
    }

    /** {@code text} itself, or an exception saying what a benchmark got instead of {@link #TEXT}. */
    public static String check(String what, String text) {
        if (!TEXT.equals(text)) {
            throw new IllegalStateException(what + " answered '" + text + "' instead of '" + TEXT + "': the benchmark"
                    + " would measure a broken call");
        }
        return text;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

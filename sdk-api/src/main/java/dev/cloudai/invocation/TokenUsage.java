package dev.cloudai.invocation;

/**
 * How many tokens a call consumed, as the provider counted them. The cache and reasoning counts are 0 where a
 * cloud does not report them.
 *
 * <pre>{@code
 * TokenUsage u = response.usage();
 * System.out.println(u.inputTokens() + " in (" + u.cachedInputTokens() + " from cache), " + u.outputTokens() + " out");
 * }</pre>
 *
 * @param inputTokens tokens in the prompt, cached ones included
 * @param outputTokens tokens in the answer, reasoning tokens included
 * @param cachedInputTokens input tokens read from the provider's prompt cache
 * @param cacheWriteInputTokens input tokens written to the prompt cache (Bedrock)
 * @param reasoningTokens output tokens the model spent reasoning
 */
public record TokenUsage(int inputTokens, int outputTokens, int cachedInputTokens, int cacheWriteInputTokens,
                         int reasoningTokens) {

    public TokenUsage {
        if (inputTokens < 0) throw new IllegalArgumentException("inputTokens: must not be negative, was " + inputTokens);
        if (outputTokens < 0) throw new IllegalArgumentException("outputTokens: must not be negative, was " + outputTokens);
        if (cachedInputTokens < 0) {
            throw new IllegalArgumentException("cachedInputTokens: must not be negative, was " + cachedInputTokens);
        }
        if (cacheWriteInputTokens < 0) {
            throw new IllegalArgumentException("cacheWriteInputTokens: must not be negative, was " + cacheWriteInputTokens);
        }
        if (reasoningTokens < 0) {
            throw new IllegalArgumentException("reasoningTokens: must not be negative, was " + reasoningTokens);
        }
    }

    /** Input and output tokens only, for clouds and calls that report no more. */
    public TokenUsage(int inputTokens, int outputTokens) {
        this(inputTokens, outputTokens, 0, 0, 0);
    }

    /** Input and output tokens together. */
    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}

package dev.cloudai.invocation;

/**
 * How many tokens a call consumed, as the provider counted them.
 *
 * <pre>{@code
 * TokenUsage u = response.usage();
 * System.out.println(u.inputTokens() + " in, " + u.outputTokens() + " out");
 * }</pre>
 *
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens in the answer
 */
public record TokenUsage(int inputTokens, int outputTokens) {

    public TokenUsage {
        if (inputTokens < 0) throw new IllegalArgumentException("inputTokens: must not be negative, was " + inputTokens);
        if (outputTokens < 0) throw new IllegalArgumentException("outputTokens: must not be negative, was " + outputTokens);
    }

    /** Input and output tokens together. */
    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}

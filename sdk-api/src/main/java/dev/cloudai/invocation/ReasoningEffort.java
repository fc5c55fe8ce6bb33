package dev.cloudai.invocation;

/**
 * How hard a reasoning model should think before it answers. Clouds that take a token budget instead (Bedrock's
 * Claude thinking, Vertex AI's {@code thinkingBudget}) get {@link #budgetTokens()}.
 *
 * <pre>{@code
 * ChatRequest.builder().user("Plan a migration").reasoningEffort(ReasoningEffort.HIGH).build();
 * }</pre>
 */
public enum ReasoningEffort {
    LOW(1_024), MEDIUM(4_096), HIGH(16_384);

    private final int budgetTokens;

    ReasoningEffort(int budgetTokens) {
        this.budgetTokens = budgetTokens;
    }

    /** The thinking budget in tokens that stands for this effort where a cloud takes a budget. */
    public int budgetTokens() { return budgetTokens; }

    /** The effort for a token budget, where a cloud takes an effort: the highest whose budget fits in it. */
    public static ReasoningEffort forBudget(int tokens) {
        if (tokens >= HIGH.budgetTokens) return HIGH;
        if (tokens >= MEDIUM.budgetTokens) return MEDIUM;
        return LOW;
    }
}

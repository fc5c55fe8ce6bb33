package dev.cloudai.invocation;

/**
 * Why the model stopped writing, mapped from each provider's own stop reason.
 *
 * <pre>{@code
 * if (response.finishReason() == FinishReason.MAX_TOKENS) { ... raise maxTokens ... }
 * }</pre>
 */
public enum FinishReason {
    /** The model finished its answer. */
    STOP,
    /** The answer hit the {@code maxTokens} limit and is cut off. */
    MAX_TOKENS,
    /** The model wrote one of the request's stop sequences. */
    STOP_SEQUENCE,
    /** A content filter stopped the answer; {@code finishDetail()} names the category. */
    CONTENT_FILTERED,
    /** The model asked to call a tool. */
    TOOL_USE,
    /** A reason the SDK does not model; {@code finishDetail()} has the provider's own value. */
    OTHER
}

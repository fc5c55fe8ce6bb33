package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's complete answer.
 *
 * <pre>{@code
 * ChatResponse r = chat.chat(ChatRequest.ofUser("Hello"));
 * System.out.println(r.text() + " [" + r.finishReason() + ", " + r.usage() + ", via " + r.provider() + "]");
 * for (ToolCall call : r.toolCalls()) System.out.println("wants " + call.name() + " " + call.arguments());
 * r.cost().ifPresent(c -> System.out.println("cost $" + c.totalUsd().toPlainString()));
 * }</pre>
 */
public final class ChatResponse {
    private final String text;
    private final TokenUsage usage;
    private final FinishReason finishReason;
    private final String finishDetail;
    private final String provider;
    private final String model;
    private final String requestId;
    private final List<ToolCall> toolCalls;
    private final String reasoning;
    private final String reasoningSignature;
    private final CallCost cost;

    private ChatResponse(Builder b) {
        this.text = Objects.requireNonNull(b.text, "text");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.finishReason = Objects.requireNonNull(b.finishReason, "finishReason");
        this.finishDetail = b.finishDetail;
        this.provider = Arguments.requireText(b.provider, "provider");
        this.model = Arguments.requireText(b.model, "model");
        this.requestId = b.requestId;
        this.toolCalls = b.toolCalls;
        this.reasoning = b.reasoning;
        this.reasoningSignature = b.reasoningSignature;
        this.cost = b.cost;
        if (!toolCalls.isEmpty() && finishReason != FinishReason.TOOL_USE) {
            throw new IllegalArgumentException("finishReason: an answer with tool calls finishes with TOOL_USE, was "
                    + finishReason);
        }
    }

    /** Starts a response; adapters build these. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        return builder().text(text).usage(usage).finishReason(finishReason).finishDetail(finishDetail)
                .provider(provider).model(model).requestId(requestId).toolCalls(toolCalls).reasoning(reasoning)
                .reasoningSignature(reasoningSignature).cost(cost);
    }

    /** The answer's text. */
    public String text() { return text; }

    /** Tokens the call consumed. */
    public TokenUsage usage() { return usage; }

    /** Why the model stopped. */
    public FinishReason finishReason() { return finishReason; }

    /** The provider's own stop reason or the content-filter category, when there is one. */
    public Optional<String> finishDetail() { return Optional.ofNullable(finishDetail); }

    /** The provider that answered, for example {@code aws}; with fallback it may differ from the configured one. */
    public String provider() { return provider; }

    /** The native model id or deployment that answered. */
    public String model() { return model; }

    /** The provider's request id, when it sent one. */
    public Optional<String> requestId() { return Optional.ofNullable(requestId); }

    /** The tools the model asked to call, in order; empty when none. The finish reason is then {@code TOOL_USE}. */
    public List<ToolCall> toolCalls() { return toolCalls; }

    /** The model's reasoning text, where the model returns it. */
    public Optional<String> reasoning() { return Optional.ofNullable(reasoning); }

    /** The cloud's opaque token for the reasoning, which it checks when the reasoning is sent back. */
    public Optional<String> reasoningSignature() { return Optional.ofNullable(reasoningSignature); }

    /**
     * What the call cost in US dollars, when the model's price is known ({@code CloudAi.prices()}); empty for a model
     * without a price, never zero. A call to a self-hosted endpoint has no per-token cost: its endpoint's price is
     * per hour ({@link dev.cloudai.deployment.Endpoint#pricePerHour()}).
     */
    public Optional<CallCost> cost() { return Optional.ofNullable(cost); }

    /** This answer as the assistant message of the next turn, its tool calls and reasoning included. */
    public ChatMessage toMessage() {
        return ChatMessage.assistant(text, toolCalls, reasoning, reasoningSignature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatResponse r && text.equals(r.text) && usage.equals(r.usage)
                && finishReason == r.finishReason && Objects.equals(finishDetail, r.finishDetail)
                && provider.equals(r.provider) && model.equals(r.model) && Objects.equals(requestId, r.requestId)
                && toolCalls.equals(r.toolCalls) && Objects.equals(reasoning, r.reasoning)
                && Objects.equals(reasoningSignature, r.reasoningSignature) && Objects.equals(cost, r.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, usage, finishReason, finishDetail, provider, model, requestId, toolCalls, reasoning,
                reasoningSignature, cost);
    }

    /** Shows everything but the text, which may hold personal data. */
    @Override
    public String toString() {
        return "ChatResponse[provider=" + provider + ", model=" + model + ", finishReason=" + finishReason
                + ", usage=" + usage + ", textLength=" + text.length() + ", toolCalls=" + toolCalls.size()
                + ", requestId=" + requestId + (cost == null ? "" : ", costUsd=" + cost.totalUsd().toPlainString()) + "]";
    }


    /** Builds a {@link ChatResponse}. */
    public static final class Builder {
        private String text;
        private TokenUsage usage;
        private FinishReason finishReason;
        private String finishDetail;
        private String provider;
        private String model;
        private String requestId;
        private List<ToolCall> toolCalls = List.of();
        private String reasoning;
        private String reasoningSignature;
        private CallCost cost;

        private Builder() {
        }

        /** The answer's text; may be empty. */
        public Builder text(String value) { this.text = Objects.requireNonNull(value, "text"); return this; }
        /** The tokens the call consumed. */
        public Builder usage(TokenUsage value) { this.usage = Objects.requireNonNull(value, "usage"); return this; }
        /** Why the model stopped. */
        public Builder finishReason(FinishReason value) { this.finishReason = Objects.requireNonNull(value, "finishReason"); return this; }
        /** The provider's own stop reason; {@code null} or blank when it sent none. */
        public Builder finishDetail(String value) { this.finishDetail = value == null || value.isBlank() ? null : value; return this; }
        /** The provider that answered. */
        public Builder provider(String value) { this.provider = Objects.requireNonNull(value, "provider"); return this; }
        /** The native model id or deployment that answered. */
        public Builder model(String value) { this.model = Objects.requireNonNull(value, "model"); return this; }
        /** The provider's request id; {@code null} or blank when it sent none. */
        public Builder requestId(String value) { this.requestId = value == null || value.isBlank() ? null : value; return this; }

        /** The tools the model asked to call, in order. */
        public Builder toolCalls(List<ToolCall> value) { this.toolCalls = Arguments.listOf(value, "toolCalls"); return this; }
        /** The model's reasoning text; {@code null} or empty when it returned none. */
        public Builder reasoning(String value) { this.reasoning = value == null || value.isEmpty() ? null : value; return this; }
        /** The cloud's opaque token for the reasoning; {@code null} or blank when there is none. */
        public Builder reasoningSignature(String value) { this.reasoningSignature = value == null || value.isBlank() ? null : value; return this; }

        /** What the call cost; {@code null} when the model's price is not known. */
        public Builder cost(CallCost value) { this.cost = value; return this; }

        /** Builds the response; an answer with tool calls must finish with {@code TOOL_USE}. */
        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}

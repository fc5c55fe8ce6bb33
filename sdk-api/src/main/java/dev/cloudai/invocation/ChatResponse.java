package dev.cloudai.invocation;

import java.util.Objects;
import java.util.Optional;

/**
 * A model's complete answer.
 *
 * <pre>{@code
 * ChatResponse r = chat.chat(ChatRequest.ofUser("Hello"));
 * System.out.println(r.text() + " [" + r.finishReason() + ", " + r.usage() + ", via " + r.provider() + "]");
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

    private ChatResponse(Builder b) {
        this.text = Objects.requireNonNull(b.text, "text");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.finishReason = Objects.requireNonNull(b.finishReason, "finishReason");
        this.finishDetail = b.finishDetail;
        this.provider = requireText(b.provider, "provider");
        this.model = requireText(b.model, "model");
        this.requestId = b.requestId;
    }

    /** Starts a response; adapters build these. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        return builder().text(text).usage(usage).finishReason(finishReason).finishDetail(finishDetail)
                .provider(provider).model(model).requestId(requestId);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatResponse r && text.equals(r.text) && usage.equals(r.usage)
                && finishReason == r.finishReason && Objects.equals(finishDetail, r.finishDetail)
                && provider.equals(r.provider) && model.equals(r.model) && Objects.equals(requestId, r.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, usage, finishReason, finishDetail, provider, model, requestId);
    }

    /** Shows everything but the text, which may hold personal data. */
    @Override
    public String toString() {
        return "ChatResponse[provider=" + provider + ", model=" + model + ", finishReason=" + finishReason
                + ", usage=" + usage + ", textLength=" + text.length() + ", requestId=" + requestId + "]";
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
        return value;
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

        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}

package dev.cloudai.invocation;

import dev.cloudai.internal.Arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to ask a chat model: the conversation and the generation settings. Immutable; validated when built, so a
 * request that reaches a provider is well formed.
 *
 * <pre>{@code
 * ChatRequest simple = ChatRequest.ofUser("Why use Inferentia for inference?");
 * ChatRequest full = ChatRequest.builder()
 *         .system("Answer in one sentence.")
 *         .user("What is a TPU?")
 *         .maxTokens(200).temperature(0.2).topP(0.9).stopSequences(List.of("###"))
 *         .build();
 * }</pre>
 */
public final class ChatRequest {
    private final List<ChatMessage> messages;
    /** The messages without the system ones, derived once: validation and every adapter read it. */
    private final List<ChatMessage> conversation;
    private final Integer maxTokens;
    private final Double temperature;
    private final Double topP;
    private final List<String> stopSequences;

    private ChatRequest(List<ChatMessage> messages, Integer maxTokens, Double temperature, Double topP,
                        List<String> stopSequences) {
        this.messages = List.copyOf(messages);
        this.conversation = withoutSystem(this.messages);
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.topP = topP;
        this.stopSequences = List.copyOf(stopSequences);
        validate();
    }

    /** A request with one user message. */
    public static ChatRequest ofUser(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt: must not be blank; pass the question to ask the model");
        }
        // Straight to the constructor, without a builder and its lists: this is the most common request.
        return new ChatRequest(List.of(ChatMessage.user(prompt)), null, null, null, List.of());
    }

    /** Starts an empty request. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stopSequences.addAll(stopSequences);
        return b;
    }

    /** All messages in order, system messages included. */
    public List<ChatMessage> messages() { return messages; }

    /** The system messages' texts joined by a blank line, or empty when there are none. */
    public Optional<String> systemPrompt() {
        String joined = null;   // a request has a system message or two at most: concatenation is fine
        for (ChatMessage m : messages) {
            if (m.role() == Role.SYSTEM) joined = joined == null ? m.text() : joined + "\n\n" + m.text();
        }
        return Optional.ofNullable(joined);
    }

    /** The user and assistant messages, in order. */
    public List<ChatMessage> conversation() {
        return conversation;
    }

    /** {@code messages} without the system messages; {@code messages} itself when it has none, the usual case. */
    private static List<ChatMessage> withoutSystem(List<ChatMessage> messages) {
        int systems = 0;
        for (ChatMessage m : messages) {
            if (m.role() == Role.SYSTEM) systems++;
        }
        if (systems == 0) return messages;
        List<ChatMessage> rest = new ArrayList<>(messages.size() - systems);
        for (ChatMessage m : messages) {
            if (m.role() != Role.SYSTEM) rest.add(m);
        }
        return Collections.unmodifiableList(rest);
    }

    /** The most tokens the answer may have. */
    public OptionalInt maxTokens() { return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens); }

    /** Sampling temperature, 0 to 2. */
    public OptionalDouble temperature() { return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature); }

    /** Nucleus sampling mass, above 0 and at most 1. */
    public OptionalDouble topP() { return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP); }

    /** Texts that end the answer when the model writes them. */
    public List<String> stopSequences() { return stopSequences; }

    private void validate() {
        if (conversation.isEmpty()) {
            throw new IllegalArgumentException("messages: at least one user message is required;"
                    + " use ChatRequest.ofUser(\"...\") or builder().user(\"...\")");
        }
        if (conversation.get(0).role() != Role.USER) {
            throw new IllegalArgumentException("messages[0]: the conversation must start with a user message,"
                    + " was " + conversation.get(0).role());
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens: must be positive, was " + maxTokens);
        }
        if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("temperature: must be between 0 and 2, was " + temperature);
        }
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("topP: must be above 0 and at most 1, was " + topP);
        }
        for (int i = 0; i < stopSequences.size(); i++) {
            if (stopSequences.get(i).isEmpty()) {
                throw new IllegalArgumentException("stopSequences[" + i + "]: must not be empty");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r && messages.equals(r.messages) && Objects.equals(maxTokens, r.maxTokens)
                && Objects.equals(temperature, r.temperature) && Objects.equals(topP, r.topP)
                && stopSequences.equals(r.stopSequences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, maxTokens, temperature, topP, stopSequences);
    }

    /** Shows the settings and the message count, never the messages' text (it may hold personal data). */
    @Override
    public String toString() {
        return "ChatRequest[messages=" + messages.size() + ", maxTokens=" + maxTokens + ", temperature=" + temperature
                + ", topP=" + topP + ", stopSequences=" + stopSequences.size() + "]";
    }

    /** Builds a {@link ChatRequest}; messages keep the order in which they are added. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private final List<String> stopSequences = new ArrayList<>();

        private Builder() {
        }

        /** Adds a system message. */
        public Builder system(String text) { return message(ChatMessage.system(text)); }

        /** Adds a user message. */
        public Builder user(String text) { return message(ChatMessage.user(text)); }

        /** Adds an assistant message (an earlier answer). */
        public Builder assistant(String text) { return message(ChatMessage.assistant(text)); }

        /** Adds a message. */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Adds messages in order. */
        public Builder messages(List<ChatMessage> messages) {
            this.messages.addAll(Arguments.listOf(messages, "messages"));
            return this;
        }

        /** The most tokens the answer may have; must be positive. */
        public Builder maxTokens(int value) { this.maxTokens = value; return this; }

        /** Sampling temperature, 0 to 2. */
        public Builder temperature(double value) { this.temperature = value; return this; }

        /** Nucleus sampling mass, above 0 and at most 1. */
        public Builder topP(double value) { this.topP = value; return this; }

        /** Replaces the stop sequences. */
        public Builder stopSequences(List<String> values) {
            stopSequences.clear();
            for (String s : Objects.requireNonNull(values, "stopSequences")) {
                stopSequences.add(Objects.requireNonNull(s, "stopSequences: must not contain null"));
            }
            return this;
        }

        /** Validates and builds; a message names the field that is wrong. */
        public ChatRequest build() {
            return new ChatRequest(messages, maxTokens, temperature, topP, stopSequences);
        }
    }
}

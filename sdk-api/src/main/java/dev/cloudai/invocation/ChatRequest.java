package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to ask a chat model: the conversation, the tools it may call, the answer's format and the generation
 * settings. Immutable; validated when built, so a request that reaches a provider is well formed: every tool result
 * answers a call of the assistant message before it, every such call has its result, tool names are unique.
 *
 * <pre>{@code
 * ChatRequest simple = ChatRequest.ofUser("Why use Inferentia for inference?");
 * ChatRequest full = ChatRequest.builder()
 *         .system("Answer in one sentence.")
 *         .user("What is the weather in Paris?")
 *         .tools(ToolSpec.of("get_weather", "Current weather in a city",
 *                 "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
 *         .toolChoice(ToolChoice.auto())
 *         .maxTokens(200).temperature(0.2)
 *         .build();
 * ChatRequest next = full.toBuilder().assistant(response).toolResult(callId, "{\"celsius\":21}").build();
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
    private final List<ToolSpec> tools;
    private final ToolChoice toolChoice;
    private final ResponseFormat responseFormat;
    private final ReasoningEffort reasoningEffort;
    private final Integer reasoningBudget;
    private final Set<Integer> cachePoints;

    private ChatRequest(List<ChatMessage> messages, Integer maxTokens, Double temperature, Double topP,
                        List<String> stopSequences, List<ToolSpec> tools, ToolChoice toolChoice,
                        ResponseFormat responseFormat, ReasoningEffort reasoningEffort, Integer reasoningBudget,
                        Set<Integer> cachePoints) {
        this.messages = List.copyOf(messages);
        this.conversation = withoutSystem(this.messages);
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.topP = topP;
        this.stopSequences = List.copyOf(stopSequences);
        this.tools = List.copyOf(tools);
        this.toolChoice = toolChoice;
        this.responseFormat = responseFormat;
        this.reasoningEffort = reasoningEffort;
        this.reasoningBudget = reasoningBudget;
        this.cachePoints = cachePoints.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(cachePoints));
        validate();
    }

    /** A request with one user message. */
    public static ChatRequest ofUser(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt: must not be blank; pass the question to ask the model");
        }
        // Straight to the constructor, without a builder and its lists: this is the most common request.
        return new ChatRequest(List.of(ChatMessage.user(prompt)), null, null, null, List.of(), List.of(), null,
                ResponseFormat.text(), null, null, Set.of());
    }

    /** Starts an empty request. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to derive a changed copy (the next turn of a conversation). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stopSequences.addAll(stopSequences);
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.responseFormat = responseFormat;
        b.reasoningEffort = reasoningEffort;
        b.reasoningBudget = reasoningBudget;
        b.cachePoints.addAll(cachePoints);
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

    /** The user, assistant and tool messages, in order. */
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

    /** The tools the model may call; empty when none. */
    public List<ToolSpec> tools() { return tools; }

    /** How the model must choose among the tools; when empty, the cloud's default (the model decides). */
    public Optional<ToolChoice> toolChoice() { return Optional.ofNullable(toolChoice); }

    /** The shape of the answer's text; {@link ResponseFormat#text()} unless set. */
    public ResponseFormat responseFormat() { return responseFormat; }

    /** How hard a reasoning model should think, when set. */
    public Optional<ReasoningEffort> reasoningEffort() { return Optional.ofNullable(reasoningEffort); }

    /** The thinking budget in tokens, when set. */
    public OptionalInt reasoningBudget() {
        return reasoningBudget == null ? OptionalInt.empty() : OptionalInt.of(reasoningBudget);
    }

    /**
     * The reasoning asked for as a token budget: {@link #reasoningBudget()}, else the budget that stands for
     * {@link #reasoningEffort()}; empty when neither is set.
     */
    public OptionalInt reasoningBudgetTokens() {
        if (reasoningBudget != null) return OptionalInt.of(reasoningBudget);
        return reasoningEffort == null ? OptionalInt.empty() : OptionalInt.of(reasoningEffort.budgetTokens());
    }

    /**
     * Indexes into {@link #messages()} after which the provider may cache the prompt, in order. Bedrock sends a
     * {@code cachePoint} there; Vertex AI and Azure OpenAI cache long prompts on their own and need no marker.
     */
    public Set<Integer> cachePoints() { return cachePoints; }

    /** {@code true} when the conversation carries tool calls or results, which some clouds check against tools. */
    public boolean hasToolHistory() {
        for (ChatMessage m : conversation) {
            if (m.role() == Role.TOOL || !m.toolCalls().isEmpty()) return true;
        }
        return false;
    }

    private void validate() {
        if (conversation.isEmpty()) {
            throw new IllegalArgumentException("messages: at least one user message is required;"
                    + " use ChatRequest.ofUser(\"...\") or builder().user(\"...\")");
        }
        if (conversation.get(0).role() != Role.USER) {
            throw new IllegalArgumentException("messages[" + messages.indexOf(conversation.get(0)) + "]: the"
                    + " conversation must start with a user message, was " + conversation.get(0).role());
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
        if (reasoningBudget != null && reasoningEffort != null) {
            throw new IllegalArgumentException("reasoningBudget: set either reasoningBudget or reasoningEffort, not both");
        }
        if (reasoningBudget != null && reasoningBudget <= 0) {
            throw new IllegalArgumentException("reasoningBudget: must be positive, was " + reasoningBudget);
        }
        for (int point : cachePoints) {
            if (point < 0 || point >= messages.size()) {
                throw new IllegalArgumentException("cachePoints: " + point + " is not a message index");
            }
        }
        validateTools();
        validateToolTurns();
    }

    private void validateTools() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            if (!names.add(tools.get(i).name())) {
                throw new IllegalArgumentException("tools[" + i + "].name: \"" + tools.get(i).name()
                        + "\" is declared twice; tool names must be unique");
            }
        }
        if (toolChoice != null && toolChoice.mode() != ToolChoice.Mode.AUTO && toolChoice.mode() != ToolChoice.Mode.NONE
                && tools.isEmpty()) {
            throw new IllegalArgumentException("toolChoice: " + toolChoice + " needs tools; add them with tools(...)");
        }
        if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.TOOL && !names.contains(toolChoice.toolName().orElseThrow())) {
            throw new IllegalArgumentException("toolChoice: tool \"" + toolChoice.toolName().orElseThrow()
                    + "\" is not among the request's tools " + new TreeSet<>(names));
        }
        if (tools.isEmpty() && hasToolHistory()) {
            throw new IllegalArgumentException("tools: the conversation has tool calls but the request declares no"
                    + " tools; keep the same tools(...) on every turn of a tool conversation");
        }
    }

    /**
     * Each assistant message with tool calls is followed by exactly one result per call, before any other message;
     * a result answers a call of that assistant message. Every cloud refuses other orders, so they fail here.
     */
    private void validateToolTurns() {
        Set<String> open = new LinkedHashSet<>();    // calls of the last assistant message still without a result
        Set<String> calls = Set.of();                 // all calls of that message
        int askedAt = -1;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.role() == Role.SYSTEM) continue;
            if (m.role() == Role.TOOL) {
                String id = m.toolCallId().orElseThrow();
                if (!open.remove(id)) {
                    throw new IllegalArgumentException("messages[" + i + "].toolCallId: \"" + id + "\" "
                            + (calls.contains(id) ? "already has a result"
                            : askedAt < 0 ? "answers no tool call: no assistant message before it asked for tools"
                            : "answers no tool call of messages[" + askedAt + "], whose calls are " + calls));
                }
                continue;
            }
            if (!open.isEmpty()) throw missingResults(askedAt, open, "messages[" + i + "] comes first");
            if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) {
                calls = new LinkedHashSet<>();
                for (ToolCall c : m.toolCalls()) calls.add(c.id());
                open = new LinkedHashSet<>(calls);
                askedAt = i;
            } else {
                calls = Set.of();
                askedAt = -1;
            }
        }
        if (!open.isEmpty()) throw missingResults(askedAt, open, "the request ends there");
    }

    private static IllegalArgumentException missingResults(int askedAt, Set<String> open, String why) {
        return new IllegalArgumentException("messages[" + askedAt + "]: tool calls " + open + " have no result ("
                + why + "); add toolResult(id, content) or toolError(id, message) for each");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r && messages.equals(r.messages) && Objects.equals(maxTokens, r.maxTokens)
                && Objects.equals(temperature, r.temperature) && Objects.equals(topP, r.topP)
                && stopSequences.equals(r.stopSequences) && tools.equals(r.tools)
                && Objects.equals(toolChoice, r.toolChoice) && responseFormat.equals(r.responseFormat)
                && reasoningEffort == r.reasoningEffort && Objects.equals(reasoningBudget, r.reasoningBudget)
                && cachePoints.equals(r.cachePoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, maxTokens, temperature, topP, stopSequences, tools, toolChoice, responseFormat,
                reasoningEffort, reasoningBudget, cachePoints);
    }

    /** Shows the settings and the message count, never the messages' text (it may hold personal data). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ChatRequest[messages=").append(messages.size())
                .append(", maxTokens=").append(maxTokens).append(", temperature=").append(temperature)
                .append(", topP=").append(topP).append(", stopSequences=").append(stopSequences.size());
        if (!tools.isEmpty()) s.append(", tools=").append(tools.size());
        if (toolChoice != null) s.append(", toolChoice=").append(toolChoice.mode());
        if (responseFormat.kind() != ResponseFormat.Kind.TEXT) s.append(", responseFormat=").append(responseFormat.kind());
        if (reasoningEffort != null) s.append(", reasoningEffort=").append(reasoningEffort);
        if (reasoningBudget != null) s.append(", reasoningBudget=").append(reasoningBudget);
        if (!cachePoints.isEmpty()) s.append(", cachePoints=").append(cachePoints);
        return s.append(']').toString();
    }

    /** Builds a {@link ChatRequest}; messages keep the order in which they are added. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private final List<String> stopSequences = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private ResponseFormat responseFormat = ResponseFormat.text();
        private ReasoningEffort reasoningEffort;
        private Integer reasoningBudget;
        private final Set<Integer> cachePoints = new TreeSet<>();

        private Builder() {
        }

        /** Adds a system message. */
        public Builder system(String text) { return message(ChatMessage.system(text)); }

        /** Adds a user message. */
        public Builder user(String text) { return message(ChatMessage.user(text)); }

        /** Adds a user message made of text, images and documents. */
        public Builder user(ContentPart... parts) { return message(ChatMessage.user(parts)); }

        /** Adds an assistant message (an earlier answer). */
        public Builder assistant(String text) { return message(ChatMessage.assistant(text)); }

        /** Adds the model's answer as the assistant turn, with its tool calls and reasoning. */
        public Builder assistant(ChatResponse response) {
            return message(Objects.requireNonNull(response, "response: must not be null").toMessage());
        }

        /** Adds a streamed answer as the assistant turn: its text (may be empty) and its tool calls. */
        public Builder assistant(String text, List<ToolCall> toolCalls) {
            return message(ChatMessage.assistant(text, toolCalls));
        }

        /** Adds a tool's result for the call {@code toolCallId} of the assistant message before it. */
        public Builder toolResult(String toolCallId, String content) {
            return message(ChatMessage.toolResult(toolCallId, content));
        }

        /** Adds a tool's failure for the call {@code toolCallId}, marked as an error for the model. */
        public Builder toolError(String toolCallId, String message) {
            return message(ChatMessage.toolError(toolCallId, message));
        }

        /** Adds a message. */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message: must not be null"));
            return this;
        }

        /** Adds messages in order. */
        public Builder messages(List<ChatMessage> messages) {
            this.messages.addAll(Arguments.listOf(messages, "messages"));
            return this;
        }

        /** Replaces the tools the model may call. */
        public Builder tools(ToolSpec... tools) { return tools(Arguments.listOf("tools", tools)); }

        /** Replaces the tools the model may call. */
        public Builder tools(List<ToolSpec> tools) {
            List<ToolSpec> copy = Arguments.listOf(tools, "tools");
            this.tools.clear();
            this.tools.addAll(copy);
            return this;
        }

        /** How the model must choose among the tools. */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = Objects.requireNonNull(choice, "choice: the toolChoice must not be null");
            return this;
        }

        /** The shape of the answer's text: {@link ResponseFormat#json()} or a schema. */
        public Builder responseFormat(ResponseFormat format) {
            this.responseFormat = Objects.requireNonNull(format, "format: the responseFormat must not be null; ResponseFormat.text() is the default");
            return this;
        }

        /** How hard a reasoning model should think; instead of {@link #reasoningBudget(int)}. */
        public Builder reasoningEffort(ReasoningEffort effort) {
            this.reasoningEffort = Objects.requireNonNull(effort, "effort: the reasoningEffort must not be null");
            return this;
        }

        /** The thinking budget in tokens; instead of {@link #reasoningEffort(ReasoningEffort)}. */
        public Builder reasoningBudget(int tokens) { this.reasoningBudget = tokens; return this; }

        /**
         * Marks the prompt up to the message added last as cacheable (Bedrock's {@code cachePoint}); a repeated
         * long system prompt or document then costs less and answers faster. Vertex AI and Azure OpenAI cache on
         * their own and need no marker.
         */
        public Builder cachePoint() {
            if (messages.isEmpty()) throw new IllegalStateException("cachePoint: add the messages to cache first");
            cachePoints.add(messages.size() - 1);
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
            return new ChatRequest(messages, maxTokens, temperature, topP, stopSequences, tools, toolChoice,
                    responseFormat, reasoningEffort, reasoningBudget, cachePoints);
        }
    }
}

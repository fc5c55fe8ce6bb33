package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The neutral chat request and response in Bedrock's Converse shapes, shared by the blocking, async and streamed
 * calls so the three send exactly the same request. Follows the Converse API reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 *
 * <pre>{@code
 * ConverseRequest request = ConverseMapping.converse("anthropic.claude-3-haiku-20240307-v1:0", ChatRequest.ofUser("Hi"));
 * }</pre>
 */
final class ConverseMapping {
    private ConverseMapping() {
    }

    static ConverseRequest converse(String modelId, ChatRequest request) {
        ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).messages(messages(request));
        List<SystemContentBlock> system = system(request);
        if (!system.isEmpty()) b.system(system);
        inference(request).ifPresent(b::inferenceConfig);
        return b.build();
    }

    static ConverseStreamRequest converseStream(String modelId, ChatRequest request) {
        ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(modelId).messages(messages(request));
        List<SystemContentBlock> system = system(request);
        if (!system.isEmpty()) b.system(system);
        inference(request).ifPresent(b::inferenceConfig);
        return b.build();
    }

    /**
     * The user and assistant turns. Converse wants the roles to alternate, so consecutive messages of one role
     * become one message with a content block each, in order. Lists are sized up front: this runs on every call.
     */
    private static List<Message> messages(ChatRequest request) {
        List<ChatMessage> turns = request.conversation();
        List<Message> out = new ArrayList<>(turns.size());
        int from = 0;
        while (from < turns.size()) {
            Role role = turns.get(from).role();
            int to = from + 1;
            while (to < turns.size() && turns.get(to).role() == role) to++;
            List<ContentBlock> blocks = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) blocks.add(ContentBlock.fromText(turns.get(i).text()));
            out.add(message(role, blocks));
            from = to;
        }
        return out;
    }

    private static Message message(Role role, List<ContentBlock> blocks) {
        return Message.builder().role(role == Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER)
                .content(blocks).build();
    }

    /** Each system message as its own system block, in order. */
    private static List<SystemContentBlock> system(ChatRequest request) {
        int count = request.messages().size() - request.conversation().size();
        if (count == 0) return List.of();
        List<SystemContentBlock> out = new ArrayList<>(count);
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.SYSTEM) out.add(SystemContentBlock.fromText(m.text()));
        }
        return out;
    }

    private static Optional<InferenceConfiguration> inference(ChatRequest request) {
        if (request.maxTokens().isEmpty() && request.temperature().isEmpty() && request.topP().isEmpty()
                && request.stopSequences().isEmpty()) {
            return Optional.empty();
        }
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        request.maxTokens().ifPresent(b::maxTokens);
        request.temperature().ifPresent(t -> b.temperature((float) t));
        request.topP().ifPresent(p -> b.topP((float) p));
        if (!request.stopSequences().isEmpty()) b.stopSequences(request.stopSequences());
        return Optional.of(b.build());
    }

    static ChatResponse response(String provider, String modelId, ConverseResponse r) {
        String text = r.output() == null || r.output().message() == null ? "" : text(r.output().message().content());
        TokenUsage usage = r.usage() == null ? new TokenUsage(0, 0) : usage(r.usage());
        return ChatResponse.builder().text(text).usage(usage)
                .finishReason(finishReason(r.stopReasonAsString())).finishDetail(r.stopReasonAsString())
                .provider(provider).model(modelId).requestId(r.responseMetadata().requestId()).build();
    }

    /** The text blocks' texts joined; a single block's text as it is, so the usual answer is not copied. */
    private static String text(List<ContentBlock> content) {
        if (content.size() == 1) {
            String only = content.get(0).text();
            return only == null ? "" : only;
        }
        StringBuilder joined = new StringBuilder();
        for (ContentBlock c : content) {
            if (c.text() != null) joined.append(c.text());
        }
        return joined.toString();
    }

    static TokenUsage usage(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage u) {
        return new TokenUsage(u.inputTokens() == null ? 0 : u.inputTokens(), u.outputTokens() == null ? 0 : u.outputTokens());
    }

    /** Bedrock's stop reasons (the {@code StopReason} enum of the Converse API) in neutral terms. */
    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) return FinishReason.OTHER;
        return switch (stopReason) {
            case "end_turn" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.MAX_TOKENS;
            case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
            case "content_filtered", "guardrail_intervened" -> FinishReason.CONTENT_FILTERED;
            case "tool_use" -> FinishReason.TOOL_USE;
            default -> FinishReason.OTHER;
        };
    }
}

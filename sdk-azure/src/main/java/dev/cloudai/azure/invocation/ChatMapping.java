package dev.cloudai.azure.invocation;

import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestAssistantMessage;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsFinishReason;
import com.azure.ai.openai.models.CompletionsUsage;
import com.azure.ai.openai.models.ContentFilterResult;
import com.azure.ai.openai.models.ContentFilterResultsForChoice;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.RequestLimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Neutral chat requests to azure-ai-openai options, and its completions back: the one place that knows both
 * shapes, so swapping azure-ai-openai for openai-java touches this class and the two models only.
 *
 * <pre>{@code
 * ChatCompletionsOptions options = ChatMapping.options("azure", "chat", ChatRequest.ofUser("Hi"));
 * ChatResponse r = ChatMapping.response(completions, "azure", "gpt4o-deployment", requestId);
 * }</pre>
 */
final class ChatMapping {
    /** Azure OpenAI's published limits on a chat request (quotas and limits page): characters per message, messages. */
    private static final String LIMITS = "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/quotas-limits";
    static final RequestLimit MESSAGE_CHARACTERS = RequestLimit.characters("an Azure OpenAI chat message", 1_048_576, LIMITS);
    static final RequestLimit MESSAGES = RequestLimit.items("the messages of an Azure OpenAI chat request", 2048, LIMITS);

    private ChatMapping() {
    }

    /**
     * Fresh options for one call (the SDK mutates them: it sets {@code stream} itself), refused before anything is
     * sent when they are over Azure's published limits.
     */
    static ChatCompletionsOptions options(String providerId, String operation, ChatRequest request) {
        MESSAGES.check(providerId, operation, request.messages().size());
        List<ChatRequestMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage m : request.messages()) {
            MESSAGE_CHARACTERS.checkCharacters(providerId, operation, m.text());
            messages.add(switch (m.role()) {
                case SYSTEM -> new ChatRequestSystemMessage(m.text());
                case USER -> new ChatRequestUserMessage(m.text());
                case ASSISTANT -> new ChatRequestAssistantMessage(m.text());
                case TOOL -> throw new UnsupportedOperationException("tool results: not mapped yet");
            });
        }
        ChatCompletionsOptions options = new ChatCompletionsOptions(messages);
        request.maxTokens().ifPresent(options::setMaxTokens);
        request.temperature().ifPresent(options::setTemperature);
        request.topP().ifPresent(options::setTopP);
        if (!request.stopSequences().isEmpty()) options.setStop(request.stopSequences());
        return options;
    }

    static ChatResponse response(ChatCompletions completions, String providerId, String deployment, String requestId) {
        List<ChatChoice> choices = completions.getChoices() == null ? List.of() : completions.getChoices();
        if (choices.isEmpty()) {
            throw new IllegalStateException("Azure OpenAI answered deployment '" + deployment + "' without a choice");
        }
        ChatChoice choice = choices.get(0);
        String text = choice.getMessage() == null || choice.getMessage().getContent() == null
                ? "" : choice.getMessage().getContent();
        Finish finish = finish(choice);
        return ChatResponse.builder().text(text).usage(usage(completions.getUsage()).orElse(new TokenUsage(0, 0)))
                .finishReason(finish.reason()).finishDetail(finish.detail().orElse(null))
                .provider(providerId).model(deployment).requestId(requestId).build();
    }

    /** The neutral reason and its detail: the filter categories for {@code content_filter}, else Azure's own value. */
    static Finish finish(ChatChoice choice) {
        CompletionsFinishReason reason = choice.getFinishReason();
        String raw = reason == null ? null : reason.toString();
        if (raw == null) return new Finish(FinishReason.OTHER, Optional.empty());
        return switch (raw) {
            case "stop" -> new Finish(FinishReason.STOP, Optional.of(raw));
            case "length" -> new Finish(FinishReason.MAX_TOKENS, Optional.of(raw));
            case "tool_calls", "function_call" -> new Finish(FinishReason.TOOL_USE, Optional.of(raw));
            case "content_filter" -> {
                List<String> categories = filteredCategories(choice.getContentFilterResults());
                yield new Finish(FinishReason.CONTENT_FILTERED,
                        Optional.of(categories.isEmpty() ? "content_filter" : String.join(", ", categories)));
            }
            default -> new Finish(FinishReason.OTHER, Optional.of(raw));
        };
    }

    static Optional<TokenUsage> usage(CompletionsUsage usage) {
        return usage == null ? Optional.empty()
                : Optional.of(new TokenUsage(usage.getPromptTokens(), usage.getCompletionTokens()));
    }

    /** Azure OpenAI's request id: the API gateway's, else the service's. */
    static String requestId(HttpHeaders headers) {
        for (String name : new String[] {"apim-request-id", "x-ms-request-id", "x-request-id"}) {
            String v = headers.getValue(HttpHeaderName.fromString(name));
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    /** The content-filter categories that stopped a completion, in Azure's names. */
    static List<String> filteredCategories(ContentFilterResultsForChoice r) {
        List<String> out = new ArrayList<>();
        if (r == null) return out;
        add(out, "hate", r.getHate());
        add(out, "self_harm", r.getSelfHarm());
        add(out, "sexual", r.getSexual());
        add(out, "violence", r.getViolence());
        if (r.getProfanity() != null && r.getProfanity().isFiltered()) out.add("profanity");
        if (r.getCustomBlocklists() != null && r.getCustomBlocklists().isFiltered()) out.add("custom_blocklists");
        if (r.getProtectedMaterialText() != null && r.getProtectedMaterialText().isFiltered()) out.add("protected_material_text");
        if (r.getProtectedMaterialCode() != null && r.getProtectedMaterialCode().isFiltered()) out.add("protected_material_code");
        return out;
    }

    private static void add(List<String> out, String category, ContentFilterResult result) {
        if (result != null && result.isFiltered()) {
            out.add(result.getSeverity() == null ? category : category + " (severity " + result.getSeverity() + ")");
        }
    }

    /** A neutral finish reason with its detail. */
    record Finish(FinishReason reason, Optional<String> detail) {
    }
}

package dev.cloudai.azure.invocation;

import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolCall;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolDefinition;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolDefinitionFunction;
import com.azure.ai.openai.models.ChatCompletionsFunctionToolSelection;
import com.azure.ai.openai.models.ChatCompletionsJsonResponseFormat;
import com.azure.ai.openai.models.ChatCompletionsJsonSchemaResponseFormat;
import com.azure.ai.openai.models.ChatCompletionsJsonSchemaResponseFormatJsonSchema;
import com.azure.ai.openai.models.ChatCompletionsNamedFunctionToolSelection;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatCompletionsToolCall;
import com.azure.ai.openai.models.ChatCompletionsToolDefinition;
import com.azure.ai.openai.models.ChatCompletionsToolSelection;
import com.azure.ai.openai.models.ChatCompletionsToolSelectionPreset;
import com.azure.ai.openai.models.ChatMessageContentItem;
import com.azure.ai.openai.models.ChatMessageImageContentItem;
import com.azure.ai.openai.models.ChatMessageImageUrl;
import com.azure.ai.openai.models.ChatMessageTextContentItem;
import com.azure.ai.openai.models.ChatRequestAssistantMessage;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestToolMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsFinishReason;
import com.azure.ai.openai.models.CompletionsUsage;
import com.azure.ai.openai.models.ContentFilterResult;
import com.azure.ai.openai.models.ContentFilterResultsForChoice;
import com.azure.ai.openai.models.FunctionCall;
import com.azure.ai.openai.models.ReasoningEffortValue;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cloudai.azure.http.ApiVersions;
import dev.cloudai.azure.http.Json;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.ChatLimits;
import dev.cloudai.spi.RequestLimit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Neutral chat requests to azure-ai-openai options, and its completions back: the one place that knows both
 * shapes, so swapping azure-ai-openai for openai-java touches this class and the two models only.
 *
 * <p>What Azure OpenAI's chat completions take, and how the neutral request maps onto it:
 * <ul>
 *   <li>Tools: {@code tools[]} of {@code {"type":"function","function":{name, description, parameters}}} (the
 *       description left out when blank); the tool choice as {@code "auto"}, {@code "none"}, {@code "required"} or
 *       {@code {"type":"function","function":{"name":..}}}.</li>
 *   <li>An assistant turn with tool calls: {@code content} null when it had no text, {@code tool_calls[]}. Each tool
 *       result is its own {@code {"role":"tool","tool_call_id":..,"content":..}}; the content is a string on this
 *       API, JSON or not. OpenAI has no error flag on a tool result: {@code toolError(id, message)} is sent as the
 *       JSON text {@code {"error":"<message>"}}, which the model reads as a failure.</li>
 *   <li>Images as {@code image_url} data URLs beside {@code text} items. No documents: Chat Completions has no
 *       document part, so a document fails before sending ({@link #LIMITS}).</li>
 *   <li>{@code response_format}: {@code json_object}, or {@code json_schema} with {@code strict:true}, whose schema is
 *       checked first against strict mode's rules ({@link StrictSchema}).</li>
 *   <li>Reasoning: {@code reasoning_effort} low/medium/high (a budget becomes {@link ReasoningEffort#forBudget});
 *       {@code maxTokens} then travels as {@code max_completion_tokens}, the only limit o-series models take. Azure
 *       returns no reasoning text, only the count ({@code completion_tokens_details.reasoning_tokens}); reasoning
 *       kept on an earlier assistant message has no field to go back in and is not sent.</li>
 *   <li>Cache points: Azure OpenAI caches prompt prefixes of 1,024 tokens and more on its own; there is no marker to
 *       send, and {@code prompt_tokens_details.cached_tokens} comes back as {@link TokenUsage#cachedInputTokens()}.</li>
 * </ul>
 *
 * <p>API versions ({@link #apiVersion(ChatRequest)}): azure-ai-openai 1.0.0-beta.16 knows no GA version newer than
 * 2024-06-01, which predates {@code json_schema} (Azure: "response_format value as json_schema is enabled only for
 * api versions 2024-08-01-preview and later"). Chat therefore asks for {@value #GA_API_VERSION}, the oldest GA
 * version with structured outputs, and a request with reasoning for {@value #REASONING_API_VERSION}, the first
 * version that takes {@code reasoning_effort} and serves o-series models (Azure: "Model ... is enabled only for api
 * versions 2024-12-01-preview and later"). The SDK's typed options carry every field; only the query parameter is
 * set per request ({@link #requestOptions(ChatRequest)}).
 *
 * <pre>{@code
 * ChatCompletionsOptions options = ChatMapping.options("azure", "chat", ChatRequest.ofUser("Hi"));
 * ChatResponse r = ChatMapping.response(completions, "azure", "gpt4o-deployment", requestId);
 * }</pre>
 */
public final class ChatMapping {
    /** Azure OpenAI's published limits on a chat request (quotas and limits page): characters per message, messages. */
    private static final String QUOTAS = "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/quotas-limits";
    static final RequestLimit MESSAGE_CHARACTERS = RequestLimit.characters("an Azure OpenAI chat message", 1_048_576, QUOTAS);
    static final RequestLimit MESSAGES = RequestLimit.items("the messages of an Azure OpenAI chat request", 2048, QUOTAS);

    /**
     * Inline media Azure OpenAI chat takes. Images: PNG, JPEG, WEBP and non-animated GIF (OpenAI's vision guide,
     * "Image input requirements"); at most 20 MB each, 20,971,520 bytes as the service's own error says ("The image
     * size must be greater than zero and cannot exceed 20971520 bytes"), and 10 images per chat call
     * (https://learn.microsoft.com/en-us/azure/ai-services/openai/concepts/gpt-with-vision, "Input limitations";
     * the quotas page: "GPT-4o max images per request ... 10"). No documents: Chat Completions has no such part.
     */
    static final ChatLimits LIMITS = ChatLimits.builder("azure")
            .images(java.util.Set.of("image/png", "image/jpeg", "image/gif", "image/webp"), 20_971_520, 10)
            .noDocuments("send the document's text as a text part (ContentPart.text), or use provider aws or gcp,"
                    + " whose chat takes documents")
            .build();

    /** The oldest GA Azure OpenAI version with {@code response_format} {@code json_schema}; the default for chat. */
    public static final String GA_API_VERSION = "2024-10-21";
    /** The first version that takes {@code reasoning_effort} and serves o-series models. */
    static final String REASONING_API_VERSION = "2024-12-01-preview";

    private ChatMapping() {
    }

    /**
     * Fresh options for one call (the SDK mutates them: it sets {@code stream} itself), refused before anything is
     * sent when they are over Azure's published limits or ask for what Azure cannot do.
     */
    static ChatCompletionsOptions options(String providerId, String operation, ChatRequest request) {
        MESSAGES.check(providerId, operation, request.messages().size());
        LIMITS.check(request);
        List<ChatRequestMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage m : request.messages()) {
            MESSAGE_CHARACTERS.checkCharacters(providerId, operation, m.text());
            messages.add(switch (m.role()) {
                case SYSTEM -> new ChatRequestSystemMessage(m.text());
                case USER -> user(m);
                case ASSISTANT -> assistant(m);
                case TOOL -> new ChatRequestToolMessage(m.isError() ? Json.write(Map.of("error", m.text())) : m.text(),
                        m.toolCallId().orElseThrow());
            });
        }
        ChatCompletionsOptions options = new ChatCompletionsOptions(messages);
        Optional<ReasoningEffortValue> effort = reasoningEffort(request);
        effort.ifPresent(options::setReasoningEffort);
        if (effort.isPresent()) {
            request.maxTokens().ifPresent(options::setMaxCompletionTokens);   // o-series models refuse max_tokens
        } else {
            request.maxTokens().ifPresent(options::setMaxTokens);
        }
        request.temperature().ifPresent(options::setTemperature);
        request.topP().ifPresent(options::setTopP);
        if (!request.stopSequences().isEmpty()) options.setStop(request.stopSequences());
        if (!request.tools().isEmpty()) options.setTools(tools(request.tools()));
        request.toolChoice().ifPresent(c -> options.setToolChoice(toolChoice(c)));
        responseFormat(request).ifPresent(options::setResponseFormat);
        return options;
    }

    /**
     * The chat completions body of {@code request} as azure-ai-openai writes it (its options' azure-json form, in its
     * field order), refused as {@link #options} refuses; for a body the SDK does not send itself (a stream, a batch
     * line).
     */
    public static Map<String, Object> requestBody(String providerId, String operation, ChatRequest request) {
        return new LinkedHashMap<>(Json.parseObject(BinaryData.fromObject(options(providerId, operation, request)).toString()));
    }

    /** The API version this request needs (see the class comment). */
    public static String apiVersion(ChatRequest request) {
        return reasoningEffort(request).isPresent() ? REASONING_API_VERSION : GA_API_VERSION;
    }

    /** Request options that send {@code api-version} for this request in place of the client's own. */
    static RequestOptions requestOptions(ChatRequest request) {
        String version = apiVersion(request);
        return new RequestOptions().addRequestCallback(r -> ApiVersions.set(r, version));
    }

    private static ChatRequestUserMessage user(ChatMessage m) {
        if (!m.hasMedia()) return new ChatRequestUserMessage(m.text());
        List<ChatMessageContentItem> items = new ArrayList<>(m.parts().size());
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t) {
                items.add(new ChatMessageTextContentItem(t.text()));
            } else if (p instanceof ContentPart.Image image) {
                items.add(new ChatMessageImageContentItem(new ChatMessageImageUrl(
                        "data:" + image.mimeType() + ";base64," + Base64.getEncoder().encodeToString(image.data()))));
            } else {
                // LIMITS.check refused documents before: this is a programming error, not bad input
                throw new IllegalStateException("a document reached the Azure OpenAI mapping");
            }
        }
        return new ChatRequestUserMessage(items);
    }

    private static ChatRequestAssistantMessage assistant(ChatMessage m) {
        // OpenAI wants "content": null, not "", beside tool calls when the turn had no text
        ChatRequestAssistantMessage message = new ChatRequestAssistantMessage(m.text().isEmpty() ? null : m.text());
        if (!m.toolCalls().isEmpty()) {
            List<ChatCompletionsToolCall> calls = new ArrayList<>(m.toolCalls().size());
            for (ToolCall c : m.toolCalls()) {
                calls.add(new ChatCompletionsFunctionToolCall(c.id(), new FunctionCall(c.name(), c.arguments())));
            }
            message.setToolCalls(calls);
        }
        return message;
    }

    private static List<ChatCompletionsToolDefinition> tools(List<ToolSpec> tools) {
        List<ChatCompletionsToolDefinition> out = new ArrayList<>(tools.size());
        for (ToolSpec t : tools) {
            ChatCompletionsFunctionToolDefinitionFunction f = new ChatCompletionsFunctionToolDefinitionFunction(t.name())
                    .setParameters(BinaryData.fromString(t.parametersJsonSchema()));
            if (!t.description().isBlank()) f.setDescription(t.description());
            out.add(new ChatCompletionsFunctionToolDefinition(f));
        }
        return out;
    }

    private static ChatCompletionsToolSelection toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> new ChatCompletionsToolSelection(ChatCompletionsToolSelectionPreset.AUTO);
            case NONE -> new ChatCompletionsToolSelection(ChatCompletionsToolSelectionPreset.NONE);
            case REQUIRED -> new ChatCompletionsToolSelection(ChatCompletionsToolSelectionPreset.REQUIRED);
            case TOOL -> new ChatCompletionsToolSelection(new ChatCompletionsNamedFunctionToolSelection(
                    new ChatCompletionsFunctionToolSelection(choice.toolName().orElseThrow())));
        };
    }

    private static Optional<com.azure.ai.openai.models.ChatCompletionsResponseFormat> responseFormat(ChatRequest request) {
        ResponseFormat format = request.responseFormat();
        switch (format.kind()) {
            case JSON -> {
                if (!mentionsJson(request)) {
                    // the service's rule for json_object: "'messages' must contain the word 'json' in some form"
                    throw new IllegalArgumentException("responseFormat: Azure OpenAI's JSON mode needs the word \"json\""
                            + " in the messages; say in the system or user message that the answer is JSON, or use"
                            + " ResponseFormat.jsonSchema(...)");
                }
                return Optional.of(new ChatCompletionsJsonResponseFormat());
            }
            case JSON_SCHEMA -> {
                String name = format.name().orElseThrow();
                String schema = format.schema().orElseThrow();
                StrictSchema.check(name, schema);
                return Optional.of(new ChatCompletionsJsonSchemaResponseFormat(
                        new ChatCompletionsJsonSchemaResponseFormatJsonSchema(name)
                                .setSchema(BinaryData.fromString(schema)).setStrict(true)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean mentionsJson(ChatRequest request) {
        for (ChatMessage m : request.messages()) {
            if (m.text().toLowerCase(Locale.ROOT).contains("json")) return true;
        }
        return false;
    }

    private static Optional<ReasoningEffortValue> reasoningEffort(ChatRequest request) {
        Optional<ReasoningEffort> effort = request.reasoningEffort();
        if (effort.isEmpty() && request.reasoningBudget().isPresent()) {
            effort = Optional.of(ReasoningEffort.forBudget(request.reasoningBudget().getAsInt()));
        }
        return effort.map(e -> ReasoningEffortValue.fromString(e.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * A chat completion given as JSON (a batch result line's body), read into azure-ai-openai's model and mapped as a
     * call's answer is.
     *
     * @throws Json.MalformedJsonException when {@code json} is not a chat completion
     */
    public static ChatResponse response(String json, String providerId, String deployment, String requestId) {
        ChatCompletions completions;
        try (JsonReader reader = JsonProviders.createReader(json)) {
            completions = ChatCompletions.fromJson(reader);
        } catch (IOException | RuntimeException e) {
            throw new Json.MalformedJsonException("the body is not a chat completion (" + e.getClass().getSimpleName() + ")", e);
        }
        return response(completions, providerId, deployment, requestId);
    }

    static ChatResponse response(ChatCompletions completions, String providerId, String deployment, String requestId) {
        List<ChatChoice> choices = completions.getChoices() == null ? List.of() : completions.getChoices();
        if (choices.isEmpty()) {
            throw new IllegalStateException("Azure OpenAI answered deployment '" + deployment + "' without a choice");
        }
        ChatChoice choice = choices.get(0);
        String text = choice.getMessage() == null || choice.getMessage().getContent() == null
                ? "" : choice.getMessage().getContent();
        List<ToolCall> calls = new ArrayList<>();
        if (choice.getMessage() != null && choice.getMessage().getToolCalls() != null) {
            for (ChatCompletionsToolCall c : choice.getMessage().getToolCalls()) {
                if (c instanceof ChatCompletionsFunctionToolCall f && f.getFunction() != null) {
                    String arguments = f.getFunction().getArguments();
                    calls.add(new ToolCall(f.getId(), f.getFunction().getName(), arguments == null ? "{}" : arguments));
                }
            }
        }
        Finish finish = finish(choice);
        if (!calls.isEmpty()) finish = finish.withToolUse();
        return ChatResponse.builder().text(text).usage(usage(completions.getUsage()).orElse(new TokenUsage(0, 0)))
                .finishReason(finish.reason()).finishDetail(finish.detail().orElse(null)).toolCalls(calls)
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

    /** Prompt and completion tokens, with the cached prompt tokens and the reasoning tokens when Azure counts them. */
    static Optional<TokenUsage> usage(CompletionsUsage usage) {
        if (usage == null) return Optional.empty();
        int cached = usage.getPromptTokensDetails() == null || usage.getPromptTokensDetails().getCachedTokens() == null
                ? 0 : usage.getPromptTokensDetails().getCachedTokens();
        int reasoning = usage.getCompletionTokensDetails() == null
                || usage.getCompletionTokensDetails().getReasoningTokens() == null
                ? 0 : usage.getCompletionTokensDetails().getReasoningTokens();
        return Optional.of(new TokenUsage(usage.getPromptTokens(), usage.getCompletionTokens(), cached, 0, reasoning));
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
        /** {@code TOOL_USE} whatever Azure said: an answer with tool calls always finishes so. */
        Finish withToolUse() {
            return reason == FinishReason.TOOL_USE ? this : new Finish(FinishReason.TOOL_USE, detail);
        }
    }
}

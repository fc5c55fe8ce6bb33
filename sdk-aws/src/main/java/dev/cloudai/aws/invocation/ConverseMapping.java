package dev.cloudai.aws.invocation;

import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.ChatLimits;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The neutral chat request and response in Bedrock's Converse shapes, shared by the blocking, async and streamed
 * calls so the three send exactly the same request. Follows the Converse API reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html) and its types (Message,
 * ContentBlock, ToolConfiguration, OutputConfig, TokenUsage).
 *
 * <pre>{@code
 * ConverseMapping.Converse c = ConverseMapping.prepare("anthropic.claude-3-haiku-20240307-v1:0", ChatRequest.ofUser("Hi"));
 * ConverseRequest request = c.request();   // checked: nothing is sent when the request cannot go to Bedrock
 * ChatResponse answer = ConverseMapping.response("aws", modelId, converseResponse, c.jsonTool());
 * }</pre>
 *
 * <p>Choices where Converse has no direct counterpart:
 * <ul>
 *   <li><b>Tool choice "none"</b>: Converse has no such mode. Without tool history the request simply declares no
 *       tools; with tool history Bedrock requires {@code toolConfig} (it refuses toolUse and toolResult blocks
 *       without it), so the request fails before sending.</li>
 *   <li><b>{@link ResponseFormat#json()}</b> (any JSON object, no schema): Converse's {@code outputConfig} needs a
 *       schema, so the model is made to call one tool, {@value #JSON_TOOL}, whose input is any object; that input is
 *       the answer's text (finish reason {@code STOP}, no tool calls). It cannot sit beside the request's own tools
 *       or beside reasoning (Claude refuses forced tool use while thinking), which fail before sending.
 *       {@link ResponseFormat#jsonSchema(String, String)} uses {@code outputConfig.textFormat} with the schema.</li>
 *   <li><b>Reasoning</b> is Anthropic's extended thinking, passed in {@code additionalModelRequestFields}
 *       ({@code {"thinking":{"type":"enabled","budget_tokens":N}}}); Claude needs a budget of at least
 *       {@value #MIN_THINKING_BUDGET} and {@code maxTokens} above it. Without {@code maxTokens} the request asks for
 *       the budget plus {@value #ANSWER_TOKENS_BESIDE_THINKING}, room for an answer after the thinking. Other model
 *       families on Bedrock take reasoning settings of their own or none: they fail before sending.</li>
 *   <li><b>Usage</b>: Bedrock counts cache reads and writes apart from {@code inputTokens}; the neutral
 *       {@code inputTokens} includes them.</li>
 * </ul>
 */
final class ConverseMapping {
    private static final String PROVIDER = "aws";

    /** The tool that carries the answer of {@link ResponseFormat#json()}. */
    static final String JSON_TOOL = "json_answer";
    /** Claude's smallest thinking budget (Anthropic extended thinking: budget_tokens >= 1024). */
    static final int MIN_THINKING_BUDGET = 1024;
    /** Answer tokens asked for beyond the thinking budget when the request sets no maxTokens. */
    static final int ANSWER_TOKENS_BESIDE_THINKING = 4096;

    /** The image types Converse takes inline, also those of Nova's InvokeModel body ({@link NovaMessages}). */
    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    static final long MAX_IMAGE_BYTES = 3_750_000;
    static final int MAX_IMAGES = 20;

    /**
     * Converse's inline media limits. Converse API reference, ImageBlock
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html): png, jpeg, gif, webp;
     * "up to 20 images", each "no more than 3.75 MB". DocumentBlock
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html): pdf, csv, doc,
     * docx, xls, xlsx, html, txt, md; "up to five documents", each "no more than 4.5 MB".
     */
    static final ChatLimits LIMITS = ChatLimits.builder(PROVIDER)
            .images(IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES)
            .documents(Set.of("application/pdf", "text/csv", "application/msword",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/html", "text/plain",
                    "text/markdown"), 4_500_000, 5)
            .build();

    private static final Map<String, String> DOCUMENT_FORMATS = Map.of("application/pdf", "pdf", "text/csv", "csv",
            "application/msword", "doc", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/vnd.ms-excel", "xls", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            "text/html", "html", "text/plain", "txt", "text/markdown", "md");
    private static final String ANY_OBJECT = "{\"type\":\"object\"}";
    private static final ContentBlock CACHE_POINT = ContentBlock.fromCachePoint(cachePoint());

    private ConverseMapping() {
    }

    /**
     * One request in Converse's parts, checked. The two request types of the SDK share no interface, so each is
     * filled from these.
     *
     * @param jsonTool whether the answer comes back as the input of {@value #JSON_TOOL}
     */
    record Converse(String modelId, List<Message> messages, List<SystemContentBlock> system,
                    InferenceConfiguration inference, ToolConfiguration tools, Document additionalFields,
                    OutputConfig output, boolean jsonTool) {

        /** The Converse request. */
        ConverseRequest request() {
            ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).messages(messages);
            if (!system.isEmpty()) b.system(system);
            if (inference != null) b.inferenceConfig(inference);
            if (tools != null) b.toolConfig(tools);
            if (additionalFields != null) b.additionalModelRequestFields(additionalFields);
            if (output != null) b.outputConfig(output);
            return b.build();
        }

        /** The same request for ConverseStream. */
        ConverseStreamRequest streamRequest() {
            ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(modelId).messages(messages);
            if (!system.isEmpty()) b.system(system);
            if (inference != null) b.inferenceConfig(inference);
            if (tools != null) b.toolConfig(tools);
            if (additionalFields != null) b.additionalModelRequestFields(additionalFields);
            if (output != null) b.outputConfig(output);
            return b.build();
        }
    }

    /**
     * Maps and checks {@code request} for {@code modelId}.
     *
     * @throws IllegalArgumentException naming the field, for media over Bedrock's limits or settings Claude refuses
     * @throws UnsupportedOperationException for a feature Bedrock or the model family cannot do
     */
    static Converse prepare(String modelId, ChatRequest request) {
        LIMITS.check(request);
        Integer budget = thinkingBudget(modelId, request);
        boolean thinking = budget != null;
        boolean jsonTool = request.responseFormat().kind() == ResponseFormat.Kind.JSON;
        ToolConfiguration tools = tools(request, thinking, jsonTool);
        return new Converse(modelId, messages(request, thinking), system(request), inference(request, budget), tools,
                thinking ? thinkingFields(budget) : null, output(request), jsonTool);
    }

    // ---- reasoning ----

    /**
     * The thinking budget the request asks for, checked against Claude's rules; {@code null} for none. Claude's
     * Messages body ({@link AnthropicMessages}) follows the same rules.
     */
    static Integer thinkingBudget(String modelId, ChatRequest request) {
        if (request.reasoningBudgetTokens().isEmpty()) return null;
        int budget = request.reasoningBudgetTokens().getAsInt();
        if (!modelId.contains("anthropic.")) {
            throw ChatLimits.unsupported(PROVIDER, "reasoning (reasoningEffort/reasoningBudget) on model " + modelId,
                    "use an Anthropic Claude model with extended thinking (Claude 3.7 Sonnet or later), or leave"
                            + " reasoning unset");
        }
        if (budget < MIN_THINKING_BUDGET) {
            throw new IllegalArgumentException("reasoningBudget: Claude's extended thinking needs at least "
                    + MIN_THINKING_BUDGET + " tokens, was " + budget);
        }
        if (request.maxTokens().isPresent() && request.maxTokens().getAsInt() <= budget) {
            throw new IllegalArgumentException("maxTokens: must be above the reasoning budget of " + budget
                    + " tokens with Claude's extended thinking, was " + request.maxTokens().getAsInt());
        }
        ToolChoice.Mode choice = request.toolChoice().map(ToolChoice::mode).orElse(ToolChoice.Mode.AUTO);
        if (choice == ToolChoice.Mode.REQUIRED || choice == ToolChoice.Mode.TOOL) {
            throw ChatLimits.unsupported(PROVIDER, "toolChoice " + choice + " together with reasoning",
                    "Claude's extended thinking takes toolChoice auto only; use auto or leave reasoning unset");
        }
        if (request.responseFormat().kind() == ResponseFormat.Kind.JSON) {
            throw ChatLimits.unsupported(PROVIDER, "responseFormat json() together with reasoning",
                    "use ResponseFormat.jsonSchema(...), which Bedrock sends as outputConfig, or leave reasoning unset");
        }
        return budget;
    }

    private static Document thinkingFields(int budget) {
        return Document.mapBuilder().putDocument("thinking", Document.mapBuilder()
                .putString("type", "enabled").putNumber("budget_tokens", budget).build()).build();
    }

    // ---- tools and output format ----

    private static ToolConfiguration tools(ChatRequest request, boolean thinking, boolean jsonTool) {
        if (jsonTool) {
            if (!request.tools().isEmpty()) {
                throw ChatLimits.unsupported(PROVIDER, "responseFormat json() together with tools",
                        "use ResponseFormat.jsonSchema(...), which Bedrock sends as outputConfig beside the tools");
            }
            return ToolConfiguration.builder()
                    .tools(Tool.fromToolSpec(toolSpec(JSON_TOOL, "Give the answer as a JSON object.", ANY_OBJECT)))
                    .toolChoice(software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromTool(
                            SpecificToolChoice.builder().name(JSON_TOOL).build()))
                    .build();
        }
        if (request.tools().isEmpty()) return null;
        ToolChoice choice = request.toolChoice().orElse(null);
        if (choice != null && choice.mode() == ToolChoice.Mode.NONE) {
            if (request.hasToolHistory()) {
                throw ChatLimits.unsupported(PROVIDER, "toolChoice none",
                        "Bedrock has no 'none' tool choice and needs the tools declared once the conversation has tool"
                                + " calls; use toolChoice auto and ask for a text answer in the prompt");
            }
            return null;   // the model cannot call tools it is not told about
        }
        List<Tool> tools = new ArrayList<>(request.tools().size());
        for (ToolSpec t : request.tools()) tools.add(Tool.fromToolSpec(toolSpec(t.name(), t.description(), t.parametersJsonSchema())));
        ToolConfiguration.Builder b = ToolConfiguration.builder().tools(tools);
        if (choice != null) b.toolChoice(toolChoice(choice));
        return b.build();
    }

    private static ToolSpecification toolSpec(String name, String description, String schema) {
        ToolSpecification.Builder b = ToolSpecification.builder().name(name)
                .inputSchema(ToolInputSchema.fromJson(JsonDocuments.parse(schema, "tools[" + name + "].parametersJsonSchema")));
        if (!description.isBlank()) b.description(description);   // Converse refuses an empty description
        return b.build();
    }

    private static software.amazon.awssdk.services.bedrockruntime.model.ToolChoice toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case REQUIRED -> software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAny(AnyToolChoice.builder().build());
            case TOOL -> software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromTool(
                    SpecificToolChoice.builder().name(choice.toolName().orElseThrow()).build());
            default -> software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAuto(AutoToolChoice.builder().build());
        };
    }

    private static OutputConfig output(ChatRequest request) {
        ResponseFormat format = request.responseFormat();
        if (format.kind() != ResponseFormat.Kind.JSON_SCHEMA) return null;
        return OutputConfig.builder().textFormat(OutputFormat.builder().type(OutputFormatType.JSON_SCHEMA)
                .structure(OutputFormatStructure.fromJsonSchema(JsonSchemaDefinition.builder()
                        .name(format.name().orElseThrow()).schema(format.schema().orElseThrow()).build()))
                .build()).build();
    }

    // ---- messages ----

    /**
     * The user and assistant turns. Converse wants the roles to alternate, so consecutive messages that are one
     * Bedrock role (tool results are user content) become one message, their blocks in order: the results of one
     * turn's parallel calls travel together, as Bedrock requires.
     */
    private static List<Message> messages(ChatRequest request, boolean thinking) {
        List<ChatMessage> all = request.messages();
        Set<Integer> cachePoints = request.cachePoints();
        List<Message> out = new ArrayList<>(request.conversation().size());
        ConversationRole role = null;
        List<ContentBlock> blocks = null;
        Set<String> documentNames = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            ChatMessage m = all.get(i);
            if (m.role() == Role.SYSTEM) continue;
            ConversationRole r = m.role() == Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER;
            if (r != role) {
                if (blocks != null) out.add(Message.builder().role(role).content(blocks).build());
                role = r;
                blocks = new ArrayList<>(2);
            }
            switch (m.role()) {
                case ASSISTANT -> assistant(m, i, thinking, blocks);
                case TOOL -> blocks.add(ContentBlock.fromToolResult(toolResult(m)));
                default -> user(m, i, blocks, documentNames);
            }
            if (cachePoints.contains(i)) blocks.add(CACHE_POINT);
        }
        out.add(Message.builder().role(role).content(blocks).build());
        return out;
    }

    private static void user(ChatMessage m, int index, List<ContentBlock> blocks, Set<String> documentNames) {
        if (!m.hasMedia()) {
            blocks.add(ContentBlock.fromText(m.text()));
            return;
        }
        for (ContentPart part : m.parts()) {
            if (part instanceof ContentPart.Text t) {
                blocks.add(ContentBlock.fromText(t.text()));
            } else if (part instanceof ContentPart.Image image) {
                blocks.add(ContentBlock.fromImage(ImageBlock.builder().format(image.mimeType().substring("image/".length()))
                        .source(ImageSource.fromBytes(SdkBytes.fromByteArrayUnsafe(image.data()))).build()));
            } else if (part instanceof ContentPart.Document doc) {
                blocks.add(ContentBlock.fromDocument(DocumentBlock.builder().format(DOCUMENT_FORMATS.get(doc.mimeType()))
                        .name(uniqueName(documentName(doc.name()), documentNames))
                        .source(DocumentSource.fromBytes(SdkBytes.fromByteArrayUnsafe(doc.data()))).build()));
            }
        }
    }

    /**
     * The assistant's turn: its reasoning first when the message kept it and this request thinks (Claude requires
     * the thinking block back before the tool calls it led to, signature included, and refuses it when thinking is
     * off), its text, then its tool calls.
     */
    private static void assistant(ChatMessage m, int index, boolean thinking, List<ContentBlock> blocks) {
        if (thinking && m.reasoning().isPresent()) {
            ReasoningTextBlock.Builder r = ReasoningTextBlock.builder().text(m.reasoning().get());
            m.reasoningSignature().ifPresent(r::signature);
            blocks.add(ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(r.build())));
        }
        if (!m.text().isBlank()) blocks.add(ContentBlock.fromText(m.text()));
        List<ToolCall> calls = m.toolCalls();
        for (int j = 0; j < calls.size(); j++) {
            ToolCall call = calls.get(j);
            String field = "messages[" + index + "].toolCalls[" + j + "].arguments";
            Document input = JsonDocuments.tryParse(call.arguments()).filter(Document::isMap).orElseThrow(() ->
                    new IllegalArgumentException(field + ": must be a JSON object, as Bedrock sends and takes a tool's input"));
            blocks.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(call.id()).name(call.name())
                    .input(input).build()));
        }
    }

    /** A tool's result: JSON (an object or an array) as a json block, other text as a text block. */
    private static ToolResultBlock toolResult(ChatMessage m) {
        String content = m.text();
        ToolResultContentBlock block = JsonDocuments.tryParse(content).filter(d -> d.isMap() || d.isList())
                .map(ToolResultContentBlock::fromJson).orElseGet(() -> ToolResultContentBlock.fromText(content));
        ToolResultBlock.Builder b = ToolResultBlock.builder().toolUseId(m.toolCallId().orElseThrow()).content(block);
        if (m.isError()) b.status(ToolResultStatus.ERROR);
        return b.build();
    }

    /**
     * A document name Bedrock takes. DocumentBlock's {@code name} allows only letters and digits, single whitespace
     * characters, hyphens, parentheses and square brackets (Converse API reference, DocumentBlock), so
     * {@code "Q3 report_v2.final.pdf"} becomes {@code "Q3 report-v2-final"}: the extension goes (the format field
     * carries the type), every other character becomes a hyphen, whitespace runs become one space. The same file
     * name always gives the same document name, so a conversation's prompt (and its cache) stays the same.
     */
    static String documentName(String fileName) {
        String base = fileName.strip();
        int dot = base.lastIndexOf('.');
        if (dot > 0) base = base.substring(0, dot);
        StringBuilder out = new StringBuilder(base.length());
        boolean space = false;
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!space) out.append(' ');
                space = true;
                continue;
            }
            space = false;
            boolean allowed = (c < 128 && Character.isLetterOrDigit(c)) || c == '-' || c == '(' || c == ')' || c == '['
                    || c == ']';
            out.append(allowed ? c : '-');
        }
        String name = out.toString().strip();
        return name.isEmpty() ? "document" : name;
    }

    /** Bedrock refuses two documents of one name in a request: a repeated name gets " (2)", " (3)"... */
    private static String uniqueName(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) candidate = name + " (" + n + ")";
        return candidate;
    }

    /** Each system message as its own system block, in order; one cache point after them when any is marked. */
    private static List<SystemContentBlock> system(ChatRequest request) {
        int count = request.messages().size() - request.conversation().size();
        if (count == 0) return List.of();
        List<SystemContentBlock> out = new ArrayList<>(count + 1);
        boolean cache = false;
        List<ChatMessage> all = request.messages();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).role() != Role.SYSTEM) continue;
            out.add(SystemContentBlock.fromText(all.get(i).text()));
            cache |= request.cachePoints().contains(i);
        }
        if (cache) out.add(SystemContentBlock.fromCachePoint(cachePoint()));
        return out;
    }

    private static CachePointBlock cachePoint() {
        return CachePointBlock.builder().type(CachePointType.DEFAULT).build();
    }

    private static InferenceConfiguration inference(ChatRequest request, Integer thinkingBudget) {
        if (request.maxTokens().isEmpty() && request.temperature().isEmpty() && request.topP().isEmpty()
                && request.stopSequences().isEmpty() && thinkingBudget == null) {
            return null;
        }
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        if (request.maxTokens().isPresent()) b.maxTokens(request.maxTokens().getAsInt());
        else if (thinkingBudget != null) b.maxTokens(thinkingBudget + ANSWER_TOKENS_BESIDE_THINKING);
        request.temperature().ifPresent(t -> b.temperature((float) t));
        request.topP().ifPresent(p -> b.topP((float) p));
        if (!request.stopSequences().isEmpty()) b.stopSequences(request.stopSequences());
        return b.build();
    }

    // ---- the answer ----

    /**
     * Converse's answer in neutral terms: text blocks joined, toolUse blocks as tool calls (or, for
     * {@code jsonTool}, the {@value #JSON_TOOL} input as the text), the reasoning block's text and signature.
     */
    static ChatResponse response(String provider, String modelId, ConverseResponse r, boolean jsonTool) {
        List<ContentBlock> content = r.output() == null || r.output().message() == null
                ? List.of() : r.output().message().content();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String signature = null;
        List<ToolCall> calls = new ArrayList<>(0);
        for (ContentBlock c : content) {
            if (c.text() != null) {
                text.append(c.text());
            } else if (c.toolUse() != null) {
                ToolUseBlock use = c.toolUse();
                if (jsonTool && JSON_TOOL.equals(use.name())) text.append(JsonDocuments.write(use.input()));
                else calls.add(new ToolCall(use.toolUseId(), use.name(), JsonDocuments.write(use.input())));
            } else if (c.reasoningContent() != null && c.reasoningContent().reasoningText() != null) {
                ReasoningTextBlock block = c.reasoningContent().reasoningText();
                if (block.text() != null) reasoning.append(block.text());
                if (block.signature() != null) signature = block.signature();
            }
        }
        String stopReason = r.stopReasonAsString();
        return ChatResponse.builder().text(text.toString())
                .usage(r.usage() == null ? new TokenUsage(0, 0) : usage(r.usage()))
                .finishReason(finishReason(stopReason, !calls.isEmpty(), jsonTool)).finishDetail(stopReason)
                .toolCalls(calls).reasoning(reasoning.toString()).reasoningSignature(signature)
                .provider(provider).model(modelId).requestId(r.responseMetadata().requestId()).build();
    }

    /** Bedrock's usage; its {@code inputTokens} leaves out the tokens read from or written to the cache. */
    static TokenUsage usage(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage u) {
        int read = orZero(u.cacheReadInputTokens());
        int write = orZero(u.cacheWriteInputTokens());
        return new TokenUsage(orZero(u.inputTokens()) + read + write, orZero(u.outputTokens()), read, write, 0);
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }

    /**
     * The neutral finish reason: {@code TOOL_USE} whenever there are tool calls; the {@value #JSON_TOOL} call of a
     * JSON answer is the answer, so it finishes {@code STOP}.
     */
    static FinishReason finishReason(String stopReason, boolean toolCalls, boolean jsonTool) {
        if (toolCalls) return FinishReason.TOOL_USE;
        if (jsonTool && "tool_use".equals(stopReason)) return FinishReason.STOP;
        return finishReason(stopReason);
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

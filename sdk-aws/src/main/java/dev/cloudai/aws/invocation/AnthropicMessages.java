package dev.cloudai.aws.invocation;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.ChatLimits;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Anthropic Claude's native InvokeModel body, the Messages API as Bedrock takes it, and its answer. Bedrock batch
 * inference carries this body as each line's {@code modelInput}, where the on-demand calls use Converse
 * ({@link ConverseMapping}). Follows the Bedrock user guide, "Anthropic Claude Messages API"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html):
 * {@code anthropic_version} {@value #VERSION}, {@code max_tokens}, {@code system}, {@code messages} of content
 * blocks ({@code text}, base64 {@code image}, {@code tool_use}, {@code tool_result}, {@code thinking}),
 * {@code tools}, {@code tool_choice}, {@code thinking}; the answer's {@code content}, {@code stop_reason} and
 * {@code usage}.
 *
 * <pre>{@code
 * String body = AnthropicMessages.body("anthropic.claude-3-haiku-20240307-v1:0", ChatRequest.ofUser("Hi"));
 * // {"anthropic_version":"bedrock-2023-05-31","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}
 * }</pre>
 *
 * <p>Choices, the same as Converse's where the body allows ({@link ConverseMapping}): tool choice "none" declares no
 * tools (and fails with tool history); {@link ResponseFormat#json()} forces the tool {@value ConverseMapping#JSON_TOOL}
 * whose input is the answer; reasoning is {@code thinking} with Claude's rules. What the body cannot carry fails
 * before anything is written: documents (the Messages body of InvokeModel takes none here) and
 * {@link ResponseFormat#jsonSchema} (no schema-constrained output in this body).
 */
final class AnthropicMessages {
    private static final String PROVIDER = "aws";
    /** The Messages API version Bedrock requires in every Claude body. */
    static final String VERSION = "bedrock-2023-05-31";
    /**
     * {@code max_tokens} when the request sets none: the body requires it, and 4,096 is the most output every
     * Claude 3 and later model allows (Claude 3 Haiku's limit), so no model refuses it.
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    /**
     * The images Claude's Messages body takes inline (the user guide page above, "Images"): png, jpeg, gif, webp,
     * at most 20 images of 3.75 MB each, as in Converse. No documents.
     */
    static final ChatLimits LIMITS = ChatLimits.builder(PROVIDER)
            .images(Set.of("image/png", "image/jpeg", "image/gif", "image/webp"), 3_750_000, 20)
            .noDocuments("a Bedrock batch job sends Claude's Messages body, which takes no documents here; send the"
                    + " document's text as a text part, or chat on demand (ai.chatModel(...)), where Converse takes documents")
            .build();

    private AnthropicMessages() {
    }

    /** Whether {@code modelId} is an Anthropic Claude model (also as an inference profile or ARN). */
    static boolean handles(String modelId) {
        return modelId.toLowerCase(Locale.ROOT).contains("anthropic.claude");
    }

    // ---- the body ----

    /**
     * The Messages body of {@code request}, checked first: nothing is written for a request the body cannot carry.
     *
     * @throws IllegalArgumentException naming the field, for media over the limits or settings Claude refuses
     * @throws UnsupportedOperationException naming the feature and the alternative, for what the body cannot carry
     */
    static String body(String modelId, ChatRequest request) {
        LIMITS.check(request);
        boolean jsonTool = request.responseFormat().kind() == ResponseFormat.Kind.JSON;
        if (request.responseFormat().kind() == ResponseFormat.Kind.JSON_SCHEMA) {
            throw ChatLimits.unsupported(PROVIDER, "responseFormat jsonSchema(...) in a Bedrock batch job (Claude's"
                    + " Messages body has no schema-constrained output)", "use ResponseFormat.json(), which the body"
                    + " carries as a forced tool call, and describe the schema in the prompt; or chat on demand, where"
                    + " Converse takes the schema as outputConfig");
        }
        if (jsonTool && request.reasoningBudgetTokens().isPresent()) {
            throw ChatLimits.unsupported(PROVIDER, "responseFormat json() together with reasoning",
                    "Claude refuses forced tool use while thinking; leave reasoning unset, or ask for JSON in the prompt");
        }
        if (request.temperature().isPresent() && request.temperature().getAsDouble() > 1.0) {
            throw new IllegalArgumentException("temperature: Claude takes 0 to 1, was " + request.temperature().getAsDouble());
        }
        Integer budget = ConverseMapping.thinkingBudget(modelId, request);
        boolean thinking = budget != null;

        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("anthropic_version").writeValue(VERSION);
        int maxTokens = request.maxTokens().isPresent() ? request.maxTokens().getAsInt()
                : thinking ? budget + ConverseMapping.ANSWER_TOKENS_BESIDE_THINKING : DEFAULT_MAX_TOKENS;
        w.writeFieldName("max_tokens").writeValue(maxTokens);
        system(w, request);
        w.writeFieldName("messages");
        messages(w, request, thinking);
        if (request.temperature().isPresent()) w.writeFieldName("temperature").writeValue(request.temperature().getAsDouble());
        if (request.topP().isPresent()) w.writeFieldName("top_p").writeValue(request.topP().getAsDouble());
        if (!request.stopSequences().isEmpty()) {
            w.writeFieldName("stop_sequences").writeStartArray();
            request.stopSequences().forEach(w::writeValue);
            w.writeEndArray();
        }
        tools(w, request, jsonTool);
        if (thinking) {
            w.writeFieldName("thinking").writeStartObject();
            w.writeFieldName("type").writeValue("enabled");
            w.writeFieldName("budget_tokens").writeValue(budget.intValue());
            w.writeEndObject();
        }
        w.writeEndObject();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    /** Each system message as a text block; the last one marked for the cache when any system message is. */
    private static void system(JsonWriter w, ChatRequest request) {
        List<ChatMessage> all = request.messages();
        List<String> texts = new ArrayList<>(1);
        boolean cache = false;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).role() != Role.SYSTEM) continue;
            texts.add(all.get(i).text());
            cache |= request.cachePoints().contains(i);
        }
        if (texts.isEmpty()) return;
        w.writeFieldName("system").writeStartArray();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            block(w, "text", b -> b.writeFieldName("text").writeValue(text), cache && i == texts.size() - 1);
        }
        w.writeEndArray();
    }

    /**
     * The user and assistant turns, alternating as Claude requires: consecutive messages of one role (tool results
     * are user content) become one message, their blocks in order. A message marked as a cache point marks its
     * last block.
     */
    private static void messages(JsonWriter w, ChatRequest request, boolean thinking) {
        List<ChatMessage> all = request.messages();
        List<Turn> turns = new ArrayList<>();
        Turn turn = null;
        for (int i = 0; i < all.size(); i++) {
            ChatMessage m = all.get(i);
            if (m.role() == Role.SYSTEM) continue;
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            if (turn == null || !turn.role.equals(role)) {
                turn = new Turn(role);
                turns.add(turn);
            }
            int before = turn.blocks.size();
            switch (m.role()) {
                case ASSISTANT -> assistant(m, i, thinking, turn.blocks);
                case TOOL -> turn.blocks.add(new Block("tool_result", b -> {
                    b.writeFieldName("tool_use_id").writeValue(m.toolCallId().orElseThrow());
                    b.writeFieldName("content").writeValue(m.text());   // the body takes text here, JSON as its text
                    if (m.isError()) b.writeFieldName("is_error").writeValue(true);
                }));
                default -> user(m, turn.blocks);
            }
            if (request.cachePoints().contains(i) && turn.blocks.size() > before) {
                turn.blocks.get(turn.blocks.size() - 1).cache = true;
            }
        }
        w.writeStartArray();
        for (Turn t : turns) {
            w.writeStartObject();
            w.writeFieldName("role").writeValue(t.role);
            w.writeFieldName("content").writeStartArray();
            for (Block b : t.blocks) block(w, b.type, b.fields, b.cache);
            w.writeEndArray();
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    private static void user(ChatMessage m, List<Block> blocks) {
        if (!m.hasMedia()) {
            blocks.add(text(m.text()));
            return;
        }
        for (ContentPart part : m.parts()) {
            if (part instanceof ContentPart.Text t) {
                blocks.add(text(t.text()));
            } else if (part instanceof ContentPart.Image image) {
                String data = Base64.getEncoder().encodeToString(image.data());
                blocks.add(new Block("image", b -> {
                    b.writeFieldName("source").writeStartObject();
                    b.writeFieldName("type").writeValue("base64");
                    b.writeFieldName("media_type").writeValue(image.mimeType());
                    b.writeFieldName("data").writeValue(data);
                    b.writeEndObject();
                }));
            }
            // documents were refused by LIMITS.check
        }
    }

    /**
     * The assistant's turn: its thinking first when it kept one and this request thinks (Claude requires the block
     * back, signature included, before the tool calls it led to), its text, then its tool calls.
     */
    private static void assistant(ChatMessage m, int index, boolean thinking, List<Block> blocks) {
        if (thinking && m.reasoning().isPresent()) {
            blocks.add(new Block("thinking", b -> {
                b.writeFieldName("thinking").writeValue(m.reasoning().get());
                m.reasoningSignature().ifPresent(s -> b.writeFieldName("signature").writeValue(s));
            }));
        }
        if (!m.text().isBlank()) blocks.add(text(m.text()));
        List<ToolCall> calls = m.toolCalls();
        for (int j = 0; j < calls.size(); j++) {
            ToolCall call = calls.get(j);
            String field = "messages[" + index + "].toolCalls[" + j + "].arguments";
            Document input = JsonDocuments.tryParse(call.arguments()).filter(Document::isMap).orElseThrow(() ->
                    new IllegalArgumentException(field + ": must be a JSON object, as Claude sends and takes a tool's input"));
            blocks.add(new Block("tool_use", b -> {
                b.writeFieldName("id").writeValue(call.id());
                b.writeFieldName("name").writeValue(call.name());
                b.writeFieldName("input");
                JsonDocuments.write(b, input);
            }));
        }
    }

    /** {@code tools} and {@code tool_choice}, or the forced {@value ConverseMapping#JSON_TOOL} of a JSON answer. */
    private static void tools(JsonWriter w, ChatRequest request, boolean jsonTool) {
        if (jsonTool) {
            if (!request.tools().isEmpty()) {
                throw ChatLimits.unsupported(PROVIDER, "responseFormat json() together with tools in a Bedrock batch job",
                        "ask for JSON in the prompt beside the tools, or send the tools without a response format");
            }
            writeTools(w, List.of(ToolSpec.of(ConverseMapping.JSON_TOOL, "Give the answer as a JSON object.",
                    "{\"type\":\"object\"}")));
            toolChoice(w, "tool", ConverseMapping.JSON_TOOL);
            return;
        }
        if (request.tools().isEmpty()) return;
        ToolChoice choice = request.toolChoice().orElse(null);
        if (choice != null && choice.mode() == ToolChoice.Mode.NONE) {
            if (request.hasToolHistory()) {
                throw ChatLimits.unsupported(PROVIDER, "toolChoice none in a Bedrock batch job",
                        "Claude needs the tools declared once the conversation has tool calls; use toolChoice auto and"
                                + " ask for a text answer in the prompt");
            }
            return;   // the model cannot call tools it is not told about
        }
        writeTools(w, request.tools());
        if (choice == null) return;
        switch (choice.mode()) {
            case REQUIRED -> toolChoice(w, "any", null);
            case TOOL -> toolChoice(w, "tool", choice.toolName().orElseThrow());
            default -> toolChoice(w, "auto", null);
        }
    }

    private static void writeTools(JsonWriter w, List<ToolSpec> tools) {
        w.writeFieldName("tools").writeStartArray();
        for (ToolSpec t : tools) {
            w.writeStartObject();
            w.writeFieldName("name").writeValue(t.name());
            if (!t.description().isBlank()) w.writeFieldName("description").writeValue(t.description());
            w.writeFieldName("input_schema");
            JsonDocuments.write(w, JsonDocuments.parse(t.parametersJsonSchema(), "tools[" + t.name() + "].parametersJsonSchema"));
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    private static void toolChoice(JsonWriter w, String type, String name) {
        w.writeFieldName("tool_choice").writeStartObject();
        w.writeFieldName("type").writeValue(type);
        if (name != null) w.writeFieldName("name").writeValue(name);
        w.writeEndObject();
    }

    private static Block text(String text) {
        return new Block("text", b -> b.writeFieldName("text").writeValue(text));
    }

    /** One content block: {@code {"type":...,<fields>}}, with {@code cache_control} when marked. */
    private static void block(JsonWriter w, String type, Consumer<JsonWriter> fields, boolean cache) {
        w.writeStartObject();
        w.writeFieldName("type").writeValue(type);
        fields.accept(w);
        if (cache) {
            w.writeFieldName("cache_control").writeStartObject();
            w.writeFieldName("type").writeValue("ephemeral");
            w.writeEndObject();
        }
        w.writeEndObject();
    }

    /** The blocks of one message, written once the turns are known. */
    private static final class Turn {
        final String role;
        final List<Block> blocks = new ArrayList<>(2);

        Turn(String role) {
            this.role = role;
        }
    }

    private static final class Block {
        final String type;
        final Consumer<JsonWriter> fields;
        boolean cache;

        Block(String type, Consumer<JsonWriter> fields) {
            this.type = type;
            this.fields = fields;
        }
    }

    // ---- the answer ----

    /**
     * Whether {@code body} (a Messages body this class wrote) forces the {@value ConverseMapping#JSON_TOOL}: its
     * answer is then that tool's input, as text.
     */
    static boolean forcesJsonTool(JsonNode body) {
        return body.field("tool_choice").flatMap(c -> c.field("name")).filter(JsonNode::isString)
                .map(n -> ConverseMapping.JSON_TOOL.equals(n.asString())).orElse(false);
    }

    /**
     * Claude's answer in neutral terms: text blocks joined, {@code tool_use} blocks as tool calls (for
     * {@code jsonTool}, the {@value ConverseMapping#JSON_TOOL} input as the text), the thinking block's text and
     * signature, the stop reason mapped as Converse's (Converse reports Claude's own names), and the usage with the
     * cache's tokens counted in the input. The message id ({@code msg_bdrk_...}) stands as the request id.
     *
     * @throws AwsResponseFormatException when the answer is not a Messages response
     */
    static ChatResponse response(String provider, String modelId, JsonNode answer, boolean jsonTool) {
        if (!answer.isObject() || answer.field("content").filter(JsonNode::isArray).isEmpty()) {
            throw new AwsResponseFormatException("Claude answered without a 'content' array", null);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String signature = null;
        List<ToolCall> calls = new ArrayList<>(0);
        for (JsonNode block : answer.field("content").get().asArray()) {
            String type = string(block, "type").orElse("");
            switch (type) {
                case "text" -> text.append(string(block, "text").orElse(""));
                case "tool_use" -> {
                    String input = block.field("input").map(JsonDocuments::write).orElse("{}");
                    String name = string(block, "name").orElse("");
                    if (jsonTool && ConverseMapping.JSON_TOOL.equals(name)) text.append(input);
                    else calls.add(new ToolCall(string(block, "id").orElse(""), name, input));
                }
                case "thinking" -> {
                    reasoning.append(string(block, "thinking").orElse(""));
                    signature = string(block, "signature").orElse(signature);
                }
                default -> { }   // redacted_thinking and blocks of later API versions carry nothing to map
            }
        }
        String stopReason = string(answer, "stop_reason").orElse(null);
        return ChatResponse.builder().text(text.toString()).usage(usage(answer.field("usage").orElse(null)))
                .finishReason(ConverseMapping.finishReason(stopReason, !calls.isEmpty(), jsonTool)).finishDetail(stopReason)
                .toolCalls(calls).reasoning(reasoning.toString()).reasoningSignature(signature)
                .provider(provider).model(modelId).requestId(string(answer, "id").orElse(null)).build();
    }

    /** Claude's usage; like Converse's, its {@code input_tokens} leaves out the tokens read from or written to the cache. */
    private static TokenUsage usage(JsonNode u) {
        if (u == null) return new TokenUsage(0, 0);
        int read = number(u, "cache_read_input_tokens");
        int write = number(u, "cache_creation_input_tokens");
        return new TokenUsage(number(u, "input_tokens") + read + write, number(u, "output_tokens"), read, write, 0);
    }

    private static Optional<String> string(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString);
    }

    private static int number(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isNumber).map(n -> Integer.parseInt(n.asNumber())).orElse(0);
    }
}

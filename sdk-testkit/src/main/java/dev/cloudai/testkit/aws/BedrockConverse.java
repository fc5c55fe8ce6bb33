package dev.cloudai.testkit.aws;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.Canned;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bedrock Converse and ConverseStream answers of {@link AwsCloud}, by the {@link EmulatedChat} rules, read from and
 * written in Converse's JSON (Bedrock API reference: Converse, ConverseStream, Message, ContentBlock, ToolConfiguration,
 * ToolUseBlock, ToolResultBlock, ReasoningContentBlock, OutputConfig, TokenUsage;
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 *
 * <ul>
 *   <li>Tool calls are {@code toolUse} blocks with ids {@code EmulatedChat.callId("tooluse_", turn, i)} and stop reason
 *       {@code tool_use}; a stream sends each as {@code contentBlockStart} (id and name), its input in two
 *       {@code toolUse} deltas, and {@code contentBlockStop}.</li>
 *   <li>The AWS adapter asks for {@code ResponseFormat.json()} by forcing a tool named {@value #JSON_TOOL} (Converse's
 *       {@code outputConfig} needs a schema): that call's input is {@link EmulatedChat#JSON_ANSWER}.</li>
 *   <li>{@code outputConfig.textFormat.structure.jsonSchema.schema} is the JSON schema of a structured answer.</li>
 *   <li>{@code additionalModelRequestFields.thinking} (Anthropic's extended thinking) adds a {@code reasoningContent}
 *       block first: {@link EmulatedChat#REASONING_TEXT} signed {@link EmulatedChat#REASONING_SIGNATURE}.</li>
 *   <li>A request with a {@code cachePoint} block reports {@link AwsCloud#CACHE_READ_TOKENS} read from and
 *       {@link AwsCloud#CACHE_WRITE_TOKENS} written to the cache, out of {@link Canned#INPUT_TOKENS} input tokens.</li>
 * </ul>
 * As strict as Bedrock, each refusal a 400 {@code ValidationException} with Bedrock's message: toolUse or toolResult
 * blocks without {@code toolConfig}; an assistant's toolUse ids without their toolResult blocks in the next message, or
 * toolResult blocks that answer no toolUse of the turn before; with thinking on, a last assistant turn of tool calls
 * that does not start with its reasoning block (Anthropic's rule, passed on by Bedrock); image and document formats
 * and document names outside Converse's constraints.
 */
final class BedrockConverse extends StubTransformer {
    static final String NAME = "aws-bedrock-converse";

    BedrockConverse() {
        super(NAME);
    }
    /** The transformer parameter that makes a stream stop in the middle ({@code Fault.StreamCut}). */
    static final String CUT = "cut";
    /** The tool the AWS adapter forces for {@code ResponseFormat.json()} (sdk-aws ConverseMapping.JSON_TOOL). */
    static final String JSON_TOOL = "json_answer";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");
    /** DocumentBlock.name: alphanumerics, single whitespace characters, hyphens, parentheses, square brackets. */
    private static final Pattern DOCUMENT_NAME = Pattern.compile("(?!.*\\s\\s)[A-Za-z0-9\\s\\-()\\[\\]]+");



    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String path = serveEvent.getRequest().getUrl();
        // a cut SageMaker response stream, which shares the stream-cut answer: SageMakerState renders it
        if (SageMakerState.invokedEndpoint(path) != null) return serveEvent.getResponseDefinition();
        boolean stream = path.contains("/converse-stream");
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        boolean cut = parameters != null && Boolean.TRUE.equals(parameters.getBoolean(CUT, false));
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return refuse("Malformed input request, please reformat your input and try again.");
        }
        if (request == null || !request.path("messages").isArray() || request.path("messages").isEmpty()) {
            // a probe without a conversation (tests that only look at the framing) gets the canned answer
            Answer canned = new Answer(false, Canned.CHAT_TEXT, true, List.of(), "end_turn", false);
            return stream ? AwsCloud.eventStream(cut ? cutFrames(canned) : frames(canned)).build()
                    : AwsCloud.ok("application/json", body(canned)).build();
        }
        String refusal = refusal(request);
        if (refusal != null) return refuse(refusal);
        Answer answer = answer(request);
        if (!stream) return AwsCloud.ok("application/json", body(answer)).build();
        return AwsCloud.eventStream(cut ? cutFrames(answer) : frames(answer)).build();
    }

    private static ResponseDefinition refuse(String message) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape(message)).build();
    }

    // ---- what Bedrock refuses ----

    private static String refusal(JsonNode request) {
        JsonNode messages = request.path("messages");
        boolean toolConfig = request.has("toolConfig");
        boolean thinking = thinking(request);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                if ((block.has("toolUse") || block.has("toolResult")) && !toolConfig) {
                    return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
                }
                String at = "messages." + i + ".member.content." + j + ".member.";
                if (block.has("image") && !IMAGE_FORMATS.contains(block.path("image").path("format").asText())) {
                    return enumError(block.path("image").path("format").asText(), at + "image.format", "[png, jpeg, gif, webp]");
                }
                if (block.has("document")) {
                    JsonNode doc = block.path("document");
                    if (!DOCUMENT_FORMATS.contains(doc.path("format").asText())) {
                        return enumError(doc.path("format").asText(), at + "document.format",
                                "[pdf, csv, doc, docx, xls, xlsx, html, txt, md]");
                    }
                    if (!DOCUMENT_NAME.matcher(doc.path("name").asText()).matches()) {
                        return "1 validation error detected: Value at '" + at + "document.name' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\s\\-\\(\\)\\[\\]]+";
                    }
                }
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            Set<String> results = ids(messages.get(i), "toolResult");
            Set<String> uses = i == 0 ? Set.of() : ids(messages.get(i - 1), "toolUse");
            if (!uses.containsAll(results)) {
                return "The number of toolResult blocks at messages." + i
                        + ".content exceeds the number of toolUse blocks of previous turn.";
            }
            Set<String> asked = ids(messages.get(i), "toolUse");
            if (!asked.isEmpty()) {
                Set<String> missing = new LinkedHashSet<>(asked);
                if (i + 1 < messages.size()) missing.removeAll(ids(messages.get(i + 1), "toolResult"));
                if (!missing.isEmpty()) {
                    return "Expected toolResult blocks at messages." + (i + 1) + ".content for the following Ids: "
                            + String.join(", ", missing);
                }
            }
        }
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("assistant".equals(messages.get(i).path("role").asText())) lastAssistant = i;
        }
        if (thinking && lastAssistant >= 0 && !ids(messages.get(lastAssistant), "toolUse").isEmpty()) {
            JsonNode first = messages.get(lastAssistant).path("content").path(0);
            if (!first.has("reasoningContent")) {
                // Anthropic's message, which Bedrock passes on (Anthropic docs, extended thinking with tool use)
                return "The model returned the following errors: messages." + lastAssistant + ".content.0.type: Expected"
                        + " `thinking` or `redacted_thinking`, but found `" + (first.has("toolUse") ? "tool_use" : "text")
                        + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block"
                        + " (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include"
                        + " thinking blocks from previous turns. To avoid this requirement, disable `thinking`.";
            }
        }
        return null;
    }

    private static String enumError(String value, String at, String allowed) {
        return "1 validation error detected: Value '" + value + "' at '" + at + "' failed to satisfy constraint: Member"
                + " must satisfy enum value set: " + allowed;
    }

    /** The toolUseId of each {@code kind} block (toolUse or toolResult) of a message. */
    private static Set<String> ids(JsonNode message, String kind) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode block : message.path("content")) {
            if (block.has(kind)) ids.add(block.path(kind).path("toolUseId").asText());
        }
        return ids;
    }

    private static boolean thinking(JsonNode request) {
        return "enabled".equals(request.path("additionalModelRequestFields").path("thinking").path("type").asText());
    }

    // ---- the answer, by the EmulatedChat rules ----

    /** A tool call of the answer. */
    private record Use(String id, String name, String input) {
    }

    /** What the model answers: reasoning, then text (or none), then tool calls. */
    private record Answer(boolean reasoning, String text, boolean canned, List<Use> uses, String stopReason,
                          boolean cached) {
    }

    private static Answer answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        boolean reasoning = thinking(request);
        boolean cached = hasCachePoint(request);
        int turn = 0;
        for (JsonNode m : messages) {
            if ("assistant".equals(m.path("role").asText())) turn++;
        }
        boolean endsWithResults = !ids(last, "toolResult").isEmpty();
        boolean endsWithUser = "user".equals(last.path("role").asText()) && !endsWithResults;

        List<EmulatedChat.Tool> tools = new ArrayList<>();
        for (JsonNode t : request.path("toolConfig").path("tools")) {
            JsonNode spec = t.path("toolSpec");
            if (spec.has("name")) tools.add(new EmulatedChat.Tool(spec.path("name").asText(), spec.path("inputSchema").path("json").toString()));
        }
        JsonNode choiceNode = request.path("toolConfig").path("toolChoice");
        EmulatedChat.Choice choice = choiceNode.has("any") ? EmulatedChat.Choice.REQUIRED
                : choiceNode.has("tool") ? EmulatedChat.Choice.TOOL : EmulatedChat.Choice.AUTO;
        String forced = choiceNode.path("tool").path("name").asText(null);

        // rule 1: tool calls (the adapter's JSON mode answers rule 2's JSON through its forced tool)
        if (endsWithUser && !tools.isEmpty()) {
            if (choice == EmulatedChat.Choice.TOOL && JSON_TOOL.equals(forced)) {
                return new Answer(reasoning, null, false,
                        List.of(new Use(EmulatedChat.callId("tooluse_", turn, 0), JSON_TOOL, EmulatedChat.JSON_ANSWER)),
                        "tool_use", cached);
            }
            List<EmulatedChat.Call> calls = EmulatedChat.toolCalls(tools, choice, forced, text(last));
            if (!calls.isEmpty()) {
                List<Use> uses = new ArrayList<>();
                for (int i = 0; i < calls.size(); i++) {
                    uses.add(new Use(EmulatedChat.callId("tooluse_", turn, i), calls.get(i).name(), calls.get(i).arguments()));
                }
                return new Answer(reasoning, null, false, uses, "tool_use", cached);
            }
        }
        // rule 2: structured output
        JsonNode schema = request.path("outputConfig").path("textFormat").path("structure").path("jsonSchema").path("schema");
        if (schema.isTextual()) return new Answer(reasoning, EmulatedChat.sample(schema.asText()), false, List.of(), "end_turn", cached);
        // rule 3: tool results
        if (endsWithResults) {
            Map<String, String> names = new LinkedHashMap<>();
            JsonNode asked = messages.get(messages.size() - 2);
            for (JsonNode block : asked.path("content")) {
                if (block.has("toolUse")) names.put(block.path("toolUse").path("toolUseId").asText(), block.path("toolUse").path("name").asText());
            }
            List<EmulatedChat.Result> results = new ArrayList<>();
            for (JsonNode block : last.path("content")) {
                if (!block.has("toolResult")) continue;
                JsonNode r = block.path("toolResult");
                results.add(new EmulatedChat.Result(names.get(r.path("toolUseId").asText()), "error".equals(r.path("status").asText())));
            }
            return new Answer(reasoning, EmulatedChat.toolResultsAnswer(results), false, List.of(), "end_turn", cached);
        }
        // rule 4: media
        int images = 0;
        int documents = 0;
        for (JsonNode block : last.path("content")) {
            if (block.has("image")) images++;
            if (block.has("document")) documents++;
        }
        if (images + documents > 0) {
            return new Answer(reasoning, EmulatedChat.mediaAnswer(images, documents), false, List.of(), "end_turn", cached);
        }
        return new Answer(reasoning, Canned.CHAT_TEXT, true, List.of(), "end_turn", cached);
    }

    private static String text(JsonNode message) {
        StringBuilder s = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if (block.has("text")) s.append(block.path("text").asText());
        }
        return s.toString();
    }

    private static boolean hasCachePoint(JsonNode request) {
        for (JsonNode block : request.path("system")) {
            if (block.has("cachePoint")) return true;
        }
        for (JsonNode m : request.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if (block.has("cachePoint")) return true;
            }
        }
        return false;
    }

    // ---- Converse ----

    private static String body(Answer a) {
        if (a.canned() && !a.reasoning() && !a.cached()) return AwsCloud.converseBody(Canned.CHAT_TEXT, "end_turn");
        ArrayNode content = F.arrayNode();
        if (a.reasoning()) {
            content.addObject().putObject("reasoningContent").putObject("reasoningText")
                    .put("text", EmulatedChat.REASONING_TEXT).put("signature", EmulatedChat.REASONING_SIGNATURE);
        }
        if (a.text() != null) content.addObject().put("text", a.text());
        for (Use u : a.uses()) {
            content.addObject().putObject("toolUse").put("toolUseId", u.id()).put("name", u.name()).set("input", tree(u.input()));
        }
        ObjectNode body = F.objectNode();
        body.putObject("output").putObject("message").put("role", "assistant").set("content", content);
        body.put("stopReason", a.stopReason());
        body.set("usage", usage(a));
        body.putObject("metrics").put("latencyMs", 42);
        return body.toString();
    }

    private static ObjectNode usage(Answer a) {
        ObjectNode usage = F.objectNode();
        int read = a.cached() ? AwsCloud.CACHE_READ_TOKENS : 0;
        int write = a.cached() ? AwsCloud.CACHE_WRITE_TOKENS : 0;
        usage.put("inputTokens", Canned.INPUT_TOKENS - read - write).put("outputTokens", Canned.OUTPUT_TOKENS)
                .put("totalTokens", Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS);
        if (a.cached()) usage.put("cacheReadInputTokens", read).put("cacheWriteInputTokens", write);
        return usage;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("the emulator made a tool input that is not JSON", e);
        }
    }

    // ---- ConverseStream ----

    /** One event of the stream, as it is framed. */
    private record Event(String type, String json) {
    }

    private static byte[] frames(Answer a) {
        if (a.canned() && !a.reasoning() && !a.cached()) {
            // the exact canned stream every plain request gets
            return EventStreamFrames.converseStream(Canned.STREAM_DELTAS, "end_turn", Canned.INPUT_TOKENS, Canned.OUTPUT_TOKENS);
        }
        return encode(events(a));
    }

    /**
     * The stream stopped in the middle ({@code Fault.StreamCut}): inside the first tool call, after its start and the
     * first piece of its input, when the answer has one; else after the first delta. No exception frame: the body
     * just ends, as when the connection closes.
     */
    private static byte[] cutFrames(Answer a) {
        List<Event> all = events(a);
        List<Event> kept = new ArrayList<>();
        boolean tools = !a.uses().isEmpty();
        for (Event e : all) {
            kept.add(e);
            if (tools && e.type().equals("contentBlockDelta") && e.json().contains("\"toolUse\"")) break;
            if (!tools && e.type().equals("contentBlockDelta")) break;
        }
        return encode(kept);
    }

    private static List<Event> events(Answer a) {
        List<Event> out = new ArrayList<>();
        out.add(new Event("messageStart", "{\"role\":\"assistant\"}"));
        int index = 0;
        if (a.reasoning()) {
            out.add(delta(index, F.objectNode().set("reasoningContent", F.objectNode().put("text", EmulatedChat.REASONING_TEXT))));
            out.add(delta(index, F.objectNode().set("reasoningContent", F.objectNode().put("signature", EmulatedChat.REASONING_SIGNATURE))));
            out.add(stop(index++));
        }
        if (a.text() != null) {
            for (String piece : a.canned() ? Canned.STREAM_DELTAS : halves(a.text())) {
                out.add(delta(index, F.objectNode().put("text", piece)));
            }
            out.add(stop(index++));
        }
        for (Use u : a.uses()) {
            ObjectNode start = F.objectNode().put("contentBlockIndex", index);
            start.putObject("start").putObject("toolUse").put("toolUseId", u.id()).put("name", u.name());
            out.add(new Event("contentBlockStart", start.toString()));
            for (String piece : halves(u.input())) out.add(delta(index, F.objectNode().set("toolUse", F.objectNode().put("input", piece))));
            out.add(stop(index++));
        }
        out.add(new Event("messageStop", "{\"stopReason\":\"" + a.stopReason() + "\"}"));
        ObjectNode metadata = F.objectNode();
        metadata.set("usage", usage(a));
        metadata.putObject("metrics").put("latencyMs", 42);
        out.add(new Event("metadata", metadata.toString()));
        return out;
    }

    private static Event delta(int index, ObjectNode delta) {
        ObjectNode e = F.objectNode().put("contentBlockIndex", index);
        e.set("delta", delta);
        return new Event("contentBlockDelta", e.toString());
    }

    private static Event stop(int index) {
        return new Event("contentBlockStop", "{\"contentBlockIndex\":" + index + "}");
    }

    /** A text in two pieces, as Bedrock streams a tool's input in pieces. */
    private static List<String> halves(String text) {
        int middle = Math.max(1, text.length() / 2);
        return text.length() < 2 ? List.of(text) : List.of(text.substring(0, middle), text.substring(middle));
    }

    private static byte[] encode(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Event e : events) {
            byte[] frame = EventStreamFrames.event(e.type(), e.json());
            out.write(frame, 0, frame.length);
        }
        return out.toByteArray();
    }
}

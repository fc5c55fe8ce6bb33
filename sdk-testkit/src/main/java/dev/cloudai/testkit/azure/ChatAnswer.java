package dev.cloudai.testkit.azure;

import dev.cloudai.testkit.StubTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.Canned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's chat completions answer for {@link AzureCloud}, blocking and streamed: the request's JSON read off
 * the wire, answered by the {@link EmulatedChat} rules, in the shapes of {@code ChatCompletions_Create}
 * ({@code specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/inference.json}:
 * {@code chatCompletionResponseMessage.tool_calls}, {@code chatCompletionMessageToolCallChunk} with {@code index} in
 * stream deltas, {@code completionUsage.prompt_tokens_details} / {@code completion_tokens_details}).
 *
 * <p>As strict as the service, each refusal a 400 with the OpenAI error body Azure passes through
 * ({@code {"error":{"message","type":"invalid_request_error","param","code"}}}) and the service's own words:
 * <ul>
 *   <li>a {@code tool} message that follows no assistant message with {@code tool_calls};</li>
 *   <li>an assistant message with {@code tool_calls} not followed by a tool message for each id;</li>
 *   <li>a strict {@code json_schema} whose objects lack {@code "additionalProperties": false} or leave a property out
 *       of {@code required};</li>
 *   <li>{@code json_object} without the word "json" in the messages;</li>
 *   <li>an {@code image_url} that is not a data URL of PNG, JPEG, GIF or WEBP;</li>
 *   <li>{@code json_schema} before api-version 2024-08-01-preview, {@code reasoning_effort} before
 *       2024-12-01-preview.</li>
 * </ul>
 * A tool result counts as an error when its content is the JSON object {@code {"error": ...}}, the adapter's way to
 * mark one on a cloud without an error flag. With {@code reasoning_effort}, usage reports
 * {@link EmulatedChat#REASONING_TOKENS} reasoning tokens and no reasoning text, as Azure does.
 *
 * <p>A stream's tool call comes in two deltas (id, type, name and the first half of the arguments; then the rest),
 * with its {@code index}; parallel calls follow each other. With the {@code cut} transformer parameter, the stream ends
 * after the first call's first delta (or after the first text delta) without finish reason or {@code [DONE]}.
 */
final class ChatAnswer extends StubTransformer {
    static final String NAME = "azure-openai-chat";

    ChatAnswer() {
        super(NAME);
    }
    /** The transformer parameter that makes the answer a stream cut in the middle. */
    static final String CUT = "cut";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern DATA_URL = Pattern.compile("data:(image/(?:png|jpeg|gif|webp));base64,[A-Za-z0-9+/=]+");
    private static final Pattern VERSION = Pattern.compile("[?&]api-version=([^&]+)");



    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (Exception e) {
            return invalid("The request body is not valid JSON.", null, null);
        }
        Matcher v = VERSION.matcher(serveEvent.getRequest().getUrl());
        String version = v.find() ? v.group(1) : "";
        ResponseDefinition refused = refusal(request, version);
        if (refused != null) return refused;

        Answer answer = answer(request);
        boolean stream = request.path("stream").asBoolean(false);
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        boolean cut = parameters != null && parameters.containsKey(CUT);
        if (!stream) return response(200, "application/json", completion(answer));
        return response(200, "text/event-stream; charset=utf-8", streamEvents(answer, cut));
    }

    /** A non-streamed answer: its status and JSON body. */
    record Reply(int status, String body) {
    }

    /**
     * The non-streamed answer to a chat completions body at api-version {@code version}, as {@link #transform} gives
     * it (a refusal or a chat.completion): for requests that come in other ways than a call, the lines of a batch.
     */
    static Reply reply(JsonNode request, String version) {
        ResponseDefinition refused = refusal(request, version);
        if (refused != null) return new Reply(refused.getStatus(), refused.getBody());
        return new Reply(200, completion(answer(request)));
    }

    // ---- what the service refuses ----

    private static ResponseDefinition refusal(JsonNode request, String version) {
        JsonNode messages = request.path("messages");
        JsonNode format = request.path("response_format");
        String formatType = format.path("type").asText("");
        if ("json_schema".equals(formatType) && before(version, "2024-08-01")) {
            return error(400, "BadRequest", "response_format value as json_schema is enabled only for api versions"
                    + " 2024-08-01-preview and later");
        }
        if (request.has("reasoning_effort") && before(version, "2024-12-01")) {
            return error(400, "BadRequest", "Unrecognized request argument supplied: reasoning_effort");
        }
        Set<String> open = new LinkedHashSet<>();
        boolean inToolTurn = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if ("tool".equals(role)) {
                if (!inToolTurn) {
                    return invalid("Invalid parameter: messages with role 'tool' must be a response to a preceeding"
                            + " message with 'tool_calls'.", "messages.[" + i + "].role", null);
                }
                open.remove(m.path("tool_call_id").asText());
                continue;
            }
            if (!open.isEmpty()) return missingToolResults(open);
            inToolTurn = false;
            if ("assistant".equals(role) && m.path("tool_calls").size() > 0) {
                for (JsonNode call : m.path("tool_calls")) open.add(call.path("id").asText());
                inToolTurn = true;
            }
            if ("user".equals(role) && m.path("content").isArray()) {
                for (JsonNode item : m.path("content")) {
                    if (!"image_url".equals(item.path("type").asText())) continue;
                    if (!DATA_URL.matcher(item.path("image_url").path("url").asText()).matches()) {
                        return invalid("You uploaded an unsupported image. Please make sure your image has of one the"
                                + " following formats: ['png', 'jpeg', 'gif', 'webp'].", "messages.[" + i + "].content",
                                "invalid_image_format");
                    }
                }
            }
        }
        if (!open.isEmpty()) return missingToolResults(open);
        if ("json_object".equals(formatType) && !messages.toString().toLowerCase(Locale.ROOT).contains("json")) {
            return invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type"
                    + " 'json_object'.", "messages", null);
        }
        if ("json_schema".equals(formatType) && format.path("json_schema").path("strict").asBoolean(false)) {
            String name = format.path("json_schema").path("name").asText();
            String problem = strictProblem(format.path("json_schema").path("schema"), "()");
            if (problem != null) {
                return invalid("Invalid schema for response_format '" + name + "': " + problem, "response_format", null);
            }
        }
        return null;
    }

    private static ResponseDefinition missingToolResults(Set<String> open) {
        return invalid("An assistant message with 'tool_calls' must be followed by tool messages responding to each"
                + " 'tool_call_id'. The following tool_call_ids did not have response messages: "
                + String.join(", ", open), "messages", null);
    }

    /** The first object that breaks strict mode, in the service's words, or null. */
    private static String strictProblem(JsonNode schema, String context) {
        if (!schema.isObject()) return null;
        JsonNode type = schema.path("type");
        boolean object = "object".equals(type.asText()) || (type.isArray() && type.toString().contains("\"object\""))
                || schema.has("properties");
        if (object) {
            if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                return "In context=" + context + ", 'additionalProperties' is required to be supplied and to be false.";
            }
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            var names = schema.path("properties").fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!required.contains(key)) {
                    return "In context=" + context + ", 'required' is required to be supplied and to be an array"
                            + " including every key in properties. Missing '" + key + "'.";
                }
            }
            var props = schema.path("properties").fields();
            while (props.hasNext()) {
                var e = props.next();
                String p = strictProblem(e.getValue(), "('properties', '" + e.getKey() + "')");
                if (p != null) return p;
            }
        }
        String items = strictProblem(schema.path("items"), "('items',)");
        if (items != null) return items;
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            for (JsonNode s : schema.path(combinator)) {
                String p = strictProblem(s, "('" + combinator + "',)");
                if (p != null) return p;
            }
        }
        return null;
    }

    /** Whether api-version {@code version} (2024-10-21, 2024-12-01-preview) is older than the date {@code day}. */
    private static boolean before(String version, String day) {
        return version.length() < 10 || version.substring(0, 10).compareTo(day) < 0;
    }

    // ---- the answer, by the EmulatedChat rules ----

    /** What the model says: text or tool calls, and whether the request asked for reasoning. */
    record Answer(String text, List<EmulatedChat.Call> calls, List<String> callIds, boolean reasoning) {
        static Answer text(String text) {
            return new Answer(text, List.of(), List.of(), false);
        }
    }

    private static Answer answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        boolean reasoning = request.has("reasoning_effort");
        List<EmulatedChat.Tool> tools = new ArrayList<>();
        for (JsonNode t : request.path("tools")) {
            JsonNode parameters = t.path("function").path("parameters");
            tools.add(new EmulatedChat.Tool(t.path("function").path("name").asText(),
                    parameters.isObject() ? parameters.toString() : "{\"type\":\"object\",\"properties\":{}}"));
        }
        JsonNode last = messages.size() == 0 ? F.objectNode() : messages.get(messages.size() - 1);
        int turn = 0;
        for (JsonNode m : messages) {
            if ("assistant".equals(m.path("role").asText())) turn++;
        }
        if ("user".equals(last.path("role").asText())) {
            JsonNode choice = request.path("tool_choice");
            EmulatedChat.Choice mode = EmulatedChat.Choice.AUTO;
            String forced = null;
            if (choice.isObject()) {
                mode = EmulatedChat.Choice.TOOL;
                forced = choice.path("function").path("name").asText();
            } else if (choice.isTextual()) {
                mode = EmulatedChat.Choice.valueOf(choice.asText().toUpperCase(Locale.ROOT));
            }
            List<EmulatedChat.Call> calls = EmulatedChat.toolCalls(tools, mode, forced, text(last));
            if (!calls.isEmpty()) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < calls.size(); i++) ids.add(EmulatedChat.callId("call_", turn, i));
                return new Answer(null, calls, ids, reasoning);
            }
        }
        String format = request.path("response_format").path("type").asText("");
        if ("json_schema".equals(format)) {
            return new Answer(EmulatedChat.sample(request.path("response_format").path("json_schema").path("schema")
                    .toString()), List.of(), List.of(), reasoning);
        }
        if ("json_object".equals(format)) return new Answer(EmulatedChat.JSON_ANSWER, List.of(), List.of(), reasoning);
        if ("tool".equals(last.path("role").asText())) {
            return new Answer(EmulatedChat.toolResultsAnswer(toolResults(messages)), List.of(), List.of(), reasoning);
        }
        if ("user".equals(last.path("role").asText()) && last.path("content").isArray()) {
            int images = 0;
            for (JsonNode item : last.path("content")) {
                if ("image_url".equals(item.path("type").asText())) images++;
            }
            if (images > 0) return new Answer(EmulatedChat.mediaAnswer(images, 0), List.of(), List.of(), reasoning);
        }
        return new Answer(Canned.CHAT_TEXT, List.of(), List.of(), reasoning);
    }

    /** The text of a user message: its content string, or its text items joined. */
    private static String text(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) return content.asText();
        StringBuilder s = new StringBuilder();
        for (JsonNode item : content) {
            if ("text".equals(item.path("type").asText())) s.append(item.path("text").asText());
        }
        return s.toString();
    }

    /** The trailing tool messages, each named by the call of the assistant message it answers. */
    private static List<EmulatedChat.Result> toolResults(JsonNode messages) {
        int first = messages.size();
        while (first > 0 && "tool".equals(messages.get(first - 1).path("role").asText())) first--;
        Map<String, String> names = new LinkedHashMap<>();
        if (first > 0) {
            for (JsonNode call : messages.get(first - 1).path("tool_calls")) {
                names.put(call.path("id").asText(), call.path("function").path("name").asText());
            }
        }
        List<EmulatedChat.Result> results = new ArrayList<>();
        for (int i = first; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            results.add(new EmulatedChat.Result(names.getOrDefault(m.path("tool_call_id").asText(), "unknown"),
                    isError(m.path("content").asText())));
        }
        return results;
    }

    private static boolean isError(String content) {
        try {
            JsonNode n = JSON.readTree(content);
            return n != null && n.isObject() && n.size() == 1 && n.has("error");
        } catch (Exception notJson) {
            return false;
        }
    }

    // ---- wire bodies ----

    static String promptFilterResults() {
        return "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
                + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
                + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}]";
    }

    /** A chat.completion; {@code filter} is the choice's content_filter_results. */
    static String completion(String text, String finish, String filter) {
        return completion(Answer.text(text), finish, filter);
    }

    private static String completion(Answer answer) {
        return completion(answer, answer.calls().isEmpty() ? "stop" : "tool_calls", "{}");
    }

    private static String completion(Answer answer, String finish, String filter) {
        ObjectNode message = F.objectNode().put("role", "assistant");
        if (answer.calls().isEmpty()) {
            message.put("content", answer.text());
        } else {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (int i = 0; i < answer.calls().size(); i++) {
                calls.addObject().put("id", answer.callIds().get(i)).put("type", "function").putObject("function")
                        .put("name", answer.calls().get(i).name()).put("arguments", answer.calls().get(i).arguments());
            }
        }
        return "{\"id\":\"chatcmpl-emulator\",\"object\":\"chat.completion\",\"created\":1767225600,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_emulator\","
                + "\"prompt_filter_results\":" + promptFilterResults() + ","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"" + finish + "\",\"logprobs\":null,"
                + "\"message\":" + message + ","
                + "\"content_filter_results\":" + filter + "}],"
                + "\"usage\":" + usage(answer.reasoning()) + "}";
    }

    private static String usage(boolean reasoning) {
        String usage = "{\"prompt_tokens\":" + Canned.INPUT_TOKENS + ",\"completion_tokens\":" + Canned.OUTPUT_TOKENS
                + ",\"total_tokens\":" + (Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS);
        if (reasoning) {
            usage += ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":"
                    + EmulatedChat.REASONING_TOKENS + "}";
        }
        return usage + "}";
    }

    /**
     * A text stream: a first chunk with only prompt_filter_results, the role, the deltas, the finish reason (when
     * {@code finish} is not null) and, when {@code complete}, the usage chunk and {@code [DONE]}.
     */
    static String streamEvents(List<String> deltas, String finish, String filter, boolean complete) {
        List<String> events = new ArrayList<>();
        events.add(firstChunk());
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null, "{}"));
        for (String d : deltas) events.add(chunk(F.objectNode().put("content", d).toString(), null, "{}"));
        if (finish != null) events.add(chunk("{}", finish, filter));
        return sse(events, complete, false);
    }

    private static String streamEvents(Answer answer, boolean cut) {
        if (answer.calls().isEmpty()) {
            List<String> deltas = Canned.CHAT_TEXT.equals(answer.text()) ? Canned.STREAM_DELTAS : halves(answer.text());
            if (cut) return streamEvents(deltas.subList(0, 1), null, "{}", false);
            List<String> events = new ArrayList<>();
            events.add(firstChunk());
            events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null, "{}"));
            for (String d : deltas) events.add(chunk(F.objectNode().put("content", d).toString(), null, "{}"));
            events.add(chunk("{}", "stop", "{}"));
            return sse(events, true, answer.reasoning());
        }
        List<String> events = new ArrayList<>();
        events.add(firstChunk());
        for (int i = 0; i < answer.calls().size(); i++) {
            EmulatedChat.Call call = answer.calls().get(i);
            List<String> pieces = halves(call.arguments());
            ObjectNode start = F.objectNode();
            if (i == 0) start.put("role", "assistant").putNull("content");
            ObjectNode first = start.putArray("tool_calls").addObject().put("index", i).put("id", answer.callIds().get(i))
                    .put("type", "function");
            first.putObject("function").put("name", call.name()).put("arguments", pieces.get(0));
            events.add(chunk(start.toString(), null, "{}"));
            if (cut) return sse(events, false, false);
            for (String rest : pieces.subList(1, pieces.size())) {
                ObjectNode next = F.objectNode();
                next.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", rest);
                events.add(chunk(next.toString(), null, "{}"));
            }
        }
        events.add(chunk("{}", "tool_calls", "{}"));
        return sse(events, true, answer.reasoning());
    }

    /** The text in two pieces (one when it is a single character). */
    private static List<String> halves(String text) {
        if (text.length() < 2) return List.of(text);
        return List.of(text.substring(0, text.length() / 2), text.substring(text.length() / 2));
    }

    private static String sse(List<String> events, boolean complete, boolean reasoning) {
        if (complete) {
            events.add("{\"choices\":[],\"created\":1767225600,\"id\":\"chatcmpl-emulator\",\"model\":\"gpt-4o-2024-08-06\","
                    + "\"object\":\"chat.completion.chunk\",\"usage\":" + usage(reasoning) + "}");
        }
        StringBuilder sb = new StringBuilder();
        for (String e : events) sb.append("data: ").append(e).append("\n\n");
        if (complete) sb.append("data: [DONE]\n\n");
        return sb.toString();
    }

    private static String firstChunk() {
        return "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                + promptFilterResults() + "}";
    }

    private static String chunk(String delta, String finish, String filter) {
        return "{\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + ",\"content_filter_results\":" + filter + "}],"
                + "\"created\":1767225600,\"id\":\"chatcmpl-emulator\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_emulator\"}";
    }

    private static ResponseDefinition response(int status, String contentType, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withBody(body)
                .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", contentType),
                        new HttpHeader("apim-request-id", UUID.randomUUID().toString()),
                        new HttpHeader("x-ms-request-id", UUID.randomUUID().toString())))
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = F.objectNode();
        body.putObject("error").put("code", code).put("message", message);
        return response(status, "application/json", body.toString());
    }

    /** OpenAI's invalid-request body, as Azure passes it through: message, type, param, code. */
    private static ResponseDefinition invalid(String message, String param, String code) {
        ObjectNode body = F.objectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", "invalid_request_error");
        if (param == null) error.putNull("param");
        else error.put("param", param);
        if (code == null) error.putNull("code");
        else error.put("code", code);
        return response(400, "application/json", body.toString());
    }
}

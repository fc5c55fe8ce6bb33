package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.ChatChunk;
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

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAI chat completions API as vLLM, SGLang, TGI's Messages API, SageMaker LMI and Model Garden containers
 * serve it ({@code POST /v1/chat/completions}), following the OpenAI API reference and vLLM's OpenAI-compatible
 * server documentation. Not API.
 *
 * <p>Encoding: the system messages joined into one leading {@code system} message (chat templates read the system
 * prompt from the first message), then the conversation in order; images as {@code image_url} content items with
 * {@code data:} URLs; tools, tool choice, response format and {@code reasoning_effort} as the reference names them;
 * no {@code model}, so the server answers with the one model it serves. Not sent: earlier reasoning (the API takes
 * none back), cache points (the servers cache prompt prefixes on their own). Documents are refused, as the API has
 * no document part.
 *
 * <p>Decoding: the first choice; {@code reasoning_content} (vLLM's reasoning parsers; {@code reasoning} in newer
 * versions) as the reasoning; a {@code stop} with a string {@code stop_reason} (vLLM names the stop string it met)
 * as {@link FinishReason#STOP_SEQUENCE}. A server error body in a successful response throws
 * {@link ServerErrorException}; another server's body throws {@link ProtocolMismatchException}.
 *
 * <pre>{@code
 * ChatCodec codec = new OpenAiChatCodec();
 * InvokeRequest body = codec.encode(ChatRequest.ofUser("Hello"), false);   // {"messages":[{"role":"user","content":"Hello"}]}
 * }</pre>
 */
final class OpenAiChatCodec implements ChatCodec {
    private static final ServingProtocol PROTOCOL = ServingProtocol.OPENAI_CHAT;
    private static final String NAME = PROTOCOL.configName();
    /**
     * The OpenAI reference's image types (PNG, JPEG, WEBP, non-animated GIF); sizes are the server's to judge.
     * Documents: the API has no document content part.
     */
    private static final ChatLimits LIMITS = ChatLimits.builder(NAME)
            .images(Set.of("image/png", "image/jpeg", "image/gif", "image/webp"), Long.MAX_VALUE, Integer.MAX_VALUE)
            .noDocuments("send the document's text as a text part; the OpenAI chat API takes text and images only")
            .build();

    @Override
    public ServingProtocol protocol() { return PROTOCOL; }

    @Override
    public InvokeRequest encode(ChatRequest request, boolean stream) {
        LIMITS.check(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", messages(request));
        request.maxTokens().ifPresent(n -> body.put("max_tokens", n));
        request.temperature().ifPresent(t -> body.put("temperature", t));
        request.topP().ifPresent(p -> body.put("top_p", p));
        if (!request.stopSequences().isEmpty()) body.put("stop", request.stopSequences());
        if (!request.tools().isEmpty()) body.put("tools", tools(request.tools()));
        request.toolChoice().ifPresent(c -> body.put("tool_choice", toolChoice(c)));
        Object format = responseFormat(request.responseFormat());
        if (format != null) body.put("response_format", format);
        Optional<ReasoningEffort> effort = request.reasoningEffort();
        if (effort.isEmpty() && request.reasoningBudget().isPresent()) {
            effort = Optional.of(ReasoningEffort.forBudget(request.reasoningBudget().getAsInt()));
        }
        effort.ifPresent(e -> body.put("reasoning_effort", e.name().toLowerCase(Locale.ROOT)));
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
            return InvokeRequest.of(Json.write(body).getBytes(StandardCharsets.UTF_8), "application/json")
                    .withAccept("text/event-stream");
        }
        return InvokeRequest.json(Json.write(body));
    }

    private static List<Object> messages(ChatRequest request) {
        List<Object> out = new ArrayList<>();
        request.systemPrompt().ifPresent(s -> out.add(message("system", s)));
        for (ChatMessage m : request.conversation()) {
            switch (m.role()) {
                case USER -> out.add(message("user", m.hasMedia() ? contentItems(m.parts()) : m.text()));
                case ASSISTANT -> {
                    Map<String, Object> a = message("assistant", m.text().isEmpty() ? null : m.text());
                    if (!m.toolCalls().isEmpty()) {
                        List<Object> calls = new ArrayList<>();
                        for (ToolCall c : m.toolCalls()) {
                            Map<String, Object> call = new LinkedHashMap<>();
                            call.put("id", c.id());
                            call.put("type", "function");
                            call.put("function", function(c.name(), c.arguments()));
                            calls.add(call);
                        }
                        a.put("tool_calls", calls);
                    }
                    out.add(a);
                }
                case TOOL -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("role", "tool");
                    t.put("tool_call_id", m.toolCallId().orElseThrow());
                    // the API has no error flag: a failure travels as {"error": message}, which models read as one
                    t.put("content", m.isError() ? Json.write(Map.of("error", m.text())) : m.text());
                    out.add(t);
                }
                case SYSTEM -> throw new IllegalStateException("conversation() holds no system messages");
            }
        }
        return out;
    }

    private static Map<String, Object> message(String role, Object content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static List<Object> contentItems(List<ContentPart> parts) {
        List<Object> items = new ArrayList<>();
        for (ContentPart p : parts) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (p instanceof ContentPart.Text t) {
                item.put("type", "text");
                item.put("text", t.text());
            } else if (p instanceof ContentPart.Image i) {
                item.put("type", "image_url");
                item.put("image_url", Map.of("url", "data:" + i.mimeType() + ";base64,"
                        + Base64.getEncoder().encodeToString(i.data())));
            } else {
                throw new IllegalStateException("documents are refused by LIMITS before this");
            }
            items.add(item);
        }
        return items;
    }

    private static Map<String, Object> function(String name, String arguments) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("arguments", arguments);
        return f;
    }

    private static List<Object> tools(List<ToolSpec> tools) {
        List<Object> out = new ArrayList<>();
        for (ToolSpec t : tools) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", t.name());
            if (!t.description().isEmpty()) f.put("description", t.description());
            f.put("parameters", Json.parse(t.parametersJsonSchema()));
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("type", "function");
            tool.put("function", f);
            out.add(tool);
        }
        return out;
    }

    private static Object toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "required";
            case TOOL -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("type", "function");
                c.put("function", Map.of("name", choice.toolName().orElseThrow()));
                yield c;
            }
        };
    }

    private static Object responseFormat(ResponseFormat format) {
        return switch (format.kind()) {
            case TEXT -> null;
            case JSON -> Map.of("type", "json_object");
            case JSON_SCHEMA -> {
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("name", format.name().orElseThrow());
                schema.put("schema", Json.parse(format.schema().orElseThrow()));
                schema.put("strict", true);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "json_schema");
                f.put("json_schema", schema);
                yield f;
            }
        };
    }

    // ---- decoding ----

    @Override
    public ChatResponse.Builder decode(InvokeResponse response) {
        Answer a = answer(Shapes.parse(response.body(), PROTOCOL));
        return ChatResponse.builder().text(a.text()).toolCalls(a.calls()).finishReason(a.finishReason())
                .finishDetail(a.finishDetail()).usage(a.usage()).reasoning(a.reasoning());
    }

    /** A whole completion's first choice, read from the parsed body. */
    private record Answer(String text, String reasoning, List<ToolCall> calls, FinishReason finishReason,
                          String finishDetail, TokenUsage usage) {
    }

    private static Answer answer(Object json) {
        Shapes.throwIfError(json);
        if (!(json instanceof Map<?, ?> m) || !(m.get("choices") instanceof List<?> choices)) {
            ServingProtocol like = Shapes.whole(json);
            throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like, Shapes.describe(json));
        }
        if (choices.isEmpty()) {
            throw new ProtocolMismatchException(PROTOCOL, null, "a chat completion without choices");
        }
        Map<String, Object> choice = Shapes.map(choices.get(0));
        Map<String, Object> message = Shapes.map(choice.get("message"));
        List<ToolCall> calls = new ArrayList<>();
        List<?> rawCalls = Shapes.list(message.get("tool_calls"));
        for (int i = 0; i < rawCalls.size(); i++) {
            Map<String, Object> c = Shapes.map(rawCalls.get(i));
            Map<String, Object> f = Shapes.map(c.get("function"));
            calls.add(toolCall(Shapes.string(c.get("id")), i, Shapes.string(f.get("name")),
                    Shapes.string(f.get("arguments"))));
        }
        String finish = Shapes.string(choice.get("finish_reason"));
        String content = Shapes.string(message.get("content"));
        return new Answer(content == null ? "" : content, reasoning(message), calls,
                finishReason(finish, choice.get("stop_reason"), !calls.isEmpty()), finish,
                usage(Shapes.map(m.get("usage"))));
    }

    private static String reasoning(Map<String, Object> messageOrDelta) {
        String r = Shapes.string(messageOrDelta.get("reasoning_content"));
        return r != null ? r : Shapes.string(messageOrDelta.get("reasoning"));
    }

    private static ToolCall toolCall(String id, int index, String name, String arguments) {
        if (name == null || name.isBlank()) {
            throw new ProtocolMismatchException(PROTOCOL, null, "a tool call without a function name");
        }
        // the servers always send ids; should one not, the call still needs one to be answered
        return new ToolCall(id == null || id.isBlank() ? "call_" + index : id, name,
                arguments == null ? "{}" : arguments);
    }

    static FinishReason finishReason(String reason, Object stopReason, boolean toolCalls) {
        if (toolCalls) return FinishReason.TOOL_USE;
        if (reason == null) return FinishReason.STOP;
        return switch (reason) {
            case "stop" -> stopReason instanceof String ? FinishReason.STOP_SEQUENCE : FinishReason.STOP;
            case "length" -> FinishReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> FinishReason.TOOL_USE;
            case "content_filter" -> FinishReason.CONTENT_FILTERED;
            default -> FinishReason.OTHER;
        };
    }

    private static TokenUsage usage(Map<String, Object> u) {
        return new TokenUsage(Shapes.count(u.get("prompt_tokens")), Shapes.count(u.get("completion_tokens")),
                Shapes.count(Shapes.map(u.get("prompt_tokens_details")).get("cached_tokens")), 0,
                Shapes.count(Shapes.map(u.get("completion_tokens_details")).get("reasoning_tokens")));
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new Stream();
    }

    /**
     * One streamed answer: {@code chat.completion.chunk} events, then (with {@code include_usage}) a chunk with no
     * choices and the usage, then {@code [DONE]}. Tool calls come in pieces by {@code index} (id and name first,
     * then the arguments' text) and are delivered whole when the finish reason arrives. {@code Finished} goes out
     * at {@code [DONE]}, or at the body's end when the finish reason came but {@code [DONE]} did not.
     */
    private static final class Stream extends SseStreamDecoder {
        private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
        private String finish;
        private Object stopReason;
        private boolean finishSeen;
        private boolean callsDelivered;
        private boolean anyCalls;
        private TokenUsage usage;

        Stream() {
            super(PROTOCOL);
        }

        @Override
        boolean isEndMarker(String data) {
            return data.equals("[DONE]");
        }

        @Override
        void onEndMarker(List<ChatChunk> out) {
            finish(out);
        }

        @Override
        void endedEarly(List<ChatChunk> out) {
            if (!finishSeen) throw cut("before the server's finish reason and [DONE]");
            finish(out);
        }

        @Override
        void onEvent(Object json, List<ChatChunk> out) {
            if (!(json instanceof Map<?, ?> m) || !(m.get("choices") instanceof List<?> choices)) {
                ServingProtocol like = Shapes.streamed(json);
                throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like,
                        "an event with " + Shapes.describe(json));
            }
            if (m.get("usage") instanceof Map<?, ?> u) usage = usage(Shapes.map(u));
            if (choices.isEmpty()) return;
            Map<String, Object> choice = Shapes.map(choices.get(0));
            Map<String, Object> delta = Shapes.map(choice.get("delta"));
            String reasoning = reasoning(delta);
            if (reasoning != null && !reasoning.isEmpty()) out.add(new ChatChunk.ReasoningDelta(reasoning));
            String content = Shapes.string(delta.get("content"));
            if (content != null && !content.isEmpty()) out.add(new ChatChunk.TextDelta(content));
            for (Object piece : Shapes.list(delta.get("tool_calls"))) toolCallPiece(Shapes.map(piece));
            String reason = Shapes.string(choice.get("finish_reason"));
            if (reason != null) {
                finish = reason;
                stopReason = choice.get("stop_reason");
                finishSeen = true;
                deliverCalls(out);
            }
        }

        private void toolCallPiece(Map<String, Object> piece) {
            int index = piece.get("index") instanceof BigDecimal ? Shapes.count(piece.get("index"))
                    : calls.isEmpty() ? 0 : calls.lastKey();
            PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
            anyCalls = true;
            String id = Shapes.string(piece.get("id"));
            if (id != null && !id.isEmpty()) call.id = id;
            Map<String, Object> f = Shapes.map(piece.get("function"));
            String name = Shapes.string(f.get("name"));
            if (name != null && !name.isEmpty()) call.name = name;
            String args = Shapes.string(f.get("arguments"));
            if (args != null) call.arguments.append(args);
        }

        private void deliverCalls(List<ChatChunk> out) {
            if (callsDelivered) return;
            callsDelivered = true;
            for (Map.Entry<Integer, PendingCall> c : calls.entrySet()) {
                PendingCall p = c.getValue();
                out.add(new ChatChunk.ToolUse(toolCall(p.id, c.getKey(), p.name, p.arguments.toString())));
            }
        }

        private void finish(List<ChatChunk> out) {
            deliverCalls(out);
            done();
            out.add(new ChatChunk.Finished(finishReason(finish, stopReason, anyCalls), Optional.ofNullable(finish),
                    Optional.ofNullable(usage)));
        }

        /** A server that did not stream answered with one whole completion: the same answer, as chunks. */
        @Override
        void onWholeAnswer(Object json, List<ChatChunk> out) {
            Answer a = answer(json);
            if (a.reasoning() != null && !a.reasoning().isEmpty()) out.add(new ChatChunk.ReasoningDelta(a.reasoning()));
            if (!a.text().isEmpty()) out.add(new ChatChunk.TextDelta(a.text()));
            for (ToolCall c : a.calls()) out.add(new ChatChunk.ToolUse(c));
            done();
            out.add(new ChatChunk.Finished(a.finishReason(), Optional.ofNullable(a.finishDetail()),
                    Optional.of(a.usage())));
        }
    }

    private static final class PendingCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();
    }
}

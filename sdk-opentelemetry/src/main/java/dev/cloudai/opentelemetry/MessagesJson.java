package dev.cloudai.opentelemetry;

import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.spi.json.Json;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prompts and answers as the GenAI conventions' JSON schemas write them (v1.41.1,
 * {@code docs/gen-ai/gen-ai-input-messages.json}, {@code gen-ai-output-messages.json},
 * {@code gen-ai-system-instructions.json}), serialized to a JSON string because the OpenTelemetry Java API has no
 * structured attribute values on spans yet (the conventions' rule for that case). Only used when the user opted in
 * to content capture.
 *
 * <pre>{@code
 * MessagesJson.input(ChatRequest.ofUser("Hi"))   // [{"role":"user","parts":[{"type":"text","content":"Hi"}]}]
 * }</pre>
 */
final class MessagesJson {
    private MessagesJson() {
    }

    /** {@code gen_ai.system_instructions}: the request's system prompt as one text part, when it has one. */
    static Optional<String> systemInstructions(ChatRequest request) {
        return request.systemPrompt().map(text -> Json.write(List.of(text(text))));
    }

    /** {@code gen_ai.input.messages}: the user, assistant and tool messages in the order they are sent. */
    static String input(ChatRequest request) {
        List<Object> messages = new ArrayList<>();
        for (ChatMessage m : request.conversation()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.put("parts", parts(m));
            messages.add(message);
        }
        return Json.write(messages);
    }

    /** {@code gen_ai.output.messages}: the answer as one assistant message with its finish reason. */
    static String output(ChatResponse response) {
        List<Object> parts = new ArrayList<>();
        response.reasoning().ifPresent(r -> parts.add(part("reasoning", "content", r)));
        if (!response.text().isEmpty()) parts.add(text(response.text()));
        for (ToolCall call : response.toolCalls()) parts.add(toolCall(call));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("parts", parts);
        message.put("finish_reason", GenAiNames.finishReason(response.finishReason()));
        return Json.write(List.of(message));
    }

    private static List<Object> parts(ChatMessage m) {
        List<Object> parts = new ArrayList<>();
        if (m.toolCallId().isPresent()) {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("type", "tool_call_response");
            response.put("id", m.toolCallId().get());
            response.put("response", m.text());
            parts.add(response);
            return parts;
        }
        m.reasoning().ifPresent(r -> parts.add(part("reasoning", "content", r)));
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t) {
                parts.add(text(t.text()));
            } else if (p instanceof ContentPart.Image i) {
                parts.add(blob(i.mimeType(), "image", i.data()));
            } else if (p instanceof ContentPart.Document d) {
                parts.add(blob(d.mimeType(), "document", d.data()));
            }
        }
        for (ToolCall call : m.toolCalls()) parts.add(toolCall(call));
        return parts;
    }

    private static Map<String, Object> text(String text) {
        return part("text", "content", text);
    }

    private static Map<String, Object> part(String type, String key, Object value) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", type);
        part.put(key, value);
        return part;
    }

    private static Map<String, Object> blob(String mimeType, String modality, byte[] data) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "blob");
        part.put("mime_type", mimeType);
        part.put("modality", modality);
        part.put("content", Base64.getEncoder().encodeToString(data));
        return part;
    }

    /** The arguments as the JSON object they are, or as their text when a model wrote something else. */
    private static Map<String, Object> toolCall(ToolCall call) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "tool_call");
        part.put("id", call.id());
        part.put("name", call.name());
        Object arguments;
        try {
            arguments = Json.parse(call.arguments());
        } catch (IllegalArgumentException notJson) {
            arguments = call.arguments();
        }
        part.put("arguments", arguments);
        return part;
    }
}

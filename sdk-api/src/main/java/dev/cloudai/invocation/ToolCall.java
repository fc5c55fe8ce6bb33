package dev.cloudai.invocation;

/**
 * A model's request to call one of the request's tools. The id ties the call to its result: pass it to
 * {@link ChatRequest.Builder#toolResult(String, String)}. On Vertex AI, which names no calls, the SDK makes the ids.
 *
 * <pre>{@code
 * for (ToolCall call : response.toolCalls()) {
 *     Weather w = JsonRecords.read(call.arguments(), Weather.class);
 *     next.toolResult(call.id(), "{\"celsius\":21}");
 * }
 * }</pre>
 *
 * @param id the call's id, unique within its answer
 * @param name the tool's name
 * @param arguments the arguments as a JSON object text; {@code {}} when the model sent none
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id: a tool call needs an id");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name: a tool call needs a tool name");
        if (arguments == null) throw new NullPointerException("arguments: tool call \"" + id + "\": must not be null");
        if (arguments.isBlank()) arguments = "{}";   // clouds send "" or nothing for a tool without arguments
    }

    /** Shows the id and the tool, never the arguments (they may hold personal data). */
    @Override
    public String toString() {
        return "ToolCall[id=" + id + ", name=" + name + ", arguments=" + arguments.length() + " chars]";
    }
}

package dev.cloudai.invocation;

import dev.cloudai.spi.json.Json;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tool the model may ask to call: its name, what it does, and a JSON schema of its arguments. The name and the
 * schema are checked here, against the rules all three clouds share, so a request that one cloud would refuse
 * fails before anything is sent, and fallback to another cloud takes the same tools.
 *
 * <pre>{@code
 * ToolSpec weather = ToolSpec.of("get_weather", "Current weather in a city",
 *         "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
 * ToolSpec now = ToolSpec.of("current_time", "The time in UTC");   // no arguments
 * }</pre>
 *
 * @param name 1 to 64 letters, digits, {@code _} or {@code -}, starting with a letter or {@code _}
 * @param description what the tool does, for the model; may be empty
 * @param parametersJsonSchema a JSON schema whose top level is {@code "type":"object"}
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {
    /** Bedrock allows [a-zA-Z0-9_-]{1,64}, Azure the same, Vertex wants a letter or '_' first: the intersection. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    public ToolSpec {
        checkName(name, "name");
        if (description == null) throw new NullPointerException("description: tool \"" + name + "\": must not be null");
        if (parametersJsonSchema == null) {
            throw new NullPointerException("parametersJsonSchema: tool \"" + name + "\": must not be null");
        }
        Map<String, Object> schema = Json.parseObject(parametersJsonSchema,
                "parametersJsonSchema: tool \"" + name + "\"");
        Object type = schema.get("type");
        if (!"object".equals(type)) {
            throw new IllegalArgumentException("parametersJsonSchema: tool \"" + name + "\": the top level must say"
                    + " \"type\":\"object\" (every cloud passes arguments as an object), was "
                    + (type == null ? "no type" : Json.write(type)));
        }
    }

    /** A tool; see the record's parameters for the rules. */
    public static ToolSpec of(String name, String description, String parametersJsonSchema) {
        return new ToolSpec(name, description, parametersJsonSchema);
    }

    /** A tool that takes no arguments. */
    public static ToolSpec of(String name, String description) {
        return new ToolSpec(name, description, NO_PARAMETERS);
    }

    /** Refuses a tool name that some cloud would refuse, naming {@code field}. */
    static void checkName(String name, String field) {
        if (name == null) throw new NullPointerException(field + ": a tool name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + ": tool name \"" + name + "\" is not accepted by every cloud;"
                    + " use 1 to 64 letters, digits, '_' or '-', starting with a letter or '_'");
        }
    }
}

package dev.cloudai.invocation;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the model must, may or must not call a tool, or which one.
 *
 * <pre>{@code
 * ChatRequest.builder().user("Weather in Paris?").tools(weather).toolChoice(ToolChoice.tool("get_weather")).build();
 * }</pre>
 */
public final class ToolChoice {
    /** How the model chooses. */
    public enum Mode {
        /** The model decides; the default when a request has tools. */
        AUTO,
        /** The model must not call a tool. */
        NONE,
        /** The model must call at least one tool. */
        REQUIRED,
        /** The model must call the named tool. */
        TOOL
    }

    private static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    private static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    private static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    private final Mode mode;
    private final String toolName;

    private ToolChoice(Mode mode, String toolName) {
        this.mode = mode;
        this.toolName = toolName;
    }

    /** The model decides whether to call tools. */
    public static ToolChoice auto() { return AUTO; }

    /** The model answers in text and calls no tool. */
    public static ToolChoice none() { return NONE; }

    /** The model must call one or more tools. */
    public static ToolChoice required() { return REQUIRED; }

    /** The model must call the tool named {@code name}, which the request must declare. */
    public static ToolChoice tool(String name) {
        ToolSpec.checkName(name, "name");
        return new ToolChoice(Mode.TOOL, name);
    }

    /** How the model chooses. */
    public Mode mode() { return mode; }

    /** The tool the model must call, with {@link Mode#TOOL}. */
    public Optional<String> toolName() { return Optional.ofNullable(toolName); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice c && mode == c.mode && Objects.equals(toolName, c.toolName);
    }

    @Override
    public int hashCode() { return Objects.hash(mode, toolName); }

    @Override
    public String toString() { return toolName == null ? "ToolChoice[" + mode + "]" : "ToolChoice[tool=" + toolName + "]"; }
}

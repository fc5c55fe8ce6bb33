package dev.cloudai.invocation;

/**
 * Who wrote a {@link ChatMessage}. {@code SYSTEM} messages steer the model; providers receive them as their system
 * prompt. {@code TOOL} messages carry a tool's result back to the model.
 */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}

package dev.cloudai.invocation;

/** Who wrote a {@link ChatMessage}. {@code SYSTEM} messages steer the model; providers receive them as their system prompt. */
public enum Role {
    SYSTEM, USER, ASSISTANT
}

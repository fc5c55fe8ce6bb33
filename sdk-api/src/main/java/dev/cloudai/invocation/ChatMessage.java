package dev.cloudai.invocation;

import java.util.Objects;

/**
 * One message of a conversation.
 *
 * <pre>{@code
 * ChatMessage m = ChatMessage.user("What is Inferentia?");
 * }</pre>
 *
 * @param role who wrote it
 * @param text what it says; never blank
 */
public record ChatMessage(Role role, String text) {

    public ChatMessage {
        Objects.requireNonNull(role, "role: must not be null");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text: a " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " message must not be blank");
        }
    }

    /** A system message (instructions for the model). */
    public static ChatMessage system(String text) { return new ChatMessage(Role.SYSTEM, text); }

    /** A message from the user. */
    public static ChatMessage user(String text) { return new ChatMessage(Role.USER, text); }

    /** An earlier answer of the model, for multi-turn conversations. */
    public static ChatMessage assistant(String text) { return new ChatMessage(Role.ASSISTANT, text); }
}

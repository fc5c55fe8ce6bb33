package dev.cloudai.internal.serving;

import java.util.OptionalInt;

/**
 * The model server answered with its own error body where an answer was expected: vLLM's
 * {@code {"object":"error","message":...,"code":...}} (or the newer {@code {"error":{"message":...}}}), or TGI and
 * TEI's {@code {"error":...,"error_type":...}}, inside a successful response or as an event of a stream that had
 * already started. An {@link IllegalStateException} rather than an {@link java.io.UncheckedIOException}, which
 * stands for a stream cut short: here the server said something, and its message is kept. The endpoint models turn
 * it into the neutral exception its code calls for. Not API.
 */
public final class ServerErrorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /**
     * @param message the server's own error message (a model server's messages are about the request, such as
     *                the context length, not its content)
     * @param code the HTTP-like status the server put in the body, or 0 when it gave none
     */
    ServerErrorException(String message, int code) {
        super("the model server answered with an error: " + message + (code > 0 ? " (code " + code + ")" : ""));
        this.code = code;
    }

    /** The status the server put in its error body, when it gave one. */
    public OptionalInt code() { return code > 0 ? OptionalInt.of(code) : OptionalInt.empty(); }

    /** Whether trying again may help: the server said it was overloaded or unavailable. */
    public boolean isRetryable() { return code == 429 || code == 503; }
}

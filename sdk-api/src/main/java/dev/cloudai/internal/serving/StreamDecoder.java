package dev.cloudai.internal.serving;

import dev.cloudai.invocation.ChatChunk;

import java.util.List;

/**
 * Reads one streamed answer from the parts of its body as they arrive. Parts are split anywhere (a SageMaker payload
 * part may end in the middle of an event, even of a UTF-8 character), so the decoder keeps what it has not read yet.
 * Not thread-safe: one stream, one subscriber thread at a time. Not API.
 *
 * <pre>{@code
 * StreamDecoder d = codec.streamDecoder();
 * for (byte[] part : parts) d.feed(part).forEach(subscriber::onNext);
 * d.end().forEach(subscriber::onNext);        // the Finished chunk, or an exception for a stream cut short
 * }</pre>
 */
public interface StreamDecoder {

    /**
     * Reads the next part and returns the chunks it completes, in order: text and reasoning deltas, whole tool calls
     * once their arguments are complete, and {@link ChatChunk.Finished} when the server says the answer is done.
     *
     * @throws ProtocolMismatchException when the events are not this protocol's
     */
    List<ChatChunk> feed(byte[] part);

    /**
     * The body ended: returns what is left (a {@link ChatChunk.Finished} if the server's last event did not produce
     * one already and the stream is complete).
     *
     * @throws java.io.UncheckedIOException when the body ended before the server said the answer was done: a cut
     *         stream, which the caller reports as retryable
     */
    List<ChatChunk> end();
}

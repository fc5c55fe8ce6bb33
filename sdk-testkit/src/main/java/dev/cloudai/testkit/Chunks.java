package dev.cloudai.testkit;

import dev.cloudai.invocation.ChatChunk;

import java.util.List;

/**
 * Stream chunks as a wire test compares them: the {@code Finished} chunk without the cost the SDK prices it with, so
 * a test of one cloud's mapping does not change when a price does ({@code CallCostsTest} and the listeners' tests
 * check the costs).
 *
 * <pre>{@code
 * assertEquals(List.of(new ChatChunk.TextDelta("Hi"), new ChatChunk.Finished(STOP, Optional.empty(), usage)),
 *         Chunks.unpriced(chunks));
 * }</pre>
 */
public final class Chunks {
    private Chunks() {
    }

    /** {@code chunks} with every {@code Finished} chunk's cost removed. */
    public static List<ChatChunk> unpriced(List<? extends ChatChunk> chunks) {
        return chunks.stream().map(Chunks::unpriced).toList();
    }

    /** {@code chunk} without its cost, when it is a {@code Finished} chunk. */
    public static ChatChunk unpriced(ChatChunk chunk) {
        return chunk instanceof ChatChunk.Finished f ? f.withCost(null) : chunk;
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.invocation.ChatChunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Helpers shared by the codec tests. */
final class Fixtures {
    private Fixtures() {
    }

    static InvokeResponse response(String body) {
        return new InvokeResponse(body.getBytes(StandardCharsets.UTF_8), "application/json", "test", "req-1");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the parts in order, then ends the stream; returns every chunk. */
    static List<ChatChunk> decode(StreamDecoder decoder, List<byte[]> parts) {
        List<ChatChunk> out = new ArrayList<>();
        for (byte[] part : parts) out.addAll(decoder.feed(part));
        out.addAll(decoder.end());
        return out;
    }

    static List<ChatChunk> decode(StreamDecoder decoder, String body) {
        return decode(decoder, List.of(utf8(body)));
    }

    /**
     * Asserts that the body split in two at every byte position, and cut into single bytes, decodes to the same
     * chunks as in one piece; returns those chunks.
     */
    static List<ChatChunk> sameAtEverySplit(Supplier<StreamDecoder> decoders, String body) {
        byte[] bytes = utf8(body);
        List<ChatChunk> whole = decode(decoders.get(), List.of(bytes));
        for (int k = 0; k <= bytes.length; k++) {
            List<ChatChunk> split = decode(decoders.get(),
                    List.of(Arrays.copyOfRange(bytes, 0, k), Arrays.copyOfRange(bytes, k, bytes.length)));
            if (!split.equals(whole)) {
                throw new AssertionError("split at byte " + k + " of " + bytes.length + " gave " + split
                        + " instead of " + whole);
            }
        }
        List<byte[]> singles = new ArrayList<>();
        for (byte b : bytes) singles.add(new byte[] {b});
        List<ChatChunk> byByte = decode(decoders.get(), singles);
        if (!byByte.equals(whole)) throw new AssertionError("one byte at a time gave " + byByte);
        return whole;
    }
}

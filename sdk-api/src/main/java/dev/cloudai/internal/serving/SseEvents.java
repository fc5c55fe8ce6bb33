package dev.cloudai.internal.serving;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads server-sent events (the WHATWG {@code text/event-stream} format both chat servers stream in) from body parts
 * split anywhere. Bytes are kept until a line is complete and only whole lines are decoded, so a part that ends
 * inside a UTF-8 character (or between {@code \r} and {@code \n}) loses nothing: the line terminators are ASCII
 * bytes, which never occur inside a multi-byte character. Not thread-safe; one per stream. Not API.
 *
 * <p>What it returns: each event's {@code data}, its {@code data:} lines joined by {@code \n}, when the blank line
 * that ends the event arrives ({@code data: x} and {@code data:x} alike: one space after the colon is dropped).
 * Comments ({@code : ping}) and the {@code event}, {@code id} and {@code retry} fields are skipped. A line that is
 * no SSE field but starts like JSON ({@code {} or {@code [}) means the server answered plain JSON instead of a
 * stream (an error body, or a server that does not stream); such lines are kept apart and come back from
 * {@link #end()} as one {@linkplain Event#framed() unframed} event, for the decoder to tell what it was.
 *
 * <pre>{@code
 * SseEvents sse = new SseEvents();
 * for (byte[] part : parts) for (SseEvents.Event e : sse.feed(part)) handle(e.data());
 * sse.end().forEach(e -> handle(e.data()));
 * }</pre>
 */
final class SseEvents {

    /**
     * One event's data.
     *
     * @param data the data lines joined by {@code \n}
     * @param framed {@code false} for body text that was not in SSE framing at all (plain JSON)
     */
    record Event(String data, boolean framed) {
    }

    private byte[] pending = new byte[256];
    private int length;
    private boolean skipLineFeed;                     // the last part ended with \r: a \n next belongs to it
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private final StringBuilder unframed = new StringBuilder();

    /** Reads one part; returns the events it completes, in order. */
    List<Event> feed(byte[] part) {
        List<Event> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < part.length; i++) {
            byte b = part[i];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    start = i + 1;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                append(part, start, i);
                line(decodePending(), out);
                skipLineFeed = b == '\r';
                start = i + 1;
            }
        }
        append(part, start, part.length);
        return out;
    }

    /**
     * The body ended: reads a last line without its terminator and returns an event the blank line did not end,
     * then the unframed text, if any.
     */
    List<Event> end() {
        List<Event> out = new ArrayList<>();
        if (length > 0) line(decodePending(), out);
        if (hasData) dispatch(out);
        if (!unframed.isEmpty()) {
            out.add(new Event(unframed.toString(), false));
            unframed.setLength(0);
        }
        return out;
    }

    private void line(String line, List<Event> out) {
        if (line.isEmpty()) {
            if (hasData) dispatch(out);
            return;
        }
        if (line.charAt(0) == ':') return;            // a comment, such as a keep-alive
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (field.equals("data")) {
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            if (hasData) data.append('\n');
            data.append(value);
            hasData = true;
        } else if (!unframed.isEmpty() || line.charAt(0) == '{' || line.charAt(0) == '[') {
            unframed.append(line).append('\n');
        }
        // event, id, retry and unknown fields: nothing the chat servers' streams need
    }

    private void dispatch(List<Event> out) {
        out.add(new Event(data.toString(), true));
        data.setLength(0);
        hasData = false;
    }

    private void append(byte[] part, int from, int to) {
        int n = to - from;
        if (n <= 0) return;
        if (length + n > pending.length) pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
        System.arraycopy(part, from, pending, length, n);
        length += n;
    }

    private String decodePending() {
        String line = new String(pending, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return line;
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.ChatChunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What both chat streams share: server-sent events read by {@link SseEvents}, each event's data parsed as JSON, a
 * server's error event thrown as {@link ServerErrorException}, plain JSON instead of events handed over as a whole
 * answer, nothing read after the answer's end, and a body that ends too early (even inside an event) reported as
 * a cut. Subclasses read their protocol's events. Not API.
 */
abstract class SseStreamDecoder implements StreamDecoder {
    private final SseEvents sse = new SseEvents();
    private final ServingProtocol protocol;
    private boolean done;

    SseStreamDecoder(ServingProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public final List<ChatChunk> feed(byte[] part) {
        List<ChatChunk> out = new ArrayList<>();
        for (SseEvents.Event e : sse.feed(part)) handle(e, out);
        return out;
    }

    @Override
    public final List<ChatChunk> end() {
        List<ChatChunk> out = new ArrayList<>();
        for (SseEvents.Event e : sse.end()) {
            if (e.framed() && !done && !isEndMarker(e.data().strip()) && !Json.isJson(e.data().strip())) {
                // the last event without its blank line and not whole JSON: the body stopped inside it
                throw cut("inside an event");
            }
            handle(e, out);
        }
        if (!done) endedEarly(out);
        return out;
    }

    /** The answer is complete: later events are ignored. */
    final void done() {
        done = true;
    }

    /** {@code true} for the data of an event that ends the stream without being JSON ({@code [DONE]}). */
    boolean isEndMarker(String data) {
        return false;
    }

    /** The end marker arrived. */
    void onEndMarker(List<ChatChunk> out) {
    }

    /** One event of this protocol (not an error). */
    abstract void onEvent(Object json, List<ChatChunk> out);

    /** The server answered one whole JSON body instead of events. */
    abstract void onWholeAnswer(Object json, List<ChatChunk> out);

    /**
     * The body ended before the answer did: adds the last chunks when what came is enough, else throws
     * {@link #cut(String)}.
     */
    abstract void endedEarly(List<ChatChunk> out);

    /** A stream cut short, which the endpoint model reports as retryable. */
    static UncheckedIOException cut(String where) {
        return new UncheckedIOException(new IOException("the stream ended " + where
                + ": the connection was cut or the server stopped"));
    }

    private void handle(SseEvents.Event e, List<ChatChunk> out) {
        if (done) return;   // nothing counts after the end the server announced
        String data = e.data().strip();
        if (data.isEmpty()) return;
        if (e.framed() && isEndMarker(data)) {
            onEndMarker(out);
            return;
        }
        Object json;
        try {
            json = Json.parse(data);
        } catch (Json.JsonSyntaxException bad) {
            throw new ProtocolMismatchException(protocol, null, e.framed() ? "an event whose data is not JSON"
                    : "a body that is neither server-sent events nor JSON");
        }
        Shapes.throwIfError(json);
        if (e.framed()) onEvent(json, out);
        else onWholeAnswer(json, out);
    }
}

package dev.cloudai.azure.invocation;

import dev.cloudai.azure.http.Json;
import reactor.core.publisher.Flux;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code data} payloads of a {@code text/event-stream} body, one per event, up to the OpenAI {@code [DONE]}
 * marker (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation). Lines may be
 * split anywhere across the body's buffers, a character included; {@code \n}, {@code \r\n} and {@code \r} end lines;
 * comments and fields other than {@code data} are skipped; an event's {@code data} lines are joined by {@code \n}.
 *
 * <p>Why not azure-ai-openai's own {@code getChatCompletionsStream}: it ends in {@code Flux.cache()}, which keeps
 * its subscription to the HTTP body when its subscriber cancels, so a cancelled stream went on reading the answer to
 * its end and held the connection. Here the payloads are a plain operator chain on the body: demand reaches the
 * connection, and a cancel reaches it too, which closes it.
 *
 * <pre>{@code
 * Flux<String> payloads = ServerSentEvents.data(response.getValue().toFluxByteBuffer());
 * }</pre>
 */
final class ServerSentEvents {
    /** OpenAI's end-of-stream payload; nothing after it is an event. */
    static final String DONE = "[DONE]";
    /** An event longer than this is not a chat completion chunk: the stream fails rather than buffer without end. */
    static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    private ServerSentEvents() {
    }

    /** The data payloads of {@code body}'s events, in order; {@code [DONE]} and what follows it are not emitted. */
    static Flux<String> data(Flux<ByteBuffer> body) {
        return payloads(body).takeWhile(payload -> !DONE.equals(payload));
    }

    /**
     * Like {@link #data(Flux)}, for a stream that must end with {@code [DONE]}: a body that ends without it (the
     * connection closed mid-answer) fails with an {@link EOFException} after its last whole event.
     */
    static Flux<String> dataUntilDone(Flux<ByteBuffer> body) {
        return Flux.defer(() -> {
            AtomicBoolean done = new AtomicBoolean();
            return payloads(body)
                    .takeWhile(payload -> {
                        if (!DONE.equals(payload)) return true;
                        done.set(true);
                        return false;
                    })
                    .concatWith(Flux.defer(() -> done.get() ? Flux.empty()
                            : Flux.error(new EOFException("the event stream ended before its " + DONE + " event"))));
        });
    }

    private static Flux<String> payloads(Flux<ByteBuffer> body) {
        return Flux.defer(() -> {
            Parser parser = new Parser();
            return body.concatMapIterable(parser::feed, 1)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(parser.end())));
        });
    }

    /** One body's parse: what is left of a line, and the data lines of the event being read. */
    private static final class Parser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;
        private boolean afterCarriageReturn;
        private long eventBytes;

        List<String> feed(ByteBuffer buffer) {
            List<String> payloads = new ArrayList<>(1);
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (afterCarriageReturn) {
                    afterCarriageReturn = false;
                    if (b == '\n') continue;   // the \n of a \r\n
                }
                if (b == '\r' || b == '\n') {
                    afterCarriageReturn = b == '\r';
                    endLine(payloads);
                } else {
                    if (++eventBytes > MAX_EVENT_BYTES) {
                        throw new Json.MalformedJsonException("an event of the stream is longer than " + MAX_EVENT_BYTES
                                + " bytes: the body is not a chat completion stream", null);
                    }
                    line.write(b);
                }
            }
            return payloads;
        }

        /** At the end of the body: an event not closed by a blank line is dispatched, as browsers do not but OpenAI's do. */
        List<String> end() {
            List<String> payloads = new ArrayList<>(1);
            if (line.size() > 0) endLine(payloads);
            dispatch(payloads);
            return payloads;
        }

        private void endLine(List<String> payloads) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.isEmpty()) {
                dispatch(payloads);
                return;
            }
            if (text.startsWith(":")) return;   // a comment, for example a keep-alive
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            if (!"data".equals(field)) return;
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            if (hasData) data.append('\n');
            data.append(value);
            hasData = true;
        }

        private void dispatch(List<String> payloads) {
            if (hasData) payloads.add(data.toString());
            data.setLength(0);
            hasData = false;
            eventBytes = 0;
        }
    }
}

package dev.cloudai.azure.invocation;

import dev.cloudai.azure.http.Json;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-stream reader under Azure's chat stream: how the body is cut into buffers must not matter. */
class ServerSentEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static List<String> read(byte[]... buffers) {
        return ServerSentEvents.data(Flux.fromArray(buffers).map(ByteBuffer::wrap)).collectList().block(WAIT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachEventsDataIsOnePayloadUpToDone() {
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"),
                read(utf8("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\ndata: {\"after\":true}\n\n")));
    }

    @Test
    void aBodySplitAtEveryByteGivesTheSamePayloadsMultiByteCharactersIncluded() {
        byte[] body = utf8("data: {\"t\":\"h\u00e9llo \u4e16\u754c\"}\r\n\r\n: keep-alive\r\nevent: x\r\ndata: {\"n\":2}\r\rdata: [DONE]\n\n");
        byte[][] single = new byte[body.length][];
        for (int i = 0; i < body.length; i++) single[i] = Arrays.copyOfRange(body, i, i + 1);
        assertEquals(List.of("{\"t\":\"h\u00e9llo \u4e16\u754c\"}", "{\"n\":2}"), read(single));
    }

    @Test
    void dataLinesOfOneEventAreJoinedAndAnUnterminatedLastEventIsKept() {
        assertEquals(List.of("line one\nline two", "tail"), read(utf8("data: line one\ndata:line two\n\ndata: tail")));
    }

    @Test
    void anEventLongerThanTheLimitFailsTheStreamAsABodyThatIsNotAChatStream() {
        byte[] huge = new byte[ServerSentEvents.MAX_EVENT_BYTES + 1];
        Arrays.fill(huge, (byte) 'x');
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> read(utf8("data: "), huge));
        assertTrue(e.getMessage().contains(String.valueOf(ServerSentEvents.MAX_EVENT_BYTES)), e.getMessage());
    }

    @Test
    void takingTheFirstPayloadCancelsTheBody() {
        AtomicBoolean bodyCancelled = new AtomicBoolean();
        Flux<ByteBuffer> endless = Flux.<ByteBuffer>generate(sink -> sink.next(ByteBuffer.wrap(utf8("data: {}\n\n"))))
                .doOnCancel(() -> bodyCancelled.set(true));
        assertEquals(List.of("{}"), ServerSentEvents.data(endless).take(1).collectList().block(WAIT));
        assertTrue(bodyCancelled.get(), "the cancel must reach the body, which closes the connection");
    }
}

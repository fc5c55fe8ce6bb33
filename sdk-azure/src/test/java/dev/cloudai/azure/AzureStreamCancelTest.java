package dev.cloudai.azure;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancelled Azure OpenAI stream stops reading and lets go of its connection. The server is a plain socket, so the
 * test sees what the client does on the wire: after the subscriber's cancel it writes one more event at a time and,
 * between two, waits a little for the client to close the connection.
 */
class AzureStreamCancelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long the server waits, after each event written past the cancel, for the client to close. */
    private static final int CLOSE_POLL_MILLIS = 100;
    /** Events written after the cancel at most: 50 x 100 ms, five seconds for the client to hang up. */
    private static final int MAX_EVENTS_AFTER_CANCEL = 50;
    /** Padding that makes each late event about 1 KB, so the bytes a client reads after its cancel add up visibly. */
    private static final String PADDING = "x".repeat(900);

    @Test
    void cancelAfterTheFirstChunkClosesTheConnectionAndReadsNoMore() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            CompletableFuture<AfterCancel> served = CompletableFuture.supplyAsync(() -> serve(server, cancelled));

            CloudAiConfig config = CloudAiConfig.builder()
                    .property(ConfigKeys.PROVIDER, "azure")
                    .property(AzureKeys.ENDPOINT, "http://127.0.0.1:" + server.getLocalPort())
                    .property(AzureKeys.API_KEY, "loopback-test-key")
                    .retry(Canned.FAST_RETRY)
                    .build();
            try (CloudAi ai = CloudAi.create(config)) {
                RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.cancellingAfter(1);
                ai.chatModel("gpt4o-deployment").stream(ChatRequest.ofUser("Tell me a long story")).subscribe(chunks);

                assertEquals(List.of(new ChatChunk.TextDelta("Once")), chunks.awaitCompletion(WAIT));
                cancelled.complete(null);

                AfterCancel after = served.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertTrue(after.closedByClient(), () -> "the client still held the connection "
                        + MAX_EVENTS_AFTER_CANCEL * CLOSE_POLL_MILLIS + " ms after its cancel; the server wrote "
                        + after.eventsWritten() + " events (" + after.bytesWritten() + " bytes) meanwhile");
                assertTrue(after.eventsWritten() <= 2, () -> "the client let the server write " + after.eventsWritten()
                        + " events (" + after.bytesWritten() + " bytes) after its cancel before it closed the connection");
                assertEquals(List.of(), chunks.violations(), "nothing may reach the subscriber after its cancel");
                assertEquals(List.of(new ChatChunk.TextDelta("Once")), chunks.items());
            }
        }
    }

    /** What the server saw after the subscriber's cancel. */
    private record AfterCancel(boolean closedByClient, int eventsWritten, long bytesWritten) {
    }

    /** Answers one streamed chat completion: a first delta, then, after the cancel, late events until the client hangs up. */
    private static AfterCancel serve(ServerSocket server, CompletableFuture<Void> cancelled) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                    + "apim-request-id: loopback-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunk(out, event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Once\"},\"finish_reason\":null}]}"));
            cancelled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            socket.setSoTimeout(CLOSE_POLL_MILLIS);
            int events = 0;
            long bytes = 0;
            while (events < MAX_EVENTS_AFTER_CANCEL) {
                byte[] late = event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" upon " + PADDING + "\"},\"finish_reason\":null}]}");
                try {
                    writeChunk(out, late);
                } catch (IOException reset) {
                    return new AfterCancel(true, events, bytes);
                }
                events++;
                bytes += late.length;
                try {
                    if (in.read() < 0) return new AfterCancel(true, events, bytes);
                } catch (SocketTimeoutException stillOpen) {
                    // the client neither closed nor sent anything: write the next event
                } catch (IOException reset) {
                    return new AfterCancel(true, events, bytes);
                }
            }
            return new AfterCancel(false, events, bytes);
        } catch (Exception e) {
            throw new IllegalStateException("the loopback server failed: " + e, e);
        }
    }

    private static byte[] event(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the request line, the headers and a Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the client closed before sending its request");
            head.write(b);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
    }
}

package dev.cloudai.testkit.aws;

import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bodies in the AWS event-stream encoding (application/vnd.amazon.eventstream), as Bedrock's ConverseStream sends
 * them: binary frames with a prelude, headers, a JSON payload and CRC32 checksums, which
 * {@link Message#toByteBuffer()} computes so the SDK's checks pass. Frame format: "Event stream encoding" in the
 * Amazon Transcribe and S3 Select docs (https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html);
 * events: the ConverseStreamOutput union of the Bedrock API reference.
 *
 * <pre>{@code
 * byte[] body = EventStreamFrames.converseStream(List.of("Hel", "lo"), "end_turn", 5, 2);
 * }</pre>
 */
public final class EventStreamFrames {
    private EventStreamFrames() {
    }

    /**
     * A whole ConverseStream answer: {@code messageStart}, a {@code contentBlockDelta} per text, {@code contentBlockStop},
     * {@code messageStop} with {@code stopReason}, then {@code metadata} with the usage.
     */
    public static byte[] converseStream(List<String> deltas, String stopReason, int inputTokens, int outputTokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, event("messageStart", "{\"role\":\"assistant\"}"));
        for (String d : deltas) {
            write(out, event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + escape(d) + "\"}}"));
        }
        write(out, event("contentBlockStop", "{\"contentBlockIndex\":0}"));
        write(out, event("messageStop", "{\"stopReason\":\"" + stopReason + "\"}"));
        write(out, event("metadata", "{\"usage\":{\"inputTokens\":" + inputTokens + ",\"outputTokens\":" + outputTokens
                + ",\"totalTokens\":" + (inputTokens + outputTokens) + "},\"metrics\":{\"latencyMs\":42}}"));
        return out.toByteArray();
    }

    /**
     * A ConverseStream answer that breaks: {@code messageStart}, a {@code contentBlockDelta} per text, then an
     * exception frame of {@code exceptionType} (lower camel case, for example {@code throttlingException} or
     * {@code internalServerException}) with {@code message}.
     */
    public static byte[] cutStream(List<String> deltas, String exceptionType, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, event("messageStart", "{\"role\":\"assistant\"}"));
        for (String d : deltas) {
            write(out, event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + escape(d) + "\"}}"));
        }
        write(out, exception(exceptionType, "{\"message\":\"" + escape(message) + "\"}"));
        return out.toByteArray();
    }

    /** One event frame: {@code :event-type}, {@code :content-type: application/json}, {@code :message-type: event}. */
    public static byte[] event(String eventType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(headers, json);
    }

    /**
     * SageMaker Runtime's InvokeEndpointWithResponseStream body: one {@code PayloadPart} event per part, its payload
     * the part's raw bytes (not JSON), as
     * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointWithResponseStream.html
     * describes.
     */
    public static byte[] payloadParts(List<String> parts) {
        return payloadPartBytes(parts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * {@link #payloadParts(List)} of raw bytes: each part as it is, which may end in the middle of a UTF-8 character
     * (SageMaker relays whatever the container flushed).
     */
    public static byte[] payloadPartBytes(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            headers.put(":event-type", HeaderValue.fromString("PayloadPart"));
            headers.put(":content-type", HeaderValue.fromString("application/octet-stream"));
            headers.put(":message-type", HeaderValue.fromString("event"));
            write(out, encode(headers, part));
        }
        return out.toByteArray();
    }

    /** One exception frame: {@code :exception-type}, {@code :content-type: application/json}, {@code :message-type: exception}. */
    public static byte[] exception(String exceptionType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return encode(headers, json);
    }

    private static byte[] encode(Map<String, HeaderValue> headers, String json) {
        return encode(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] encode(Map<String, HeaderValue> headers, byte[] payload) {
        ByteBuffer bb = new Message(headers, payload).toByteBuffer();
        byte[] b = new byte[bb.remaining()];
        bb.get(b);
        return b;
    }

    private static void write(ByteArrayOutputStream out, byte[] frame) {
        out.write(frame, 0, frame.length);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

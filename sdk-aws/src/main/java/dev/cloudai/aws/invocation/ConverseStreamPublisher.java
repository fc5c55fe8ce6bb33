package dev.cloudai.aws.invocation;

import dev.cloudai.aws.streaming.EventStreamPublisher;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.TokenUsage;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import dev.cloudai.invocation.ToolCall;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

import java.io.EOFException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One ConverseStream call per subscription, its events turned into {@link ChatChunk}s:
 * <ul>
 *   <li>a text delta of a {@code contentBlockDelta} event becomes a {@link ChatChunk.TextDelta};</li>
 *   <li>a {@code reasoningContent} delta (its text, or the signature that closes it) a {@link ChatChunk.ReasoningDelta};</li>
 *   <li>a tool call arrives as {@code contentBlockStart} (its id and name), {@code toolUse} deltas (pieces of its input
 *       JSON) and {@code contentBlockStop}: it is gathered and delivered once, whole, as a {@link ChatChunk.ToolUse} at
 *       the stop. In JSON mode the {@code json_answer} call is the answer: its pieces go out as text deltas;</li>
 *   <li>the {@code messageStop} event's stop reason and the {@code metadata} event's usage become the one
 *       {@link ChatChunk.Finished}, sent when the event stream ends ({@code TOOL_USE} when tool calls went out).</li>
 * </ul>
 * A stream that ends without {@code messageStop} (the connection closed between two frames: the SDK then completes the
 * event stream as if nothing were wrong) fails as a cut connection, a retryable transport failure; a tool call without
 * its {@code contentBlockStop} is never delivered. Demand and cancellation are {@link EventStreamPublisher}'s. Follows
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> chunks = new ConverseStreamPublisher(() -> bedrockAsync, request, false);   // nothing sent yet
 * chunks.subscribe(subscriber);                                                                   // now the call starts
 * }</pre>
 */
final class ConverseStreamPublisher extends EventStreamPublisher<ConverseStreamOutput, ChatChunk> {
    private final Supplier<BedrockRuntimeAsyncClient> client;
    private final ConverseStreamRequest request;
    private final boolean jsonTool;

    /**
     * @param client the async client, got at each subscription (built on the first)
     * @param jsonTool whether the answer is the input of {@link ConverseMapping#JSON_TOOL}
     */
    ConverseStreamPublisher(Supplier<BedrockRuntimeAsyncClient> client, ConverseStreamRequest request, boolean jsonTool) {
        this.client = client;
        this.request = request;
        this.jsonTool = jsonTool;
    }

    @Override
    protected CompletableFuture<Void> call(Consumer<SdkPublisher<? extends ConverseStreamOutput>> events,
                                           Consumer<Throwable> errors) {
        return client.get().converseStream(request, ConverseStreamResponseHandler.builder()
                .onEventStream(events::accept).onError(errors::accept).build());
    }

    @Override
    protected Translator<ConverseStreamOutput, ChatChunk> translator() {
        return new Translator<>() {
            /** The tool calls still being gathered, by content block index. */
            private final Map<Integer, PendingCall> calls = new HashMap<>(2);
            private boolean toolCallsSent;
            private String stopReason;
            private TokenUsage usage;

            @Override
            public ChatChunk onEvent(ConverseStreamOutput event) {
                if (event instanceof ContentBlockDeltaEvent d && d.delta() != null) return delta(d.contentBlockIndex(), d.delta());
                if (event instanceof ContentBlockStartEvent s && s.start() != null && s.start().toolUse() != null) {
                    ToolUseBlockStart use = s.start().toolUse();
                    calls.put(s.contentBlockIndex(), new PendingCall(use.toolUseId(), use.name()));
                } else if (event instanceof ContentBlockStopEvent stop) {
                    PendingCall call = calls.remove(stop.contentBlockIndex());
                    if (call != null && !isJsonAnswer(call)) {
                        toolCallsSent = true;
                        return new ChatChunk.ToolUse(new ToolCall(call.id, call.name, call.input.toString()));
                    }
                } else if (event instanceof MessageStopEvent stop) {
                    stopReason = stop.stopReasonAsString();
                } else if (event instanceof ConverseStreamMetadataEvent metadata && metadata.usage() != null) {
                    usage = ConverseMapping.usage(metadata.usage());
                }
                return null;
            }

            private ChatChunk delta(Integer index, ContentBlockDelta delta) {
                if (delta.text() != null) return new ChatChunk.TextDelta(delta.text());
                if (delta.toolUse() != null && delta.toolUse().input() != null) {
                    PendingCall call = calls.get(index);
                    if (call == null) {
                        throw SdkClientException.create("Bedrock's ConverseStream sent tool input for content block "
                                + index + " without its contentBlockStart");
                    }
                    if (isJsonAnswer(call)) return new ChatChunk.TextDelta(delta.toolUse().input());
                    call.input.append(delta.toolUse().input());
                    return null;
                }
                ReasoningContentBlockDelta reasoning = delta.reasoningContent();
                if (reasoning != null && reasoning.text() != null) return new ChatChunk.ReasoningDelta(reasoning.text());
                if (reasoning != null && reasoning.signature() != null) {
                    return new ChatChunk.ReasoningDelta("", Optional.of(reasoning.signature()));
                }
                return null;   // redacted reasoning, citations: nothing neutral to deliver
            }

            private boolean isJsonAnswer(PendingCall call) {
                return jsonTool && ConverseMapping.JSON_TOOL.equals(call.name);
            }

            @Override
            public ChatChunk onEnd() {
                if (stopReason == null) {
                    // the connection ended mid-answer: a transport failure, so retryable while nothing was delivered
                    String why = "Bedrock's ConverseStream ended before its messageStop event"
                            + (calls.isEmpty() ? "" : ", inside a tool call");
                    throw SdkClientException.builder().message(why).cause(new EOFException(why)).build();
                }
                return new ChatChunk.Finished(ConverseMapping.finishReason(stopReason, toolCallsSent, jsonTool),
                        Optional.of(stopReason), Optional.ofNullable(usage));
            }
        };
    }

    /** A tool call whose input is still arriving. */
    private static final class PendingCall {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();

        PendingCall(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}

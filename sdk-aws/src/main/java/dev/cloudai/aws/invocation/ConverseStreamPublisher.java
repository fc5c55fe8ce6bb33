package dev.cloudai.aws.invocation;

import dev.cloudai.aws.streaming.EventStreamPublisher;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.TokenUsage;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

import java.io.EOFException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One ConverseStream call per subscription, its events turned into {@link ChatChunk}s: each text delta of a
 * {@code contentBlockDelta} event becomes a {@link ChatChunk.TextDelta}; the {@code messageStop} event's stop reason
 * and the {@code metadata} event's usage become the one {@link ChatChunk.Finished}, sent when the event stream ends.
 * A stream that ends without {@code messageStop} fails as a cut connection. Demand and cancellation are
 * {@link EventStreamPublisher}'s. Follows https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> chunks = new ConverseStreamPublisher(() -> bedrockAsync, request);   // nothing sent yet
 * chunks.subscribe(subscriber);                                                            // now the call starts
 * }</pre>
 */
final class ConverseStreamPublisher extends EventStreamPublisher<ConverseStreamOutput, ChatChunk> {
    private final Supplier<BedrockRuntimeAsyncClient> client;
    private final ConverseStreamRequest request;

    /** @param client the async client, got at each subscription (built on the first) */
    ConverseStreamPublisher(Supplier<BedrockRuntimeAsyncClient> client, ConverseStreamRequest request) {
        this.client = client;
        this.request = request;
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
            private String stopReason;
            private TokenUsage usage;

            @Override
            public ChatChunk onEvent(ConverseStreamOutput event) {
                if (event instanceof ContentBlockDeltaEvent delta && delta.delta() != null && delta.delta().text() != null) {
                    return new ChatChunk.TextDelta(delta.delta().text());   // tool-use and reasoning deltas carry no text
                }
                if (event instanceof MessageStopEvent stop) {
                    stopReason = stop.stopReasonAsString();
                } else if (event instanceof ConverseStreamMetadataEvent metadata && metadata.usage() != null) {
                    usage = ConverseMapping.usage(metadata.usage());
                }
                return null;
            }

            @Override
            public ChatChunk onEnd() {
                if (stopReason == null) {
                    // the connection ended mid-answer: a transport failure, so retryable while nothing was delivered
                    throw SdkClientException.builder().message("Bedrock's ConverseStream ended before its messageStop event")
                            .cause(new EOFException("event stream ended early")).build();
                }
                return new ChatChunk.Finished(ConverseMapping.finishReason(stopReason), Optional.of(stopReason),
                        Optional.ofNullable(usage));
            }
        };
    }
}

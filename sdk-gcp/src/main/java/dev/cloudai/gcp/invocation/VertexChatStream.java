package dev.cloudai.gcp.invocation;

import com.google.api.gax.rpc.ServerStreamingCallable;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import dev.cloudai.gcp.internal.ServerStreamPublisher;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;

import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@code StreamGenerateContent} call as a {@link Flow.Publisher} ({@link ServerStreamPublisher}: one gRPC call
 * per subscription, demand-driven reads, cancel cancels the call). Each message's parts become chunks in order:
 * thought summaries {@link ChatChunk.ReasoningDelta}s, text {@link ChatChunk.TextDelta}s, and each function call one {@link ChatChunk.ToolUse} (Vertex sends a call whole, in
 * one part, unless {@code streamFunctionCallArguments} asks otherwise, which this adapter never does). The first
 * thought signature seen rides on a ReasoningDelta, so {@code StreamedAnswer} keeps it for the next turn. The end
 * of the call adds one {@link ChatChunk.Finished} with the last finish reason and usage seen, {@code TOOL_USE}
 * when calls were delivered. A gRPC error is delivered once, raw, after the chunks received before it; every chunk
 * delivered before it is whole.
 */
final class VertexChatStream implements Flow.Publisher<ChatChunk> {
    private final ServerStreamPublisher<GenerateContentRequest, GenerateContentResponse, ChatChunk> calls;

    /** @param turn the number of assistant messages in the request, which numbers the answer's call ids */
    VertexChatStream(Supplier<ServerStreamingCallable<GenerateContentRequest, GenerateContentResponse>> callable,
                     GenerateContentRequest request, int turn) {
        this.calls = new ServerStreamPublisher<>(callable, request, () -> new Chunks(turn));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        calls.subscribe(subscriber);
    }

    /** One call's messages as chunks; the state is the call's, read one message at a time. */
    private static final class Chunks implements ServerStreamPublisher.Translator<GenerateContentResponse, ChatChunk> {
        private final int turn;
        private ChatConversion.Finish finish;
        private TokenUsage usage;
        private int calls;
        private boolean signed;

        Chunks(int turn) {
            this.turn = turn;
        }

        @Override
        public void onMessage(GenerateContentResponse response, Consumer<ChatChunk> ready) {
            if (response.getCandidatesCount() > 0) {
                for (Part part : response.getCandidates(0).getContent().getPartsList()) read(part, ready);
            }
            ChatConversion.usage(response).ifPresent(u -> usage = u);
            ChatConversion.finish(response).ifPresent(f -> finish = f);
        }

        private void read(Part part, Consumer<ChatChunk> ready) {
            Optional<String> signature = Optional.empty();
            if (!signed && !part.getThoughtSignature().isEmpty()) {
                signed = true;
                signature = Optional.of(ChatConversion.signatureText(part));
            }
            if (part.getThought()) {
                if (!part.getText().isEmpty() || signature.isPresent()) {
                    ready.accept(new ChatChunk.ReasoningDelta(part.getText(), signature));
                }
                return;
            }
            // a signature on a call or text part: its own delta, before the part it came with
            signature.ifPresent(s -> ready.accept(new ChatChunk.ReasoningDelta("", Optional.of(s))));
            if (part.hasFunctionCall()) {
                ready.accept(new ChatChunk.ToolUse(ChatConversion.toolCall(part.getFunctionCall(), turn, calls++)));
            } else if (!part.getText().isEmpty()) {
                ready.accept(new ChatChunk.TextDelta(part.getText()));
            }
        }

        @Override
        public void onEnd(Consumer<ChatChunk> ready) {
            // Vertex says STOP beside function calls: a stream that delivered calls finishes with TOOL_USE
            ChatConversion.Finish f = calls > 0 ? new ChatConversion.Finish(FinishReason.TOOL_USE, null)
                    : finish != null ? finish
                    : new ChatConversion.Finish(FinishReason.OTHER, "the stream ended without a finish reason");
            ready.accept(new ChatChunk.Finished(f.reason(), Optional.ofNullable(f.detail()), Optional.ofNullable(usage)));
        }
    }
}

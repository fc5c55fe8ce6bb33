package dev.cloudai.invocation;

import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer: text and reasoning as they arrive, each tool call once it is whole, then one
 * {@link Finished} at the end.
 *
 * <pre>{@code
 * switch (chunk) {
 *     case ChatChunk.TextDelta d -> System.out.print(d.text());
 *     case ChatChunk.ReasoningDelta r -> log.debug("thinking: {}", r.text());
 *     case ChatChunk.ToolUse u -> calls.add(u.call());
 *     case ChatChunk.Finished f -> System.out.println("\n[" + f.finishReason() + "]");
 * }
 * }</pre>
 * {@link StreamedAnswer} gathers a stream's chunks into the assistant message of the next turn.
 */
public sealed interface ChatChunk permits ChatChunk.TextDelta, ChatChunk.ReasoningDelta, ChatChunk.ToolUse,
        ChatChunk.Finished {

    /**
     * Text that follows the text already received.
     *
     * @param text the new text; may be empty when a provider sends an empty delta
     */
    record TextDelta(String text) implements ChatChunk {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Reasoning text that follows the reasoning already received, or the cloud's signature that closes it.
     *
     * @param text the new reasoning text; may be empty when the chunk carries only the signature
     * @param signature the cloud's opaque token for the reasoning so far, when this chunk carries it
     */
    record ReasoningDelta(String text, Optional<String> signature) implements ChatChunk {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(signature, "signature");
        }

        /** Reasoning text without a signature. */
        public ReasoningDelta(String text) {
            this(text, Optional.empty());
        }
    }

    /**
     * One tool call, whole: a stream gathers the call's pieces and delivers it once, before {@link Finished}.
     *
     * @param call the tool call
     */
    record ToolUse(ToolCall call) implements ChatChunk {
        public ToolUse {
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * The last chunk of a stream.
     *
     * @param finishReason why the model stopped; {@code TOOL_USE} whenever the stream delivered tool calls
     * @param finishDetail the provider's own reason or the content-filter category, when there is one
     * @param usage the tokens the call consumed, when the provider reported them
     * @param cost what the call cost in US dollars, when the usage was reported and the model's price is known
     *             ({@code CloudAi.prices()}); never zero for an unknown price
     */
    record Finished(FinishReason finishReason, Optional<String> finishDetail, Optional<TokenUsage> usage,
                    Optional<CallCost> cost) implements ChatChunk {
        public Finished {
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(finishDetail, "finishDetail");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(cost, "cost");
        }

        /** The last chunk as a provider reports it, before any cost is known. */
        public Finished(FinishReason finishReason, Optional<String> finishDetail, Optional<TokenUsage> usage) {
            this(finishReason, finishDetail, usage, Optional.empty());
        }

        /** This chunk with the call's cost; {@code null} when the model's price is not known. */
        public Finished withCost(CallCost value) {
            return new Finished(finishReason, finishDetail, usage, Optional.ofNullable(value));
        }
    }
}

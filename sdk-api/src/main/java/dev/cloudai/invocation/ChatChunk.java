package dev.cloudai.invocation;

import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer: text as it arrives, then one {@link Finished} at the end.
 *
 * <pre>{@code
 * if (chunk instanceof ChatChunk.TextDelta d) System.out.print(d.text());
 * else if (chunk instanceof ChatChunk.Finished f) System.out.println("\n[" + f.finishReason() + "]");
 * }</pre>
 */
public sealed interface ChatChunk permits ChatChunk.TextDelta, ChatChunk.Finished {

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
     * The last chunk of a stream.
     *
     * @param finishReason why the model stopped
     * @param finishDetail the provider's own reason or the content-filter category, when there is one
     * @param usage the tokens the call consumed, when the provider reported them
     */
    record Finished(FinishReason finishReason, Optional<String> finishDetail, Optional<TokenUsage> usage)
            implements ChatChunk {
        public Finished {
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(finishDetail, "finishDetail");
            Objects.requireNonNull(usage, "usage");
        }
    }
}

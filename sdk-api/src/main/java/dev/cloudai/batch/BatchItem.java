package dev.cloudai.batch;

import dev.cloudai.internal.util.Arguments;
import dev.cloudai.invocation.ChatRequest;

import java.util.Objects;

/**
 * One request of a batch job with the custom id its result comes back under. Custom ids are unique within a job.
 *
 * <pre>{@code
 * BatchItem.chat("ticket-4711", ChatRequest.builder().user("Summarise: ...").build());
 * BatchItem.embedding("doc-17", "The text to embed");
 * }</pre>
 */
public sealed interface BatchItem {

    /** The caller's id for this item; its {@link BatchResult} carries the same id. */
    String customId();

    /** A chat item. */
    static BatchItem chat(String customId, ChatRequest request) {
        return new Chat(customId, request);
    }

    /** An embedding item: one text. */
    static BatchItem embedding(String customId, String text) {
        return new Embedding(customId, text);
    }

    /** A chat request under a custom id. */
    record Chat(String customId, ChatRequest request) implements BatchItem {
        public Chat {
            Arguments.requireText(customId, "customId");
            Objects.requireNonNull(request, "request");
        }
    }

    /** A text to embed under a custom id. */
    record Embedding(String customId, String text) implements BatchItem {
        public Embedding {
            Arguments.requireText(customId, "customId");
            Objects.requireNonNull(text, "text");
        }
    }
}

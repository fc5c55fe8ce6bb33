package dev.cloudai.batch;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.internal.util.Arguments;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one item of a batch job: exactly one of a chat answer, an embedding or an error, under the item's
 * custom id. A failed item is never dropped: its error is typed like a failed call's (throttled, invalid request...),
 * with the provider's code where the result line gives one.
 *
 * <pre>{@code
 * for (BatchResult r : results) {
 *     if (r.error().isPresent()) failed.put(r.customId(), r.error().get().getMessage());
 *     else answers.put(r.customId(), r.chat().orElseThrow().text());
 * }
 * }</pre>
 *
 * @param customId  the item's custom id
 * @param chat      the answer of a chat item that succeeded
 * @param embedding the vector of an embedding item that succeeded
 * @param error     why the item failed
 */
public record BatchResult(String customId, Optional<ChatResponse> chat, Optional<Embedding> embedding,
                          Optional<CloudAiException> error) {

    public BatchResult {
        Arguments.requireText(customId, "customId");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(error, "error");
        int present = (chat.isPresent() ? 1 : 0) + (embedding.isPresent() ? 1 : 0) + (error.isPresent() ? 1 : 0);
        if (present != 1) {
            throw new IllegalArgumentException("result " + customId + ": exactly one of chat, embedding and error, had " + present);
        }
    }

    /** A chat item's answer. */
    public static BatchResult of(String customId, ChatResponse chat) {
        return new BatchResult(customId, Optional.of(chat), Optional.empty(), Optional.empty());
    }

    /** An embedding item's vector. */
    public static BatchResult of(String customId, Embedding embedding) {
        return new BatchResult(customId, Optional.empty(), Optional.of(embedding), Optional.empty());
    }

    /** A failed item. */
    public static BatchResult failed(String customId, CloudAiException error) {
        return new BatchResult(customId, Optional.empty(), Optional.empty(), Optional.of(error));
    }

    /** Whether the item succeeded. */
    public boolean succeeded() {
        return error.isEmpty();
    }
}

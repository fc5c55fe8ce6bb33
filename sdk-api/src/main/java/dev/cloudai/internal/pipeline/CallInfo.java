package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.EmbeddingRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * What a call is, for its events: its id, operation, model and request. A call made with an id of 0 gets the next id
 * of the {@code CloudAi} it runs in when it starts; a fallback chain gives every provider's call the same id. Not API.
 *
 * <pre>{@code
 * pipeline.call(CallInfo.chat("chat", modelId, request), () -> raw.chat(request));
 * }</pre>
 *
 * @param id the call's id, or 0 for "the next one"
 * @param operation {@code chat}, {@code stream}, {@code embed} or an endpoint operation
 * @param model the model or deployment called, when the call has one
 * @param chatRequest the request of a chat or stream
 * @param embeddingRequest the request of an embedding call
 */
public record CallInfo(long id, String operation, Optional<String> model, Optional<ChatRequest> chatRequest,
                       Optional<EmbeddingRequest> embeddingRequest) {

    public CallInfo {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(chatRequest, "chatRequest");
        Objects.requireNonNull(embeddingRequest, "embeddingRequest");
    }

    /** A call with no model or request, such as an endpoint operation. */
    public static CallInfo of(String operation) {
        return new CallInfo(0, operation, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A chat or stream of {@code model}. */
    public static CallInfo chat(String operation, String model, ChatRequest request) {
        return new CallInfo(0, operation, Optional.ofNullable(model), Optional.of(request), Optional.empty());
    }

    /** An embedding call of {@code model}. */
    public static CallInfo embed(String model, EmbeddingRequest request) {
        return new CallInfo(0, "embed", Optional.ofNullable(model), Optional.empty(), Optional.of(request));
    }

    /** The same call under {@code id}. */
    public CallInfo withId(long id) {
        return id == this.id ? this : new CallInfo(id, operation, model, chatRequest, embeddingRequest);
    }
}

package dev.cloudai.internal.serving;

import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * A deployed model as a {@link ChatModel}: the server's chat API ({@link ChatCodec}) over the provider's raw endpoint
 * invoke, which already maps the cloud's errors. Wrapped in the call pipeline like any managed model, so retries,
 * deadlines, circuit breakers and fallback apply. Not API.
 *
 * <pre>{@code
 * ChatModel mine = new ResilientChatModel(new EndpointChatModel(raw, "aws", "my-llama", ServingProtocol.OPENAI_CHAT), pipeline);
 * }</pre>
 */
public final class EndpointChatModel implements ChatModel {
    private final EndpointPlatform endpoints;
    private final String providerId;
    private final String endpointId;
    private final ChatCodec codec;

    public EndpointChatModel(EndpointPlatform endpoints, String providerId, String endpointId, ServingProtocol protocol) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.endpointId = requireId(endpointId);
        Objects.requireNonNull(protocol, "protocol");
        if (!protocol.canChat()) {
            throw new IllegalArgumentException("protocol: " + protocol + " is an embedding protocol and cannot chat;"
                    + " use OPENAI_CHAT or TGI, or Endpoints.embeddingModel for " + protocol);
        }
        this.codec = ChatCodec.of(protocol);
    }

    static String requireId(String endpointId) {
        if (endpointId == null) throw new NullPointerException("endpointId: must not be null");
        if (endpointId.isBlank()) {
            throw new IllegalArgumentException("endpointId: must not be blank; Endpoints.list() shows the endpoints");
        }
        return endpointId;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        InvokeResponse response = endpoints.invoke(endpointId, codec.encode(request, false));
        return answer(response);
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return endpoints.invokeAsync(endpointId, codec.encode(request, false)).thenApply(this::answer);
    }

    @Override
    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        var body = codec.encode(request, true);
        return new PartsToChunks(() -> endpoints.invokeStream(endpointId, body), codec::streamDecoder, this::mapped);
    }

    private ChatResponse answer(InvokeResponse response) {
        try {
            return codec.decode(response).provider(providerId).model(endpointId)
                    .requestId(response.requestId().orElse(null)).build();
        } catch (RuntimeException e) {
            throw mapped(e);
        }
    }

    /** A codec's failure as the neutral exception the pipeline and the caller expect. */
    RuntimeException mapped(Throwable e) {
        return mapped(providerId, endpointId, "chat", e);
    }

    /**
     * A codec's failure for {@code operation} on an endpoint as the neutral exception: a protocol mismatch is the
     * caller's configuration ({@code InvalidRequestException}, code {@code ProtocolMismatch}); a stream cut short is
     * retryable ({@code UnavailableException}); the server's own error body is classified by the status it gave.
     */
    static RuntimeException mapped(String providerId, String endpointId, String operation, Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e instanceof ProtocolMismatchException m) {
            return new InvalidRequestException(ErrorInfo.builder(providerId, operation).providerCode("ProtocolMismatch")
                    .build(), "endpoint '" + endpointId + "': " + m.getMessage(), m);
        }
        if (e instanceof UncheckedIOException cut) {
            return new UnavailableException(ErrorInfo.builder(providerId, operation).build(),
                    "endpoint '" + endpointId + "': " + cut.getMessage(), cut);
        }
        if (e instanceof ServerErrorException s) {
            int code = s.code().orElse(0);
            ErrorInfo info = ErrorInfo.builder(providerId, operation).providerCode("ServerError")
                    .httpStatus(code > 0 ? code : null).build();
            String detail = "endpoint '" + endpointId + "': " + s.getMessage();
            if (code == 429) return new ThrottledException(info, detail, null, s);
            if (s.isRetryable()) return new UnavailableException(info, detail, s);
            if (code >= 400 && code < 500) return new InvalidRequestException(info, detail, s);
            return new UnclassifiedException(info, detail, false, s);
        }
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    @Override
    public String toString() {
        return "EndpointChatModel[" + providerId + ", " + endpointId + ", " + codec.protocol() + "]";
    }
}

package dev.cloudai.testkit.pipeline;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.testkit.ListPublisher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory provider whose chat streams follow a script named by the model id, {@code <executor>-<behaviour>}:
 * the executor is {@code sync} (items delivered inside {@code request}) or {@code async} (on another thread); the
 * behaviour is one of {@link Behaviour}. It lets the stream-rules tests drive the SDK's own publishers (the retrying
 * stream, the fallback stream) through {@code CloudAi}, over well-behaved upstreams, with no emulator between.
 *
 * <pre>{@code
 * ChatModel chat = ai.chatModel("async-unavailable-once");   // fails once before any item, then gives a, b, c
 * }</pre>
 */
final class ScriptedProvider implements Provider {
    /** What every successful stream gives. */
    static final List<ChatChunk> ITEMS = List.of(new ChatChunk.TextDelta("a"), new ChatChunk.TextDelta("b"),
            new ChatChunk.TextDelta("c"));

    /** What a scripted stream does. */
    enum Behaviour {
        /** Gives {@link #ITEMS}, then completes. */
        ITEMS,
        /** Gives "a", then fails retryably: a failure after an item, which is never retried nor moved on from. */
        ITEM_THEN_UNAVAILABLE,
        /** Fails retryably before any item, every time. */
        UNAVAILABLE,
        /** Fails retryably before any item the first time, then gives {@link #ITEMS}. */
        UNAVAILABLE_ONCE,
        /** Fails with an invalid request before any item: neither retried nor moved on from. */
        INVALID
    }

    private final String id;
    private final Executor async;

    ScriptedProvider(String id, Executor async) {
        this.id = id;
        this.async = async;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ErrorMapper errorMapper() {
        // the scripts fail with the SDK's own exceptions, which the pipeline passes on unmapped
        return (operation, error) -> new UnclassifiedException(ErrorInfo.builder(id, operation).build(),
                String.valueOf(error), false, error);
    }

    @Override
    public ChatModel chatModel(String modelId) {
        int dash = modelId.indexOf('-');
        if (dash < 0) throw new IllegalArgumentException("modelId: <sync|async>-<behaviour>, was " + modelId);
        Executor executor = switch (modelId.substring(0, dash)) {
            case "sync" -> Runnable::run;
            case "async" -> async;
            default -> throw new IllegalArgumentException("modelId: starts with sync- or async-, was " + modelId);
        };
        Behaviour behaviour = Behaviour.valueOf(modelId.substring(dash + 1).toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return new ScriptedChat(behaviour, executor);
    }

    @Override
    public void close() {
    }

    private UnavailableException unavailable() {
        return new UnavailableException(ErrorInfo.builder(id, "stream").httpStatus(503).build(), "try again", null);
    }

    private InvalidRequestException invalid() {
        return new InvalidRequestException(ErrorInfo.builder(id, "stream").httpStatus(400).build(), "bad prompt", null);
    }

    /** A chat model that only streams, per its script; each model counts its own streams. */
    private final class ScriptedChat implements ChatModel {
        private final Behaviour behaviour;
        private final Executor executor;
        private final AtomicInteger streams = new AtomicInteger();

        ScriptedChat(Behaviour behaviour, Executor executor) {
            this.behaviour = behaviour;
            this.executor = executor;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            throw unsupported("blocking chat (scripted streams only)");
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            throw unsupported("async chat (scripted streams only)");
        }

        @Override
        public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
            boolean first = streams.getAndIncrement() == 0;
            return switch (behaviour) {
                case ITEMS -> new ListPublisher<>(ITEMS, null, executor);
                case ITEM_THEN_UNAVAILABLE -> new ListPublisher<>(ITEMS.subList(0, 1), unavailable(), executor);
                case UNAVAILABLE -> new ListPublisher<>(List.of(), unavailable(), executor);
                case UNAVAILABLE_ONCE -> first ? new ListPublisher<>(List.of(), unavailable(), executor)
                        : new ListPublisher<>(ITEMS, null, executor);
                case INVALID -> new ListPublisher<>(List.of(), invalid(), executor);
            };
        }
    }
}

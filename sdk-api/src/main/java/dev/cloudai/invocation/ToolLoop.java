package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Runs a conversation until the model stops asking for tools: it sends the request, calls the Java function behind
 * each tool the model asks for, sends the results back, and repeats, at most {@code maxRounds} times. A tool that
 * throws, or a call to a tool without a function, goes back to the model as a tool error, so the model can
 * recover; the loop itself fails only when the chat call fails or the rounds run out. A request's forced tool choice
 * ({@link ToolChoice#required()}, {@link ToolChoice#tool(String)}) applies to the first answer; later rounds use
 * {@link ToolChoice#auto()}, so the model can answer. Immutable and thread-safe.
 *
 * <pre>{@code
 * record City(String city) {}
 * ToolLoop loop = ToolLoop.builder(chat)
 *         .tool("get_weather", "Current weather in a city", City.class, c -> Map.of("celsius", 21))
 *         .maxRounds(5)
 *         .build();
 * ToolLoop.Result result = loop.run(ChatRequest.ofUser("Is it warm in Paris?"));
 * System.out.println(result.response().text() + " after " + result.rounds() + " tool rounds");
 * }</pre>
 */
public final class ToolLoop {

    /** The Java side of one tool: takes the model's call, returns the result text (JSON or plain). */
    @FunctionalInterface
    public interface ToolHandler {
        /** Runs the tool; an exception becomes a tool error the model sees. */
        String call(ToolCall call) throws Exception;
    }

    /**
     * How a loop ended.
     *
     * @param response the model's last answer, with no tool calls
     * @param conversation the whole conversation: the request, every tool round and the last answer (when it has
     *                     text: an assistant message may not be blank)
     * @param rounds how many times the model asked for tools
     * @param toolCalls every tool call the loop ran, in order
     */
    public record Result(ChatResponse response, ChatRequest conversation, int rounds, List<ToolCall> toolCalls) {
        public Result {
            Objects.requireNonNull(response, "response: must not be null");
            Objects.requireNonNull(conversation, "conversation: must not be null");
            if (rounds < 0) throw new IllegalArgumentException("rounds: must not be negative, was " + rounds);
            toolCalls = Arguments.listOf(toolCalls, "toolCalls");
        }
    }

    /**
     * The model still asked for tools after the last allowed round. {@link #conversation()} holds the conversation as
     * last sent; the answer that asked for more tools is not in it, since its calls were not run.
     */
    public static final class RoundsExceededException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient ChatRequest conversation;

        RoundsExceededException(int maxRounds, ChatRequest conversation) {
            super("the model still asked for tools after " + maxRounds + " rounds (maxRounds); raise maxRounds or"
                    + " check what the tools answer");
            this.conversation = conversation;
        }

        /**
         * The conversation as last sent: the request and every tool round the loop ran, ending with the results of
         * the last round.
         */
        public ChatRequest conversation() { return conversation; }
    }

    private final ChatModel chat;
    private final Map<String, ToolSpec> specs;
    private final Map<String, ToolHandler> handlers;
    private final int maxRounds;
    private final Executor executor;
    private final List<ToolSpec> toolList;

    private ToolLoop(Builder b) {
        this.chat = b.chat;
        this.specs = Map.copyOf(b.specs);
        this.handlers = Map.copyOf(b.handlers);
        this.maxRounds = b.maxRounds;
        this.executor = b.executor;
        this.toolList = List.copyOf(b.specs.values());
    }

    /** Starts a loop over {@code chat}. */
    public static Builder builder(ChatModel chat) {
        return new Builder(chat);
    }

    /** The tools the loop adds to each request, in the order they were added. */
    public List<ToolSpec> tools() { return toolList; }

    /**
     * Runs the conversation on the calling thread. Tool calls of one answer run one after another, or together on
     * the builder's executor when one was given.
     *
     * @throws RoundsExceededException when the model asks for tools more than {@code maxRounds} times
     */
    public Result run(ChatRequest request) {
        ChatRequest conversation = withTools(request);
        List<ToolCall> ran = new ArrayList<>();
        for (int round = 0; ; round++) {
            ChatResponse response = chat.chat(conversation);
            if (response.toolCalls().isEmpty()) return finish(response, conversation, round, ran);
            if (round == maxRounds) throw new RoundsExceededException(maxRounds, conversation);
            List<ChatMessage> results = executor == null ? runInline(response.toolCalls())
                    : join(runOn(executor, response.toolCalls()));
            conversation = next(conversation, response, results);
            ran.addAll(response.toolCalls());
        }
    }

    /**
     * Runs the conversation without blocking the calling thread: chat calls are async, tools run on the builder's
     * executor (the common fork-join pool when none was given; pass your own for tools that block).
     */
    public CompletableFuture<Result> runAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request: must not be null");   // a wrong argument throws; a failed run fails the future
        ChatRequest conversation;
        try {
            conversation = withTools(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return roundAsync(conversation, 0, new ArrayList<>());
    }

    private CompletableFuture<Result> roundAsync(ChatRequest conversation, int round, List<ToolCall> ran) {
        return chat.chatAsync(conversation).thenCompose(response -> {
            if (response.toolCalls().isEmpty()) {
                return CompletableFuture.completedFuture(finish(response, conversation, round, ran));
            }
            if (round == maxRounds) throw new RoundsExceededException(maxRounds, conversation);
            Executor on = executor == null ? ForkJoinPool.commonPool() : executor;
            return runOn(on, response.toolCalls()).thenCompose(results -> {
                ran.addAll(response.toolCalls());
                return roundAsync(next(conversation, response, results), round + 1, ran);
            });
        });
    }

    private ChatRequest withTools(ChatRequest request) {
        Objects.requireNonNull(request, "request: must not be null");
        List<ToolSpec> tools = new ArrayList<>(request.tools());
        for (ToolSpec spec : toolList) {
            if (tools.stream().noneMatch(t -> t.name().equals(spec.name()))) tools.add(spec);
        }
        return request.toBuilder().tools(tools).build();
    }

    /**
     * The next round's request. A forced choice (required, or one named tool) holds for the first answer only: kept,
     * it would make the model call tools on every round and never answer, until the rounds run out.
     */
    private static ChatRequest next(ChatRequest conversation, ChatResponse response, List<ChatMessage> results) {
        ChatRequest.Builder next = conversation.toBuilder().assistant(response).messages(results);
        ToolChoice.Mode mode = conversation.toolChoice().map(ToolChoice::mode).orElse(ToolChoice.Mode.AUTO);
        if (mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.TOOL) next.toolChoice(ToolChoice.auto());
        return next.build();
    }

    private static Result finish(ChatResponse response, ChatRequest conversation, int rounds, List<ToolCall> ran) {
        ChatRequest whole = response.text().isBlank() ? conversation
                : conversation.toBuilder().assistant(response).build();
        return new Result(response, whole, rounds, ran);
    }

    private List<ChatMessage> runInline(List<ToolCall> calls) {
        List<ChatMessage> results = new ArrayList<>(calls.size());
        for (ToolCall call : calls) results.add(runOne(call));
        return results;
    }

    private CompletableFuture<List<ChatMessage>> runOn(Executor on, List<ToolCall> calls) {
        List<CompletableFuture<ChatMessage>> each = new ArrayList<>(calls.size());
        for (ToolCall call : calls) each.add(CompletableFuture.supplyAsync(() -> runOne(call), on));
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ChatMessage> results = new ArrayList<>(each.size());
            for (CompletableFuture<ChatMessage> f : each) results.add(f.join());
            return results;
        });
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** One call's result message: the handler's answer, or a tool error naming what went wrong. */
    private ChatMessage runOne(ToolCall call) {
        ToolHandler handler = handlers.get(call.name());
        if (handler == null) {
            // a tool the request declared without a function here, or a name the model made up
            return ChatMessage.toolError(call.id(), "there is no function for a tool named \"" + call.name()
                    + "\"; the tools that run are " + new java.util.TreeSet<>(specs.keySet()));
        }
        String result;
        try {
            result = handler.call(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while tool " + call.name() + " ran");
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            return ChatMessage.toolError(call.id(), "tool " + call.name() + " failed with "
                    + e.getClass().getSimpleName() + message);
        }
        if (result == null || result.isBlank()) {
            return ChatMessage.toolError(call.id(), "tool " + call.name() + " returned nothing");
        }
        return ChatMessage.toolResult(call.id(), result);
    }

    /** Builds a {@link ToolLoop}. */
    public static final class Builder {
        private final ChatModel chat;
        private final Map<String, ToolSpec> specs = new LinkedHashMap<>();
        private final Map<String, ToolHandler> handlers = new LinkedHashMap<>();
        private int maxRounds = 10;
        private Executor executor;

        private Builder(ChatModel chat) {
            this.chat = Objects.requireNonNull(chat, "chat: must not be null");
        }

        /** Adds a tool and the function that runs it. */
        public Builder tool(ToolSpec spec, ToolHandler handler) {
            Objects.requireNonNull(spec, "spec: must not be null");
            Objects.requireNonNull(handler, "handler: must not be null");
            if (specs.containsKey(spec.name())) {
                throw new IllegalArgumentException("spec: tool \"" + spec.name() + "\" is added twice");
            }
            specs.put(spec.name(), spec);
            handlers.put(spec.name(), handler);
            return this;
        }

        /**
         * Adds a tool whose arguments are the record {@code arguments} (its schema is the tool's parameters) and
         * whose function returns a record, a map, a list or a value, written as JSON, or a {@code String} sent as
         * it is.
         */
        public <A extends Record> Builder tool(String name, String description, Class<A> arguments,
                                               Function<? super A, ?> function) {
            Objects.requireNonNull(arguments, "arguments: must not be null");
            Objects.requireNonNull(function, "function: must not be null");
            ToolSpec spec = ToolSpec.of(name, description, JsonRecords.schema(arguments));
            return tool(spec, call -> asText(function.apply(JsonRecords.read(call.arguments(), arguments))));
        }

        /** The most times the model may ask for tools in one run; 1 to 100, 10 unless set. */
        public Builder maxRounds(int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException("maxRounds: must be between 1 and 100, was " + value);
            }
            this.maxRounds = value;
            return this;
        }

        /** Runs the tool calls of one answer together on {@code executor}. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor: must not be null");
            return this;
        }

        public ToolLoop build() {
            if (specs.isEmpty()) throw new IllegalStateException("tools: add at least one tool with tool(...)");
            return new ToolLoop(this);
        }

        private static String asText(Object value) {
            if (value == null) return null;
            if (value instanceof String s) return s;
            if (value instanceof Record r) return JsonRecords.write(r);
            if (value instanceof Map<?, ?> || value instanceof java.util.Collection<?> || value instanceof Number
                    || value instanceof Boolean) {
                return dev.cloudai.spi.json.Json.write(value);
            }
            return String.valueOf(value);
        }
    }
}

package dev.cloudai.invocation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tool loop against a scripted model: what it sends each round, what the tools' outcomes become. */
class ToolLoopTest {
    static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    static final ToolCall PARIS = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");
    static final ToolCall LYON = new ToolCall("call-2", "get_weather", "{\"city\":\"Lyon\"}");

    /** A model that answers from a script, one step per call, and keeps every request it was sent. */
    static final class ScriptedChat implements ChatModel {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();

        ScriptedChat then(ChatResponse response) {
            script.add(r -> response);
            return this;
        }

        ScriptedChat thenFail(RuntimeException e) {
            script.add(r -> { throw e; });
            return this;
        }

        @Override
        public synchronized ChatResponse chat(ChatRequest request) {
            requests.add(request);
            Function<ChatRequest, ChatResponse> step = script.poll();
            if (step == null) throw new AssertionError("the script has no answer for request " + requests.size());
            return step.apply(request);
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            try {
                return CompletableFuture.completedFuture(chat(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
            throw new UnsupportedOperationException("the loop does not stream");
        }
    }

    private ExecutorService pool;

    @AfterEach
    void stopPool() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    static ChatResponse answer(String text) {
        return ChatResponse.builder().text(text).usage(new TokenUsage(5, 5)).finishReason(FinishReason.STOP)
                .provider("fake").model("m").build();
    }

    static ChatResponse asks(ToolCall... calls) {
        return ChatResponse.builder().text("").usage(new TokenUsage(5, 5)).finishReason(FinishReason.TOOL_USE)
                .provider("fake").model("m").toolCalls(List.of(calls)).build();
    }

    static ChatRequest question() {
        return ChatRequest.ofUser("Weather in Paris?");
    }

    @Test
    void oneRoundSendsTheResultAndEndsWithTheAnswer() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(answer("It is 21 degrees."));
        List<ToolCall> seen = new ArrayList<>();
        ToolLoop loop = ToolLoop.builder(chat).tool(WEATHER, call -> {
            seen.add(call);
            return "{\"celsius\":21}";
        }).build();

        ToolLoop.Result result = loop.run(question());

        assertEquals(List.of(PARIS), seen);
        assertEquals(2, chat.requests.size());
        assertEquals(List.of(WEATHER), chat.requests.get(0).tools(), "the loop's tools are declared");
        List<ChatMessage> second = chat.requests.get(1).messages();
        assertEquals(List.of(ChatMessage.user("Weather in Paris?"), ChatMessage.assistant("", List.of(PARIS)),
                ChatMessage.toolResult("call-1", "{\"celsius\":21}")), second);
        assertEquals("It is 21 degrees.", result.response().text());
        assertEquals(1, result.rounds());
        assertEquals(List.of(PARIS), result.toolCalls());
        List<ChatMessage> whole = result.conversation().messages();
        assertEquals(4, whole.size());
        assertEquals(ChatMessage.assistant("It is 21 degrees."), whole.get(3), "the conversation ends with the answer");
        assertEquals(second, whole.subList(0, 3));
    }

    @Test
    void anAnswerWithoutCallsEndsAtOnce() {
        ScriptedChat chat = new ScriptedChat().then(answer("No tools needed."));
        ToolLoop.Result result = ToolLoop.builder(chat).tool(WEATHER, call -> "x").build().run(question());
        assertEquals(0, result.rounds());
        assertEquals(List.of(), result.toolCalls());
        assertEquals(2, result.conversation().messages().size());
    }

    @Test
    void parallelCallsGetTheirResultsInOrder() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS, LYON)).then(answer("Both mild."));
        ToolLoop loop = ToolLoop.builder(chat).tool(WEATHER, call -> call.arguments().contains("Paris") ? "21" : "18")
                .build();
        ToolLoop.Result result = loop.run(question());
        List<ChatMessage> second = chat.requests.get(1).messages();
        assertEquals(ChatMessage.toolResult("call-1", "21"), second.get(2));
        assertEquals(ChatMessage.toolResult("call-2", "18"), second.get(3));
        assertEquals(List.of(PARIS, LYON), result.toolCalls());
    }

    @Test
    void aToolThatThrowsBecomesAToolErrorWithTheExceptionsClassAndMessage() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(answer("The station is offline."));
        ToolLoop loop = ToolLoop.builder(chat).tool(WEATHER, call -> {
            throw new IllegalStateException("station offline");
        }).build();
        loop.run(question());
        ChatMessage result = chat.requests.get(1).messages().get(2);
        assertTrue(result.isError());
        assertEquals("tool get_weather failed with IllegalStateException: station offline", result.text());
        ChatMessage bare = runOnce(call -> { throw new java.io.IOException(); });
        assertEquals("tool get_weather failed with IOException", bare.text());
    }

    /** The tool message the loop sends after one call to {@code handler}. */
    private static ChatMessage runOnce(ToolLoop.ToolHandler handler) {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(answer("ok"));
        ToolLoop.builder(chat).tool(WEATHER, handler).build().run(question());
        return chat.requests.get(1).messages().get(2);
    }

    @Test
    void aCallToAnUnknownToolBecomesAToolError() {
        ScriptedChat chat = new ScriptedChat().then(asks(new ToolCall("call-7", "get_time", "{}"))).then(answer("ok"));
        ChatRequest withTime = ChatRequest.builder().user("Time?").tools(ToolSpec.of("get_time", "The time")).build();
        ToolLoop.builder(chat).tool(WEATHER, call -> "x").build().run(withTime);
        ChatMessage result = chat.requests.get(1).messages().get(2);
        assertTrue(result.isError());
        assertEquals(Optional.of("call-7"), result.toolCallId());
        assertEquals("there is no function for a tool named \"get_time\"; the tools that run are [get_weather]",
                result.text());
    }

    @Test
    void aHandlerReturningNothingBecomesAToolError() {
        ChatMessage blank = runOnce(call -> "  ");
        assertTrue(blank.isError());
        assertEquals("tool get_weather returned nothing", blank.text());
        assertEquals("tool get_weather returned nothing", runOnce(call -> null).text());
    }

    @Test
    void roundsBeyondTheLimitFailWithTheConversation() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(asks(LYON)).then(asks(PARIS));
        ToolLoop loop = ToolLoop.builder(chat).tool(WEATHER, call -> "sunny").maxRounds(2).build();
        ToolLoop.RoundsExceededException e = assertThrows(ToolLoop.RoundsExceededException.class, () -> loop.run(question()));
        assertEquals(3, chat.requests.size());
        assertSame(chat.requests.get(2), e.conversation(), "the conversation as last sent");
        assertEquals(5, e.conversation().messages().size());
        assertEquals(ChatMessage.toolResult("call-2", "sunny"), e.conversation().messages().get(4));
        assertTrue(e.getMessage().startsWith("the model still asked for tools after 2 rounds (maxRounds)"), e.getMessage());
    }

    @Test
    void aForcedToolChoiceHoldsForTheFirstAnswerOnly() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(answer("21 degrees."));
        ChatRequest forced = ChatRequest.builder().user("Weather?").tools(WEATHER).toolChoice(ToolChoice.required()).build();
        ToolLoop.builder(chat).tool(WEATHER, call -> "21").build().run(forced);
        assertEquals(Optional.of(ToolChoice.required()), chat.requests.get(0).toolChoice());
        assertEquals(Optional.of(ToolChoice.auto()), chat.requests.get(1).toolChoice());
        ScriptedChat none = new ScriptedChat().then(answer("No."));
        ChatRequest off = ChatRequest.builder().user("Weather?").toolChoice(ToolChoice.none()).build();
        ToolLoop.builder(none).tool(WEATHER, call -> "21").build().run(off);
        assertEquals(Optional.of(ToolChoice.none()), none.requests.get(0).toolChoice());
    }

    @Test
    void runAsyncGivesTheSameResult() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS, LYON)).then(answer("Both mild."));
        ToolLoop.Result result = ToolLoop.builder(chat).tool(WEATHER, call -> "{\"celsius\":20}").build()
                .runAsync(question()).join();
        assertEquals("Both mild.", result.response().text());
        assertEquals(1, result.rounds());
        assertEquals(List.of(PARIS, LYON), result.toolCalls());
        assertEquals(List.of(ChatMessage.toolResult("call-1", "{\"celsius\":20}"),
                ChatMessage.toolResult("call-2", "{\"celsius\":20}")), chat.requests.get(1).messages().subList(2, 4));
        assertEquals(ChatMessage.assistant("Both mild."), result.conversation().messages().get(4));
    }

    @Test
    void runAsyncFailsWithTheChatFailure() {
        IllegalStateException down = new IllegalStateException("cloud down");
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).thenFail(down);
        CompletableFuture<ToolLoop.Result> f = ToolLoop.builder(chat).tool(WEATHER, call -> "x").build()
                .runAsync(question());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertSame(down, e.getCause());
        assertEquals(2, chat.requests.size());
    }

    @Test
    void runAsyncFailsWhenTheRoundsRunOut() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(asks(LYON));
        CompletableFuture<ToolLoop.Result> f = ToolLoop.builder(chat).tool(WEATHER, call -> "x").maxRounds(1).build()
                .runAsync(question());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(ToolLoop.RoundsExceededException.class, e.getCause());
    }

    @Test
    void runAsyncRefusesANullRequestAtOnce() {
        ToolLoop loop = ToolLoop.builder(new ScriptedChat()).tool(WEATHER, call -> "x").build();
        NullPointerException e = assertThrows(NullPointerException.class, () -> loop.runAsync(null));
        assertEquals("request: must not be null", e.getMessage());
    }

    @Test
    void theExecutorRunsTheCallsOfOneAnswerTogether() {
        pool = Executors.newFixedThreadPool(2);
        AtomicInteger submitted = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CyclicBarrier both = new CyclicBarrier(2);   // only passes when the two calls run at the same time
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS, LYON)).then(answer("ok"));
        ToolLoop loop = ToolLoop.builder(chat).tool(WEATHER, call -> {
            threads.add(Thread.currentThread().getName());
            both.await(30, TimeUnit.SECONDS);
            return "met";
        }).executor(task -> {
            submitted.incrementAndGet();
            pool.execute(task);
        }).build();
        ToolLoop.Result result = loop.run(question());
        assertEquals(2, submitted.get());
        assertEquals(2, threads.size(), "each call on its own pool thread");
        assertFalse(threads.contains(Thread.currentThread().getName()));
        assertEquals(List.of(ChatMessage.toolResult("call-1", "met"), ChatMessage.toolResult("call-2", "met")),
                chat.requests.get(1).messages().subList(2, 4));
        assertEquals(1, result.rounds());
    }

    record City(String city) {
    }

    record Weather(String city, int celsius) {
    }

    @Test
    void aRecordTypedToolReadsItsArgumentsAndWritesItsResultAsJson() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS, new ToolCall("call-3", "get_weather", "{\"town\":\"Nice\"}")))
                .then(answer("ok"));
        ToolLoop loop = ToolLoop.builder(chat)
                .tool("get_weather", "Current weather in a city", City.class, c -> new Weather(c.city(), 21)).build();
        assertEquals(JsonRecords.schema(City.class), loop.tools().get(0).parametersJsonSchema());
        loop.run(question());
        List<ChatMessage> second = chat.requests.get(1).messages();
        assertEquals(ChatMessage.toolResult("call-1", "{\"city\":\"Paris\",\"celsius\":21}"), second.get(2));
        assertTrue(second.get(3).isError());
        assertEquals("tool get_weather failed with IllegalArgumentException: $.city: is missing", second.get(3).text());
    }

    @Test
    void aTypedToolMayReturnTextAListOrANumber() {
        ScriptedChat chat = new ScriptedChat().then(asks(PARIS)).then(answer("ok"));
        ToolLoop.builder(chat).tool("get_weather", "d", City.class, c -> List.of(1, "two")).build().run(question());
        assertEquals("[1,\"two\"]", chat.requests.get(1).messages().get(2).text());
        ScriptedChat text = new ScriptedChat().then(asks(PARIS)).then(answer("ok"));
        ToolLoop.builder(text).tool("get_weather", "d", City.class, c -> "sunny").build().run(question());
        assertEquals("sunny", text.requests.get(1).messages().get(2).text());
    }

    @Test
    void theLoopsToolsAreAddedToTheRequestsOwn() {
        ToolSpec time = ToolSpec.of("current_time", "The time in UTC");
        ScriptedChat chat = new ScriptedChat().then(answer("Noon."));
        ChatRequest own = ChatRequest.builder().user("Time and weather?").tools(time).build();
        ToolLoop.builder(chat).tool(WEATHER, call -> "x").build().run(own);
        assertEquals(List.of(time, WEATHER), chat.requests.get(0).tools());

        ToolSpec sameName = ToolSpec.of("get_weather", "The request's own weather tool");
        ScriptedChat again = new ScriptedChat().then(answer("ok"));
        ChatRequest withSame = ChatRequest.builder().user("Weather?").tools(sameName).build();
        ToolLoop.builder(again).tool(WEATHER, call -> "x").build().run(withSame);
        assertEquals(List.of(sameName), again.requests.get(0).tools(), "the request's own tool of a name is kept");
    }

    @Test
    void aToolIsAddedOnce() {
        ToolLoop.Builder b = ToolLoop.builder(new ScriptedChat()).tool(WEATHER, call -> "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.tool(WEATHER, call -> "y"));
        assertEquals("spec: tool \"get_weather\" is added twice", e.getMessage());
        assertEquals("tools: add at least one tool with tool(...)",
                assertThrows(IllegalStateException.class, () -> ToolLoop.builder(new ScriptedChat()).build()).getMessage());
        assertEquals("maxRounds: must be between 1 and 100, was 0",
                assertThrows(IllegalArgumentException.class, () -> b.maxRounds(0)).getMessage());
    }
}

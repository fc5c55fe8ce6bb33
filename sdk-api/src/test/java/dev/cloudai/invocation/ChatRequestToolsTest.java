package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request's tools, tool turns, reasoning settings and cache points: built, validated, copied, compared. */
class ChatRequestToolsTest {
    static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    static final ToolSpec TIME = ToolSpec.of("current_time", "The time in UTC");
    static final ToolCall PARIS = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");
    static final ToolCall LYON = new ToolCall("call-2", "get_weather", "{\"city\":\"Lyon\"}");

    private static IllegalArgumentException refused(String expected, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(expected, e.getMessage());
        return e;
    }

    private static ChatResponse askingFor(ToolCall... calls) {
        return ChatResponse.builder().text("").usage(new TokenUsage(10, 5)).finishReason(FinishReason.TOOL_USE)
                .provider("aws").model("m").toolCalls(List.of(calls)).reasoning("Need the weather.")
                .reasoningSignature("sig-1").build();
    }

    private static ChatRequest.Builder asked() {
        return ChatRequest.builder().user("Weather in Paris and Lyon?").tools(WEATHER);
    }

    @Test
    void toolsAndToolChoiceAreKeptInOrder() {
        ChatRequest r = ChatRequest.builder().user("Q").tools(WEATHER, TIME).toolChoice(ToolChoice.required()).build();
        assertEquals(List.of(WEATHER, TIME), r.tools());
        assertEquals(Optional.of(ToolChoice.required()), r.toolChoice());
        assertEquals(List.of(TIME), ChatRequest.builder().user("Q").tools(WEATHER).tools(List.of(TIME)).build().tools(),
                "tools(...) replaces");
        assertEquals(Optional.empty(), ChatRequest.ofUser("Q").toolChoice());
        assertEquals(List.of(), ChatRequest.ofUser("Q").tools());
        assertFalse(ChatRequest.ofUser("Q").hasToolHistory());
    }

    @Test
    void aToolTurnFromAResponseKeepsItsCallsAndReasoning() {
        ChatRequest r = asked().assistant(askingFor(PARIS, LYON))
                .toolResult("call-1", "{\"celsius\":21}").toolError("call-2", "station offline").build();
        List<ChatMessage> m = r.messages();
        assertEquals(4, m.size());
        assertEquals(Role.ASSISTANT, m.get(1).role());
        assertEquals(List.of(PARIS, LYON), m.get(1).toolCalls());
        assertEquals("", m.get(1).text());
        assertEquals(Optional.of("Need the weather."), m.get(1).reasoning());
        assertEquals(Optional.of("sig-1"), m.get(1).reasoningSignature());
        assertEquals(Role.TOOL, m.get(2).role());
        assertEquals(Optional.of("call-1"), m.get(2).toolCallId());
        assertEquals("{\"celsius\":21}", m.get(2).text());
        assertFalse(m.get(2).isError());
        assertEquals(Optional.of("call-2"), m.get(3).toolCallId());
        assertTrue(m.get(3).isError());
        assertEquals("station offline", m.get(3).text());
        assertTrue(r.hasToolHistory());
    }

    @Test
    void aStreamedToolTurnTakesTextAndCalls() {
        ChatRequest r = asked().assistant("Let me look.", List.of(PARIS)).toolResult("call-1", "sunny").build();
        ChatMessage turn = r.messages().get(1);
        assertEquals("Let me look.", turn.text());
        assertEquals(List.of(PARIS), turn.toolCalls());
        assertEquals(Optional.empty(), turn.reasoning());
        assertEquals(turn, asked().assistant("Let me look.", List.of(PARIS)).toolResult("call-1", "sunny").build()
                .messages().get(1));
        ChatRequest empty = asked().assistant("", List.of(PARIS)).toolResult("call-1", "sunny").user("Thanks").build();
        assertEquals(List.of(), empty.messages().get(1).parts(), "an empty streamed text adds no part");
    }

    @Test
    void aToolNameDeclaredTwiceIsNamedByItsIndex() {
        refused("tools[2].name: \"get_weather\" is declared twice; tool names must be unique",
                () -> ChatRequest.builder().user("Q").tools(WEATHER, TIME, WEATHER).build());
    }

    @Test
    void aChosenToolMustBeDeclared() {
        refused("toolChoice: tool \"get_time\" is not among the request's tools [current_time, get_weather]",
                () -> ChatRequest.builder().user("Q").tools(WEATHER, TIME).toolChoice(ToolChoice.tool("get_time")).build());
        refused("toolChoice: ToolChoice[tool=get_weather] needs tools; add them with tools(...)",
                () -> ChatRequest.builder().user("Q").toolChoice(ToolChoice.tool("get_weather")).build());
    }

    @Test
    void requiredNeedsTools() {
        refused("toolChoice: ToolChoice[REQUIRED] needs tools; add them with tools(...)",
                () -> ChatRequest.builder().user("Q").toolChoice(ToolChoice.required()).build());
        ChatRequest.builder().user("Q").toolChoice(ToolChoice.none()).build();
        ChatRequest.builder().user("Q").toolChoice(ToolChoice.auto()).build();
    }

    @Test
    void aResultForAnUnknownCallNamesItsMessage() {
        refused("messages[2].toolCallId: \"call-9\" answers no tool call of messages[1], whose calls are [call-1]",
                () -> asked().assistant(askingFor(PARIS)).toolResult("call-9", "x").build());
    }

    @Test
    void aSecondResultForTheSameCallIsRefused() {
        refused("messages[4].toolCallId: \"call-1\" already has a result",
                () -> asked().assistant(askingFor(PARIS, LYON)).toolResult("call-1", "a").toolResult("call-2", "b")
                        .toolResult("call-1", "c").build());
        refused("messages[3].toolCallId: \"call-1\" already has a result",
                () -> asked().assistant(askingFor(PARIS, LYON)).toolResult("call-1", "a").toolResult("call-1", "c")
                        .build());
    }

    @Test
    void resultsMissingBeforeTheNextUserMessageAreNamed() {
        refused("messages[1]: tool calls [call-2] have no result (messages[3] comes first); add toolResult(id, content)"
                        + " or toolError(id, message) for each",
                () -> asked().assistant(askingFor(PARIS, LYON)).toolResult("call-1", "a").user("and?").build());
    }

    @Test
    void resultsMissingAtTheEndAreNamed() {
        refused("messages[1]: tool calls [call-1, call-2] have no result (the request ends there); add"
                        + " toolResult(id, content) or toolError(id, message) for each",
                () -> asked().assistant(askingFor(PARIS, LYON)).build());
    }

    @Test
    void aToolMessageWithNoAssistantBeforeIsRefused() {
        refused("messages[1].toolCallId: \"call-1\" answers no tool call: no assistant message before it asked for tools",
                () -> asked().toolResult("call-1", "a").build());
        refused("messages[2].toolCallId: \"call-1\" answers no tool call: no assistant message before it asked for tools",
                () -> asked().assistant("Hello").toolResult("call-1", "a").build());
    }

    @Test
    void toolHistoryNeedsTools() {
        refused("tools: the conversation has tool calls but the request declares no tools; keep the same tools(...) on"
                        + " every turn of a tool conversation",
                () -> ChatRequest.builder().user("Q").assistant(askingFor(PARIS)).toolResult("call-1", "a").build());
    }

    @Test
    void reasoningBudgetAndEffortAreExclusive() {
        refused("reasoningBudget: set either reasoningBudget or reasoningEffort, not both",
                () -> ChatRequest.builder().user("Q").reasoningBudget(2000).reasoningEffort(ReasoningEffort.LOW).build());
        refused("reasoningBudget: must be positive, was 0",
                () -> ChatRequest.builder().user("Q").reasoningBudget(0).build());
    }

    @Test
    void reasoningBudgetTokensComesFromTheBudgetOrTheEffort() {
        assertEquals(OptionalInt.of(2000), ChatRequest.builder().user("Q").reasoningBudget(2000).build().reasoningBudgetTokens());
        ChatRequest high = ChatRequest.builder().user("Q").reasoningEffort(ReasoningEffort.HIGH).build();
        assertEquals(OptionalInt.of(16_384), high.reasoningBudgetTokens());
        assertEquals(OptionalInt.empty(), high.reasoningBudget());
        assertEquals(Optional.of(ReasoningEffort.HIGH), high.reasoningEffort());
        assertEquals(OptionalInt.empty(), ChatRequest.ofUser("Q").reasoningBudgetTokens());
        assertEquals(ReasoningEffort.MEDIUM, ReasoningEffort.forBudget(4096));
        assertEquals(ReasoningEffort.LOW, ReasoningEffort.forBudget(4095));
        assertEquals(ReasoningEffort.HIGH, ReasoningEffort.forBudget(100_000));
    }

    @Test
    void cachePointsAreMessageIndexes() {
        ChatRequest r = ChatRequest.builder().system("Long instructions").cachePoint().user("Q").cachePoint().build();
        assertEquals(Set.of(0, 1), r.cachePoints());
        assertEquals(List.of(0, 1), List.copyOf(r.cachePoints()), "in order");
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> ChatRequest.builder().cachePoint());
        assertEquals("cachePoint: add the messages to cache first", none.getMessage());
        assertEquals(Set.of(), ChatRequest.ofUser("Q").cachePoints());
    }

    @Test
    void equalityCoversEveryNewFieldAndToStringShowsNoText() {
        ChatRequest a = full().build();
        ChatRequest b = full().build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, full().tools(WEATHER).build());
        assertNotEquals(a, full().toolChoice(ToolChoice.auto()).build());
        assertNotEquals(a, full().responseFormat(ResponseFormat.text()).build());
        assertNotEquals(a, full().reasoningEffort(ReasoningEffort.LOW).build());
        assertNotEquals(a, full().cachePoint().build());
        ChatRequest budget = ChatRequest.builder().user("Q").reasoningBudget(100).build();
        assertNotEquals(budget, ChatRequest.builder().user("Q").reasoningBudget(101).build());
        String s = a.toString();
        for (String secret : List.of("Secret question", "Paris", "celsius", "Need the weather", "sig-1")) {
            assertFalse(s.contains(secret), s);
        }
        assertTrue(s.contains("tools=2") && s.contains("toolChoice=REQUIRED") && s.contains("responseFormat=JSON")
                && s.contains("reasoningEffort=HIGH") && s.contains("cachePoints=[0]"), s);
    }

    private static ChatRequest.Builder full() {
        return ChatRequest.builder().user("Secret question").cachePoint().tools(WEATHER, TIME)
                .toolChoice(ToolChoice.required()).assistant(askingFor(PARIS)).toolResult("call-1", "{\"celsius\":21}")
                .responseFormat(ResponseFormat.json()).reasoningEffort(ReasoningEffort.HIGH).maxTokens(100);
    }

    @Test
    void toBuilderKeepsEveryNewField() {
        ChatRequest r = full().build();
        ChatRequest copy = r.toBuilder().build();
        assertEquals(r, copy);
        assertEquals(r.tools(), copy.tools());
        assertEquals(r.toolChoice(), copy.toolChoice());
        assertEquals(r.responseFormat(), copy.responseFormat());
        assertEquals(r.reasoningEffort(), copy.reasoningEffort());
        assertEquals(r.cachePoints(), copy.cachePoints());
        assertEquals(r.messages(), copy.messages());
        ChatRequest budget = ChatRequest.builder().user("Q").reasoningBudget(700).build();
        assertEquals(OptionalInt.of(700), budget.toBuilder().build().reasoningBudget());
        ChatRequest next = r.toBuilder().user("And Lyon?").build();
        assertEquals(r.messages().size() + 1, next.messages().size());
        assertEquals(Set.of(0), next.cachePoints());
    }
}

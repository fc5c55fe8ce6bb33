package dev.cloudai.testkit.contract;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.JsonRecords;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.StreamedAnswer;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolLoop;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rich-chat contract every adapter passes against its emulated cloud: tool calls (blocking, async, streamed,
 * parallel, forced, failed, cut off mid-stream), structured output, images and documents, reasoning. The emulators
 * answer by the rules of {@link EmulatedChat}; this contract checks that each adapter maps them both ways, through
 * the whole pipeline.
 *
 * <pre>{@code
 * class AwsRichChatContractTest extends RichChatContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String reasoningModel() { return "anthropic.claude-3-7-sonnet-20250219-v1:0"; }
 *     protected boolean reportsReasoningTokens() { return false; }
 * }
 * }</pre>
 */
public abstract class RichChatContract extends EmulatorContract {
    /** A tool with one required string argument. */
    protected static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    /** A second tool, for parallel calls. */
    protected static final ToolSpec TIME = ToolSpec.of("get_time", "The time in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    /** A tool without arguments. */
    protected static final ToolSpec NOW = ToolSpec.of("current_time", "The time in UTC");

    /** A 1x1 PNG. */
    protected static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    /** The smallest PDF that says something. */
    protected static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The arguments the emulated model sends to {@link #WEATHER} and {@link #TIME}. */
    public record City(String city) {
    }

    /** One TPU, for the structured-output test. */
    public record Tpu(String name, int memoryGib) {
    }

    /** The structured answer. */
    public record Tpus(List<Tpu> tpus) {
    }

    /** The plain-JSON answer of the emulators ({@link EmulatedChat#JSON_ANSWER}). */
    public record Answer(String answer) {
    }

    /** The model id (or alias) the tests chat with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    /** A model that can reason on this cloud, served by the emulator; by default {@link #chatModel()}. */
    protected String reasoningModel() {
        return chatModel();
    }

    /** Whether the cloud's chat takes documents; when not, sending one must fail before any request. */
    protected boolean takesDocuments() {
        return true;
    }

    /** Whether the cloud returns reasoning text (and a signature); Azure OpenAI returns none. */
    protected boolean returnsReasoningText() {
        return true;
    }

    /** Whether the cloud counts reasoning tokens in its usage; Bedrock does not. */
    protected boolean reportsReasoningTokens() {
        return true;
    }

    /** The chat model under test. */
    protected final ChatModel chat() {
        return ai().chatModel(chatModel());
    }

    private static ChatRequest askWeather() {
        return ChatRequest.builder().user("What does get_weather say for Paris?").tools(WEATHER).build();
    }

    // ---- tools, blocking and async ----

    @Test
    public final void aToolRoundTripBlockingCallsTheToolThenAnswersFromItsResult() {
        ChatRequest ask = askWeather();
        ChatResponse first = chat().chat(ask);
        ToolCall call = assertOneWeatherCall(first);

        ChatResponse second = chat().chat(ask.toBuilder().assistant(first).toolResult(call.id(), "{\"celsius\":21}").build());
        assertEquals(FinishReason.STOP, second.finishReason());
        assertEquals(List.of(), second.toolCalls());
        assertEquals(EmulatedChat.toolResultsAnswer(List.of(new EmulatedChat.Result("get_weather", false))), second.text());
        assertRequests(2, "two turns, one request each");
    }

    @Test
    public final void aToolRoundTripAsyncGivesTheSameAnswers() throws Exception {
        ChatRequest ask = askWeather();
        ChatResponse first = chat().chatAsync(ask).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ToolCall call = assertOneWeatherCall(first);

        ChatResponse second = chat().chatAsync(ask.toBuilder().assistant(first).toolResult(call.id(), "sunny, 21 C").build())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("Tool results: get_weather", second.text());
        assertRequests(2, "two turns, one request each");
    }

    @Test
    public final void severalToolsNamedInOneMessageAreCalledInParallelAndAFailedOneIsReportedAsAnError() {
        ChatRequest ask = ChatRequest.builder().user("Use get_weather and get_time for Paris").tools(WEATHER, TIME).build();
        ChatResponse first = chat().chat(ask);
        assertEquals(FinishReason.TOOL_USE, first.finishReason());
        assertEquals(List.of("get_weather", "get_time"), first.toolCalls().stream().map(ToolCall::name).toList());
        assertNotEquals(first.toolCalls().get(0).id(), first.toolCalls().get(1).id(), "each call has its own id");

        ChatResponse second = chat().chat(ask.toBuilder().assistant(first)
                .toolResult(first.toolCalls().get(0).id(), "{\"celsius\":21}")
                .toolError(first.toolCalls().get(1).id(), "the clock service is down")
                .build());
        assertEquals("Tool results: get_weather, get_time (error)", second.text());
        assertRequests(2, "two turns, one request each");
    }

    @Test
    public final void aForcedToolIsCalledEvenWhenTheMessageDoesNotNameIt() {
        ChatResponse r = chat().chat(ChatRequest.builder().user("Hello there").tools(WEATHER, TIME)
                .toolChoice(ToolChoice.tool("get_time")).build());
        assertEquals(List.of("get_time"), r.toolCalls().stream().map(ToolCall::name).toList());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
    }

    @Test
    public final void aRequiredToolChoiceCallsTheFirstToolAndAutoLetsTheModelAnswerInText() {
        ChatResponse required = chat().chat(ChatRequest.builder().user("Hello there").tools(WEATHER, TIME)
                .toolChoice(ToolChoice.required()).build());
        assertEquals(List.of("get_weather"), required.toolCalls().stream().map(ToolCall::name).toList());

        ChatResponse auto = chat().chat(ChatRequest.builder().user(Canned.CHAT_PROMPT).tools(WEATHER).build());
        assertEquals(List.of(), auto.toolCalls());
        assertEquals(Canned.CHAT_TEXT, auto.text());
        assertEquals(FinishReason.STOP, auto.finishReason());
    }

    @Test
    public final void aToolWithoutArgumentsIsCalledWithAnEmptyObject() {
        ChatResponse r = chat().chat(ChatRequest.builder().user("What is current_time?").tools(NOW).build());
        assertEquals(1, r.toolCalls().size());
        assertEquals("current_time", r.toolCalls().get(0).name());
        assertEquals("{}", r.toolCalls().get(0).arguments().replaceAll("\\s", ""));
    }

    @Test
    public final void theToolLoopRunsTheToolAndReturnsTheFinalAnswer() {
        List<City> asked = new ArrayList<>();
        ToolLoop loop = ToolLoop.builder(chat())
                .tool("get_weather", "Current weather in a city", City.class, c -> {
                    asked.add(c);
                    return Map.of("celsius", 21);
                })
                .build();
        ToolLoop.Result result = loop.run(ChatRequest.ofUser("What does get_weather say for Paris?"));
        assertEquals(List.of(new City(EmulatedChat.SAMPLE_STRING)), asked);
        assertEquals(1, result.rounds());
        assertEquals("Tool results: get_weather", result.response().text());
        assertRequests(2, "one round of tools, then the answer");
    }

    // ---- tools, streamed ----

    @Test
    public final void aStreamDeliversEachToolCallOnceWholeBeforeFinishedAndTheNextTurnAnswersIt() {
        ChatRequest ask = ChatRequest.builder().user("Use get_weather and get_time for Paris").tools(WEATHER, TIME).build();
        List<ChatChunk> chunks = streamed(ask);
        List<ToolCall> calls = toolCalls(chunks);
        assertEquals(List.of("get_weather", "get_time"), calls.stream().map(ToolCall::name).toList());
        for (ToolCall call : calls) assertEquals(new City(EmulatedChat.SAMPLE_STRING), JsonRecords.read(call.arguments(), City.class));
        ChatChunk.Finished finished = assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1));
        assertEquals(FinishReason.TOOL_USE, finished.finishReason());

        StreamedAnswer answer = new StreamedAnswer();
        chunks.forEach(answer::add);
        ChatRequest.Builder next = ask.toBuilder().message(answer.toMessage());
        for (ToolCall call : calls) next.toolResult(call.id(), "{\"ok\":true}");
        assertEquals("Tool results: get_weather, get_time", text(streamed(next.build())));
        assertRequests(2, "two streamed turns, one request each");
    }

    @Test
    public final void aStreamCutInsideAToolCallIsRetriedAndDeliversTheCallExactlyOnce() {
        cloud().inject(Fault.streamCut(), 1);
        List<ChatChunk> chunks = streamed(askWeather());
        assertEquals(1, toolCalls(chunks).size(), "the cut attempt delivered nothing, the retry the whole call: " + chunks);
        assertEquals(FinishReason.TOOL_USE, ((ChatChunk.Finished) chunks.get(chunks.size() - 1)).finishReason());
        assertRequests(2, "the cut stream, then its retry");
    }

    @Test
    public final void aStreamCutEveryTimeFailsOnceAndNeverDeliversAPartialToolCall() {
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
        chat().stream(askWeather()).subscribe(subscriber);
        Throwable error = subscriber.awaitError(WAIT);
        assertInstanceOf(CloudAiException.class, error);
        assertEquals(List.of(), toolCalls(subscriber.items()), "no tool call may come out of a cut stream");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(maxAttempts(), "every attempt was cut");
    }

    // ---- structured output ----

    @Test
    public final void aJsonSchemaAnswerReadsBackIntoTheRecord() {
        ChatResponse r = chat().chat(ChatRequest.builder().user("List the TPUs you know")
                .responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build());
        assertEquals(new Tpus(List.of(new Tpu(EmulatedChat.SAMPLE_STRING, 1))), JsonRecords.read(r.text(), Tpus.class));
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(List.of(), r.toolCalls());
    }

    @Test
    public final void aJsonAnswerIsTheEmulatorsJsonObject() {
        ChatResponse r = chat().chat(ChatRequest.builder().user("Answer in JSON: what is a TPU?")
                .responseFormat(ResponseFormat.json()).build());
        assertEquals(JsonRecords.read(EmulatedChat.JSON_ANSWER, Answer.class), JsonRecords.read(r.text(), Answer.class));
    }

    @Test
    public final void aStreamedJsonSchemaAnswerJoinsToTheSameJson() {
        String json = text(streamed(ChatRequest.builder().user("List the TPUs you know")
                .responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build()));
        assertEquals(new Tpus(List.of(new Tpu(EmulatedChat.SAMPLE_STRING, 1))), JsonRecords.read(json, Tpus.class));
    }

    // ---- images and documents ----

    @Test
    public final void anImageReachesTheModel() {
        ChatResponse r = chat().chat(ChatRequest.builder()
                .user(ContentPart.text("What is in this picture?"), ContentPart.image(PNG, "image/png")).build());
        assertEquals(EmulatedChat.mediaAnswer(1, 0), r.text());
        assertRequests(1, "one call, one request");
    }

    @Test
    public final void aDocumentReachesTheModelOrIsRefusedBeforeAnyRequest() {
        ChatRequest ask = ChatRequest.builder()
                .user(ContentPart.text("Summarise this report"), ContentPart.document(PDF, "application/pdf", "report.pdf"))
                .build();
        if (takesDocuments()) {
            assertEquals(EmulatedChat.mediaAnswer(0, 1), chat().chat(ask).text());
            assertRequests(1, "one call, one request");
        } else {
            Throwable e = failureOf(() -> chat().chat(ask));
            assertInstanceOf(UnsupportedOperationException.class, e);
            assertTrue(e.getMessage().contains("messages[0].parts[1]") && e.getMessage().contains(providerId()),
                    "the message names the part and the provider: " + e.getMessage());
            assertRequests(0, "a document the cloud cannot take is refused before sending");
        }
    }

    @Test
    public final void anImageOverTheCloudsLimitIsRefusedBeforeAnyRequestBlockingAsyncAndStreamed() {
        byte[] huge = new byte[30 * 1024 * 1024];
        System.arraycopy(PNG, 0, huge, 0, PNG.length);
        ChatRequest ask = ChatRequest.builder().user(ContentPart.text("Look"), ContentPart.image(huge, "image/png")).build();
        for (Supplier<?> call : List.<Supplier<?>>of(() -> chat().chat(ask), () -> join(chat().chatAsync(ask)),
                () -> streamed(ask))) {
            Throwable e = failureOf(call);
            assertInstanceOf(IllegalArgumentException.class, e, "a part over the limit is bad input");
            assertTrue(e.getMessage().contains("messages[0].parts[1]") && e.getMessage().contains("MB"),
                    "the message names the part and the sizes: " + e.getMessage());
        }
        assertRequests(0, "nothing is sent for a part the cloud would refuse");
    }

    // ---- reasoning ----

    @Test
    public final void reasoningIsAskedForAndComesBackWhereTheCloudReturnsIt() {
        ChatResponse r = ai().chatModel(reasoningModel()).chat(ChatRequest.builder().user(Canned.CHAT_PROMPT)
                .reasoningEffort(ReasoningEffort.LOW).build());
        assertEquals(Canned.CHAT_TEXT, r.text());
        if (returnsReasoningText()) {
            assertEquals(Optional.of(EmulatedChat.REASONING_TEXT), r.reasoning());
            assertTrue(r.reasoningSignature().isPresent(), "the cloud signs its reasoning");
        } else {
            assertEquals(Optional.empty(), r.reasoning());
        }
        assertEquals(reportsReasoningTokens() ? EmulatedChat.REASONING_TOKENS : 0, r.usage().reasoningTokens());
    }

    @Test
    public final void streamedReasoningComesBeforeTheText() {
        List<ChatChunk> chunks = streamed(ai().chatModel(reasoningModel()), ChatRequest.builder().user(Canned.CHAT_PROMPT)
                .reasoningEffort(ReasoningEffort.LOW).build());
        StreamedAnswer answer = new StreamedAnswer();
        chunks.forEach(answer::add);
        assertEquals(Canned.CHAT_TEXT, answer.text());
        if (!returnsReasoningText()) return;
        assertEquals(Optional.of(EmulatedChat.REASONING_TEXT), answer.reasoning());
        int lastReasoning = -1;
        int firstText = -1;
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i) instanceof ChatChunk.ReasoningDelta) lastReasoning = i;
            if (firstText < 0 && chunks.get(i) instanceof ChatChunk.TextDelta d && !d.text().isEmpty()) firstText = i;
        }
        assertTrue(lastReasoning >= 0 && lastReasoning < firstText, "reasoning first, then text: " + chunks);
    }

    @Test
    public final void reasoningKeptOnTheAssistantTurnGoesBackWithTheToolResults() {
        ChatModel model = ai().chatModel(reasoningModel());
        ChatRequest ask = askWeather().toBuilder().reasoningEffort(ReasoningEffort.LOW).build();
        ChatResponse first = model.chat(ask);
        ToolCall call = assertOneWeatherCall(first);
        ChatResponse second = model.chat(ask.toBuilder().assistant(first).toolResult(call.id(), "{\"celsius\":21}").build());
        assertEquals("Tool results: get_weather", second.text());
    }

    // ---- bad input ----

    @Test
    public final void aToolResultForAnUnknownCallIsRefusedBeforeAnyRequest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chat().chat(
                askWeather().toBuilder().assistant("", List.of(new ToolCall("call-1", "get_weather", "{}")))
                        .toolResult("call-2", "{}").build()));
        assertTrue(e.getMessage().contains("toolCallId") && e.getMessage().contains("call-2"), e.getMessage());
        assertRequests(0, "the request never left");
    }

    // ---- helpers ----

    private static ToolCall assertOneWeatherCall(ChatResponse r) {
        assertEquals(FinishReason.TOOL_USE, r.finishReason(), "an answer with tool calls finishes with TOOL_USE");
        assertEquals(1, r.toolCalls().size(), "one call: " + r.toolCalls());
        ToolCall call = r.toolCalls().get(0);
        assertEquals("get_weather", call.name());
        assertFalse(call.id().isBlank(), "every call has an id, made by the SDK where the cloud has none");
        assertEquals(new City(EmulatedChat.SAMPLE_STRING), JsonRecords.read(call.arguments(), City.class));
        return call;
    }

    /** Streams {@code request} from {@link #chat()} to completion and returns its chunks, checking the stream rules. */
    protected final List<ChatChunk> streamed(ChatRequest request) {
        return streamed(chat(), request);
    }

    private List<ChatChunk> streamed(ChatModel model, ChatRequest request) {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
        model.stream(request).subscribe(subscriber);
        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        long finished = chunks.stream().filter(c -> c instanceof ChatChunk.Finished).count();
        assertEquals(1, finished, "exactly one Finished: " + chunks);
        assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1), "Finished comes last");
        return chunks;
    }

    private static List<ToolCall> toolCalls(List<ChatChunk> chunks) {
        List<ToolCall> calls = new ArrayList<>();
        for (ChatChunk c : chunks) {
            if (c instanceof ChatChunk.ToolUse u) calls.add(u.call());
        }
        return calls;
    }

    private static String text(List<ChatChunk> chunks) {
        StringBuilder s = new StringBuilder();
        for (ChatChunk c : chunks) {
            if (c instanceof ChatChunk.TextDelta d) s.append(d.text());
        }
        return s.toString();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The failure of a call that must fail before sending: thrown at once, or as the failed future or stream. A
     * stream's error reaches {@link #streamed} as an {@link AssertionError} whose cause is the failure.
     */
    private static Throwable failureOf(Supplier<?> call) {
        try {
            call.get();
        } catch (AssertionError e) {
            if (e.getCause() != null) return e.getCause();
            throw e;
        } catch (RuntimeException e) {
            return e;
        }
        return fail("the call succeeded; it must fail before sending");
    }
}

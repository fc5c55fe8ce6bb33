package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat contract every adapter passes against its emulated cloud: blocking, async and streamed answers map the
 * canned conversation ({@link Canned}), and retries, errors and request counts behave the same on every cloud.
 *
 * <pre>{@code
 * class AwsChatModelContractTest extends ChatModelContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String chatModel() { return "anthropic.claude-3-haiku-20240307-v1:0"; }
 * }
 * }</pre>
 */
public abstract class ChatModelContract extends EmulatorContract {
    /** How long the stream tests' subscriber takes over each chunk before asking for the next. */
    protected static final Duration CONSUMER_PAUSE = Duration.ofMillis(20);
    /** How long the stream tests watch for a signal that must not come. */
    protected static final Duration QUIET = Duration.ofMillis(100);

    /** The model id (or alias) the tests chat with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    /**
     * A model id the cloud does not serve, sent as it is; by default {@link Canned#UNKNOWN_MODEL}. A cloud whose
     * adapter rejects some ids before sending returns one it would send.
     */
    protected String unknownChatModel() {
        return Canned.UNKNOWN_MODEL;
    }

    /** The model the responses must name; by default {@link #chatModel()}. */
    protected String expectedResponseModel() {
        return chatModel();
    }

    /** The chat model under test. */
    protected final ChatModel chat() {
        return ai().chatModel(chatModel());
    }

    /** The request the tests send. */
    protected static ChatRequest prompt() {
        return ChatRequest.ofUser(Canned.CHAT_PROMPT);
    }

    @Test
    public final void chatReturnsTheCannedTextUsageFinishReasonProviderAndModel() {
        assertCannedAnswer(chat().chat(prompt()));
        assertRequests(1, "one call, one request");
    }

    @Test
    public final void chatAsyncReturnsTheSameAnswer() throws Exception {
        assertCannedAnswer(chat().chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertRequests(1, "one call, one request");
    }

    @Test
    public final void streamDeliversTheDeltasInOrderThenExactlyOneFinishedWithUsage() {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.slowConsumer(CONSUMER_PAUSE);
        chat().stream(prompt()).subscribe(subscriber);
        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);

        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertCannedStream(chunks);
        assertRequests(1, "one stream, one request");
    }

    @Test
    public final void streamSendsNothingUntilSomeoneSubscribes() {
        chat().stream(prompt());
        assertRequests(0, "a publisher nobody subscribed to must not call the cloud");
    }

    @Test
    public final void flowStreamsReadsTheWholeAnswer() {
        try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat().stream(prompt()))) {
            assertCannedStream(chunks.collect(Collectors.toList()));
        }
        assertRequests(1, "one stream, one request");
    }

    @Test
    public final void closingAStreamAfterItsFirstChunkStopsItAndLeavesTheModelUsable() {
        assertTimeoutPreemptively(WAIT, () -> {
            try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat().stream(prompt()))) {
                assertEquals(Optional.of(new ChatChunk.TextDelta(Canned.STREAM_DELTAS.get(0))),
                        chunks.filter(c -> !(c instanceof ChatChunk.TextDelta d && d.text().isEmpty())).findFirst());
            }
        }, "closing the stream after its first chunk must not wait for the rest");

        RecordingSubscriber<ChatChunk> first = RecordingSubscriber.cancellingAfter(1);
        chat().stream(prompt()).subscribe(first);
        assertEquals(1, first.awaitCompletion(WAIT).size());

        assertCannedAnswer(chat().chat(prompt()));
        assertEquals(List.of(), first.violations(), "after a cancel, the stream must not push items nobody asked for");
        assertRequests(3, "two streams and one chat, one request each");
    }

    @Test
    public final void aBlankOrMissingRequestIsRejectedBeforeAnyRequestIsSent() {
        assertThrows(IllegalArgumentException.class, () -> chat().chat(ChatRequest.ofUser("   ")));
        assertThrows(IllegalArgumentException.class, () -> chat().chat(ChatRequest.builder().system("only a system prompt").build()));
        assertThrows(NullPointerException.class, () -> chat().chat(null));
        assertThrows(NullPointerException.class, () -> chat().chatAsync(null));
        assertThrows(NullPointerException.class, () -> chat().stream(null));
        assertRequests(0, "invalid arguments fail before any request");
    }

    @Test
    public final void oneThrottleIsRetriedAndTheSecondAttemptSucceeds() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        assertCannedAnswer(chat().chat(prompt()));
        assertRequests(2, "the throttled attempt and the successful retry");
    }

    @Test
    public final void oneThrottleOfAnAsyncChatIsRetriedToo() throws Exception {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        assertCannedAnswer(chat().chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertRequests(2, "the throttled attempt and the successful retry");
    }

    @Test
    public final void aThrottleBeforeTheFirstChunkIsRetriedAndTheStreamSucceeds() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.slowConsumer(CONSUMER_PAUSE);
        chat().stream(prompt()).subscribe(subscriber);

        assertCannedStream(subscriber.awaitCompletion(WAIT));
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(2, "the throttled attempt and the successful retry");
    }

    @Test
    public final void aThrottleOnEveryRequestFailsWithThrottledExceptionAfterMaxAttempts() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), EmulatedCloud.ALWAYS);
        ThrottledException e = assertThrows(ThrottledException.class, () -> chat().chat(prompt()));
        assertEquals(providerId(), e.providerId());
        assertRequests(maxAttempts(), "one request per attempt, no retries of the adapter's own");
    }

    @Test
    public final void aServerErrorOnEveryRequestFailsWithUnavailableExceptionAfterMaxAttempts() {
        cloud().inject(Fault.serverError(500), EmulatedCloud.ALWAYS);
        UnavailableException e = assertThrows(UnavailableException.class, () -> chat().chat(prompt()));
        assertEquals(providerId(), e.providerId());
        assertRequests(maxAttempts(), "one request per attempt, no retries of the adapter's own");
    }

    @Test
    public final void anInvalidRequestFailsWithInvalidRequestExceptionAfterOneRequest() {
        cloud().inject(Fault.invalidRequest("messages: the prompt is too long"), EmulatedCloud.ALWAYS);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat().chat(prompt()));
        assertEquals(providerId(), e.providerId());
        assertRequests(1, "an invalid request is not retried");
    }

    @Test
    public final void aStreamThatFailsBeforeItsFirstChunkDeliversTheMappedErrorOnce() {
        cloud().inject(Fault.invalidRequest("messages: the prompt is too long"), EmulatedCloud.ALWAYS);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat().stream(prompt()).subscribe(subscriber);

        InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, subscriber.awaitError(WAIT));
        assertEquals(providerId(), e.providerId());
        assertEquals(List.of(), subscriber.items());
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(1, "an invalid request is not retried");
    }

    @Test
    public final void anUnknownModelFailsWithNotFoundExceptionAfterOneRequest() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> ai().chatModel(unknownChatModel()).chat(prompt()),
                () -> "chat with model '" + unknownChatModel() + "', which the cloud does not serve");
        assertUnknownModel(e);
        assertRequests(1, "an unknown model is not retried");
    }

    @Test
    public final void theAliasDefaultIsAnUnknownModelWhenNoAliasIsConfigured() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> ai().chatModel("default").chat(prompt()),
                "no alias 'default' is configured, so the literal id 'default' goes to the cloud, which does not serve it");
        assertUnknownModel(e);
        assertRequests(1, "an unknown model is not retried");
    }

    @Test
    public final void aStreamOfAnUnknownModelDeliversNotFoundExceptionOnce() {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        ai().chatModel(unknownChatModel()).stream(prompt()).subscribe(subscriber);

        assertUnknownModel(assertInstanceOf(NotFoundException.class, subscriber.awaitError(WAIT)));
        assertEquals(List.of(), subscriber.items());
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(1, "an unknown model is not retried");
    }

    /** Asserts {@code e} is this cloud's own "unknown model" answer: its provider, its error code, not retryable. */
    private void assertUnknownModel(NotFoundException e) {
        assertEquals(providerId(), e.providerId(), "providerId");
        assertTrue(e.providerCode().filter(c -> !c.isBlank()).isPresent(), () -> "the cloud's own error code: " + e);
        assertFalse(e.isRetryable(), "isRetryable");
    }

    /** Asserts {@code response} is the canned answer from this provider and model. */
    protected final void assertCannedAnswer(ChatResponse response) {
        assertEquals(Canned.CHAT_TEXT, response.text(), "text");
        assertEquals(Canned.USAGE, response.usage(), "usage");
        assertEquals(Canned.FINISH_REASON, response.finishReason(), "finishReason");
        assertEquals(providerId(), response.provider(), "provider");
        assertEquals(expectedResponseModel(), response.model(), "model");
    }

    /** Asserts {@code chunks} are the canned deltas (empty deltas allowed), then exactly one {@code Finished} with usage. */
    protected static void assertCannedStream(List<ChatChunk> chunks) {
        if (chunks.isEmpty()) throw new AssertionError("the stream delivered nothing");
        List<String> deltas = chunks.subList(0, chunks.size() - 1).stream()
                .map(c -> assertInstanceOf(ChatChunk.TextDelta.class, c, "only text deltas come before the last chunk: " + chunks))
                .map(ChatChunk.TextDelta::text)
                .filter(t -> !t.isEmpty())
                .toList();
        assertEquals(Canned.STREAM_DELTAS, deltas, "the text deltas, in order");
        ChatChunk.Finished finished = assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1),
                "the last chunk is the one Finished: " + chunks);
        assertEquals(Canned.FINISH_REASON, finished.finishReason(), "finishReason");
        assertEquals(Optional.of(Canned.USAGE), finished.usage(), "usage");
    }

    @Test
    public final void aCancelAfterTheFirstChunkStopsTheStreamAndItsOutcomeIsReportedOnce() {
        List<CallListener.CallFinished> outcomes = new CopyOnWriteArrayList<>();
        CallListener listener = new CallListener() {
            @Override
            public void onCallFinished(CallFinished event) {
                outcomes.add(event);
            }
        };
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.cancellingAfter(1);
        try (CloudAi listened = CloudAi.create(config().build(), listener)) {
            listened.chatModel(chatModel()).stream(prompt()).subscribe(subscriber);
            assertEquals(1, subscriber.awaitCompletion(WAIT).size(), "the one chunk before the cancel");

            // No terminal signal is owed after a cancel, and none may come, nor a chunk.
            List<String> late = subscriber.awaitSignalsAfter(subscriber.signals().size(), QUIET);
            assertEquals(List.of(), late, "signals after the cancel");
            assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");

            List<CallListener.CallFinished> streams = outcomes.stream().filter(e -> e.operation().equals("stream")).toList();
            assertEquals(1, streams.size(), () -> "one outcome for one cancelled stream, reported at the cancel: " + outcomes);
            assertEquals(providerId(), streams.get(0).provider());
            assertTrue(streams.get(0).failure().orElse("").startsWith("CancellationException"),
                    () -> "a cancelled stream is reported as cancelled, not as a success or the provider's error: " + streams.get(0));
        }
        assertRequests(1, "a cancelled stream sends one request and no retry");
    }
}

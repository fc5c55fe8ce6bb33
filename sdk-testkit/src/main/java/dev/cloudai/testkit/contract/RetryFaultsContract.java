package dev.cloudai.testkit.contract;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Retryable faults and what the retries make of them: throttling bursts with {@code Retry-After}, 5xx, connection
 * resets, malformed bodies, and streams that fail before their first chunk (retried) or after it (never retried).
 * See {@link FaultContract} for what every test asserts.
 *
 * <pre>{@code
 * class AwsRetryFaultsTest extends RetryFaultsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) { ((AwsCloud) cloud).cutNextStream(1); }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #cutNextStreamAfterFirstChunk} (required), {@link #streamCutFailure()},
 * {@link #malformedBodyFailure()}, {@link #connectionResetIsATransportReset()}.
 */
public abstract class RetryFaultsContract extends FaultContract {

    /**
     * Makes the next stream deliver its first text delta ({@code Canned.STREAM_DELTAS.get(0)}) and then break, the
     * way this cloud's streams break mid-answer.
     */
    protected abstract void cutNextStreamAfterFirstChunk(EmulatedCloud cloud);

    /** The neutral exception a stream cut mid-way ends with; by default {@link UnavailableException}. */
    protected Class<? extends CloudAiException> streamCutFailure() {
        return UnavailableException.class;
    }

    /**
     * The neutral exception a malformed success body maps to; by default {@link UnclassifiedException}, which is not
     * retried. A retryable mapping is allowed: the test then expects {@code maxAttempts} requests.
     */
    protected Class<? extends CloudAiException> malformedBodyFailure() {
        return UnclassifiedException.class;
    }

    /**
     * Whether {@link Fault#connectionReset()} is a real TCP reset on this cloud's emulator. A gRPC emulator answers
     * the nearest equivalent instead, the {@code UNAVAILABLE} status a client sees after a reset; the outcome and
     * the request counts asserted are the same.
     */
    protected boolean connectionResetIsATransportReset() {
        return true;
    }

    private String resetKind() {
        return connectionResetIsATransportReset() ? "a TCP reset" : "the cloud's UNAVAILABLE status (its emulator cannot reset a connection)";
    }

    @Test
    public final void aThrottlingBurstShorterThanMaxAttemptsIsRiddenOutWaitingAtLeastRetryAfter() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), burst);
        RecordingListener events = new RecordingListener();
        ChatResponse answer = chat(open(events, c -> c)).chat(prompt());

        assertCannedAnswer(answer);
        assertRequests(burst + 1, "the throttled attempts, then one that succeeds");
        assertEquals(burst, events.retries().size(), () -> "one retry per throttle: " + events.retries());
        for (CallListener.Retry retry : events.retries()) {
            assertTrue(retry.delay().compareTo(Canned.RETRY_AFTER) >= 0,
                    () -> "a retry waited " + retry.delay() + ", less than the Retry-After of " + Canned.RETRY_AFTER);
            assertTrue(retry.failure().startsWith(ThrottledException.class.getSimpleName()), retry::failure);
        }
        events.assertOneCallFinished(null, WAIT);
    }

    @Test
    public final void anAsyncChatRidesOutAThrottlingBurstToo() throws Exception {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), burst);
        RecordingListener events = new RecordingListener();
        ChatResponse answer = chat(open(events, c -> c)).chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertCannedAnswer(answer);
        assertRequests(burst + 1, "the throttled attempts, then one that succeeds");
        events.retries().forEach(r -> assertTrue(r.delay().compareTo(Canned.RETRY_AFTER) >= 0, () -> "waited only " + r.delay()));
        events.assertOneCallFinished(null, WAIT);
    }

    @Test
    public final void aThrottlingBurstLongerThanMaxAttemptsFailsWithThrottledExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), maxAttempts() + 2);
        RecordingListener events = new RecordingListener();
        ThrottledException e = assertThrows(ThrottledException.class, () -> chat(open(events, c -> c)).chat(prompt()));

        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(maxAttempts(), "maxAttempts requests, then the throttle is the caller's");
        assertEquals(maxAttempts() - 1, events.retries().size(), () -> "retries: " + events.retries());
        events.assertOneCallFinished(ThrottledException.class, WAIT);
    }

    @Test
    public final void aThrottleAskingToWaitPastTheDeadlineFailsAtOnceWithoutWaiting() throws Exception {
        cloud().inject(Fault.throttle(Duration.ofSeconds(5)), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, "2s")));

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        ThrottledException e = assertInstanceOf(ThrottledException.class, failed.getCause());
        assertEquals(java.util.Optional.of(Duration.ofSeconds(5)), e.retryAfter(), "the wait the cloud asked for");
        assertRequests(1, "a retry could only start after the deadline: none is sent");
        assertEquals(List.of(), events.retries(), "no retry scheduled");
        events.assertOneCallFinished(ThrottledException.class, WAIT);
    }

    @Test
    public final void aStreamThrottledOnEveryAttemptFailsWithThrottledExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        assertInstanceOf(ThrottledException.class, subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.items(), "nothing delivered");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(maxAttempts(), "a stream is retried before its first chunk like a chat");
        events.retries().forEach(r -> assertTrue(r.delay().compareTo(Canned.RETRY_AFTER) >= 0, () -> "waited only " + r.delay()));
        events.assertOneCallFinished(ThrottledException.class, WAIT);
    }

    @Test
    public final void aServerErrorBurstIsRetriedAndTheCallSucceeds() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.serverError(503), burst);
        RecordingListener events = new RecordingListener();
        assertCannedAnswer(chat(open(events, c -> c)).chat(prompt()));
        assertRequests(burst + 1, "the failed attempts, then one that succeeds");
        events.assertOneCallFinished(null, WAIT);
    }

    @Test
    public final void persistentServerErrorsFailWithUnavailableExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.serverError(500), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        UnavailableException e = assertThrows(UnavailableException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(maxAttempts(), "one request per attempt");
        events.assertOneCallFinished(UnavailableException.class, WAIT);
    }

    @Test
    public final void connectionResetsAreRetriedAndTheCallSucceeds() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.connectionReset(), burst);
        RecordingListener events = new RecordingListener();
        assertCannedAnswer(chat(open(events, c -> c)).chat(prompt()));
        assertRequests(burst + 1, resetKind() + ": the reset attempts, then one that succeeds");
        events.assertOneCallFinished(null, WAIT);
    }

    @Test
    public final void persistentConnectionResetsFailWithUnavailableExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.connectionReset(), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        UnavailableException e = assertThrows(UnavailableException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertTrue(e.isRetryable(), "isRetryable");
        assertRequests(maxAttempts(), resetKind() + ": one request per attempt");
        events.assertOneCallFinished(UnavailableException.class, WAIT);
    }

    @Test
    public final void aMalformedBodyFailsWithTheMappedExceptionAndIsRetriedOnlyIfThatIsRetryable() {
        cloud().inject(Fault.malformedBody(), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        CloudAiException e = assertThrows(CloudAiException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertInstanceOf(malformedBodyFailure(), e, () -> "a malformed body maps to " + malformedBodyFailure().getSimpleName());
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(e.isRetryable() ? maxAttempts() : 1,
                "as many requests as isRetryable() implies (" + e.getClass().getSimpleName() + ")");
        events.assertOneCallFinished(malformedBodyFailure(), WAIT);
    }

    @Test
    public final void aStreamCutAfterItsFirstChunkDeliversThatTextOnceThenTheErrorOnceWithoutRetry() {
        cutNextStreamAfterFirstChunk(cloud());
        RecordingListener events = new RecordingListener();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        Throwable error = subscriber.awaitError(WAIT);
        CloudAiException e = assertInstanceOf(streamCutFailure(), error, () -> "the cut maps to " + streamCutFailure().getSimpleName());
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals(Canned.STREAM_DELTAS.get(0), text(subscriber.items()), "the text before the cut, exactly once");
        assertTrue(subscriber.items().stream().noneMatch(ChatChunk.Finished.class::isInstance), "no Finished after a cut");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules (one terminal signal, no item after it)");
        assertRequests(1, "no retry once a chunk reached the caller");
        assertEquals(List.of(), events.retries(), "no retry once a chunk reached the caller");
        events.assertOneCallFinished(streamCutFailure(), WAIT);
    }

    @Test
    public final void aStreamFailingBeforeItsFirstChunkIsRetriedAndTheWholeTextArrivesOnce() {
        cloud().inject(Fault.serverError(503), 1);
        RecordingListener events = new RecordingListener();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);
        ChatModelContract.assertCannedStream(chunks);
        assertEquals(Canned.CHAT_TEXT, text(chunks), "the whole text, once");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(2, "the failed attempt, then the stream");
        events.assertOneCallFinished(null, WAIT);
    }
}

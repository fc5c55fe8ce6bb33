package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code CloudAi.close()} under calls that are open: an async chat or a stream in flight, a call waiting for its
 * retry, a deployment waiting for its endpoint each end at once with one {@link IllegalStateException} that says
 * so, and one reported outcome; no retry is sent after close, and calls after close fail without a request. See
 * {@link FaultContract} for what every test asserts.
 *
 * <pre>{@code
 * class AwsClosingUnderCallsTest extends ClosingUnderCallsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #endpointSpec()}.
 */
public abstract class ClosingUnderCallsContract extends FaultContract {
    /**
     * The wait a throttle asks for in the closing tests: longer than any test waits, so a call stranded by
     * {@code close()} shows as a missing outcome, never as an answer that came late.
     */
    protected static final Duration CLOSE_RETRY_AFTER = Duration.ofSeconds(60);

    /** The spec the deployment test deploys; by default {@link Canned#endpointSpec(String)} of {@link Canned#INSTANCE_TYPE}. */
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(Canned.INSTANCE_TYPE);
    }

    /** The exception of a call that was open when its {@code CloudAi} closed: one that says so. */
    private void assertClosedUnder(Throwable failure) {
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure, "the call's outcome");
        assertTrue(e.getMessage().contains("was closed while this"), e::getMessage);
        assertTrue(e.getMessage().contains(providerId()), () -> "names the provider: " + e.getMessage());
    }

    private static void assertClosedAfter(IllegalStateException e) {
        assertTrue(e.getMessage().contains("is closed"), e::getMessage);
    }

    /**
     * Runs a blocking call on a thread of its own; completes with what it threw (null when it returned), or with an
     * AssertionError when the call left the thread interrupted: close() may interrupt a caller to end its wait, but
     * must clear that interrupt.
     */
    private static CompletableFuture<Throwable> onAnotherThread(Runnable blockingCall) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        new Thread(() -> {
            Throwable failure = null;
            try {
                blockingCall.run();
            } catch (Throwable t) {
                failure = t;
            }
            outcome.complete(Thread.currentThread().isInterrupted()
                    ? new AssertionError("the caller's thread was left interrupted", failure) : failure);
        }, "closing-test-caller").start();
        return outcome;
    }

    @Test
    public final void closingEndsAnAsyncChatInFlightAtOnceWithAnExceptionThatSaysSo() throws Exception {
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        warmUp(events, () -> chat.chatAsync(prompt()).join());
        cloud().inject(Fault.slowResponse(LATE), 1);
        CompletableFuture<ChatResponse> call = chat.chatAsync(prompt());
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(assertThrows(ExecutionException.class, () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause());
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
        assertRequests(1, "the request in flight, never retried");
    }

    @Test
    public final void closingEndsAnAsyncChatWaitingForItsRetryAtOnceAndNoRetryIsSent() throws Exception {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        CompletableFuture<ChatResponse> call = chat(ai).chatAsync(prompt());
        events.awaitRetry(WAIT);

        ai.close();
        assertClosedUnder(assertThrows(ExecutionException.class, () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause());
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
        assertRequests(1, "the throttled request; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsABlockingChatWaitingForItsRetryAtOnce() throws Exception {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        CompletableFuture<Throwable> outcome = onAnotherThread(() -> chat(ai).chat(prompt()));
        events.awaitRetry(WAIT);

        ai.close();
        assertClosedUnder(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
        assertRequests(1, "the throttled request; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsAStreamInFlightAtOnceWithOneError() {
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        warmUp(events, () -> {
            RecordingSubscriber<ChatChunk> warm = RecordingSubscriber.oneAtATime();
            chat.stream(prompt()).subscribe(warm);
            warm.awaitCompletion(WAIT);
        });
        cloud().inject(Fault.slowResponse(LATE), 1);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat.stream(prompt()).subscribe(subscriber);
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.items(), "nothing delivered");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
        assertRequests(1, "the stream in flight, never retried");
    }

    @Test
    public final void closingEndsAStreamWaitingForItsRetryAtOnceWithOneError() {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(ai).stream(prompt()).subscribe(subscriber);
        events.awaitRetry(WAIT);

        ai.close();
        assertClosedUnder(subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
        assertRequests(1, "the throttled stream; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsADeploymentWaitingForItsEndpointAtOnce() throws Exception {
        RecordingListener events = new RecordingListener();
        // A poll interval longer than any test waits: the deployment is surely between two status reads at close.
        CloudAi ai = open(events, c -> c.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "60s"));
        CompletableFuture<Throwable> outcome = onAnotherThread(() -> ai.endpoints().deploy(endpointSpec()));
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        events.assertOneCallFinished(IllegalStateException.class, WAIT);
    }

    @Test
    public final void callsAfterCloseFailAtOnceWithoutARequest() {
        RecordingListener events = new RecordingListener();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        ai.close();
        ai.close();   // idempotent

        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.chat(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.chatAsync(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.stream(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> ai.chatModel(chatModel())));
        assertRequests(0, "nothing is sent after close");
    }
}

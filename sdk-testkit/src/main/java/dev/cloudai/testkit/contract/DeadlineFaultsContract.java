package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The deadline ({@code cloudai.timeout}) of async chats and streams: a response slower than it ends the call in
 * {@link DeadlineExceededException}, the request in flight cancelled and never retried. Blocking calls have their
 * own contract, {@link BlockingDeadlineContract}. See {@link FaultContract} for what every test asserts.
 *
 * <pre>{@code
 * class AwsDeadlineFaultsTest extends DeadlineFaultsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 * }
 * }</pre>
 */
public abstract class DeadlineFaultsContract extends FaultContract {

    @Test
    public final void anAsyncChatSlowerThanTheDeadlineFailsWithDeadlineExceededAndIsNotRetried() throws Exception {
        RecordingListener events = new RecordingListener();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms")));
        warmUp(events, () -> chat.chatAsync(prompt()).join());
        cloud().inject(Fault.slowResponse(LATE), 1);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, failed.getCause());
        assertEquals(providerId(), e.providerId(), "providerId");
        events.assertOneCallFinished(DeadlineExceededException.class, WAIT);

        // A retry after the deadline would reach the emulator before this follow-up call's request does. The
        // follow-up goes through a CloudAi without the short deadline: a first answer may take longer to parse.
        assertCannedAnswer(chat(ai()).chat(prompt()));
        assertRequests(2, "the late request (cancelled at the deadline, never retried), then the follow-up call");
        assertEquals(1, events.attempts().size(), () -> "attempts: " + events.attempts());
    }

    @Test
    public final void aStreamSlowerThanTheDeadlineFailsWithDeadlineExceededAndIsNotRetried() throws Exception {
        RecordingListener events = new RecordingListener();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms")));
        warmUp(events, () -> {
            RecordingSubscriber<ChatChunk> warm = RecordingSubscriber.oneAtATime();
            chat.stream(prompt()).subscribe(warm);
            warm.awaitCompletion(WAIT);
        });
        cloud().inject(Fault.slowResponse(LATE), 1);

        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat.stream(prompt()).subscribe(subscriber);
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, subscriber.awaitError(WAIT));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals(List.of(), subscriber.items(), "nothing arrived before the deadline");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneCallFinished(DeadlineExceededException.class, WAIT);

        assertCannedAnswer(chat(ai()).chat(prompt()));
        assertRequests(2, "the late stream (cancelled at the deadline, never retried), then the follow-up call");
        assertEquals(1, events.attempts().size(), () -> "attempts: " + events.attempts());
    }
}

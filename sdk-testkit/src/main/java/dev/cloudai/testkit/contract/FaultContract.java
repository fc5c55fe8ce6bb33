package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.RecordingListener;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the fault-injection contracts share: each test builds its own {@code CloudAi} with the full resilience
 * pipeline (its own circuits, its own {@link RecordingListener}), with {@link #retrySettings()} (3 attempts, 1 to 5 ms
 * backoff) and throttles asking for {@link Canned#RETRY_AFTER}, so the suites run in seconds. Every test asserts
 * three things: the outcome (the answer, or the neutral exception), the number of requests the emulator saw, and
 * that no answer was lost or duplicated (one outcome per logical call; a stream's text exactly once). Waits are
 * asserted through the listener's {@code Retry} events, never by the clock.
 *
 * <p>A cloud's tests extend the contracts, one class each: {@link RetryFaultsContract} (throttling, server errors,
 * connection resets, malformed bodies, streams failing before or after their first chunk),
 * {@link DeadlineFaultsContract}, {@link CircuitBreakerContract}, {@link FallbackContract},
 * {@link ClosingUnderCallsContract} and {@link DeploymentFaultsContract}.
 *
 * <pre>{@code
 * class AwsRetryFaultsTest extends RetryFaultsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) { ((AwsCloud) cloud).cutNextStream(1); }
 * }
 * }</pre>
 *
 * <p>Hooks every one of them has: {@link #chatModel()}, and {@link #configure} and {@link #retrySettings()} of
 * {@link EmulatorContract}.
 */
public abstract class FaultContract extends EmulatorContract {
    /** The {@code cloudai.timeout} of the deadline tests. */
    protected static final Duration DEADLINE = Duration.ofMillis(200);
    /** How late the emulator answers in the deadline tests: well past {@link #DEADLINE}. */
    protected static final Duration LATE = Duration.ofMillis(1500);

    private final List<CloudAi> opened = new ArrayList<>();

    FaultContract() {
        // only the contracts of this package extend it
    }

    /** The model id the tests chat with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    @AfterEach
    protected final void closeCloudAis() {
        opened.forEach(CloudAi::close);
        opened.clear();
    }

    /** The configuration every test starts from: the cloud's keys, {@link #configure}, {@link #retrySettings()}. */
    protected final CloudAiConfig.Builder baseConfig() {
        return configure(emulator().config(providerId()).retry(retrySettings()));
    }

    /** A {@code CloudAi} of {@link #baseConfig()} changed by {@code change}, reporting to {@code events}; closed after the test. */
    protected final CloudAi open(RecordingListener events, UnaryOperator<CloudAiConfig.Builder> change) {
        CloudAi ai = CloudAi.create(change.apply(baseConfig()).build(), events);
        opened.add(ai);
        return ai;
    }

    /**
     * Makes one successful call through a new client before a deadline test, then resets the emulator and the
     * events: a cold client (connection, TLS-less handshake, class loading) can take longer than {@link #DEADLINE}
     * to send its first request, and the test must see its late request reach the emulator. A first call through
     * {@link #ai()}, which has no short deadline, loads the classes any client needs: a contract class may be the
     * first of its JVM to call the cloud.
     */
    final void warmUp(RecordingListener events, Runnable call) {
        assertCannedAnswer(chat(ai()).chat(prompt()));
        int calls = 0;
        while (true) {
            calls++;
            try {
                call.run();
                break;
            } catch (RuntimeException | AssertionError e) {
                if (calls == 5) throw new AssertionError("5 calls in a row missed the " + DEADLINE + " deadline without any fault", e);
            }
        }
        events.awaitCallsFinished(calls, WAIT);   // every warm-up outcome is in before the events are cleared
        cloud().reset();
        events.clear();
    }

    final ChatModel chat(CloudAi ai) {
        return ai.chatModel(chatModel());
    }

    static ChatRequest prompt() {
        return ChatRequest.ofUser(Canned.CHAT_PROMPT);
    }

    /** Waits, bounded, until the emulator has received {@code n} requests: the call is in flight there. */
    final void awaitRequestsAtEmulator(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cloud().requestCount() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator received " + cloud().requestCount() + " of " + n + " requests within " + WAIT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    final void assertCannedAnswer(ChatResponse response) {
        assertEquals(Canned.CHAT_TEXT, response.text(), "text");
        assertEquals(Canned.USAGE, response.usage(), "usage");
        assertEquals(providerId(), response.provider(), "provider");
    }

    static String text(List<ChatChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        for (ChatChunk c : chunks) if (c instanceof ChatChunk.TextDelta d) sb.append(d.text());
        return sb.toString();
    }
}

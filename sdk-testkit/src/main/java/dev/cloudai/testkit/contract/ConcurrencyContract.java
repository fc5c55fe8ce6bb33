package dev.cloudai.testkit.contract;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.WireMockCloud;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many async calls against a slow emulated cloud: every call gets the canned answer exactly once, the JVM does not
 * start a thread per call, the emulator serves the calls concurrently, and a bulkhead caps the requests in flight
 * at the emulator exactly. Concurrency is measured at the emulator, from WireMock's journal: a request is in flight
 * from its arrival until its (delayed) answer was sent. Needs a {@link WireMockCloud}.
 *
 * <pre>{@code
 * class AwsConcurrencyTest extends ConcurrencyContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String chatModel() { return "anthropic.claude-3-haiku-20240307-v1:0"; }
 * }
 * }</pre>
 *
 * <p>No wall-clock assertion: how long the burst takes depends on the machine. What is asserted is what the burst
 * did: answers, requests, threads, overlap.
 */
public abstract class ConcurrencyContract extends EmulatorContract {
    /** How many async calls the burst makes. */
    protected static final int CALLS = 150;
    /** How long the emulator takes over each answer. */
    protected static final Duration SLOW = Duration.ofMillis(300);
    /** The bulkhead of the bulkhead test. */
    protected static final int BULKHEAD = 5;
    /** The most threads the whole JVM may run during the burst on two cores; see {@link #maxThreads()}. */
    protected static final int MAX_THREADS = 60;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The model id the burst chats with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    @Test
    public final void manyParallelAsyncChatsAgainstASlowCloudAllAnswerOnceWithoutAThreadPerCall() throws Exception {
        try (CloudAi ai = CloudAi.create(configure(emulator().config(providerId()).retry(retrySettings()))
                .property(ConfigKeys.TIMEOUT, "60s").build())) {
            ChatModel chat = ai.chatModel(chatModel());
            cloud().inject(Fault.slowResponse(SLOW), EmulatedCloud.ALWAYS);
            // A first, smaller burst fills the pools (client event loops, emulator server threads) to their size.
            burst(chat, CALLS / 3);
            cloud().reset();
            cloud().inject(Fault.slowResponse(SLOW), EmulatedCloud.ALWAYS);

            THREADS.resetPeakThreadCount();
            long startedBefore = THREADS.getTotalStartedThreadCount();
            List<CompletableFuture<ChatResponse>> calls = burst(chat, CALLS);
            int peakThreads = THREADS.getPeakThreadCount();
            long started = THREADS.getTotalStartedThreadCount() - startedBefore;

            for (CompletableFuture<ChatResponse> call : calls) assertEquals(Canned.CHAT_TEXT, call.join().text());
            assertRequests(CALLS, "one request per call: none lost, none repeated");
            assertTrue(started < 10, () -> started + " threads started during " + CALLS + " calls: a thread per call?");
            assertTrue(peakThreads < maxThreads(), () -> "the JVM ran up to " + peakThreads + " threads for " + CALLS
                    + " calls (limit " + maxThreads() + "): " + threadNames());
            // The emulator's Jetty pool (25 threads, each delayed answer holding one) serves about 20 at once: the
            // burst cannot finish in one round trip here, but it must keep the emulator that busy.
            int inFlight = maxInFlight(servedEvents());
            assertTrue(inFlight >= 10, () -> "the emulator served at most " + inFlight + " requests at once; async calls"
                    + " must not wait for each other");
        }
    }

    /**
     * The most threads the whole JVM may run during the burst, the emulator's 25 server threads included: 60 on two
     * cores, plus 4 per further core, because HTTP clients size their event-loop pools by core count. Far below one
     * per call either way.
     */
    protected int maxThreads() {
        return MAX_THREADS + 4 * Math.max(0, Runtime.getRuntime().availableProcessors() - 2);
    }

    private static List<CompletableFuture<ChatResponse>> burst(ChatModel chat, int n) throws Exception {
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) calls.add(chat.chatAsync(ChatRequest.ofUser(Canned.CHAT_PROMPT + " #" + i)));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds() * 6, TimeUnit.SECONDS);
        return calls;
    }

    @Test
    public final void aBulkheadCapsTheRequestsInFlightAtTheEmulatorExactly() throws Exception {
        try (CloudAi ai = CloudAi.create(configure(emulator().config(providerId()).retry(retrySettings()))
                .property(ConfigKeys.TIMEOUT, "60s").property(ConfigKeys.BULKHEAD, Integer.toString(BULKHEAD)).build())) {
            ChatModel chat = ai.chatModel(chatModel());
            chat.chat(ChatRequest.ofUser(Canned.CHAT_PROMPT));
            cloud().reset();
            cloud().inject(Fault.slowResponse(SLOW), EmulatedCloud.ALWAYS);

            int n = 6 * BULKHEAD;
            List<CompletableFuture<ChatResponse>> calls = burst(chat, n);

            for (CompletableFuture<ChatResponse> call : calls) assertEquals(Canned.CHAT_TEXT, call.join().text());
            assertRequests(n, "one request per call: none lost, none repeated");
            assertEquals(BULKHEAD, maxInFlight(servedEvents()),
                    "the most requests in flight at the emulator at once: exactly the bulkhead");
        }
    }

    private WireMockCloud wireMockCloud() {
        if (!(cloud() instanceof WireMockCloud w)) {
            throw new IllegalStateException("ConcurrencyContract measures concurrency in WireMock's journal; "
                    + cloud().getClass().getName() + " is not a WireMockCloud");
        }
        return w;
    }

    /**
     * The emulator's journal once every answer in it has its timing. WireMock completes the client's response before
     * it records the time the answer took, so a caller that has all its answers can read the journal a moment too
     * early; the wait is bounded and fails with what is missing.
     */
    private List<ServeEvent> servedEvents() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<ServeEvent> events = wireMockCloud().server().getAllServeEvents();
            long untimed = events.stream().filter(e -> e.getTiming() == null || e.getTiming().getTotalTime() == null).count();
            if (untimed == 0) return events;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(untimed + " of " + events.size() + " answers have no timing in WireMock's journal after " + WAIT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * The most requests in flight at once: for each request, how many were in flight at the middle of its own
     * span (arrival to answer sent). The middle, not the edges, because WireMock logs times in whole milliseconds:
     * a request that starts as another ends could look like an overlap at the edges, never at the middle of a
     * {@link #SLOW} answer.
     */
    static int maxInFlight(List<ServeEvent> events) {
        List<long[]> spans = new ArrayList<>();
        for (ServeEvent e : events) {
            long start = e.getRequest().getLoggedDate().getTime();
            spans.add(new long[] {start, start + e.getTiming().getTotalTime()});
        }
        int max = 0;
        for (long[] s : spans) {
            long middle = (s[0] + s[1]) / 2;
            int count = 0;
            for (long[] o : spans) if (o[0] <= middle && middle < o[1]) count++;
            max = Math.max(max, count);
        }
        return max;
    }

    private static String threadNames() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) if (t != null) sb.append(t.getThreadName()).append("; ");
        return sb.toString();
    }
}

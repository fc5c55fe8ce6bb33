package dev.cloudai.gcp;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.contract.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many async Vertex AI chats over one gRPC channel against a slow emulator. Unlike the WireMock emulators, the Vertex
 * emulator's front delays answers on a timer, holding no thread per request: every call can be in flight at once.
 * The test asserts that they are (when the first answer arrives, the emulator has received every request: one round
 * trip for all) and that each call gets its answer once. No wall-clock assertion. Threads are not counted here: the
 * emulator's own gRPC server and its forwarding channel run on grpc-java's default cached pool, which grows with
 * concurrent calls in this same JVM, so the count would say nothing about the SDK (the AWS and Azure concurrency
 * tests bound threads).
 */
class GcpConcurrencyTest {
    private static final int CALLS = 150;
    private static final Duration SLOW = Duration.ofSeconds(2);
    private static CloudEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = CloudEmulator.start(new GcpCloud());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void allParallelAsyncChatsAreInFlightAtOnceAndEachAnswersOnce() throws Exception {
        EmulatedCloud cloud = emulator.cloud("gcp");
        try (CloudAi ai = CloudAi.create(emulator.config("gcp").retry(Canned.FAST_RETRY).property(ConfigKeys.TIMEOUT, "60s").build())) {
            ChatModel chat = ai.chatModel(Canned.CHAT_MODEL);
            burst(chat, 20, Duration.ofMillis(200));   // warm: channel connected, pools at their size
            cloud.reset();

            CompletableFuture<Integer> seenAtFirstAnswer = new CompletableFuture<>();
            cloud.inject(Fault.slowResponse(SLOW), EmulatedCloud.ALWAYS);
            List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                CompletableFuture<ChatResponse> call = chat.chatAsync(ChatRequest.ofUser(Canned.CHAT_PROMPT + " #" + i));
                call.whenComplete((r, e) -> seenAtFirstAnswer.complete(cloud.requestCount()));
                calls.add(call);
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            for (CompletableFuture<ChatResponse> call : calls) assertEquals(Canned.CHAT_TEXT, call.join().text());
            assertEquals(CALLS, cloud.requestCount(), "one request per call: none lost, none repeated");
            assertEquals(CALLS, seenAtFirstAnswer.join(), "every request had reached the emulator before the first"
                    + " answer came back: all " + CALLS + " calls were in flight at once, one round trip for all");
        }
    }

    private static void burst(ChatModel chat, int n, Duration slow) throws Exception {
        emulator.cloud("gcp").inject(Fault.slowResponse(slow), EmulatedCloud.ALWAYS);
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) calls.add(chat.chatAsync(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
}

package dev.cloudai.benchmarks;

import dev.cloudai.benchmarks.stub.Answers;
import dev.cloudai.benchmarks.stub.HttpStub;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The concurrency benchmark's stub is not its ceiling: it holds 1,000 requests at once on two threads, so the
 * time to answer them all is the SDK's. Proven without a clock: the stub's answers wait (a minute, far longer than
 * this test) until all 1,000 are held, then are released together.
 */
class StubCapacityTest {
    private static final int CALLS = 1000;

    @Test
    void holdsAThousandRawRequestsAtOnceOnTwoThreads() throws Exception {
        try (HttpStub stub = HttpStub.start(Duration.ofMinutes(1), 2);
             RawClients.BedrockAsync raw = RawClients.bedrockAsync(stub.uri(), CALLS)) {
            CompletableFuture<Void> holdingAll = stub.whenHolding(CALLS);
            List<CompletableFuture<ConverseResponse>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) calls.add(raw.client().converse(RawClients.converseRequest(OurSide.PROMPT)));
            try {
                holdingAll.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the stub held at most " + stub.peakHeld() + " of " + CALLS + " requests at once within 30 s");
            }
            long stubThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("http-stub")).count();

            stub.releaseHeld();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            for (CompletableFuture<ConverseResponse> c : calls) assertEquals(Answers.TEXT, RawClients.text(c.join()));
            assertEquals(CALLS, stub.peakHeld());
            assertEquals(CALLS, stub.answered());
            assertTrue(stubThreads <= 2, "the stub ran " + stubThreads + " threads for " + CALLS + " held requests");
        }
    }
}

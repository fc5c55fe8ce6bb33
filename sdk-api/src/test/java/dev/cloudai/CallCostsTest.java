package dev.cloudai;

import dev.cloudai.fake.FakeProvider;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost of a call reaches the caller and the listeners: a chat's answer, an async chat's, a stream's last chunk,
 * and each CallFinished, priced from the price table (here a file of the test's own); a model without a price has
 * no cost, never a zero one.
 */
class CallCostsTest {
    @TempDir
    Path dir;
    final List<CallListener.CallFinished> finished = Collections.synchronizedList(new ArrayList<>());
    final CallListener listener = new CallListener() {
        @Override
        public void onCallFinished(CallFinished e) {
            finished.add(e);
        }
    };

    /** 3 input tokens at $2 per million and 2 output tokens at $10 per million: what the fake provider reports. */
    static final BigDecimal EXPECTED = new BigDecimal("0.000026");

    @BeforeEach
    void reset() {
        FakeProvider.reset();
    }

    private CloudAi ai() throws IOException {
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, """
                provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,cache_write_usd_per_1m,source,source_date,notes
                fake,fake-model,2,10,,,https://example.test/prices,2026-12-01,the test's own price
                """);
        return CloudAi.create(CloudAiConfig.builder().provider("fake").model("default", "fake", "fake-model")
                .pricingFile(prices).build(), listener);
    }

    @Test
    void aChatAndAnAsyncChatCarryTheirCostAndSoDoTheirEvents() throws IOException {
        try (CloudAi ai = ai()) {
            ChatResponse blocking = ai.chatModel("default").chat(ChatRequest.ofUser("hi"));
            ChatResponse async = ai.chatModel("default").chatAsync(ChatRequest.ofUser("hi")).join();
            for (ChatResponse r : List.of(blocking, async)) {
                CallCost cost = r.cost().orElseThrow();
                assertEquals(0, EXPECTED.compareTo(cost.totalUsd()), () -> "cost " + cost);
                assertEquals("fake-model", cost.pricedModel());
                assertTrue(cost.source().contains("https://example.test/prices"), cost.source());
            }
        }
        assertEquals(2, finished.size());
        for (CallListener.CallFinished e : finished) {
            assertEquals(0, EXPECTED.compareTo(e.cost().orElseThrow().totalUsd()));
        }
    }

    @Test
    void aStreamCarriesItsCostOnItsLastChunk() throws IOException {
        List<ChatChunk> chunks;
        try (CloudAi ai = ai(); var items = FlowStreams.toStream(ai.chatModel("default").stream(ChatRequest.ofUser("hi")))) {
            chunks = items.toList();
        }
        ChatChunk.Finished last = (ChatChunk.Finished) chunks.get(chunks.size() - 1);
        assertEquals(0, EXPECTED.compareTo(last.cost().orElseThrow().totalUsd()));
        assertEquals(last.cost(), finished.get(0).cost());
    }

    @Test
    void aModelWithoutAPriceHasNoCostNotAZeroOne() throws IOException {
        try (CloudAi ai = ai()) {
            ChatResponse r = ai.chatModel("unpriced-model").chat(ChatRequest.ofUser("hi"));
            assertEquals(Optional.empty(), r.cost());
        }
        assertEquals(Optional.empty(), finished.get(0).cost());
    }

    @Test
    void aBadPriceFileFailsAtStartUpNotAtTheFirstCall() throws IOException {
        Path prices = dir.resolve("bad.csv");
        Files.writeString(prices, """
                provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,cache_write_usd_per_1m,source,source_date,notes
                fake,fake-model,two,10,,,https://example.test/prices,2026-12-01,not a number
                """);
        CloudAiConfig config = CloudAiConfig.builder().provider("fake").pricingFile(prices).build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> CloudAi.create(config));
        assertTrue(e.getMessage().contains("bad.csv"), e::getMessage);
        assertEquals(null, FakeProvider.lastConfig, "no provider was made, so none is left open");
    }
}

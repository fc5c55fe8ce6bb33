package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call's cost on the answer and on a stream's last chunk: absent unless given, kept by copies, part of equality. */
class CallCostApiTest {
    static final CallCost COST = new CallCost(new BigDecimal("0.0003085"), new BigDecimal("0.00070875"), BigDecimal.ZERO,
            "anthropic.claude-3-haiku-20240307-v1:0", "https://example.test (2026-07-24)");

    private static ChatResponse.Builder base() {
        return ChatResponse.builder().text("Hi").usage(new TokenUsage(1234, 567)).finishReason(FinishReason.STOP)
                .provider("aws").model("us.anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void anAnswerHasNoCostUntilOneIsGiven() {
        assertEquals(Optional.empty(), base().build().cost());
        assertEquals(Optional.empty(), base().cost(null).build().cost(), "null is 'price not known'");
        assertEquals(Optional.of(COST), base().cost(COST).build().cost());
    }

    @Test
    void toBuilderEqualityAndToStringCoverTheCost() {
        ChatResponse priced = base().cost(COST).build();
        assertEquals(priced, priced.toBuilder().build());
        assertEquals(priced.hashCode(), priced.toBuilder().build().hashCode());
        assertNotEquals(priced, base().build());
        assertNotEquals(priced, priced.toBuilder().cost(new CallCost(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO,
                "m", "s")).build());
        assertTrue(priced.toString().contains(", costUsd=0.00101725]"), priced.toString());
        assertFalse(base().build().toString().contains("costUsd"), base().build().toString());
    }

    @Test
    void theLastChunkOfAStreamCarriesTheCostWhenGiven() {
        ChatChunk.Finished f = new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.of(new TokenUsage(3, 2)));
        assertEquals(Optional.empty(), f.cost());
        ChatChunk.Finished priced = f.withCost(COST);
        assertEquals(Optional.of(COST), priced.cost());
        assertEquals(f.usage(), priced.usage());
        assertEquals(new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.of(new TokenUsage(3, 2)),
                Optional.of(COST)), priced);
        assertNotEquals(f, priced);
        assertEquals(f, priced.withCost(null));
    }
}

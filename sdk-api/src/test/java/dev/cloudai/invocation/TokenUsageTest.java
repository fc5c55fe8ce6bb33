package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Token counts, the cache and reasoning details 0 where a cloud reports none. */
class TokenUsageTest {

    @Test
    void theTwoCountConstructorLeavesTheDetailsAtZero() {
        assertEquals(new TokenUsage(12, 30, 0, 0, 0), new TokenUsage(12, 30));
        TokenUsage u = new TokenUsage(12, 30, 4, 2, 7);
        assertEquals(4, u.cachedInputTokens());
        assertEquals(2, u.cacheWriteInputTokens());
        assertEquals(7, u.reasoningTokens());
        assertEquals(42, u.totalTokens());
    }

    @Test
    void aNegativeCountIsNamed() {
        assertEquals("inputTokens: must not be negative, was -1",
                assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0)).getMessage());
        assertEquals("outputTokens: must not be negative, was -2",
                assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, -2)).getMessage());
        assertEquals("cachedInputTokens: must not be negative, was -3",
                assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, -3, 0, 0)).getMessage());
        assertEquals("cacheWriteInputTokens: must not be negative, was -4",
                assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, 0, -4, 0)).getMessage());
        assertEquals("reasoningTokens: must not be negative, was -5",
                assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, 0, 0, 0, -5)).getMessage());
    }
}

package dev.cloudai.spi;

import dev.cloudai.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestLimitTest {
    private static final RequestLimit BODY = RequestLimit.bytes("a test body", 1000, "https://example.com/limits");

    @Test
    void aRequestOverTheLimitIsAnInvalidRequestNamingTheLimitTheSizeAndTheReference() {
        assertDoesNotThrow(() -> BODY.check("aws", "invoke", 1000));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> BODY.check("aws", "invoke", 1001));
        assertEquals("aws invoke failed: a test body is 1,001 bytes, over the limit of 1,000 bytes (https://example.com/limits);"
                + " nothing was sent. Send less per call: shorten the input or split it over several requests (code"
                + " RequestTooLarge). Fix the request; sending it again unchanged will fail the same way", e.getMessage());
        assertEquals(Optional.of(RequestLimit.PROVIDER_CODE), e.providerCode());
        assertFalse(e.isRetryable());
    }

    @Test
    void charactersAreCodePointsSoASurrogatePairCountsOnce() {
        RequestLimit message = RequestLimit.characters("a chat message", 3, "https://example.com/limits");
        assertDoesNotThrow(() -> message.checkCharacters("azure", "chat", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"));   // 3 emoji, 6 chars
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> message.checkCharacters("azure", "chat", "abcd"));
        assertTrue(e.getMessage().contains("a chat message is 4 characters, over the limit of 3 characters"), e::getMessage);
        assertThrows(IllegalStateException.class, () -> BODY.checkCharacters("aws", "invoke", "x"), "a byte limit counts no characters");
    }

    @Test
    void aLimitMustSayWhatItLimitsAndWhereItIsPublished() {
        assertThrows(IllegalArgumentException.class, () -> RequestLimit.items(" ", 1, "https://example.com"));
        assertThrows(IllegalArgumentException.class, () -> RequestLimit.items("inputs", 0, "https://example.com"));
        assertThrows(IllegalArgumentException.class, () -> RequestLimit.items("inputs", 1, ""));
    }
}

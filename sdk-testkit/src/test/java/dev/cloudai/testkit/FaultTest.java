package dev.cloudai.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultTest {

    @Test
    void factoriesBuildTheRecordsTheyName() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), Fault.throttle(Duration.ofSeconds(2)).retryAfter());
        assertEquals(Optional.empty(), Fault.throttle(null).retryAfter());
        assertEquals(Fault.throttle(null), Fault.throttle());
        assertEquals(503, Fault.serverError(503).status());
        assertEquals("bad field", Fault.invalidRequest("bad field").message());
        assertEquals(Duration.ofMillis(10), Fault.slowResponse(Duration.ofMillis(10)).delay());
        assertEquals(new Fault.ConnectionReset(), Fault.connectionReset());
    }

    @Test
    void invalidFaultsAreRefusedNamingTheField() {
        assertMessageStartsWith("status:", assertThrows(IllegalArgumentException.class, () -> Fault.serverError(429)));
        assertMessageStartsWith("status:", assertThrows(IllegalArgumentException.class, () -> Fault.serverError(600)));
        assertMessageStartsWith("retryAfter:", assertThrows(IllegalArgumentException.class, () -> Fault.throttle(Duration.ofMillis(-1))));
        assertMessageStartsWith("retryAfter:", assertThrows(NullPointerException.class, () -> new Fault.Throttle(null)));
        assertMessageStartsWith("message:", assertThrows(IllegalArgumentException.class, () -> Fault.invalidRequest(" ")));
        assertMessageStartsWith("delay:", assertThrows(IllegalArgumentException.class, () -> Fault.slowResponse(Duration.ZERO)));
        assertMessageStartsWith("delay:", assertThrows(IllegalArgumentException.class, () -> Fault.slowResponse(Duration.ofHours(1))));
        assertMessageStartsWith("delay", assertThrows(NullPointerException.class, () -> Fault.slowResponse(null)));
    }

    private static void assertMessageStartsWith(String prefix, Throwable e) {
        assertTrue(e.getMessage().startsWith(prefix), e::getMessage);
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The circuit breaker on a real adapter: failed requests fill its window, then calls fail fast with no request
 * sent. See {@link FaultContract} for what every test asserts.
 *
 * <pre>{@code
 * class AwsCircuitBreakerTest extends CircuitBreakerContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 * }
 * }</pre>
 */
public abstract class CircuitBreakerContract extends FaultContract {

    @Test
    public final void aCircuitOpensOnceItsWindowFillsWithFailuresAndThenFailsFastWithoutRequests() {
        int window = 4;
        cloud().inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.CIRCUIT_ENABLED, "true")
                .property(ConfigKeys.CIRCUIT_WINDOW, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, "60s")));

        int calls = 0;
        UnavailableException fastFail = null;
        while (fastFail == null && calls < 2 * window) {
            calls++;
            UnavailableException e = assertThrows(UnavailableException.class, () -> chat.chat(prompt()));
            if (e.isCircuitOpen()) fastFail = e;
        }
        if (fastFail == null) fail("the circuit never opened in " + calls + " calls; the emulator saw " + cloud().requestCount());
        assertRequests(window, "every attempt counts in the window: the circuit opens after exactly " + window
                + " failed requests, and the call that found it open sent no more");
        assertTrue(events.circuitChanges().stream().anyMatch(c -> c.to().equals("OPEN")), () -> "circuit events: " + events.circuitChanges());
        assertFalse(fastFail.getMessage().isBlank(), "a message that says the circuit is open");

        for (int i = 0; i < 3; i++) {
            UnavailableException e = assertThrows(UnavailableException.class, () -> chat.chat(prompt()));
            assertTrue(e.isCircuitOpen(), () -> "fails fast while open: " + e);
        }
        assertRequests(window, "an open circuit sends nothing");
    }
}

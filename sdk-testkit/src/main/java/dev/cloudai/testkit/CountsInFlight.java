package dev.cloudai.testkit;

/**
 * An emulator that counts the requests it holds at once, measured by the emulator itself: a request is in flight from
 * its arrival until its answer goes out, injected delays included. {@link WireMockCloud}s and the Vertex AI
 * emulator count; concurrency tests read the count to prove how many calls a client really had in flight.
 *
 * <pre>{@code
 * cloud.inject(Fault.slowResponse(Duration.ofSeconds(2)), EmulatedCloud.ALWAYS);   // answers held, on a timer
 * List<CompletableFuture<ChatResponse>> calls = ...;                               // 300 chatAsync calls
 * CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
 * int atOnce = ((CountsInFlight) cloud).maxInFlight();                             // 300: all in flight together
 * }</pre>
 */
public interface CountsInFlight {
    /** The requests in flight now. */
    int inFlight();

    /** The most requests in flight at once since the emulator started or was last reset. */
    int maxInFlight();
}

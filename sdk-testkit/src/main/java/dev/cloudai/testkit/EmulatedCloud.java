package dev.cloudai.testkit;

import java.util.Map;

/**
 * One cloud's emulator: a local server that speaks that cloud's wire API, serves the canned conversation of
 * {@link dev.cloudai.testkit.contract.Canned} by default, and fails on request with injected {@link Fault}s.
 * Usually run through {@link CloudEmulator}; HTTP clouds extend {@link WireMockCloud}.
 *
 * <pre>{@code
 * EmulatedCloud cloud = new AwsCloud();           // stands for the emulator of the cloud you use
 * cloud.start();                                   // binds a free loopback port
 * cloud.properties();                              // {cloudai.aws.endpoint=http://127.0.0.1:53117, ...}
 * cloud.inject(Fault.throttle(), 1);               // the next request is throttled
 * cloud.requestCount();                            // requests received since start or the last reset
 * cloud.close();
 * }</pre>
 */
public interface EmulatedCloud extends AutoCloseable {

    /** For {@link #inject(Fault, int)}: every request fails with the fault until {@link #reset()}. */
    int ALWAYS = Integer.MAX_VALUE;

    /** The provider id this cloud emulates, as in {@code cloudai.provider}: {@code aws}, {@code gcp}, {@code azure}. */
    String id();

    /**
     * Starts the server on a free loopback port and registers the default stubs.
     *
     * @throws IllegalStateException when it is running already
     */
    void start();

    /** Whether {@link #start()} was called and {@link #close()} not yet. */
    boolean isRunning();

    /**
     * The configuration keys that point this cloud's provider at the running emulator, for example
     * {@code cloudai.aws.endpoint=http://127.0.0.1:PORT} plus harmless region or project values. Does not include
     * {@code cloudai.provider}; {@link CloudEmulator#properties(String)} adds it.
     *
     * @throws IllegalStateException when the cloud is not running
     */
    Map<String, String> properties();

    /** The requests received since {@link #start()} or the last {@link #reset()}, matched or not. */
    int requestCount();

    /** Restores the default stubs and clears the request journal and every injected fault. */
    void reset();

    /**
     * Makes the next {@code times} requests fail with {@code fault}; after them, the default stubs answer again.
     * Faults injected later take precedence while both are pending.
     *
     * @param times how many requests fail, at least 1, or {@link #ALWAYS}
     * @throws IllegalStateException when the cloud is not running
     */
    void inject(Fault fault, int times);

    /** Stops the server. Idempotent. */
    @Override
    void close();
}

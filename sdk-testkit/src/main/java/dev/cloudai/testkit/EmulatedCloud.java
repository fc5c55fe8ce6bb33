package dev.cloudai.testkit;

import java.util.Map;
import java.util.Set;

/**
 * One cloud's emulator: a local server that speaks that cloud's wire API, serves the canned conversation of
 * {@link dev.cloudai.testkit.Canned} by default, and fails on request with injected {@link Fault}s.
 * Usually run through {@link CloudEmulator}; HTTP clouds extend {@link WireMockCloud}.
 *
 * <pre>{@code
 * EmulatedCloud cloud = new AwsCloud();           // stands for the emulator of the cloud you use
 * cloud.start();                                   // binds a free loopback port
 * cloud.properties();                              // {cloudai.aws.endpoint=http://127.0.0.1:53117, ...}
 * cloud.inject(Fault.throttle(), 1);               // the next request is throttled
 * cloud.requestCount();                            // requests received since start or the last reset
 * cloud.serveModels("my-fine-tuned-model");        // other model ids get the cloud's "unknown model" answer
 * cloud.failNextDeployment("quota exceeded");      // the next deployment ends failed with that reason
 * cloud.hostProtocol("my-llama", ServingProtocol.TGI); // the endpoint answers as a TGI server, whatever is asked
 * cloud.failBatchItems("bad input", "item-042");   // batch jobs fail that item's line as an invalid request
 * cloud.close();
 * }</pre>
 *
 * <p>An emulator is as strict as its cloud where a test could otherwise pass against it and fail against the cloud:
 * it answers only the models it serves ({@link #models()}) and only endpoints that were deployed, each with the
 * cloud's own error.
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

    /**
     * The model ids this cloud answers (for Azure OpenAI, deployment names): by default
     * {@link SampleModels#servedBy(String)}, plus those added with {@link #serveModels(String...)}. Any other id is
     * answered as the real cloud answers a model it does not have.
     *
     * @throws UnsupportedOperationException when this emulator does not check model ids
     */
    default Set<String> models() {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName() + ") does not check model ids");
    }

    /**
     * Adds model ids this cloud serves, for example a model your application configures that the defaults lack.
     * Callable before or after {@link #start()}; kept across {@link #reset()}.
     *
     * @return this cloud, for chaining: {@code CloudEmulator.start(new AwsCloud().serveModels("my-model"))}
     * @throws IllegalArgumentException when an id is blank
     * @throws UnsupportedOperationException when this emulator does not check model ids
     */
    default EmulatedCloud serveModels(String... modelIds) {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName() + ") does not check model ids");
    }

    /**
     * Makes the next deployment this cloud starts end failed, with {@code reason} as the cloud's failure reason (for
     * example a quota or health-check message), as the cloud reports a deployment that fails. The endpoint itself
     * stays and can be read and deleted. Until it is used or {@link #reset()}.
     *
     * @throws IllegalStateException when the cloud is not running
     * @throws UnsupportedOperationException when this emulator has no endpoints
     */
    default void failNextDeployment(String reason) {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName() + ") has no endpoints to deploy");
    }

    /**
     * Makes the endpoint named {@code endpointName} answer every invocation in {@code protocol}'s format, whatever the
     * request looks like (otherwise it answers in the protocol the request speaks, see {@link EmulatedServing}): to
     * test a model used with the wrong protocol. Until {@link #reset()}.
     *
     * @throws UnsupportedOperationException when this emulator has no endpoints
     */
    default void hostProtocol(String endpointName, dev.cloudai.deployment.ServingProtocol protocol) {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName() + ") has no endpoints");
    }

    /**
     * Makes every batch job this cloud runs from now on fail the items with these custom ids: their result lines are
     * written as the cloud writes a line the model refused as an invalid request (Bedrock a record with
     * {@code error.errorCode} 400, Vertex AI a line with a {@code status} of code 3 {@code INVALID_ARGUMENT}, Azure
     * OpenAI a line in the error file with a 400 {@code response}), carrying {@code message}. The job itself still
     * completes, counting those items failed, so a test reads a partially failed job. Until {@link #reset()}.
     * {@code dev.cloudai.testkit.contract.BatchContract} relies on it.
     *
     * @throws UnsupportedOperationException when this emulator has no batch engine
     */
    default void failBatchItems(String message, String... customIds) {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName() + ") has no batch engine");
    }

    /** Stops the server. Idempotent. */
    @Override
    void close();
}

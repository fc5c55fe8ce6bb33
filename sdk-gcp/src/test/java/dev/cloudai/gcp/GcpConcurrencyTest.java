package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ConcurrencyContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * Many async Vertex AI chats over the Prediction client's gRPC channels against a slow emulator that, like Google's
 * front ends, runs at most 100 calls at once on one connection; a bulkhead of 5.
 */
class GcpConcurrencyTest extends ConcurrencyContract {
    /** Calls Google's front ends run at once on one HTTP/2 connection (the emulator's limit too). */
    private static final int CALLS_PER_CONNECTION = 100;

    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    /** gRPC multiplexes: each of the {@code ceil(maxConnections / 100)} channels carries 100 calls at once. */
    @Override
    protected int inFlightLimit(int maxConnections) {
        return ((maxConnections + CALLS_PER_CONNECTION - 1) / CALLS_PER_CONNECTION) * CALLS_PER_CONNECTION;
    }
}

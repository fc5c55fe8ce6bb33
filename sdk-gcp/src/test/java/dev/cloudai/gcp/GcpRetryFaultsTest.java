package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.RetryFaultsContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * The retry faults (throttling, 5xx, resets, malformed bodies, stream failures) against the Vertex AI emulator, over
 * gRPC. A gRPC emulator cannot reset a TCP connection per call: {@code Fault.connectionReset()} is the {@code
 * UNAVAILABLE} status a client sees after one. A stream cut is {@code UNAVAILABLE} after the first chunk.
 */
class GcpRetryFaultsTest extends RetryFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected boolean connectionResetIsATransportReset() {
        return false;
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((GcpCloud) cloud).cutStreams(1, 1);
    }
}

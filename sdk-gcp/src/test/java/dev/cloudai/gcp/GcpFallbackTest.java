package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.FallbackContract;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.standby.StandbyCloud;

/**
 * The fallback contract against the Vertex AI emulator, over gRPC. A stream cut is {@code UNAVAILABLE} after the
 * first chunk. Fallback goes to {@link StandbyCloud}: this module has no other adapter on its classpath.
 */
class GcpFallbackTest extends FallbackContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((GcpCloud) cloud).cutStreams(1, 1);
    }

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

package dev.cloudai.micrometer;

import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The meters of real calls on the Vertex AI emulator, over gRPC; see {@link CloudMetricsContract}. */
class GcpMetricsTest extends CloudMetricsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }
}

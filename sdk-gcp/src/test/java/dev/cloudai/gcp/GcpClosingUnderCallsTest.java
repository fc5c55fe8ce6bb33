package dev.cloudai.gcp;

import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ClosingUnderCallsContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * Closing the client under open calls against the Vertex AI emulator, over gRPC.
 */
class GcpClosingUnderCallsTest extends ClosingUnderCallsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(GcpCloud.MACHINE_TYPE);
    }
}

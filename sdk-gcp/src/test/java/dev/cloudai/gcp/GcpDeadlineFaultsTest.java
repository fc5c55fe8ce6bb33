package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.DeadlineFaultsContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * The async and stream deadline faults against the Vertex AI emulator, over gRPC.
 */
class GcpDeadlineFaultsTest extends DeadlineFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }
}

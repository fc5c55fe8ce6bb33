package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.contract.BlockingDeadlineContract;

/** A blocking call past cloudai.timeout is ended by the SDK's own per-request timeout, which the adapter sets. */
class GcpBlockingDeadlineTest extends BlockingDeadlineContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }
}

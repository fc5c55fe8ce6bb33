package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.BlockingDeadlineContract;

/** A blocking call past cloudai.timeout is ended by the SDK's own per-request timeout, which the adapter sets. */
class AzureBlockingDeadlineTest extends BlockingDeadlineContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }
}

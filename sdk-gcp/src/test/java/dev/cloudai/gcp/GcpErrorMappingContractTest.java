package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ErrorMappingContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * The error contract against the Vertex AI emulator. gRPC errors have no HTTP status and Vertex sends no request id;
 * a throttle's delay travels as a {@code google.rpc.RetryInfo} detail, which the mapper reads.
 */
class GcpErrorMappingContractTest extends ErrorMappingContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected boolean reportsHttpStatus() {
        return false;
    }

    @Override
    protected boolean carriesRequestId() {
        return false;
    }
}

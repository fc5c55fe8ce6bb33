package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.CircuitBreakerContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * The circuit-breaker contract against the Vertex AI emulator, over gRPC.
 */
class GcpCircuitBreakerTest extends CircuitBreakerContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }
}

package dev.cloudai.gcp;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.contract.EndpointModelContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/**
 * Deployed models as chat and embedding models on Vertex AI: each protocol over RawPredict and StreamRawPredict,
 * against endpoints of the Vertex emulator that host the emulated model servers.
 */
class GcpEndpointModelContractTest extends EndpointModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property("cloudai.deploy.poll-interval", "10ms");
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(GcpCloud.MACHINE_TYPE);
    }

    /** Vertex endpoint ids are numbers. */
    @Override
    protected String neverDeployedEndpointId() {
        return "9999";
    }
}

package dev.cloudai.gcp;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.EndpointsContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The endpoints contract against the Vertex AI emulator: upload, create, deploy, poll, predict, undeploy, delete. */
class GcpEndpointsContractTest extends EndpointsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected String instanceType() {
        return GcpCloud.MACHINE_TYPE;
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property("cloudai.deploy.poll-interval", "10ms");
    }

    /** Vertex endpoint ids are numbers. */
    @Override
    protected String neverDeployedEndpointId() {
        return "9999";
    }
}

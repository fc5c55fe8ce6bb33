package dev.cloudai.azure;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.EndpointsContract;

/** The shared endpoint contract, against the emulated Azure ML workspace (in eastus) and its ARM operations. */
class AzureEndpointsContractTest extends EndpointsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected String instanceType() {
        return "Standard_NC4as_T4_v3";
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
    }
}

package dev.cloudai.azure;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.contract.EndpointModelContract;

/** Deployed models as chat and embedding models on Azure ML online endpoints, over their scoring URIs. */
class AzureEndpointModelContractTest extends EndpointModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec("Standard_NC4as_T4_v3");
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
    }

    /** A new client reads the endpoint's scoring URI and then its key before its first scoring request. */
    @Override
    protected int endpointLookupRequests() {
        return 2;
    }
}

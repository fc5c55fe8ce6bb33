package dev.cloudai.azure;

import dev.cloudai.CloudAi;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ErrorMappingContract;

/**
 * The shared error contract again, on Azure Resource Manager instead of Azure OpenAI: the faulted call is a list of
 * the workspace's online endpoints, so the same mapper must read ARM's answers the same way.
 */
class AzureMlErrorMappingContractTest extends ErrorMappingContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected void callOnce(CloudAi ai) {
        ai.endpoints().list();
    }

    @Override
    protected String operation() {
        return "list";
    }
}

package dev.cloudai.azure;

import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ClosingUnderCallsContract;

/**
 * Closing the client under open calls against the Azure emulator (Azure OpenAI chat and SSE streams, Azure ML
 * deploys).
 */
class AzureClosingUnderCallsTest extends ClosingUnderCallsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec("Standard_NC4as_T4_v3");
    }
}

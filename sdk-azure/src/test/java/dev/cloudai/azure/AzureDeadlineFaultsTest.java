package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.DeadlineFaultsContract;

/**
 * The async and stream deadline faults against the Azure emulator (Azure OpenAI chat and SSE streams, Azure ML
 * deploys).
 */
class AzureDeadlineFaultsTest extends DeadlineFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}

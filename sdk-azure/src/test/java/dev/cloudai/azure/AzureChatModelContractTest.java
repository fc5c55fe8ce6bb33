package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ChatModelContract;

/** The shared chat contract, against the Azure emulator: deployment names are the model ids. */
class AzureChatModelContractTest extends ChatModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}

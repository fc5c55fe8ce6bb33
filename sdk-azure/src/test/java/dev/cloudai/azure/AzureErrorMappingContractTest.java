package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ErrorMappingContract;

/** The shared error contract on Azure OpenAI chat: Azure's errors carry status, Retry-After and request ids. */
class AzureErrorMappingContractTest extends ErrorMappingContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}

package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ConcurrencyContract;

/** Many async Azure OpenAI chats through azure-core's HTTP client against a slow emulator; a bulkhead of 5. */
class AzureConcurrencyTest extends ConcurrencyContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}

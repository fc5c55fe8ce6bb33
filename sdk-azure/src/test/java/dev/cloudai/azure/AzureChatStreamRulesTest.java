package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ChatStreamRulesContract;

/** The Reactive Streams rules of an Azure OpenAI chat stream (SSE), through CloudAi against the Azure emulator. */
class AzureChatStreamRulesTest extends ChatStreamRulesContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}

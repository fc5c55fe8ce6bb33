package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.RichChatContract;

/**
 * The shared rich-chat contract against the Azure emulator. Azure OpenAI chat takes no documents and returns no
 * reasoning text, only the reasoning token count; any deployment may serve a reasoning model, so the same
 * deployment name is used for reasoning.
 */
class AzureRichChatContractTest extends RichChatContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }

    @Override
    protected boolean takesDocuments() {
        return false;
    }

    @Override
    protected boolean returnsReasoningText() {
        return false;
    }
}

package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.RetryFaultsContract;

/**
 * The retry faults (throttling, 5xx, resets, malformed bodies, stream failures) against the Azure emulator (Azure
 * OpenAI chat and SSE streams, Azure ML deploys). A stream cut is an SSE body that stops after the first delta,
 * without a finish reason or {@code [DONE]}.
 */
class AzureRetryFaultsTest extends RetryFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((AzureCloud) cloud).cutStreamsAfterFirstDelta();
    }
}

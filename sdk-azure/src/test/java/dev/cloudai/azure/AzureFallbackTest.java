package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.FallbackContract;
import dev.cloudai.testkit.standby.StandbyCloud;

/**
 * The fallback contract against the Azure emulator (Azure OpenAI chat and SSE streams, Azure ML deploys). A stream
 * cut is an SSE body that stops after the first delta, without a finish reason or {@code [DONE]}. Fallback goes to
 * {@link StandbyCloud}: this module has no other adapter on its classpath.
 */
class AzureFallbackTest extends FallbackContract {
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

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatModelContract;

/** The ChatModel contract, end to end against testcloud: config, discovery, pipeline, HTTP, WireMock. */
class TestCloudChatModelContractTest extends ChatModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new TestCloud();
    }
}

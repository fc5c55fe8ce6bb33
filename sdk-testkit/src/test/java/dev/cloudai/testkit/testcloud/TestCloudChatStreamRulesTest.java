package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatStreamRulesContract;

/** The stream rules, end to end against testcloud: its NDJSON stream behind the SDK's retry pipeline. */
class TestCloudChatStreamRulesTest extends ChatStreamRulesContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new TestCloud();
    }
}

package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatStreamRulesContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The Reactive Streams rules of a Vertex StreamGenerateContent chat stream, through CloudAi against the GCP emulator. */
class GcpChatStreamRulesTest extends ChatStreamRulesContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }
}

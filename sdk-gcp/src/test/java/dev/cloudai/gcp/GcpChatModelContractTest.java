package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatModelContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The chat contract against the Vertex AI emulator: GenerateContent and StreamGenerateContent over gRPC. */
class GcpChatModelContractTest extends ChatModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }
}

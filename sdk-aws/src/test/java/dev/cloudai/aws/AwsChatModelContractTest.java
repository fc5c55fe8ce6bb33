package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ChatModelContract;

/** The chat contract against the AWS emulator: Converse and ConverseStream through the real AWS SDK clients. */
class AwsChatModelContractTest extends ChatModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    /** A real Bedrock model id, with the ':' the SDK must percent-encode into the path. */
    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

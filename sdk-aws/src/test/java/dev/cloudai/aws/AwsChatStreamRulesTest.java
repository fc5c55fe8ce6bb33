package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ChatStreamRulesContract;

/** The Reactive Streams rules of a Bedrock ConverseStream chat stream, through CloudAi against the AWS emulator. */
class AwsChatStreamRulesTest extends ChatStreamRulesContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.DeadlineFaultsContract;

/**
 * The async and stream deadline faults against the AWS emulator (Bedrock Converse and ConverseStream, SageMaker
 * deploys).
 */
class AwsDeadlineFaultsTest extends DeadlineFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

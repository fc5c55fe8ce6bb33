package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ClosingUnderCallsContract;

/**
 * Closing the client under open calls against the AWS emulator (Bedrock Converse and ConverseStream, SageMaker
 * deploys).
 */
class AwsClosingUnderCallsTest extends ClosingUnderCallsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole");
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(AwsCloud.INSTANCE_TYPE);
    }
}

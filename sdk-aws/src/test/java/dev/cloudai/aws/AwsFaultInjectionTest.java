package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.Canned;
import dev.cloudai.testkit.contract.FaultInjectionContract;
import dev.cloudai.testkit.contract.StandbyCloud;

/**
 * The fault-injection suite against the AWS emulator: Bedrock Converse and ConverseStream, SageMaker deploys. A
 * stream cut is an {@code internalServerException} frame after the first delta; a throttled status check is
 * SageMaker's 400 {@code ThrottlingException}. Fallback goes to {@link StandbyCloud}: this module has no other
 * adapter on its classpath.
 */
class AwsFaultInjectionTest extends FaultInjectionContract {
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
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((AwsCloud) cloud).cutNextStream(1);
    }

    @Override
    protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) {
        ((AwsCloud) cloud).throttleNextStatusCheck();
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(AwsCloud.INSTANCE_TYPE);
    }

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.FallbackContract;
import dev.cloudai.testkit.standby.StandbyCloud;

/**
 * The fallback contract against the AWS emulator (Bedrock Converse and ConverseStream, SageMaker deploys). A stream
 * cut is an {@code internalServerException} frame after the first delta. Fallback goes to {@link StandbyCloud}: this
 * module has no other adapter on its classpath.
 */
class AwsFallbackTest extends FallbackContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((AwsCloud) cloud).cutNextStream(1);
    }

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

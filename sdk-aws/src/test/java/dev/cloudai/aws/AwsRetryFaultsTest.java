package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.RetryFaultsContract;

/**
 * The retry faults (throttling, 5xx, resets, malformed bodies, stream failures) against the AWS emulator (Bedrock
 * Converse and ConverseStream, SageMaker deploys). A stream cut is an {@code internalServerException} frame after the
 * first delta.
 */
class AwsRetryFaultsTest extends RetryFaultsContract {
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
}

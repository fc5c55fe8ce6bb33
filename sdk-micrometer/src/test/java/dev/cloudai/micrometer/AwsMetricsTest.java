package dev.cloudai.micrometer;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;

/** The meters of real calls on the AWS emulator (Bedrock Converse and ConverseStream); see {@link CloudMetricsContract}. */
class AwsMetricsTest extends CloudMetricsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.CircuitBreakerContract;

/**
 * The circuit-breaker contract against the AWS emulator (Bedrock Converse and ConverseStream, SageMaker deploys).
 */
class AwsCircuitBreakerTest extends CircuitBreakerContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

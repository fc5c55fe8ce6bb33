package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ConcurrencyContract;

/** Many async Converse calls through the AWS SDK's Netty client against a slow emulator; a bulkhead of 5. */
class AwsConcurrencyTest extends ConcurrencyContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.BlockingDeadlineContract;

/** A blocking call past cloudai.timeout is ended by the SDK's own per-request timeout, which the adapter sets. */
class AwsBlockingDeadlineTest extends BlockingDeadlineContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

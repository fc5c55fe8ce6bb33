package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ErrorMappingContract;

/** The error contract: each neutral fault, rendered as AWS renders errors, through {@code AwsErrorMapper}. */
class AwsErrorMappingContractTest extends ErrorMappingContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }
}

package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.EndpointsContract;

/** The endpoints contract against the emulated SageMaker: deploy, wait, get, list, invoke, delete. */
class AwsEndpointsContractTest extends EndpointsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    /** A SageMaker hosting type of the built-in catalog, and the one the emulator reports for its endpoint. */
    @Override
    protected String instanceType() {
        return AwsCloud.INSTANCE_TYPE;
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
    }
}

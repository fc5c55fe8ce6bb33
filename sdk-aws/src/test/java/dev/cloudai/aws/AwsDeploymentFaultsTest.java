package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.DeploymentFaultsContract;

/**
 * The deployment faults against the AWS emulator (Bedrock Converse and ConverseStream, SageMaker deploys). A
 * throttled status check is SageMaker's 400 {@code ThrottlingException}.
 */
class AwsDeploymentFaultsTest extends DeploymentFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole");
    }

    @Override
    protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) {
        ((AwsCloud) cloud).throttleNextStatusCheck();
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(AwsCloud.INSTANCE_TYPE);
    }
}

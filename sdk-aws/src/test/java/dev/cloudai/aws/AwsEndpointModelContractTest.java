package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.contract.EndpointModelContract;

/**
 * The endpoint-model contract on SageMaker: a deployed model as a chat and embedding model over InvokeEndpoint and
 * InvokeEndpointWithResponseStream, its container's errors relayed as SageMaker's {@code ModelError}.
 */
class AwsEndpointModelContractTest extends EndpointModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    /** On a SageMaker hosting type of the built-in catalog. */
    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(AwsCloud.INSTANCE_TYPE);
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
    }
}

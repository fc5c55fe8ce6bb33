package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.InvokeStreamTck;

import java.util.List;

/**
 * The Reactive Streams TCK on a SageMaker response stream ({@code EventStreamPublisher} over
 * InvokeEndpointWithResponseStream): n {@code PayloadPart} events (shape from the SageMaker Runtime
 * InvokeEndpointWithResponseStream API reference, ResponseStream).
 */
public class SageMakerResponseStreamTckTest extends InvokeStreamTck {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String instanceType() {
        return AwsCloud.INSTANCE_TYPE;
    }

    @Override
    protected void serveParts(EmulatedCloud cloud, List<String> parts) {
        ((AwsCloud) cloud).streamPayloadParts(parts);
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole");
    }
}

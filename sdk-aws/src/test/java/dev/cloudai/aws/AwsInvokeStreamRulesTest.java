package dev.cloudai.aws;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.contract.EmulatorContract;
import dev.cloudai.testkit.contract.StreamRulesContract;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Reactive Streams rules of {@code Endpoints.invokeStream} on SageMaker (InvokeEndpointWithResponseStream),
 * through CloudAi against the AWS emulator; the other clouds' endpoints do not stream. Each test deploys the endpoint
 * first, as the emulator serves only deployed ones.
 */
class AwsInvokeStreamRulesTest extends EmulatorContract implements StreamRulesContract<byte[]> {
    private int requestsBeforeStream;

    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
    }

    @BeforeEach
    void deploy() {
        ai().endpoints().deploy(EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .instanceType(AwsCloud.INSTANCE_TYPE).timeout(Duration.ofSeconds(10)).build());
        requestsBeforeStream = cloud().requestCount();
    }

    @Override
    public Flow.Publisher<byte[]> newPublisher() {
        return ai().endpoints().invokeStream(Canned.ENDPOINT_NAME, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY));
    }

    @Override
    public Flow.Publisher<byte[]> newFailingPublisher() {
        cloud().inject(Fault.invalidRequest("the container rejected the input"), EmulatedCloud.ALWAYS);
        return newPublisher();
    }

    @Override
    public void assertFailure(Throwable error) {
        assertInstanceOf(InvalidRequestException.class, error, "the failing stream's one error");
    }

    @Override
    public void assertSourceStopped() {
        assertEquals(1, cloud().requestCount() - requestsBeforeStream, "a cancelled stream sends one request and no retry");
    }
}

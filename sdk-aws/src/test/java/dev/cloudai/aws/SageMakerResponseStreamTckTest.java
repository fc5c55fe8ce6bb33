package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.aws.AwsCloud;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK for a SageMaker response stream ({@code Endpoints.invokeStream}: {@code EventStreamPublisher}
 * over InvokeEndpointWithResponseStream, inside the call pipeline's retrying publisher), through {@code CloudAi}
 * against the AWS emulator, on an endpoint deployed once for the class. A stream of n items is the emulator answering
 * n {@code PayloadPart} events ({@link AwsCloud#streamPayloadParts}, shape from the SageMaker Runtime
 * InvokeEndpointWithResponseStream API reference, ResponseStream); 0 is a stream of no part, so the optional
 * empty-stream rule runs too. The optional multicast rule 1.11 tests skip themselves: each subscription is a call of
 * its own and the items are {@code byte[]}, equal by content but not by {@code equals}, which the TCK compares.
 */
public class SageMakerResponseStreamTckTest extends FlowPublisherVerification<byte[]> {
    private AwsCloud cloud;
    private CloudEmulator emulator;
    private CloudAi ai;

    public SageMakerResponseStreamTckTest() {
        // a real HTTP call on two cores: 1 s for an expected signal; 50 ms of quiet where none may come
        super(new TestEnvironment(1_000, 50));
    }

    /** Started here, not in the constructor: TestNG makes the instance at discovery, long before the class runs. */
    @BeforeClass
    public void startEmulator() {
        cloud = new AwsCloud();
        emulator = CloudEmulator.start(cloud);
        ai = CloudAi.create(emulator.config(cloud.id()).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "false")
                .property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/EmulatorSageMakerRole")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").build());
        // the emulator streams only from an endpoint in service
        ai.endpoints().deploy(EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .instanceType(AwsCloud.INSTANCE_TYPE).timeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public Flow.Publisher<byte[]> createFlowPublisher(long elements) {
        List<String> parts = new ArrayList<>();
        for (long i = 0; i < elements; i++) parts.add("p" + i);
        cloud.streamPayloadParts(parts);   // read when the call is made, at subscribe: the TCK subscribes right after
        return ai.endpoints().invokeStream(Canned.ENDPOINT_NAME, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY));
    }

    /**
     * The emulator sends a whole answer in one body: 64 is ample for every TCK test but one, rule 3.17's "pending
     * above Long.MAX_VALUE", which asks for a stream of Integer.MAX_VALUE elements; that one is skipped by the TCK
     * itself, with this reason. The in-memory relays in sdk-api run it.
     */
    @Override
    public long maxElementsFromPublisher() {
        return 64;
    }

    @Override
    public Flow.Publisher<byte[]> createFailedFlowPublisher() {
        // an endpoint that does not exist: SageMaker Runtime's 400, not retried, delivered after onSubscribe
        return ai.endpoints().invokeStream("no-such-endpoint", InvokeRequest.json(Canned.INVOKE_REQUEST_BODY));
    }

    @AfterClass
    public void shutDown() {
        try {
            if (ai != null) ai.close();
        } finally {
            if (emulator != null) emulator.close();
        }
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK (for {@link Flow}) on an adapter's endpoint response stream ({@code Endpoints.invokeStream}),
 * through {@code CloudAi} against its emulator, on an endpoint deployed once for the class. A stream of n items is
 * the emulator answering n parts ({@link #serveParts}); 0 is a stream of no part, so the optional empty-stream rule
 * runs too. The optional multicast rule 1.11 tests skip themselves: each subscription is a call of its own and the
 * items are {@code byte[]}, equal by content but not by {@code equals}, which the TCK compares.
 *
 * <pre>{@code
 * public class SageMakerResponseStreamTckTest extends InvokeStreamTck {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String instanceType() { return AwsCloud.INSTANCE_TYPE; }
 *     protected void serveParts(EmulatedCloud cloud, List<String> parts) { ((AwsCloud) cloud).streamPayloadParts(parts); }
 * }
 * }</pre>
 */
public abstract class InvokeStreamTck extends FlowPublisherVerification<byte[]> {
    private EmulatedCloud cloud;
    private CloudEmulator emulator;
    private CloudAi ai;
    private String endpointId;

    protected InvokeStreamTck() {
        // a real network call on two cores: 1 s for an expected signal; 50 ms of quiet where none may come
        super(new TestEnvironment(1_000, 50));
    }

    /** A new, not yet started emulator of the cloud under test. */
    protected abstract EmulatedCloud newCloud();

    /** The instance type the endpoint is deployed on. */
    protected abstract String instanceType();

    /** Makes every streamed invocation of a serving endpoint answer exactly {@code parts}, each a part of its own. */
    protected abstract void serveParts(EmulatedCloud cloud, List<String> parts);

    /** The id of an endpoint that was never deployed, in the form this provider's ids take. */
    protected String neverDeployedEndpointId() {
        return "no-such-endpoint";
    }

    /** Adds what the adapter needs besides the emulator's keys (an execution role, say). */
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config;
    }

    /** Started here, not in the constructor: TestNG makes the instance at discovery, long before the class runs. */
    @BeforeClass
    public void startEmulatorAndDeploy() {
        cloud = newCloud();
        emulator = CloudEmulator.start(cloud);
        ai = CloudAi.create(configure(emulator.config(cloud.id()).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "false")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms")).build());
        // the emulators stream only from an endpoint in service
        endpointId = ai.endpoints().deploy(EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .instanceType(instanceType()).timeout(java.time.Duration.ofSeconds(10)).build()).id();
    }

    @Override
    public Flow.Publisher<byte[]> createFlowPublisher(long elements) {
        List<String> parts = new ArrayList<>();
        // equal lengths: some emulators cut one body into parts of the same size
        for (long i = 0; i < elements; i++) parts.add(String.format(java.util.Locale.ROOT, "p%05d", i));
        serveParts(cloud, parts);   // read when the call is made, at subscribe: the TCK subscribes right after
        return ai.endpoints().invokeStream(endpointId, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY));
    }

    /**
     * 64 is ample for every TCK test but rule 3.17's "pending above Long.MAX_VALUE", which asks for a stream of
     * Integer.MAX_VALUE elements; the TCK skips that one itself, with this reason. The in-memory relays in sdk-api run it.
     */
    @Override
    public long maxElementsFromPublisher() {
        return 64;
    }

    /** An endpoint that does not exist: the cloud's not-found answer, not retried, delivered after onSubscribe. */
    @Override
    public Flow.Publisher<byte[]> createFailedFlowPublisher() {
        return ai.endpoints().invokeStream(neverDeployedEndpointId(), InvokeRequest.json(Canned.INVOKE_REQUEST_BODY));
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

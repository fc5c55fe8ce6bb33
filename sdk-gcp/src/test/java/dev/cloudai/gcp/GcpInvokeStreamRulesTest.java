package dev.cloudai.gcp;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.contract.EmulatorContract;
import dev.cloudai.testkit.contract.StreamRulesContract;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.BeforeEach;

import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Reactive Streams rules of {@code Endpoints.invokeStream} on Vertex AI (StreamRawPredict), through CloudAi
 * against the GCP emulator, whose endpoints stream a TGI answer in many small parts. Each test deploys first, as the
 * emulator serves only deployed endpoints.
 */
class GcpInvokeStreamRulesTest extends EmulatorContract implements StreamRulesContract<byte[]> {
    private static final String TGI = "{\"inputs\":\"Hi\",\"parameters\":{\"max_new_tokens\":5}}";
    private String endpointId;
    private int requestsBeforeStream;

    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property("cloudai.deploy.poll-interval", "10ms");
    }

    @BeforeEach
    void deploy() {
        endpointId = ai().endpoints().deploy(Canned.endpointSpec(GcpCloud.MACHINE_TYPE)).id();
        requestsBeforeStream = cloud().requestCount();
    }

    @Override
    public Flow.Publisher<byte[]> newPublisher() {
        return ai().endpoints().invokeStream(endpointId, InvokeRequest.json(TGI));
    }

    @Override
    public Flow.Publisher<byte[]> newFailingPublisher() {
        cloud().inject(Fault.containerError(422, "Input validation error: inputs must not be empty"), EmulatedCloud.ALWAYS);
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

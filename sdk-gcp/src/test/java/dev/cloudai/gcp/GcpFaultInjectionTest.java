package dev.cloudai.gcp;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.Canned;
import dev.cloudai.testkit.contract.FaultInjectionContract;
import dev.cloudai.testkit.contract.StandbyCloud;
import dev.cloudai.testkit.gcp.GcpCloud;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The fault-injection suite against the Vertex AI emulator, over gRPC. A gRPC emulator cannot reset a TCP
 * connection per call: {@code Fault.connectionReset()} is the {@code UNAVAILABLE} status a client sees after one.
 * A stream cut is {@code UNAVAILABLE} after the first chunk. A throttled deployment status read is a
 * {@code RESOURCE_EXHAUSTED} answer to the first {@code GetOperation}, stubbed on the emulator's WireMock server.
 * Fallback goes to {@link StandbyCloud}: this module has no other adapter on its classpath.
 */
class GcpFaultInjectionTest extends FaultInjectionContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected boolean connectionResetIsATransportReset() {
        return false;
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((GcpCloud) cloud).cutStreams(1, 1);
    }

    @Override
    protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) {
        // priority 1 beats the lifecycle stubs; the scenario makes it answer once, without moving the lifecycle
        ((GcpCloud) cloud).server().stubFor(post(urlPathEqualTo("/" + GcpCloud.GET_OPERATION)).atPriority(1)
                .inScenario("throttled status read").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("used")
                .willReturn(aResponse().withHeader("grpc-status-name", "RESOURCE_EXHAUSTED")
                        .withHeader("grpc-status-reason", "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per region' of service 'aiplatform.googleapis.com'.")));
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(GcpCloud.MACHINE_TYPE);
    }

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

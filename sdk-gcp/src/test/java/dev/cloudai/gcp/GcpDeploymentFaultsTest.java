package dev.cloudai.gcp;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.DeploymentFaultsContract;
import dev.cloudai.testkit.gcp.GcpCloud;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The deployment faults against the Vertex AI emulator, over gRPC. A throttled deployment status read is a {@code
 * RESOURCE_EXHAUSTED} answer to the first {@code GetOperation}, stubbed on the emulator's WireMock server.
 */
class GcpDeploymentFaultsTest extends DeploymentFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
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
}

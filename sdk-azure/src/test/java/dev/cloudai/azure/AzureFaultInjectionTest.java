package dev.cloudai.azure;

import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.Canned;
import dev.cloudai.testkit.contract.FaultInjectionContract;
import dev.cloudai.testkit.contract.StandbyCloud;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The fault-injection suite against the Azure emulator: Azure OpenAI chat and SSE streams, Azure ML deploys. A
 * stream cut is an SSE body that stops after the first delta, without a finish reason or {@code [DONE]}; a throttled
 * status read is a 429 on the first {@code mfeOperationsStatus} poll. Fallback goes to {@link StandbyCloud}: this
 * module has no other adapter on its classpath.
 */
class AzureFaultInjectionTest extends FaultInjectionContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }

    @Override
    protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) {
        ((AzureCloud) cloud).cutStreamsAfterFirstDelta();
    }

    @Override
    protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) {
        ((AzureCloud) cloud).inject(Fault.throttle(Canned.RETRY_AFTER), 1, urlPathMatching(".*/mfeOperationsStatus/.*"));
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec("Standard_NC4as_T4_v3");
    }

    @Override
    protected EmulatedCloud newFallbackCloud() {
        return new StandbyCloud();
    }
}

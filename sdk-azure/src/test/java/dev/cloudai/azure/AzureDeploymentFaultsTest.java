package dev.cloudai.azure;

import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.DeploymentFaultsContract;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The deployment faults against the Azure emulator (Azure OpenAI chat and SSE streams, Azure ML deploys). A throttled
 * status read is a 429 on the first {@code mfeOperationsStatus} poll.
 */
class AzureDeploymentFaultsTest extends DeploymentFaultsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) {
        ((AzureCloud) cloud).inject(Fault.throttle(Canned.RETRY_AFTER), 1, urlPathMatching(".*/mfeOperationsStatus/.*"));
    }

    @Override
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec("Standard_NC4as_T4_v3");
    }
}

package dev.cloudai.azure;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact Azure Resource Manager and scoring requests behind plan, deploy, get, delete and invoke. */
class AzureMlWireTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final String WS = "/subscriptions/" + AzureCloud.SUBSCRIPTION_ID + "/resourceGroups/" + AzureCloud.RESOURCE_GROUP
            + "/providers/Microsoft.MachineLearningServices/workspaces/" + AzureCloud.WORKSPACE;
    private static final String Q = "?api-version=2024-04-01";
    private static final String NAME = "llm-endpoint";
    private static final String ENDPOINT = WS + "/onlineEndpoints/" + NAME;
    private static final String DEPLOYMENT = ENDPOINT + "/deployments/primary";
    private static final String OPERATIONS = "/subscriptions/" + AzureCloud.SUBSCRIPTION_ID
            + "/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationsStatus/.*";

    private static CloudAi ai() {
        return CloudAi.create(EMULATOR.config("azure").retry(Canned.FAST_RETRY)
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").build());
    }

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static EndpointSpec.Builder spec() {
        return EndpointSpec.builder(NAME).image("azureml:vllm-serving:3").modelUri("azureml:llama-3-8b:1")
                .instanceType("Standard_NC24ads_A100_v4").instanceCount(2).environment("MAX_MODEL_LEN", "4096")
                .timeout(Duration.ofSeconds(10));
    }

    private static int count(RequestPatternBuilder pattern) {
        return cloud().server().findAll(pattern).size();
    }

    @Test
    void deployPutsTheEndpointThenTheDeploymentThenAllTrafficFollowingEachAsyncOperation() {
        try (CloudAi ai = ai()) {
            Endpoint e = ai.endpoints().deploy(spec().build());
            assertEquals(EndpointStatus.IN_SERVICE, e.status());
            assertEquals(NAME, e.id());
            assertEquals(Optional.of("Standard_NC24ads_A100_v4"), e.instanceType());
            assertEquals(2, e.instanceCount());
            assertTrue(e.url().orElseThrow().endsWith("/inference/" + NAME + "/score"), () -> "url " + e.url());
        }
        var server = cloud().server();
        server.verify(1, getRequestedFor(urlEqualTo(WS + Q)));
        server.verify(1, putRequestedFor(urlEqualTo(ENDPOINT + Q))
                .withHeader("Authorization", equalTo("Bearer emulator-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.location", equalTo("eastus")))
                .withRequestBody(matchingJsonPath("$.properties.authMode", equalTo("Key")))
                .withRequestBody(matchingJsonPath("$.tags.cloudai-instance-type", equalTo("Standard_NC24ads_A100_v4")))
                .withRequestBody(notContaining("\"traffic\"")));
        server.verify(1, putRequestedFor(urlEqualTo(DEPLOYMENT + Q))
                .withRequestBody(matchingJsonPath("$.properties.instanceType", equalTo("Standard_NC24ads_A100_v4")))
                .withRequestBody(matchingJsonPath("$.properties.endpointComputeType", equalTo("Managed")))
                .withRequestBody(matchingJsonPath("$.properties.environmentId", equalTo("azureml:vllm-serving:3")))
                .withRequestBody(matchingJsonPath("$.properties.model", equalTo("azureml:llama-3-8b:1")))
                .withRequestBody(matchingJsonPath("$.properties.environmentVariables.MAX_MODEL_LEN", equalTo("4096")))
                .withRequestBody(matchingJsonPath("$.sku.capacity", equalTo("2"))));
        server.verify(1, putRequestedFor(urlEqualTo(ENDPOINT + Q))
                .withRequestBody(matchingJsonPath("$.properties.traffic.primary", equalTo("100"))));
        assertEquals(6, count(getRequestedFor(urlPathMatching(OPERATIONS))), "three operations, each InProgress then Succeeded");
        assertEquals(2, count(putRequestedFor(urlEqualTo(ENDPOINT + Q))), "create, then traffic");
        assertEquals(0, count(putRequestedFor(urlPathMatching(WS + "/(environments|models)/.*"))),
                "asset references are used as they are");
        for (LoggedRequest r : server.findAll(anyRequestedFor(anyUrl()))) {
            assertTrue(r.getUrl().contains("api-version=2024-04-01"), () -> "no api-version on " + r.getUrl());
            assertEquals("Bearer emulator-token", r.getHeader("Authorization"), r.getUrl());
        }
    }

    @Test
    void aContainerImageAndABlobModelAreRegisteredAsAssetVersionsFirst() {
        try (CloudAi ai = ai()) {
            ai.endpoints().deploy(spec().image("myregistry.azurecr.io/serving:1")
                    .modelUri("https://acct.blob.core.windows.net/models/llama").build());
        }
        cloud().server().verify(1, putRequestedFor(urlPathMatching(WS + "/environments/cloudai-" + NAME + "/versions/v[0-9a-f]{12}"))
                .withRequestBody(matchingJsonPath("$.properties.image", equalTo("myregistry.azurecr.io/serving:1"))));
        cloud().server().verify(1, putRequestedFor(urlPathMatching(WS + "/models/cloudai-" + NAME + "/versions/v[0-9a-f]{12}"))
                .withRequestBody(matchingJsonPath("$.properties.modelUri", equalTo("https://acct.blob.core.windows.net/models/llama"))));
        cloud().server().verify(1, putRequestedFor(urlEqualTo(DEPLOYMENT + Q))
                .withRequestBody(matchingJsonPath("$.properties.environmentId", equalTo(WS + "/environments/cloudai-" + NAME
                        + "/versions/" + lastVersion("environments")))));
    }

    private static String lastVersion(String kind) {
        String url = cloud().server().findAll(putRequestedFor(urlPathMatching(WS + "/" + kind + "/.*"))).get(0).getUrl();
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }

    @Test
    void aFailedDeploymentOperationThrowsWithAzuresReasonAndTheEndpointToDelete() {
        cloud().failNextDeployment("ImagePullFailed: the image could not be pulled");
        try (CloudAi ai = ai()) {
            CloudAiException e = assertThrows(CloudAiException.class, () -> ai.endpoints().deploy(spec().build()));
            assertTrue(e.getMessage().contains("ImagePullFailed") && e.getMessage().contains(NAME), e::getMessage);
            assertEquals("deploy", e.operation());
            assertFalse(e.isRetryable());
            ai.endpoints().delete(NAME);
        }
        assertEquals(0, count(putRequestedFor(urlEqualTo(ENDPOINT + Q))
                .withRequestBody(matchingJsonPath("$.properties.traffic.primary"))), "no traffic to a failed deployment");
        assertFalse(cloud().hasEndpoint(NAME), "the failed endpoint can be deleted");
    }

    @Test
    void deployingAgainAfterAFailureMidwayResumesWithoutASecondEndpoint() {
        cloud().inject(Fault.serverError(500), 1, urlPathEqualTo(DEPLOYMENT));   // the read before the deployment's PUT
        try (CloudAi ai = ai()) {
            assertThrows(UnavailableException.class, () -> ai.endpoints().deploy(spec().build()));
            assertTrue(cloud().hasEndpoint(NAME), "the endpoint stays for the next deploy to reuse");
            assertEquals(0, count(putRequestedFor(urlEqualTo(DEPLOYMENT + Q))), "deploy is not retried blindly");
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec().build()).status());
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec().build()).status());
        }
        assertEquals(1, count(putRequestedFor(urlEqualTo(ENDPOINT + Q)).withRequestBody(matchingJsonPath("$.properties.traffic.primary"))));
        assertEquals(2, count(putRequestedFor(urlEqualTo(ENDPOINT + Q))), "one create, one traffic update, over three deploys");
        assertEquals(1, count(putRequestedFor(urlEqualTo(DEPLOYMENT + Q))), "one deployment, over three deploys");
    }

    @Test
    void aDeployPastItsTimeoutThrowsDeadlineExceededAndTheNextDeployResumes() {
        cloud().inject(Fault.slowResponse(Duration.ofMillis(300)), 1, urlPathMatching(OPERATIONS));
        try (CloudAi ai = ai()) {
            assertThrows(DeadlineExceededException.class,
                    () -> ai.endpoints().deploy(spec().timeout(Duration.ofMillis(100)).build()));
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec().build()).status());
        }
        assertEquals(2, count(putRequestedFor(urlEqualTo(ENDPOINT + Q))), "one create, one traffic update");
    }

    @Test
    void invokePostsToTheScoringUriWithTheKeyTheDeployReadAndNothingElse() throws Exception {
        try (CloudAi ai = ai()) {
            Endpoint e = ai.endpoints().deploy(spec().build());
            cloud().server().verify(1, postRequestedFor(urlEqualTo(ENDPOINT + "/listKeys" + Q)));
            cloud().server().resetRequests();
            InvokeRequest request = InvokeRequest.json(Canned.INVOKE_REQUEST_BODY);
            assertEquals(Canned.INVOKE_RESPONSE_BODY, ai.endpoints().invoke(e.id(), request).bodyAsString());
            assertEquals(Canned.INVOKE_RESPONSE_BODY, ai.endpoints().invoke(e.id(), request).bodyAsString());
            assertEquals(Canned.INVOKE_RESPONSE_BODY, ai.endpoints().invokeAsync(e.id(), request).get().bodyAsString());
        }
        cloud().server().verify(3, postRequestedFor(urlEqualTo("/inference/" + NAME + "/score"))
                .withHeader("Authorization", equalTo("Bearer emulator-endpoint-key-" + NAME))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(Canned.INVOKE_REQUEST_BODY)));
        assertEquals(3, cloud().requestCount(), "one request per invoke: the deploy read the scoring URI and key");
    }

    @Test
    void anotherClientReadsTheScoringUriThenTheKeyOnceAndReusesThem() throws Exception {
        try (CloudAi ai = ai()) {
            ai.endpoints().deploy(spec().build());
        }
        cloud().server().resetRequests();
        try (CloudAi ai = ai()) {
            InvokeRequest request = InvokeRequest.json(Canned.INVOKE_REQUEST_BODY);
            assertEquals(Canned.INVOKE_RESPONSE_BODY, ai.endpoints().invokeAsync(NAME, request).get().bodyAsString());
            assertEquals(Canned.INVOKE_RESPONSE_BODY, ai.endpoints().invoke(NAME, request).bodyAsString());
        }
        cloud().server().verify(1, getRequestedFor(urlEqualTo(ENDPOINT + Q)));
        cloud().server().verify(1, postRequestedFor(urlEqualTo(ENDPOINT + "/listKeys" + Q)));
        assertEquals(4, cloud().requestCount(), "endpoint, listKeys, then one score per invoke");
    }

    @Test
    void deletingAnEndpointThatNeverExistedSucceedsWithOneRequest() {
        try (CloudAi ai = ai()) {
            ai.endpoints().delete("never-deployed");
        }
        cloud().server().verify(1, deleteRequestedFor(urlEqualTo(WS + "/onlineEndpoints/never-deployed" + Q)));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void planChoosesAnAzureMlSkuInTheWorkspacesLocationAndRejectsOthersWithTheNearest() {
        try (CloudAi ai = ai()) {
            DeploymentPlan plan = ai.endpoints().plan(EndpointSpec.builder(NAME).image("azureml:env:1")
                    .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).accelerators("T4").build())
                    .build());
            assertEquals("Standard_NC4as_T4_v3", plan.instanceType());
            assertEquals("eastus", plan.offer().region());
            assertTrue(plan.pricePerHour().isPresent(), "the catalog prices it in eastus");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ai.endpoints().plan(spec().instanceType("Standard_NC4as_T4_v4").build()));
            assertTrue(e.getMessage().contains("Standard_NC4as_T4_v3"), e::getMessage);
            e = assertThrows(IllegalArgumentException.class, () -> ai.endpoints().plan(spec().instanceType("ml.g5.xlarge").build()));
            assertTrue(e.getMessage().contains("aws"), e::getMessage);
        }
        assertEquals(1, cloud().requestCount(), "one read of the workspace's location, then cached");
    }

    @Test
    void aConfiguredLocationSavesTheReadOfTheWorkspace() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").region("southcentralus").retry(Canned.FAST_RETRY).build())) {
            DeploymentPlan plan = ai.endpoints().plan(spec().instanceType("Standard_NC4as_T4_v3").build());
            assertEquals("southcentralus", plan.offer().region());
        }
        assertEquals(0, cloud().requestCount(), "planning with cloudai.azure.location set sends nothing");
    }

    @Test
    void endpointsNeedTheWorkspaceKeysAndNameTheMissingOne() {
        CloudAiConfig config = CloudAiConfig.builder().provider("azure")
                .property(AzureKeys.ENDPOINT, cloud().baseUrl())
                .property(AzureKeys.SUBSCRIPTION_ID, AzureCloud.SUBSCRIPTION_ID).build();
        try (CloudAi ai = CloudAi.create(config)) {
            ConfigurationException e = assertThrows(ConfigurationException.class, ai::endpoints);
            assertTrue(e.getMessage().contains(AzureKeys.RESOURCE_GROUP), e::getMessage);
        }
        assertEquals(0, cloud().requestCount());
    }

    @Test
    void listAndGetReadTheWorkspacesEndpoints() {
        try (CloudAi ai = ai()) {
            ai.endpoints().deploy(spec().build());
            cloud().server().resetRequests();
            List<Endpoint> all = ai.endpoints().list();
            assertEquals(List.of(NAME), all.stream().map(Endpoint::id).toList());
            assertEquals(Optional.empty(), ai.endpoints().get("other-endpoint"));
        }
        cloud().server().verify(1, getRequestedFor(urlEqualTo(WS + "/onlineEndpoints" + Q)));
        cloud().server().verify(1, getRequestedFor(urlEqualTo(WS + "/onlineEndpoints/other-endpoint" + Q)));
        assertEquals(2, cloud().requestCount());
    }
}

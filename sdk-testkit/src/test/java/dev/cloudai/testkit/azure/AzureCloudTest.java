package dev.cloudai.testkit.azure;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.SampleModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Azure emulator on its own, spoken to with plain HTTP: what an Azure client would see. */
class AzureCloudTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String CHAT = "/openai/deployments/" + SampleModels.chat("azure") + "/chat/completions";
    private static final String WS = "/subscriptions/" + AzureCloud.SUBSCRIPTION_ID + "/resourceGroups/" + AzureCloud.RESOURCE_GROUP
            + "/providers/Microsoft.MachineLearningServices/workspaces/" + AzureCloud.WORKSPACE;
    private static final String Q = "?api-version=2024-04-01";

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud().baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> arm(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer t");
    }

    @Test
    void propertiesPointEveryAzureKeyAtTheEmulatorWithAHarmlessKey() {
        CloudAiConfig config = EMULATOR.config("azure").build();   // validates every key
        assertEquals(cloud().baseUrl(), config.get("cloudai.azure.endpoint").orElseThrow());
        assertEquals(cloud().baseUrl(), config.get("cloudai.azure.ml-endpoint").orElseThrow());
        assertEquals(AzureCloud.API_KEY, config.get("cloudai.azure.api-key").orElseThrow());
        assertEquals(AzureCloud.WORKSPACE, config.get("cloudai.azure.workspace").orElseThrow());
    }

    @Test
    void chatNeedsTheKeyAndAGaApiVersionAsAzureDoes() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        assertEquals(200, send("POST", CHAT + "?api-version=2024-06-01", body, "api-key", "k").statusCode());
        assertEquals(401, send("POST", CHAT + "?api-version=2024-06-01", body).statusCode());
        assertEquals(404, send("POST", CHAT + "?api-version=2025-01-01-preview", body, "api-key", "k").statusCode());
    }

    @Test
    void aStreamOpensWithAChunkWithoutChoicesEndsWithUsageThenDone() throws Exception {
        HttpResponse<String> r = send("POST", CHAT + "?api-version=2024-06-01",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}", "api-key", "k");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String[] events = r.body().split("\n\n");
        assertTrue(events[0].startsWith("data: {\"choices\":[]") && events[0].contains("prompt_filter_results"), events[0]);
        assertTrue(events[events.length - 2].contains("\"usage\""), events[events.length - 2]);
        assertEquals("data: [DONE]", events[events.length - 1]);
    }

    @Test
    void aThrottleCarriesRetryAfterInSecondsAndMillisecondsAndAnAzureErrorBody() throws Exception {
        cloud().inject(Fault.throttle(Duration.ofMillis(1500)), 1);
        HttpResponse<String> r = send("POST", CHAT + "?api-version=2024-06-01", "{}", "api-key", "k");
        assertEquals(429, r.statusCode());
        assertEquals("2", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("1500", r.headers().firstValue("retry-after-ms").orElseThrow());
        assertTrue(r.headers().firstValue("apim-request-id").isPresent());
        assertTrue(r.body().startsWith("{\"error\":{\"code\":\"429\""), r.body());
    }

    @Test
    void anOnlineEndpointIsInProgressAtTheFirstStatusReadAndSucceededAtTheNext() throws Exception {
        HttpResponse<String> put = arm("PUT", WS + "/onlineEndpoints/ep" + Q, "{\"location\":\"eastus\",\"properties\":{\"authMode\":\"Key\"}}");
        assertEquals(201, put.statusCode());
        assertTrue(put.body().contains("\"provisioningState\":\"Creating\""), put.body());
        String operation = put.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        String path = URI.create(operation).getRawPath() + "?" + URI.create(operation).getRawQuery();
        assertTrue(arm("GET", path, null).body().contains("\"status\":\"InProgress\""));
        assertTrue(arm("GET", path, null).body().contains("\"status\":\"Succeeded\""));
        HttpResponse<String> get = arm("GET", WS + "/onlineEndpoints/ep" + Q, null);
        assertTrue(get.body().contains("\"provisioningState\":\"Succeeded\""), get.body());
        assertTrue(get.body().contains("\"scoringUri\":\"" + cloud().baseUrl() + "/inference/ep/score\""), get.body());
        assertTrue(arm("POST", WS + "/onlineEndpoints/ep/listKeys" + Q, null).body().contains("primaryKey"));
    }

    @Test
    void aDeploymentTheResourceDoesNotHaveIsAzuresDeploymentNotFoundUntilItIsServed() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        for (String deployment : List.of("default", "no-such-model")) {
            for (String op : List.of("/chat/completions", "/embeddings")) {
                HttpResponse<String> r = send("POST", "/openai/deployments/" + deployment + op + "?api-version=2024-06-01", body,
                        "api-key", "k");
                assertEquals(404, r.statusCode(), deployment + op);
                assertTrue(r.body().startsWith("{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for"
                        + " this resource does not exist."), r.body());
            }
        }
        cloud().serveModels("my-gpt4o");
        assertEquals(200, send("POST", "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01", body, "api-key", "k")
                .statusCode());
    }

    @Test
    void embeddingsAreEachTextsOwnVectorOfTheModelsOrTheRequestedSize() throws Exception {
        String path = "/openai/deployments/" + SampleModels.embedding("azure") + "/embeddings?api-version=2024-06-01";
        String body = send("POST", path, "{\"input\":[\"first input\",\"second input\"]}", "api-key", "k").body();
        assertTrue(body.contains("\"embedding\":" + EmulatedEmbeddings.json(EmulatedEmbeddings.vector("first input", 1536)))
                && body.contains("\"embedding\":" + EmulatedEmbeddings.json(EmulatedEmbeddings.vector("second input", 1536))), body);
        String asked = send("POST", path, "{\"input\":\"first input\",\"dimensions\":4}", "api-key", "k").body();
        assertTrue(asked.contains("\"embedding\":" + EmulatedEmbeddings.json(EmulatedEmbeddings.vector("first input", 4))), asked);
    }

    @Test
    void failNextDeploymentMakesTheNextDeploymentOperationEndFailedWithTheMessage() throws Exception {
        cloud().failNextDeployment("quota exceeded for Standard_NC4as_T4_v3");
        arm("PUT", WS + "/onlineEndpoints/ep" + Q, "{\"location\":\"eastus\"}");
        HttpResponse<String> put = arm("PUT", WS + "/onlineEndpoints/ep/deployments/blue" + Q,
                "{\"location\":\"eastus\",\"properties\":{\"instanceType\":\"Standard_NC4as_T4_v3\"}}");
        String operation = URI.create(put.headers().firstValue("Azure-AsyncOperation").orElseThrow()).getRawPath() + Q;
        arm("GET", operation, null);
        String done = arm("GET", operation, null).body();
        assertTrue(done.contains("\"status\":\"Failed\"") && done.contains("quota exceeded"), done);
        assertTrue(arm("GET", WS + "/onlineEndpoints/ep/deployments/blue" + Q, null).body().contains("\"provisioningState\":\"Failed\""));
    }

    @Test
    void armNeedsItsApiVersionAndABearerToken() throws Exception {
        HttpResponse<String> noVersion = arm("GET", WS, null);
        assertEquals(400, noVersion.statusCode());
        assertTrue(noVersion.body().contains("InvalidApiVersionParameter"));
        assertEquals(401, send("GET", WS + Q, null).statusCode());
        Matcher location = Pattern.compile("\"location\":\"([^\"]+)\"").matcher(arm("GET", WS + Q, null).body());
        assertTrue(location.find());
        assertEquals(AzureCloud.LOCATION, location.group(1));
    }

    @Test
    void deletingAnEndpointFollowsAnOperationThenItIsGone() throws Exception {
        arm("PUT", WS + "/onlineEndpoints/ep" + Q, "{\"location\":\"eastus\"}");
        HttpResponse<String> delete = arm("DELETE", WS + "/onlineEndpoints/ep" + Q, null);
        assertEquals(202, delete.statusCode());
        String operation = URI.create(delete.headers().firstValue("Azure-AsyncOperation").orElseThrow()).getRawPath() + Q;
        arm("GET", operation, null);
        arm("GET", operation, null);
        assertEquals(404, arm("GET", WS + "/onlineEndpoints/ep" + Q, null).statusCode());
        assertEquals(204, arm("DELETE", WS + "/onlineEndpoints/ep" + Q, null).statusCode());
    }
}

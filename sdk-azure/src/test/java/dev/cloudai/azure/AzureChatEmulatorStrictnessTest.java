package dev.cloudai.azure;

import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.azure.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure emulator refuses what Azure OpenAI refuses, with the service's status and words, so an adapter that sent
 * such a request would see it. Raw requests: the adapter itself never sends these (it checks them first).
 */
class AzureChatEmulatorStrictnessTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud().serveModels("gpt4o-deployment"));

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]";

    private static HttpResponse<String> post(String version, String body) throws IOException, InterruptedException {
        AzureCloud cloud = EMULATOR.emulator().cloud("azure", AzureCloud.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.baseUrl()
                        + "/openai/deployments/gpt4o-deployment/chat/completions?api-version=" + version))
                .header("api-key", AzureCloud.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> r, String words) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains(words), r.body());
    }

    @Test
    void aToolMessageThatAnswersNoToolCallsIsRefused() throws Exception {
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{}\"}]," + TOOLS + "}"),
                "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
    }

    @Test
    void toolCallsWithoutAResultForEachIdAreRefusedNamingTheIds() throws Exception {
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{}\"},"
                + "{\"role\":\"user\",\"content\":\"And?\"}]," + TOOLS + "}"),
                "The following tool_call_ids did not have response messages: call_2");
    }

    @Test
    void aStrictSchemaThatAllowsOtherPropertiesIsRefused() throws Exception {
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"strict\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}}}}"),
                "'additionalProperties' is required to be supplied and to be false");
    }

    @Test
    void anImageThatIsNotADataUrlOfASupportedTypeIsRefused() throws Exception {
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/tiff;base64,AQID\"}}]}]}"),
                "unsupported image");
    }

    @Test
    void jsonSchemaAndReasoningEffortNeedTheirApiVersions() throws Exception {
        assertRefused(post("2024-06-01", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}}}"),
                "json_schema is enabled only for api versions 2024-08-01-preview and later");
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"reasoning_effort\":\"low\"}"),
                "Unrecognized request argument supplied: reasoning_effort");
        assertEquals(200, post("2024-12-01-preview",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"reasoning_effort\":\"low\"}").statusCode());
    }

    @Test
    void jsonModeNeedsTheWordJsonInTheMessages() throws Exception {
        assertRefused(post("2024-10-21", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}"), "must contain the word 'json'");
    }
}

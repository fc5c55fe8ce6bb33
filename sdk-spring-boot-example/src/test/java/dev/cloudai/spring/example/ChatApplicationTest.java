package dev.cloudai.spring.example;

import dev.cloudai.spi.json.Json;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example application as it runs, on a random port, against the AWS emulator instead of Bedrock: its
 * {@code application.yml} as it is, with only the endpoint pointed at the emulator. Called over HTTP: the chat, its
 * meter, and the health of the provider.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatApplicationTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("cloudai.aws.endpoint", () -> EMULATOR.properties("aws").get("cloudai.aws.endpoint"));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postChatAnswersWithTheModel() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Why use Inferentia?\"}")));

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = Json.parseObject(response.body(), "answer");
        assertEquals(Canned.CHAT_TEXT, answer.get("text"));
        assertEquals("aws", answer.get("provider"));
        assertEquals(SampleModels.chat("aws"), answer.get("model"));
        assertEquals(Canned.USAGE.inputTokens(), ((Number) answer.get("inputTokens")).intValue());
        assertEquals(1, EMULATOR.cloud("aws").requestCount());

        // sdk-micrometer's timer, on Actuator's registry through the starter
        HttpResponse<String> metric = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/metrics/cloudai.calls?tag=provider:aws&tag=outcome:success")).GET());
        assertEquals(200, metric.statusCode(), metric.body());
        Map<?, ?> count = (Map<?, ?>) ((List<?>) Json.parseObject(metric.body(), "metric").get("measurements")).get(0);
        assertEquals("COUNT", count.get("statistic"));
        assertEquals(1, ((Number) count.get("value")).intValue(), metric.body());
    }

    @Test
    void theHealthEndpointShowsEachProvider() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/cloudAi")).GET());

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> health = Json.parseObject(response.body(), "health");
        assertEquals("UP", health.get("status"));
        Map<?, ?> aws = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("aws");
        assertEquals("UP", aws.get("status"));
        assertEquals("primary", ((Map<?, ?>) aws.get("details")).get("role"));
        assertEquals(0, EMULATOR.cloud("aws").requestCount(), "health calls no cloud");
    }
}

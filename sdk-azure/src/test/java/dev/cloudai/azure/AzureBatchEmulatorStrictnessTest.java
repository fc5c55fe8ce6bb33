package dev.cloudai.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.azure.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's Azure OpenAI files and batches refuse what the service refuses, so an adapter that sent such a
 * request would see it. Raw requests: the adapter never sends these.
 */
class AzureBatchEmulatorStrictnessTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud().serveModels("gpt4o-batch"));

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "?api-version=2024-10-21";
    private static final String LINE = "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"%s\",\"body\":{\"model\":\"%s\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}}";

    private static String base() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class).baseUrl();
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).header("api-key", AzureCloud.API_KEY);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> upload(String filename, String content, String version) throws Exception {
        String boundary = "cloudai-test-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "--\r\n";
        return send("POST", "/openai/files?api-version=" + version, "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String processedFile(String content) throws Exception {
        String id = JSON.readTree(upload("in.jsonl", content, "2024-10-21").body()).path("id").asText();
        assertEquals("processed", JSON.readTree(send("GET", "/openai/files/" + id + V, null, null).body()).path("status").asText());
        return id;
    }

    private static HttpResponse<String> create(String fileId, String endpoint) throws Exception {
        return send("POST", "/openai/batches" + V, "application/json", ("{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\""
                + endpoint + "\",\"completion_window\":\"24h\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(String batchId) throws Exception {
        return JSON.readTree(send("GET", "/openai/batches/" + batchId + V, null, null).body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, JSON.readTree(r.body()).path("error").path("code").asText(), r.body());
    }

    @Test
    void filesAndBatchesNeedAnApiVersionThatHasThem() throws Exception {
        assertError(upload("in.jsonl", String.format(LINE, "a", "/chat/completions", "gpt4o-batch"), "2024-06-01"), 404, "404");
        assertError(send("GET", "/openai/batches?api-version=2024-06-01", null, null), 404, "404");
        assertEquals(200, send("GET", "/openai/batches?api-version=2024-07-01-preview", null, null).statusCode());
    }

    @Test
    void aBatchFileMustBeJsonlAndIsPendingUntilFirstRead() throws Exception {
        assertError(upload("in.txt", String.format(LINE, "a", "/chat/completions", "gpt4o-batch"), "2024-10-21"), 400, "invalidPayload");
        JsonNode file = JSON.readTree(upload("in.jsonl", String.format(LINE, "a", "/chat/completions", "gpt4o-batch"), "2024-10-21").body());
        assertEquals("pending", file.path("status").asText());
        assertEquals("batch", file.path("purpose").asText());
        assertError(create(file.path("id").asText(), "/chat/completions"), 400, "invalid_request");
        send("GET", "/openai/files/" + file.path("id").asText() + V, null, null);
        assertEquals(200, create(file.path("id").asText(), "/chat/completions").statusCode());
    }

    @Test
    void unknownIdsAreNotFoundAndABatchCannotRunEmbeddings() throws Exception {
        assertError(send("GET", "/openai/files/file-nope" + V, null, null), 404, "NotFound");
        assertError(send("GET", "/openai/batches/batch_nope" + V, null, null), 404, "NotFound");
        assertError(create("file-nope", "/chat/completions"), 404, "NotFound");
        String file = processedFile(String.format(LINE, "a", "/chat/completions", "gpt4o-batch"));
        assertError(create(file, "/embeddings"), 400, "invalid_request");
    }

    @Test
    void aRequestWithoutTheKeyIsUnauthorized() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/openai/batches" + V)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }

    @Test
    void inputThatBreaksMicrosoftsRulesFailsTheBatchWithTheirCodeAndLine() throws Exception {
        String[][] cases = {
                {String.format(LINE, "a", "/chat/completions", "gpt4o-batch") + "\n"
                        + String.format(LINE, "b", "/v1/chat/completions", "gpt4o-batch"), "url_mismatch", "2"},
                {String.format(LINE, "a", "/chat/completions", "gpt4o-batch") + "\n"
                        + String.format(LINE, "a", "/chat/completions", "gpt4o-batch"), "duplicate_custom_id", "2"},
                {String.format(LINE, "a", "/chat/completions", "gpt4o-batch") + "\n{not json", "invalid_json_line", "2"},
                {String.format(LINE, "a", "/chat/completions", "gpt4o-nope"), "model_not_found", "1"}};
        for (String[] c : cases) {
            String batch = JSON.readTree(create(processedFile(c[0]), "/chat/completions").body()).path("id").asText();
            JsonNode failed = read(batch);
            assertEquals("failed", failed.path("status").asText(), c[1]);
            JsonNode error = failed.path("errors").path("data").get(0);
            assertEquals(c[1], error.path("code").asText());
            assertEquals(Integer.parseInt(c[2]), error.path("line").asInt(), c[1]);
            assertTrue(failed.path("failed_at").isNumber());
        }
    }

    @Test
    void aFinishedBatchCannotBeCancelledAndItsErrorFileIsEmptyWhenNothingFailed() throws Exception {
        String batch = JSON.readTree(create(processedFile(String.format(LINE, "a", "/chat/completions", "gpt4o-batch")),
                "/chat/completions").body()).path("id").asText();
        JsonNode done = read(batch);
        for (int i = 0; i < 5 && !done.path("status").asText().equals("completed"); i++) done = read(batch);
        assertEquals("completed", done.path("status").asText());
        assertEquals("", send("GET", "/openai/files/" + done.path("error_file_id").asText() + "/content" + V, null, null).body());
        String output = send("GET", "/openai/files/" + done.path("output_file_id").asText() + "/content" + V, null, null).body();
        JsonNode line = JSON.readTree(output.strip());
        assertEquals("a", line.path("custom_id").asText());
        assertEquals(200, line.path("response").path("status_code").asInt());
        assertEquals("chat.completion", line.path("response").path("body").path("object").asText());
        assertTrue(line.path("error").isNull());
        assertError(send("POST", "/openai/batches/" + batch + "/cancel" + V, null, null), 409, "conflict");
    }

    @Test
    void theListIsNewestFirstInPages() throws Exception {
        String file = processedFile(String.format(LINE, "a", "/chat/completions", "gpt4o-batch"));
        String first = JSON.readTree(create(file, "/chat/completions").body()).path("id").asText();
        String second = JSON.readTree(create(file, "/chat/completions").body()).path("id").asText();
        JsonNode page = JSON.readTree(send("GET", "/openai/batches" + V + "&limit=1", null, null).body());
        assertEquals(second, page.path("data").get(0).path("id").asText());
        assertTrue(page.path("has_more").asBoolean());
        JsonNode next = JSON.readTree(send("GET", "/openai/batches" + V + "&limit=1&after=" + page.path("last_id").asText(),
                null, null).body());
        assertEquals(first, next.path("data").get(0).path("id").asText());
        assertFalse(next.path("has_more").asBoolean());
    }
}

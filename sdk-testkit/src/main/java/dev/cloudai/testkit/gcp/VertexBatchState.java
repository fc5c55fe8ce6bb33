package dev.cloudai.testkit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.StubTransformer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Vertex AI batch prediction for Gemini: {@code JobService} {@code CreateBatchPredictionJob},
 * {@code GetBatchPredictionJob}, {@code ListBatchPredictionJobs} and {@code CancelBatchPredictionJob}
 * (https://cloud.google.com/vertex-ai/docs/reference/rpc/google.cloud.aiplatform.v1#jobservice), reading the JSONL
 * input from and writing the output to {@link CloudStorageState}.
 *
 * <p>Driven by polls, no timers: a new job is {@code JOB_STATE_PENDING}; each Get moves it one step, to
 * {@code JOB_STATE_RUNNING}, then to {@code JOB_STATE_SUCCEEDED} (or {@code JOB_STATE_PARTIALLY_SUCCEEDED} when
 * some lines failed), writing {@code {outputUriPrefix}/prediction-model-{id}/predictions.jsonl} in the output shape
 * of "Batch prediction for Cloud Storage" (cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage):
 * each input line's fields ({@code key}, {@code request}) with a {@code response} (the canned Gemini answer) and
 * {@code "status": ""}, or, for a line whose user text contains {@value #FAIL_ITEM}, no response and a non-empty
 * {@code status} carrying the error. Cancel moves a pending or running job to {@code JOB_STATE_CANCELLING}; the first
 * Get after it still says so (cancelling is asynchronous on Vertex), the second says {@code JOB_STATE_CANCELLED}. Strict: an unknown model or job is {@code NOT_FOUND}, input in an unknown bucket
 * or object {@code INVALID_ARGUMENT}.
 *
 * <p>Text embedding models run too ("Get batch text embeddings predictions"): each input line {@code {"content": text}}
 * gets {@code "predictions": [{"embeddings": {"statistics": {"token_count", "truncated"}, "values"}}]}, the vector
 * every emulator gives that text. When the job's {@code instanceConfig.keyField} names a field, the model does not get
 * it and the output line carries it as {@code key} in place of the {@code instance}; without one the output line
 * echoes the whole line as {@code instance}. A line without {@code content} fails; gemini-embedding models and more
 * than {@value #MAX_EMBEDDING_LINES} lines are refused at creation, as Vertex refuses them.
 */
final class VertexBatchState extends StubTransformer {
    static final String NAME = "vertex-batches";
    static final String SERVICE = "google.cloud.aiplatform.v1.JobService";
    /** The text that makes a batch line fail, as in the other clouds' emulators. */
    static final String FAIL_ITEM = "FAIL_THIS_ITEM";
    static final int FIRST_JOB = 7007;
    /** Vertex's limit of prompts in one text embedding batch job. */
    static final int MAX_EMBEDDING_LINES = 30_000;
    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudStorageState storage;
    private final Supplier<Set<String>> models;
    private final Map<String, ObjectNode> jobs = new LinkedHashMap<>();
    /** Jobs asked to cancel, to the Gets they have seen since: the first still says CANCELLING. */
    private final Map<String, Integer> cancelling = new LinkedHashMap<>();
    private int nextJob = FIRST_JOB;
    private int throttledGets;
    private boolean expireNext;
    private boolean dropKeys;

    VertexBatchState(CloudStorageState storage, Supplier<Set<String>> models) {
        super(NAME);
        this.storage = storage;
        this.models = models;
    }

    static void register(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/" + SERVICE.replace(".", "\\.") + "/[A-Za-z]+"))
                .willReturn(aResponse().withTransformers(NAME)));
    }

    /** Lines whose {@code key} (the custom id) fails, each with its message. */
    private final java.util.Map<String, String> failKeys = new java.util.HashMap<>();

    /** The lines with this key fail as invalid requests with {@code message}. */
    synchronized void failKey(String key, String message) {
        failKeys.put(key, message);
    }

    /**
     * Gemini output lines leave out the input line's {@code key} and come in reverse order: what the output would
     * be if Vertex kept only {@code request} (Google's pages on the output do not promise the other fields).
     */
    synchronized void dropKeys() {
        dropKeys = true;
    }

    synchronized void reset() {
        dropKeys = false;
        failKeys.clear();
        jobs.clear();
        cancelling.clear();
        nextJob = FIRST_JOB;
        throttledGets = 0;
        expireNext = false;
    }

    /** The next job that would finish expires instead, with no output, as one left queued over 24 hours does. */
    synchronized void expireNextJob() {
        expireNext = true;
    }

    /** The next {@code times} Gets fail with RESOURCE_EXHAUSTED, as a throttled poll does. */
    synchronized void throttleGets(int times) {
        throttledGets = times;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        String path = event.getRequest().getUrl();
        String method = path.substring(path.lastIndexOf('/') + 1);
        JsonNode body;
        try {
            body = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (Exception e) {
            return status("INVALID_ARGUMENT", "The request could not be read.");
        }
        return switch (method) {
            case "CreateBatchPredictionJob" -> create(body.path("parent").asText(), body.path("batchPredictionJob"));
            case "GetBatchPredictionJob" -> get(body.path("name").asText());
            case "ListBatchPredictionJobs" -> list(body.path("parent").asText());
            case "CancelBatchPredictionJob" -> cancel(body.path("name").asText());
            default -> status("UNIMPLEMENTED", "The emulator does not serve " + method + ".");
        };
    }

    private ResponseDefinition create(String parent, JsonNode job) {
        String model = job.path("model").asText();
        String id = model.substring(model.lastIndexOf('/') + 1);
        if (!model.contains("publishers/google/models/") || !models.get().contains(id)) {
            return status("NOT_FOUND", "Publisher Model `" + model + "` not found.");
        }
        if (isEmbedding(id) && id.startsWith("gemini-embedding")) {
            return status("INVALID_ARGUMENT", "Batch prediction is not supported for model " + id + ".");
        }
        if (!"jsonl".equals(job.path("inputConfig").path("instancesFormat").asText())
                || !"jsonl".equals(job.path("outputConfig").path("predictionsFormat").asText())) {
            return status("INVALID_ARGUMENT", "Gemini batch prediction from Cloud Storage takes instancesFormat and predictionsFormat jsonl.");
        }
        String input = job.path("inputConfig").path("gcsSource").path("uris").path(0).asText();
        String[] at = gcs(input);
        if (at == null || !storage.hasBucket(at[0]) || storage.read(at[0], at[1]) == null) {
            return status("INVALID_ARGUMENT", "Failed to read the input file " + input + ".");
        }
        if (isEmbedding(id) && lines(storage.read(at[0], at[1])).size() > MAX_EMBEDDING_LINES) {
            return status("INVALID_ARGUMENT", "A text embedding batch prediction job takes at most " + MAX_EMBEDDING_LINES + " prompts.");
        }
        String out = job.path("outputConfig").path("gcsDestination").path("outputUriPrefix").asText();
        String[] outAt = gcs(out);
        if (outAt == null || !storage.hasBucket(outAt[0])) {
            return status("INVALID_ARGUMENT", "The output location " + out + " is not in an existing bucket.");
        }
        String name = parent + "/batchPredictionJobs/" + nextJob++;
        ObjectNode stored = ((ObjectNode) job).deepCopy();
        stored.put("name", name).put("state", "JOB_STATE_PENDING").put("createTime", CREATED).put("updateTime", CREATED);
        jobs.put(name, stored);
        return ok(stored);
    }

    private ResponseDefinition get(String name) {
        if (throttledGets > 0) {
            throttledGets--;
            return status("RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/job_service_requests.");
        }
        ObjectNode job = jobs.get(name);
        if (job == null) return status("NOT_FOUND", "BatchPredictionJob `" + name + "` not found.");
        switch (job.path("state").asText()) {
            case "JOB_STATE_PENDING" -> job.put("state", "JOB_STATE_RUNNING").put("startTime", CREATED);
            case "JOB_STATE_RUNNING" -> {
                if (expireNext) {
                    expireNext = false;
                    job.put("state", "JOB_STATE_EXPIRED").put("endTime", CREATED);
                    job.putObject("error").put("code", 4).put("message", "The batch prediction job did not complete within 24 hours.");
                } else {
                    run(job);
                }
            }
            case "JOB_STATE_CANCELLING" -> {
                if (cancelling.merge(name, 1, Integer::sum) > 1) job.put("state", "JOB_STATE_CANCELLED").put("endTime", CREATED);
            }
            default -> { }
        }
        return ok(job);
    }

    private ResponseDefinition list(String parent) {
        ArrayNode all = JSON.createArrayNode();
        List<ObjectNode> newestFirst = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(newestFirst);
        for (ObjectNode job : newestFirst) {
            if (job.path("name").asText().startsWith(parent + "/")) all.add(job);
        }
        ObjectNode page = JSON.createObjectNode();
        page.set("batchPredictionJobs", all);
        return ok(page);
    }

    private ResponseDefinition cancel(String name) {
        ObjectNode job = jobs.get(name);
        if (job == null) return status("NOT_FOUND", "BatchPredictionJob `" + name + "` not found.");
        String state = job.path("state").asText();
        if (!state.equals("JOB_STATE_PENDING") && !state.equals("JOB_STATE_RUNNING")) {
            return status("FAILED_PRECONDITION", "BatchPredictionJob " + name + " is in state " + state + " and cannot be cancelled.");
        }
        job.put("state", "JOB_STATE_CANCELLING");
        return ok(JSON.createObjectNode());
    }

    /** Answers every input line and writes the output file, ending the job. */
    private void run(ObjectNode job) {
        String[] in = gcs(job.path("inputConfig").path("gcsSource").path("uris").path(0).asText());
        String[] out = gcs(job.path("outputConfig").path("gcsDestination").path("outputUriPrefix").asText());
        String id = job.path("name").asText().substring(job.path("name").asText().lastIndexOf('/') + 1);
        String dir = (out[1].isEmpty() || out[1].endsWith("/") ? out[1] : out[1] + "/") + "prediction-model-" + id;
        String model = job.path("model").asText().substring(job.path("model").asText().lastIndexOf('/') + 1);
        String keyField = job.path("instanceConfig").path("keyField").asText("");
        StringBuilder output = new StringBuilder();
        long ok = 0;
        long failed = 0;
        for (String line : lines(storage.read(in[0], in[1]))) {
            ObjectNode result;
            try {
                result = (ObjectNode) JSON.readTree(line);
            } catch (Exception e) {
                result = JSON.createObjectNode();
            }
            if (isEmbedding(model)) {
                ObjectNode embedded = embed(model, result, keyField, line.contains(FAIL_ITEM));
                if (embedded.path("status").asText("").isEmpty()) ok++;
                else failed++;
                output.append(embedded).append('\n');
                continue;
            }
            String message = failKeys.get(result.path("key").asText(""));
            if (message != null || line.contains(FAIL_ITEM) || !result.has("request")) {
                result.put("status", "Bad Request: " + JSON.createObjectNode().set("error", JSON.createObjectNode()
                        .put("code", 400).put("message", message != null ? message : "The emulator was told to fail this item.")
                        .put("status", "INVALID_ARGUMENT")));
                failed++;
            } else {
                result.set("response", cannedAnswer());
                result.put("status", "");
                ok++;
            }
            if (dropKeys) {
                result.remove("key");
                output.insert(0, result + "\n");   // and out of order, as Vertex may write them
            } else {
                output.append(result).append('\n');
            }
        }
        storage.write(out[0], dir + "/predictions.jsonl", output.toString().getBytes(StandardCharsets.UTF_8));
        job.put("state", failed == 0 ? "JOB_STATE_SUCCEEDED" : ok == 0 ? "JOB_STATE_FAILED" : "JOB_STATE_PARTIALLY_SUCCEEDED")
                .put("endTime", CREATED);
        job.putObject("completionStats").put("successfulCount", String.valueOf(ok)).put("failedCount", String.valueOf(failed))
                .put("incompleteCount", "0");
        job.putObject("outputInfo").put("gcsOutputDirectory", "gs://" + out[0] + "/" + dir);
        if (ok == 0) job.putObject("error").put("code", 3).put("message", "All " + failed + " requests failed.");
    }

    /**
     * One embedding output line: the key (when the job names a key field) or the whole instance, then the prediction
     * of the instance's content, or a status when it has none or was asked to fail.
     */
    private static ObjectNode embed(String model, ObjectNode line, String keyField, boolean fail) {
        ObjectNode out = JSON.createObjectNode();
        if (keyField.isEmpty()) {
            out.set("instance", line);
        } else {
            out.set("key", line.path(keyField));
            line.remove(keyField);
        }
        JsonNode content = line.path("content");
        if (fail || !content.isTextual()) {
            out.put("status", "Bad Request: " + JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", 400)
                    .put("message", fail ? "The emulator was told to fail this item." : "The instance has no content.")
                    .put("status", "INVALID_ARGUMENT")));
            return out;
        }
        ObjectNode embeddings = out.putArray("predictions").addObject().putObject("embeddings");
        embeddings.putObject("statistics").put("token_count", GcpCloud.EMBEDDING_TOKENS_PER_INPUT).put("truncated", false);
        ArrayNode values = embeddings.putArray("values");
        for (float f : EmulatedEmbeddings.vector(content.asText(), EmulatedEmbeddings.dimensions(model))) values.add(f);
        out.put("status", "");
        return out;
    }

    private static boolean isEmbedding(String model) {
        return model.contains("embedding");
    }

    private static List<String> lines(byte[] file) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) lines.add(line);
        }
        return lines;
    }

    private static ObjectNode cannedAnswer() {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", Canned.CHAT_TEXT);
        candidate.put("finishReason", "STOP");
        r.putObject("usageMetadata").put("promptTokenCount", Canned.INPUT_TOKENS).put("candidatesTokenCount", Canned.OUTPUT_TOKENS)
                .put("totalTokenCount", Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS);
        r.put("modelVersion", "emulator").put("responseId", "emulator-batch");
        return r;
    }

    /** {@code gs://bucket/name} as {bucket, name}, or null. */
    private static String[] gcs(String uri) {
        if (!uri.startsWith("gs://")) return null;
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    private static ResponseDefinition ok(JsonNode json) {
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", "OK").withBody(json.toString()).build();
    }

    private static ResponseDefinition status(String code, String message) {
        return new ResponseDefinitionBuilder().withHeader("grpc-status-name", code).withHeader("grpc-status-reason", message).build();
    }
}

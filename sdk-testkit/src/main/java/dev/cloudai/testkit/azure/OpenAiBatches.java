package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's files and batches for {@link AzureCloud}, kept in memory. The operations and shapes follow the
 * TypeSpec azure-ai-openai is generated from (Azure/azure-rest-api-specs
 * {@code specification/cognitiveservices/OpenAI.Inference/routes/files.tsp} and {@code routes/batches.tsp}, all added
 * in 2024-07-01-preview and answering 200) and Microsoft's batch guide
 * (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch: the REST steps, the batch object, the states,
 * the output line and the error codes):
 *
 * <pre>
 * POST   /openai/files?api-version=V            multipart: file (its filename), purpose, filename
 *        200 {"object":"file","id":"file-..","bytes","created_at","filename","purpose":"batch","status":"pending"}
 * GET    /openai/files/{id}                     the file; a pending file is "processed" from its first read on
 * GET    /openai/files/{id}/content             its bytes (application/octet-stream)
 * DELETE /openai/files/{id}                     {"object":"file","id","deleted":true}
 * POST   /openai/batches                        {"input_file_id","endpoint","completion_window","metadata"}: 200 validating
 * GET    /openai/batches/{id}                   the batch, one state further at each read (below)
 * GET    /openai/batches?after=&amp;limit=          {"object":"list","data":[newest first],"first_id","last_id","has_more"}
 * POST   /openai/batches/{id}/cancel            cancelling; cancelled at the next read
 * </pre>
 *
 * Strict as the service: an api-version before 2024-07-01 (the first with files and batches) gets 404 "Resource not
 * found", as azure-ai-openai 1.0.0-beta.16's own 2024-06-01 would (betalgo/openai#628 reports that answer to a wrong
 * files URL); an unknown file or batch id 404 {@code {"error":{"code":"NotFound",..}}}; a batch on a file that is not
 * {@code processed} 400 (openai/openai-dotnet#312: the service wants the file processed first), on a file of another
 * purpose 400, on an endpoint other than {@code /chat/completions} 400 (embeddings do not run in batch); cancelling a
 * finished batch 409. An upload of purpose {@code batch} must be named {@code *.jsonl}.
 *
 * <p>A batch moves one state per read of it, no timer: {@code validating} (as created), then {@code in_progress}
 * (or {@code failed} with {@code errors.data} when its input fails validation, {@link BatchLines}), then
 * {@code finalizing} (every line has run), then {@code completed} with {@code output_file_id} and
 * {@code error_file_id} (an empty error file when no line failed, as Microsoft says). A batch made after
 * {@link #expireNextBatch()} runs half of its lines and goes from {@code in_progress} to {@code expired}, the other
 * half written {@code batch_expired}. A cancelled batch writes the lines that ran before the cancel: none, unless it
 * was {@code finalizing}.
 */
final class OpenAiBatches extends StubTransformer {
    static final String NAME = "azure-openai-batches";
    /** The first API version with files and batches. */
    static final String FIRST_VERSION = "2024-07-01";
    static final String CHAT_ENDPOINT = "/chat/completions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern FILE = Pattern.compile("/openai/files/([^/]+)(/content)?");
    private static final Pattern BATCH = Pattern.compile("/openai/batches/([^/]+)(/cancel)?");
    private static final Pattern VERSION = Pattern.compile("[?&]api-version=([^&]+)");
    /** 2026-01-01T00:00:00Z: the emulator's clock starts there and moves a second per event, so order shows. */
    private static final long EPOCH = 1_767_225_600L;

    private final Predicate<String> servedDeployment;
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final Map<String, Job> batches = new LinkedHashMap<>();
    /** Custom ids whose line fails: with a message as an invalid request, without (null) as a filtered prompt. */
    private final Map<String, String> failIds = new HashMap<>();
    private boolean expireNext;
    private long clock = EPOCH;

    OpenAiBatches(Predicate<String> servedDeployment) {
        super(NAME);
        this.servedDeployment = servedDeployment;
    }

    synchronized void reset() {
        files.clear();
        batches.clear();
        failIds.clear();
        expireNext = false;
        clock = EPOCH;
    }

    synchronized void failRequest(String customId) {
        failIds.put(customId, null);
    }

    /** The line with this custom id fails as an invalid request (400, code {@code invalid_request}) with {@code message}. */
    synchronized void failRequest(String customId, String message) {
        failIds.put(customId, Objects.requireNonNull(message, "message"));
    }

    synchronized void expireNextBatch() {
        expireNext = true;
    }

    /** The content of a file, as {@code GET .../content} serves it; for tests that check what was uploaded or written. */
    synchronized String content(String fileId) {
        StoredFile f = files.get(fileId);
        if (f == null) throw new IllegalArgumentException("fileId: the emulator has no file " + fileId + "; it has " + files.keySet());
        return new String(f.content, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String path = request.getUrl().replaceFirst("\\?.*", "");
        Matcher v = VERSION.matcher(request.getUrl());
        String version = v.find() ? v.group(1) : "";
        if (version.length() < 10 || version.substring(0, 10).compareTo(FIRST_VERSION) < 0) {
            return error(404, "404", "Resource not found");
        }
        String method = request.getMethod().getName();
        Matcher file = FILE.matcher(path);
        Matcher batch = BATCH.matcher(path);
        if (path.equals("/openai/files") && method.equals("POST")) return upload(request);
        if (path.equals("/openai/files") && method.equals("GET")) return listFiles(request);
        if (file.matches()) return file(method, file.group(1), file.group(2) != null);
        if (path.equals("/openai/batches") && method.equals("POST")) return create(request, version);
        if (path.equals("/openai/batches") && method.equals("GET")) return listBatches(request);
        if (batch.matches() && batch.group(2) != null && method.equals("POST")) return cancel(batch.group(1));
        if (batch.matches() && batch.group(2) == null && method.equals("GET")) return read(batch.group(1));
        return error(404, "404", "Resource not found");
    }

    // ---- files ----

    private ResponseDefinition upload(Request request) {
        if (!request.isMultipart()) return error(400, "invalidPayload", "The request must be multipart/form-data.");
        Request.Part data = request.getPart("file");
        Request.Part purpose = request.getPart("purpose");
        if (data == null || purpose == null) {
            return error(400, "invalidPayload", "The multipart body needs the parts 'file' and 'purpose'.");
        }
        String purposeValue = purpose.getBody().asString().strip();
        if (!Set.of("batch", "fine-tune", "assistants", "vision").contains(purposeValue)) {
            return error(400, "invalidPayload", "The purpose '" + purposeValue + "' is not supported.");
        }
        Request.Part filenamePart = request.getPart("filename");
        String filename = filenamePart != null ? filenamePart.getBody().asString().strip() : data.getFileName();
        if (filename == null || filename.isBlank()) filename = data.getFileName();
        if ("batch".equals(purposeValue) && (filename == null || !filename.endsWith(".jsonl"))) {
            return error(400, "invalidPayload", "A file of purpose 'batch' must be a .jsonl file; the file name was '"
                    + filename + "'.");
        }
        StoredFile f = store("file-" + UUID.randomUUID().toString().replace("-", ""), filename, purposeValue,
                data.getBody().asBytes(), "pending");
        return json(200, f.toJson());
    }

    private ResponseDefinition listFiles(Request request) {
        QueryParameter purpose = request.queryParameter("purpose");
        ArrayNode data = F.arrayNode();
        for (StoredFile f : files.values()) {
            if (!purpose.isPresent() || purpose.firstValue().equals(f.purpose)) data.add(f.toJson());
        }
        ObjectNode list = F.objectNode().put("object", "list");
        list.set("data", data);
        return json(200, list);
    }

    private ResponseDefinition file(String method, String id, boolean content) {
        StoredFile f = files.get(id);
        if (f == null) return error(404, "NotFound", "File '" + id + "' not found.");
        if (content && method.equals("GET")) {
            return new ResponseDefinitionBuilder().withStatus(200).withBody(f.content)
                    .withHeaders(headers("application/octet-stream")).build();
        }
        if (!content && method.equals("GET")) {
            if (f.status.equals("pending")) f.status = "processed";   // processed from the first read on
            return json(200, f.toJson());
        }
        if (!content && method.equals("DELETE")) {
            files.remove(id);
            return json(200, F.objectNode().put("object", "file").put("id", id).put("deleted", true));
        }
        return error(404, "404", "Resource not found");
    }

    private StoredFile store(String id, String filename, String purpose, byte[] content, String status) {
        StoredFile f = new StoredFile(id, filename, purpose, content, tick(), status);
        files.put(id, f);
        return f;
    }

    // ---- batches ----

    private ResponseDefinition create(Request request, String version) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            return error(400, "invalid_request", "The request body is not valid JSON.");
        }
        String fileId = body == null ? "" : body.path("input_file_id").asText("");
        String endpoint = body == null ? "" : body.path("endpoint").asText("");
        if (fileId.isBlank() || endpoint.isBlank() || !body.path("completion_window").isTextual()) {
            return error(400, "invalid_request", "input_file_id, endpoint and completion_window are required.");
        }
        StoredFile input = files.get(fileId);
        if (input == null) return error(404, "NotFound", "File '" + fileId + "' not found.");
        if (!input.purpose.equals("batch")) {
            return error(400, "invalid_request", "The input file must have purpose 'batch'; it has '" + input.purpose + "'.");
        }
        if (!input.status.equals("processed")) {
            return error(400, "invalid_request", "The input file " + fileId + " is " + input.status + "; a batch can be"
                    + " created once it is processed.");
        }
        if (!endpoint.equals(CHAT_ENDPOINT)) {
            return error(400, "invalid_request", "The endpoint '" + endpoint + "' is not supported for batch; use "
                    + CHAT_ENDPOINT + ".");
        }
        Job job = new Job("batch_" + UUID.randomUUID(), fileId, endpoint, body.path("completion_window").asText(), version,
                body.path("metadata").isObject() ? (ObjectNode) body.path("metadata") : null, tick(), expireNext);
        expireNext = false;
        batches.put(job.id, job);
        return json(200, job.toJson());
    }

    private ResponseDefinition read(String id) {
        Job job = batches.get(id);
        if (job == null) return error(404, "NotFound", "Batch '" + id + "' not found.");
        advance(job);
        return json(200, job.toJson());
    }

    private ResponseDefinition cancel(String id) {
        Job job = batches.get(id);
        if (job == null) return error(404, "NotFound", "Batch '" + id + "' not found.");
        if (!Set.of("validating", "in_progress", "finalizing").contains(job.status)) {
            return error(409, "conflict", "Cannot cancel a batch with status '" + job.status + "'.");
        }
        job.status = "cancelling";
        job.at.put("cancelling_at", tick());
        return json(200, job.toJson());
    }

    private ResponseDefinition listBatches(Request request) {
        QueryParameter after = request.queryParameter("after");
        QueryParameter limitParam = request.queryParameter("limit");
        int limit = limitParam.isPresent() ? Math.max(1, Math.min(100, Integer.parseInt(limitParam.firstValue()))) : 20;
        List<Job> newestFirst = new ArrayList<>(batches.values());
        java.util.Collections.reverse(newestFirst);
        int start = 0;
        if (after.isPresent()) {
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id.equals(after.firstValue())) start = i + 1;
            }
        }
        List<Job> page = newestFirst.subList(Math.min(start, newestFirst.size()), Math.min(start + limit, newestFirst.size()));
        ArrayNode data = F.arrayNode();
        page.forEach(j -> data.add(j.toJson()));
        ObjectNode list = F.objectNode().put("object", "list");
        list.set("data", data);
        if (page.isEmpty()) {
            list.putNull("first_id");
            list.putNull("last_id");
        } else {
            list.put("first_id", page.get(0).id).put("last_id", page.get(page.size() - 1).id);
        }
        list.put("has_more", start + limit < newestFirst.size());
        return json(200, list);
    }

    /** One state further (see the class comment). */
    private void advance(Job job) {
        switch (job.status) {
            case "validating" -> {
                BatchLines.Parsed parsed = BatchLines.parse(files.get(job.inputFileId).content, job.endpoint, servedDeployment);
                if (!job.window.equals("24h")) {
                    parsed = new BatchLines.Parsed(null, new BatchLines.Problem("invalid_request",
                            "The completion window must be 24h; it was '" + job.window + "'.", null));
                }
                if (parsed.problem() != null) {
                    job.status = "failed";
                    job.problem = parsed.problem();
                    job.at.put("failed_at", tick());
                } else {
                    job.lines = parsed.lines();
                    job.total = job.lines.size();
                    job.status = "in_progress";
                    job.at.put("in_progress_at", tick());
                }
            }
            case "in_progress" -> {
                if (job.expire) {
                    write(job, job.lines.run(job.id, job.version, (job.total + 1) / 2, true, failIds));
                    job.status = "expired";
                    job.at.put("expired_at", tick());
                } else {
                    job.run = job.lines.run(job.id, job.version, job.total, false, failIds);
                    job.completed = job.run.completed();
                    job.failed = job.run.failed();
                    job.status = "finalizing";
                    job.at.put("finalizing_at", tick());
                }
            }
            case "finalizing" -> {
                write(job, job.run);
                job.status = "completed";
                job.at.put("completed_at", tick());
            }
            case "cancelling" -> {
                write(job, job.run != null ? job.run : new BatchLines.Run(List.of(), List.of(), 0, 0));
                job.status = "cancelled";
                job.at.put("cancelled_at", tick());
            }
            default -> {
                // terminal: stays as it is
            }
        }
    }

    private void write(Job job, BatchLines.Run run) {
        job.completed = run.completed();
        job.failed = run.failed();
        job.outputFileId = store("file-" + UUID.randomUUID(), job.id + "_output.jsonl", "batch_output",
                lines(run.output()), "processed").id;
        job.errorFileId = store("file-" + UUID.randomUUID(), job.id + "_error.jsonl", "batch_output",
                lines(run.errors()), "processed").id;
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder s = new StringBuilder();
        for (String l : lines) s.append(l).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long tick() {
        return clock++;
    }

    // ---- state ----

    private static final class StoredFile {
        final String id;
        final String filename;
        final String purpose;
        final byte[] content;
        final long createdAt;
        String status;

        StoredFile(String id, String filename, String purpose, byte[] content, long createdAt, String status) {
            this.id = id;
            this.filename = filename;
            this.purpose = purpose;
            this.content = content;
            this.createdAt = createdAt;
            this.status = status;
        }

        ObjectNode toJson() {
            ObjectNode n = F.objectNode().put("object", "file").put("id", id).put("bytes", content.length)
                    .put("created_at", createdAt).put("filename", filename).put("purpose", purpose).put("status", status);
            n.putNull("status_details");
            return n;
        }
    }

    private static final class Job {
        final String id;
        final String inputFileId;
        final String endpoint;
        final String window;
        final String version;
        final ObjectNode metadata;
        final long createdAt;
        final boolean expire;
        final Map<String, Long> at = new LinkedHashMap<>();
        String status = "validating";
        BatchLines lines;
        BatchLines.Run run;
        BatchLines.Problem problem;
        int total;
        int completed;
        int failed;
        String outputFileId;
        String errorFileId;

        Job(String id, String inputFileId, String endpoint, String window, String version, ObjectNode metadata,
            long createdAt, boolean expire) {
            this.id = id;
            this.inputFileId = inputFileId;
            this.endpoint = endpoint;
            this.window = window;
            this.version = version;
            this.metadata = metadata;
            this.createdAt = createdAt;
            this.expire = expire;
        }

        /** The batch object, every field of Microsoft's table present (null until it applies). */
        ObjectNode toJson() {
            ObjectNode n = F.objectNode().put("id", id).put("object", "batch").put("endpoint", endpoint);
            if (problem == null) {
                n.putNull("errors");
            } else {
                ObjectNode datum = n.putObject("errors").put("object", "list").putArray("data").addObject()
                        .put("code", problem.code()).put("message", problem.message());
                if (problem.line() != null) datum.put("line", problem.line());
            }
            n.put("input_file_id", inputFileId).put("completion_window", window).put("status", status);
            putOrNull(n, "output_file_id", outputFileId);
            putOrNull(n, "error_file_id", errorFileId);
            n.put("created_at", createdAt);
            for (String field : List.of("in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at",
                    "expired_at", "cancelling_at", "cancelled_at")) {
                Long t = field.equals("expires_at") ? Long.valueOf(createdAt + 24 * 3600) : at.get(field);
                if (t == null) n.putNull(field);
                else n.put(field, t);
            }
            n.putObject("request_counts").put("total", total).put("completed", completed).put("failed", failed);
            if (metadata == null) n.putNull("metadata");
            else n.set("metadata", metadata);
            return n;
        }

        private static void putOrNull(ObjectNode n, String field, String value) {
            if (value == null) n.putNull(field);
            else n.put(field, value);
        }
    }

    // ---- wire bodies ----

    private static HttpHeaders headers(String contentType) {
        return new HttpHeaders(new HttpHeader("Content-Type", contentType),
                new HttpHeader("apim-request-id", UUID.randomUUID().toString()),
                new HttpHeader("x-ms-request-id", UUID.randomUUID().toString()));
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withBody(body.toString())
                .withHeaders(headers("application/json")).build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = F.objectNode();
        body.putObject("error").put("code", code).put("message", message);
        return json(status, body);
    }
}

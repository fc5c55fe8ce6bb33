package dev.cloudai.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.ServedModels;
import dev.cloudai.testkit.StubTransformer;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bedrock's control plane for batch inference, for {@link AwsCloud}, kept in memory: CreateModelInvocationJob
 * ({@code POST /model-invocation-job}), GetModelInvocationJob ({@code GET /model-invocation-job/{jobIdentifier}}),
 * ListModelInvocationJobs ({@code GET /model-invocation-jobs}) and StopModelInvocationJob
 * ({@code POST /model-invocation-job/{jobIdentifier}/stop}), REST-JSON as in the Bedrock API reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html and its siblings), with
 * the files in {@link S3Objects}.
 *
 * <p>States move on reads, never on timers: a new job is {@code Submitted}, and each GetModelInvocationJob answers
 * the next status once: {@code Submitted}, {@code Validating}, {@code Scheduled}, {@code InProgress}, then its
 * outcome (a read moves the job on when the previous read has shown its status, so a stop sent after a read of
 * {@code InProgress} finds the job in progress). The input {@code s3Uri} names one file, or a folder (it ends with
 * {@code /}, or no object has that key but objects are under it), whose {@code .jsonl} objects, sub-folders included,
 * are the input files, in key order. Leaving {@code Validating} checks the input (a file exists, every line
 * is a JSON object with a {@code modelInput}, 100 to 50,000 records over all files, Bedrock's default quotas): a bad
 * input ends {@code Failed} with a message. Reaching the outcome writes the output as Bedrock does
 * (user guide, "View the results of a batch inference job",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-results.html): for each input file with a
 * processed record {@code <output s3Uri>/<job id>/<input file name>.out} (a file below a sub-folder of the input:
 * that relative path plus {@code .out}), one line per processed record,
 * {@code {"recordId","modelInput","modelOutput"}} (a Claude Messages answer, or on an Amazon Nova model Nova's
 * answer, with {@link Canned#CHAT_TEXT} and the canned usage, or a tool call when the body forces a tool; for Titan
 * embeddings {@link EmulatedEmbeddings}' vector of {@code inputText}) or, for a record asked to fail or a body of the
 * wrong model family (a Nova body without {@code messages} or with a key outside its schema such as Claude's
 * {@code anthropic_version}, a Claude body without {@code anthropic_version}),
 * {@code {"recordId","modelInput","error":{"errorCode":400,"errorMessage":...}}}; and
 * {@code manifest.json.out} with the counts. A record fails when its id was named with
 * {@link AwsCloud#failBatchRecord(String)} or its body contains {@link AwsCloud#BATCH_FAIL_TEXT}.
 *
 * <p>The outcome is {@code Completed}, unless {@link AwsCloud#endNextBatchJob} chose {@code PartiallyCompleted},
 * {@code Expired} (both write the first half of the records only, in file order) or {@code Failed} (no output). A
 * stop makes a job {@code Stopping}, and its next read moves it to {@code Stopped}, with the first half of the
 * records written when it was {@code InProgress}. Strict like Bedrock: a model it does not serve and a job identifier of the wrong form
 * are 400 {@code ValidationException}, a missing {@code roleArn} too, a role of another account 403
 * {@code AccessDeniedException} (the caller may not pass it, {@code iam:PassRole}), an unknown job 404
 * {@code ResourceNotFoundException}, a stop of a finished job 400 {@code ValidationException}; a repeated
 * {@code clientRequestToken} answers the job it made first.
 */
final class BedrockBatchJobs extends StubTransformer {
    static final String NAME = "aws-bedrock-batch";
    static final int MIN_RECORDS = 100;
    static final int MAX_RECORDS = 50_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The top-level keys of Nova's messages-v1 InvokeModel body. */
    private static final Set<String> NOVA_KEYS = Set.of("schemaVersion", "system", "messages", "inferenceConfig", "toolConfig");
    private static final Pattern JOB_PATH = Pattern.compile("/model-invocation-job/([^/?]+)(/stop)?");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?([a-z0-9]{12})");
    private static final Pattern JOB_NAME = Pattern.compile("[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\\-.]){0,63}");
    private static final Pattern ROLE = Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
    private static final List<String> PATH = List.of("Submitted", "Validating", "Scheduled", "InProgress");
    private static final Set<String> TERMINAL = Set.of("Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired");
    /** The first job's submit time; each later job is one second younger, so "newest first" is well defined. */
    private static final Instant FIRST_SUBMIT = Instant.parse("2025-01-01T00:00:00Z");

    private final ServedModels models;
    private final S3Objects s3;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Records that fail, each with its error message. */
    private final java.util.Map<String, String> failRecords = new java.util.HashMap<>();
    private String nextOutcome;
    private String nextOutcomeMessage;
    private boolean throttleNextRead;

    BedrockBatchJobs(ServedModels models, S3Objects s3) {
        super(NAME);
        this.models = models;
        this.s3 = s3;
    }

    synchronized void reset() {
        jobs.clear();
        failRecords.clear();
        nextOutcome = null;
        nextOutcomeMessage = null;
        throttleNextRead = false;
    }

    synchronized void failRecord(String recordId) {
        failRecords.put(recordId, "The emulator failed record " + recordId + " as asked.");
    }

    /** The record with this id fails with error code 400 and {@code message}. */
    synchronized void failRecord(String recordId, String message) {
        failRecords.put(recordId, message);
    }

    synchronized void endNextJob(String status, String message) {
        nextOutcome = status;
        nextOutcomeMessage = message;
    }

    synchronized void throttleNextRead() {
        throttleNextRead = true;
    }

    /** Moves every job that is not finished to its end, as enough reads would. */
    synchronized void finishAll() {
        for (Job job : jobs.values()) {
            while (!TERMINAL.contains(job.status)) advance(job);
        }
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String method = request.getMethod().getName();
        if (method.equals("POST") && path.equals("/model-invocation-job")) return create(request.getBodyAsString());
        if (method.equals("GET") && path.equals("/model-invocation-jobs")) return list(request);
        Matcher m = JOB_PATH.matcher(path);
        if (!m.matches()) return AwsCloud.error(404, "UnknownOperationException", "The emulator does not serve " + method + " " + path).build();
        String identifier = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        Matcher id = IDENTIFIER.matcher(identifier);
        if (!id.matches()) {
            return validation("1 validation error detected: Value '" + identifier + "' at 'jobIdentifier' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: " + IDENTIFIER.pattern());
        }
        Job job = jobs.get(id.group(3));
        if (m.group(2) != null) return stop(job, identifier);
        if (throttleNextRead) {
            throttleNextRead = false;
            return AwsCloud.error(429, "ThrottlingException", "Too many requests, please wait before trying again.").build();
        }
        if (job == null) return notFound(identifier);
        if (job.shown && !TERMINAL.contains(job.status)) advance(job);
        job.shown = true;
        return json(describe(job));
    }

    // ---- operations ----

    private ResponseDefinition create(String body) {
        JsonNode r;
        try {
            r = JSON.readTree(body);
        } catch (IOException e) {
            return AwsCloud.error(400, "SerializationException", "The request body is not valid JSON.").build();
        }
        for (String required : List.of("jobName", "roleArn", "modelId")) {
            if (!r.path(required).isTextual()) {
                return validation("1 validation error detected: Value null at '" + required + "' failed to satisfy"
                        + " constraint: Member must not be null");
            }
        }
        String name = r.path("jobName").asText();
        if (!JOB_NAME.matcher(name).matches()) {
            return validation("1 validation error detected: Value '" + name + "' at 'jobName' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: " + JOB_NAME.pattern());
        }
        String role = r.path("roleArn").asText();
        Matcher roleMatch = ROLE.matcher(role);
        if (!roleMatch.matches()) {
            return validation("1 validation error detected: Value '" + role + "' at 'roleArn' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: " + ROLE.pattern());
        }
        if (!AwsCloud.ACCOUNT.equals(roleMatch.group(2))) {
            return AwsCloud.error(403, "AccessDeniedException", AwsCloud.escape("User: arn:aws:iam::" + AwsCloud.ACCOUNT
                    + ":user/emulator is not authorized to perform: iam:PassRole on resource: " + role)).build();
        }
        String model = r.path("modelId").asText();
        if (!models.contains(model)) return validation("The provided model identifier is invalid.");
        String token = r.path("clientRequestToken").asText(null);
        if (token != null) {
            for (Job existing : jobs.values()) {
                if (token.equals(existing.token)) return json(JSON.createObjectNode().put("jobArn", existing.arn()));
            }
        }
        String input = r.path("inputDataConfig").path("s3InputDataConfig").path("s3Uri").asText("");
        String output = r.path("outputDataConfig").path("s3OutputDataConfig").path("s3Uri").asText("");
        if (!input.startsWith("s3://") || !output.startsWith("s3://")) {
            return validation("inputDataConfig.s3InputDataConfig.s3Uri and outputDataConfig.s3OutputDataConfig.s3Uri"
                    + " must be S3 URIs (s3://bucket/key)");
        }
        Job job = new Job(String.format(Locale.ROOT, "emu%09d", jobs.size() + 1), name, model, role, token, input, output,
                FIRST_SUBMIT.plusSeconds(jobs.size()), nextOutcome == null ? "Completed" : nextOutcome, nextOutcomeMessage);
        nextOutcome = null;
        nextOutcomeMessage = null;
        jobs.put(job.id, job);
        return json(JSON.createObjectNode().put("jobArn", job.arn()));
    }

    private ResponseDefinition list(Request request) {
        List<Job> all = new ArrayList<>(jobs.values());
        String order = request.queryParameter("sortOrder").isPresent() ? request.queryParameter("sortOrder").firstValue() : "Descending";
        if (!order.equals("Ascending")) java.util.Collections.reverse(all);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("invocationJobSummaries");
        all.forEach(j -> list.add(describe(j)));
        return json(out);
    }

    private ResponseDefinition stop(Job job, String identifier) {
        if (job == null) return notFound(identifier);
        if (TERMINAL.contains(job.status) || job.status.equals("Stopping")) {
            return validation("The job " + job.arn() + " is in status " + job.status + " and cannot be stopped.");
        }
        job.stoppedWhile = job.status;
        job.status = "Stopping";
        job.shown = false;
        return json(JSON.createObjectNode());
    }

    // ---- the state machine ----

    private void advance(Job job) {
        job.shown = false;
        if (job.status.equals("Stopping")) {
            end(job, "Stopped", job.stoppedWhile.equals("InProgress") ? job.records().size() / 2 : 0, null);
            return;
        }
        int step = PATH.indexOf(job.status);
        if (job.status.equals("Validating")) {
            Optional<String> problem = validate(job);
            if (problem.isPresent()) {
                end(job, "Failed", 0, problem.get());
                return;
            }
        }
        if (step + 1 < PATH.size()) {
            job.status = PATH.get(step + 1);
            return;
        }
        switch (job.outcome) {
            case "Failed" -> end(job, "Failed", 0, job.outcomeMessage == null ? "The job failed." : job.outcomeMessage);
            case "PartiallyCompleted", "Expired" -> end(job, job.outcome, job.records().size() / 2, job.outcomeMessage);
            default -> end(job, "Completed", job.records().size(), null);
        }
    }

    /** Why the input cannot run, as Bedrock's validation reports it in the job's message; empty when it can. */
    private Optional<String> validate(Job job) {
        List<InputFile> files = inputFiles(job.inputUri);
        if (files.isEmpty()) {
            return Optional.of("The input " + job.inputUri + " does not exist or holds no .jsonl file that can be read.");
        }
        List<JsonNode> lines = new ArrayList<>();
        List<InputFile> counted = new ArrayList<>();
        for (InputFile file : files) {
            int before = lines.size();
            Optional<String> problem = read(file, lines);
            if (problem.isPresent()) return problem;
            counted.add(new InputFile(file.bucket(), file.key(), file.name(), lines.size() - before));
        }
        if (lines.size() < MIN_RECORDS || lines.size() > MAX_RECORDS) {
            return Optional.of("The number of records in the input (" + lines.size() + ") is not within the limits of"
                    + " " + MIN_RECORDS + " to " + MAX_RECORDS + " records per batch inference job for " + job.model + ".");
        }
        S3Uri out = S3Uri.parse(job.outputUri);
        if (!s3.hasBucket(out.bucket())) return Optional.of("The output bucket " + out.bucket() + " does not exist.");
        job.lines = lines;
        job.files = counted;
        return Optional.empty();
    }

    /**
     * The job's input files in the order Bedrock reads them: the object its {@code s3Uri} names, or, for a folder (a
     * URI ending with {@code /}, or a prefix with objects under it), every {@code .jsonl} object under it, sub-folders
     * too, in key order (user guide, "Format and upload your batch inference data": the location holds "at least one
     * JSONL file", each named {@code .jsonl}; other files, such as the images records point at, are not records).
     */
    private List<InputFile> inputFiles(String uri) {
        S3Uri in = S3Uri.parse(uri);
        if (!uri.endsWith("/") && !in.key().isEmpty() && s3.get(in.bucket(), in.key()).isPresent()) {
            return List.of(new InputFile(in.bucket(), in.key(), in.key().substring(in.key().lastIndexOf('/') + 1), 0));
        }
        String prefix = in.key().isEmpty() ? "" : in.key() + "/";
        return s3.keys(in.bucket(), prefix).stream().filter(k -> k.endsWith(".jsonl"))
                .map(k -> new InputFile(in.bucket(), k, k.substring(prefix.length()), 0)).toList();
    }

    /** Adds the records of one input file to {@code lines}; why it cannot run when a line is not a record. */
    private Optional<String> read(InputFile file, List<JsonNode> lines) {
        byte[] data = s3.get(file.bucket(), file.key()).orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode node = JSON.readTree(line);
                if (!node.isObject() || !node.path("modelInput").isObject()) {
                    return Optional.of("Line " + n + " of the input file " + file.name() + " is not a JSON object with a modelInput.");
                }
                lines.add(node);
            }
        } catch (IOException e) {
            return Optional.of("The input file " + file.name() + " has a line that is not valid JSON: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Ends the job in {@code status}, writing the output of its first {@code processed} records (none: no output). */
    private void end(Job job, String status, int processed, String message) {
        job.status = status;
        job.message = message;
        job.endTime = job.submitTime.plusSeconds(60);
        if (processed == 0) return;
        List<String> out = new ArrayList<>();
        int errors = 0;
        for (JsonNode line : job.records().subList(0, processed)) {
            ObjectNode written = JSON.createObjectNode();
            String recordId = line.path("recordId").asText("");
            written.put("recordId", recordId);
            written.set("modelInput", line.path("modelInput"));
            Optional<String> malformed = malformed(job.model, line.path("modelInput"));
            if (failRecords.containsKey(recordId) || line.path("modelInput").toString().contains(AwsCloud.BATCH_FAIL_TEXT)) {
                errors++;
                written.putObject("error").put("errorCode", 400).put("errorMessage",
                        failRecords.getOrDefault(recordId, "The emulator failed record " + recordId + " as asked."));
            } else if (malformed.isPresent()) {
                errors++;
                written.putObject("error").put("errorCode", 400).put("errorMessage", malformed.get());
            } else {
                written.set("modelOutput", answer(job.model, line.path("modelInput"), job.processed + 1));
            }
            job.processed++;
            out.add(written.toString());
        }
        job.succeeded = processed - errors;
        job.failed = errors;
        S3Uri folder = S3Uri.parse(job.outputUri).resolve(job.id);
        int first = 0;
        for (InputFile file : job.files) {   // one output per input file with a processed record, named after it
            List<String> written = out.subList(Math.min(first, processed), Math.min(first + file.records(), processed));
            first += file.records();
            if (written.isEmpty()) continue;
            s3.put(folder.bucket(), folder.resolve(file.name() + ".out").key(),
                    (String.join("\n", written) + "\n").getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        }
        ObjectNode manifest = JSON.createObjectNode().put("totalRecordCount", job.records().size())
                .put("processedRecordCount", processed).put("successRecordCount", job.succeeded)
                .put("errorRecordCount", job.failed).put("inputTokenCount", (long) job.succeeded * Canned.INPUT_TOKENS)
                .put("outputTokenCount", (long) job.succeeded * Canned.OUTPUT_TOKENS);
        s3.put(folder.bucket(), folder.resolve("manifest.json.out").key(), manifest.toString().getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");
    }

    /**
     * Why the model refuses {@code body}, as Bedrock words a body that does not match the model's InvokeModel schema;
     * empty when it takes it. A Nova body (messages-v1) needs {@code messages} and has no key outside its schema (a
     * Claude body's {@code anthropic_version} or {@code max_tokens} is refused); a Claude body needs
     * {@code anthropic_version} and {@code messages}.
     */
    private static Optional<String> malformed(String model, JsonNode body) {
        if (isNova(model)) {
            for (java.util.Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!NOVA_KEYS.contains(key)) return Optional.of(malformedInput("extraneous key [" + key + "] is not permitted"));
            }
            if (!body.path("messages").isArray()) return Optional.of(malformedInput("required key [messages] not found"));
        } else if (model.contains("anthropic.claude")) {
            for (String key : List.of("anthropic_version", "messages")) {
                if (!body.has(key)) return Optional.of(malformedInput("required key [" + key + "] not found"));
            }
        }
        return Optional.empty();
    }

    private static String malformedInput(String problem) {
        return "Malformed input request: #: " + problem + ", please reformat your input and try again.";
    }

    private static boolean isNova(String model) {
        return model.contains("amazon.nova-");
    }

    /** The model's answer to one body: Titan's embedding, a Nova (Converse-shaped) or a Claude Messages response. */
    private static JsonNode answer(String model, JsonNode input, int n) {
        if (isNova(model)) return novaAnswer(input, n);
        if (model.contains("titan-embed")) {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode vector = out.putArray("embedding");
            int dimensions = input.path("dimensions").asInt(EmulatedEmbeddings.dimensions(model));
            for (float f : EmulatedEmbeddings.vector(input.path("inputText").asText(""), dimensions)) vector.add(f);
            out.put("inputTextTokenCount", BedrockEmbeddings.TITAN_TOKENS);
            return out;
        }
        ObjectNode out = JSON.createObjectNode().put("id", "msg_bdrk_emulator" + n).put("type", "message")
                .put("role", "assistant").put("model", model);
        ArrayNode content = out.putArray("content");
        JsonNode choice = input.path("tool_choice");
        String forced = choice.path("type").asText("").equals("tool") ? choice.path("name").asText(null)
                : choice.path("type").asText("").equals("any") ? input.path("tools").path(0).path("name").asText(null) : null;
        if (forced != null) {
            content.addObject().put("type", "tool_use").put("id", "toolu_emulator" + n).put("name", forced)
                    .putObject("input").put("answer", Canned.CHAT_TEXT);
            out.put("stop_reason", "tool_use");
        } else {
            content.addObject().put("type", "text").put("text", Canned.CHAT_TEXT);
            out.put("stop_reason", "end_turn");
        }
        out.putNull("stop_sequence");
        out.putObject("usage").put("input_tokens", Canned.INPUT_TOKENS).put("output_tokens", Canned.OUTPUT_TOKENS);
        return out;
    }

    /**
     * Nova's answer (Amazon Nova user guide, "Response structure highlights"): {@code output.message.content} with
     * {@link Canned#CHAT_TEXT}, or a {@code toolUse} block when {@code toolConfig.toolChoice} forces a tool
     * ({@code {"tool":{"name":...}}}, or {@code {"any":{}}}: the first tool), then {@code stopReason} and
     * {@code usage}.
     */
    private static JsonNode novaAnswer(JsonNode input, int n) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode message = out.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        JsonNode tools = input.path("toolConfig");
        JsonNode choice = tools.path("toolChoice");
        String forced = choice.has("tool") ? choice.path("tool").path("name").asText(null)
                : choice.has("any") ? tools.path("tools").path(0).path("toolSpec").path("name").asText(null) : null;
        if (forced != null) {
            content.addObject().putObject("toolUse").put("toolUseId", "tooluse_emulator" + n).put("name", forced)
                    .putObject("input").put("answer", Canned.CHAT_TEXT);
            out.put("stopReason", "tool_use");
        } else {
            content.addObject().put("text", Canned.CHAT_TEXT);
            out.put("stopReason", "end_turn");
        }
        out.putObject("usage").put("inputTokens", Canned.INPUT_TOKENS).put("outputTokens", Canned.OUTPUT_TOKENS)
                .put("totalTokens", Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS);
        return out;
    }

    // ---- answers ----

    private static ObjectNode describe(Job job) {
        ObjectNode out = JSON.createObjectNode().put("jobArn", job.arn()).put("jobName", job.name).put("modelId", job.model)
                .put("roleArn", job.role).put("status", job.status).put("submitTime", job.submitTime.toString())
                .put("lastModifiedTime", (job.endTime == null ? job.submitTime : job.endTime).toString());
        if (job.token != null) out.put("clientRequestToken", job.token);
        if (job.message != null) out.put("message", job.message);
        if (job.endTime != null) out.put("endTime", job.endTime.toString());
        out.putObject("inputDataConfig").putObject("s3InputDataConfig").put("s3Uri", job.inputUri).put("s3InputFormat", "JSONL");
        out.putObject("outputDataConfig").putObject("s3OutputDataConfig").put("s3Uri", job.outputUri);
        out.put("timeoutDurationInHours", 168).put("jobExpirationTime", job.submitTime.plusSeconds(168 * 3600).toString());
        if (job.lines != null) {
            out.put("totalRecordCount", job.lines.size());
            if (TERMINAL.contains(job.status)) {
                out.put("processedRecordCount", job.processed).put("successRecordCount", job.succeeded)
                        .put("errorRecordCount", job.failed);
            }
        }
        return out;
    }

    private static ResponseDefinition json(JsonNode body) {
        return AwsCloud.ok("application/json", body.toString()).build();
    }

    private static ResponseDefinition validation(String message) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape(message)).build();
    }

    private static ResponseDefinition notFound(String identifier) {
        ResponseDefinitionBuilder r = AwsCloud.error(404, "ResourceNotFoundException",
                AwsCloud.escape("The specified model invocation job " + identifier + " was not found."));
        return r.build();
    }

    /** {@code s3://bucket/key} of a job's configuration, the key without a trailing slash. */
    record S3Uri(String bucket, String key) {
        static S3Uri parse(String uri) {
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            while (key.endsWith("/")) key = key.substring(0, key.length() - 1);
            return new S3Uri(slash < 0 ? rest : rest.substring(0, slash), key);
        }

        S3Uri resolve(String name) {
            return new S3Uri(bucket, key.isEmpty() ? name : key + "/" + name);
        }
    }

    /**
     * One input file: where it is, its name relative to the job's input (a file name, or a path below the input
     * folder), which its output is named after, and how many records it holds.
     */
    private record InputFile(String bucket, String key, String name, int records) {
    }

    private static final class Job {
        final String id;
        final String name;
        final String model;
        final String role;
        final String token;
        final String inputUri;
        final String outputUri;
        final Instant submitTime;
        final String outcome;
        final String outcomeMessage;
        String status = "Submitted";
        /** Whether a read has answered the current status. */
        boolean shown;
        String message;
        String stoppedWhile;
        Instant endTime;
        List<JsonNode> lines;
        /** The input files, in the order their records are in {@link #lines}. */
        List<InputFile> files = List.of();
        int processed;
        int succeeded;
        int failed;

        Job(String id, String name, String model, String role, String token, String inputUri, String outputUri,
            Instant submitTime, String outcome, String outcomeMessage) {
            this.id = id;
            this.name = name;
            this.model = model;
            this.role = role;
            this.token = token;
            this.inputUri = inputUri;
            this.outputUri = outputUri;
            this.submitTime = submitTime;
            this.outcome = outcome;
            this.outcomeMessage = outcomeMessage;
        }

        String arn() {
            return "arn:aws:bedrock:" + AwsCloud.REGION + ":" + AwsCloud.ACCOUNT + ":model-invocation-job/" + id;
        }

        List<JsonNode> records() {
            return lines == null ? List.of() : lines;
        }
    }
}

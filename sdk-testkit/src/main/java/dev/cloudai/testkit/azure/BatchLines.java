package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An Azure OpenAI batch's input file, validated and run line by line for {@link OpenAiBatches}.
 *
 * <p>Validation fails the whole batch, with Microsoft's error codes ("Troubleshooting", "Error codes",
 * https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch): {@code empty_file}, {@code invalid_json_line},
 * {@code too_many_tasks} (over 100,000), {@code url_mismatch} (a line's {@code url} is not the batch's endpoint),
 * {@code model_mismatch} (lines name different deployments), {@code model_not_found} (a deployment the resource does
 * not have), {@code duplicate_custom_id}, and {@code invalid_request} for a line without {@code custom_id},
 * {@code method} POST or {@code body}; each with the line's number.
 *
 * <p>Each line then gets its chat answer by the rules of a call ({@link ChatAnswer#reply}, at the batch's API
 * version): 200 lines go to the output file, refusals (a bad tool turn, a strict schema that is not strict...) to
 * the error file, as {@code {"id","custom_id","response":{"status_code","request_id","body"},"error":null}}. A line
 * whose user message contains {@link #FAIL_TRIGGER}, or whose custom id the test named, fails as Azure fails a prompt
 * its content filter blocks: 400, code {@code content_filter}. Lines a batch never runs (it expired) get OpenAI's
 * {@code {"response":null,"error":{"code":"batch_expired","message":..}}}.
 */
final class BatchLines {
    /** The text that makes a line fail, in any user message of it. */
    static final String FAIL_TRIGGER = "FAIL_THIS_ITEM";
    static final int MAX_REQUESTS = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<JsonNode> lines;

    private BatchLines(List<JsonNode> lines) {
        this.lines = lines;
    }

    /** A validation error of the whole batch: code, message, line number (1-based, or null). */
    record Problem(String code, String message, Integer line) {
    }

    /** The lines, or the problem that fails the batch. */
    record Parsed(BatchLines lines, Problem problem) {
    }

    /** The output and error files' lines of a run. */
    record Run(List<String> output, List<String> errors, int completed, int failed) {
    }

    static Parsed parse(byte[] content, String endpoint, Predicate<String> servedDeployment) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            // Microsoft's known issue: a UTF-8-BOM file fails with this generic message
            return problem("invalid_request", "Validation failed: A valid model deployment name couldn't be extracted from"
                    + " the input file. Please ensure that each row in the input file has a valid deployment name specified"
                    + " in the 'model' field, and that the deployment name is consistent across all rows.", null);
        }
        List<JsonNode> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String model = null;
        String[] rows = text.split("\r?\n");
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].isBlank()) continue;
            int number = i + 1;
            JsonNode line;
            try {
                line = JSON.readTree(rows[i]);
            } catch (IOException e) {
                return problem("invalid_json_line", "A line in the input file could not be parsed as valid JSON.", number);
            }
            if (line == null || !line.isObject() || !line.path("custom_id").isTextual() || !"POST".equals(line.path("method").asText())
                    || !line.path("body").isObject()) {
                return problem("invalid_request", "The schema of the input line is invalid: it needs custom_id, method POST,"
                        + " url and body.", number);
            }
            if (!endpoint.equals(line.path("url").asText())) {
                return problem("url_mismatch", "The URL '" + line.path("url").asText() + "' of this line does not match the"
                        + " batch's endpoint '" + endpoint + "'.", number);
            }
            String lineModel = line.path("body").path("model").asText("");
            if (model == null) model = lineModel;
            if (!model.equals(lineModel)) {
                return problem("model_mismatch", "The model deployment name '" + lineModel + "' of this line does not match"
                        + " the rest of the file ('" + model + "').", number);
            }
            if (!servedDeployment.test(lineModel)) {
                return problem("model_not_found", "The Azure OpenAI model deployment name '" + lineModel + "' that was"
                        + " specified in the 'model' property of the input file wasn't found.", number);
            }
            if (!ids.add(line.path("custom_id").asText())) {
                return problem("duplicate_custom_id", "The custom ID '" + line.path("custom_id").asText() + "' is a"
                        + " duplicate of the custom ID in another request.", number);
            }
            lines.add(line);
            if (lines.size() > MAX_REQUESTS) {
                return problem("too_many_tasks", "The number of requests in the input file exceeds the maximum allowed"
                        + " value of 100,000.", null);
            }
        }
        if (lines.isEmpty()) {
            return problem("empty_file", "The input file is empty. Please ensure that the batch contains at least one request.", null);
        }
        return new Parsed(new BatchLines(lines), null);
    }

    private static Parsed problem(String code, String message, Integer line) {
        return new Parsed(null, new Problem(code, message, line));
    }

    int size() {
        return lines.size();
    }

    /**
     * Runs the first {@code ran} lines at {@code apiVersion}; the others did not run before the batch expired, and
     * are written so when {@code expired}, else left out (a cancelled batch writes only the work it did).
     */
    Run run(String batchId, String apiVersion, int ran, boolean expired, Map<String, String> failIds) {
        List<String> output = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String customId = line.path("custom_id").asText();
            ObjectNode out = F.objectNode().put("id", "batch_req_" + uuid(batchId + "/" + customId + "/id"))
                    .put("custom_id", customId);
            if (i >= ran) {
                if (!expired) continue;
                out.putNull("response");
                out.putObject("error").put("code", "batch_expired")
                        .put("message", "This request could not be executed before the completion window expired.");
                errors.add(out.toString());
                failed++;
                continue;
            }
            ChatAnswer.Reply reply = failIds.get(customId) != null ? new ChatAnswer.Reply(400, invalidRequest(failIds.get(customId)))
                    : failIds.containsKey(customId) || mentionsTrigger(line.path("body"))
                    ? new ChatAnswer.Reply(400, contentFiltered()) : ChatAnswer.reply(line.path("body"), apiVersion);
            ObjectNode response = out.putObject("response");
            response.put("status_code", reply.status()).put("request_id", uuid(batchId + "/" + customId + "/request"));
            try {
                response.set("body", JSON.readTree(reply.body()));
            } catch (IOException e) {
                throw new IllegalStateException("the emulator's own answer is not JSON: " + reply.body(), e);
            }
            out.putNull("error");
            if (reply.status() == 200) {
                output.add(out.toString());
                completed++;
            } else {
                errors.add(out.toString());
                failed++;
            }
        }
        return new Run(output, errors, completed, failed);
    }

    /** The request id of a line: the same for the same batch and custom id, so a test can find it again. */
    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean mentionsTrigger(JsonNode body) {
        for (JsonNode m : body.path("messages")) {
            if ("user".equals(m.path("role").asText()) && m.path("content").toString().contains(FAIL_TRIGGER)) return true;
        }
        return false;
    }

    /** Azure's answer to a request it refuses as invalid, with the message a test chose. */
    private static String invalidRequest(String message) {
        return F.objectNode().set("error", F.objectNode().put("message", message).put("type", "invalid_request_error")
                .putNull("param").put("code", "invalid_request")).toString();
    }

    /** Azure's answer to a prompt its content filter blocks (as {@link AzureCloud#filterPrompts} sends it). */
    private static String contentFiltered() {
        return "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content"
                + " management policy. Please modify your prompt and retry.\",\"type\":null,\"param\":\"prompt\","
                + "\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
                + "\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
                + "\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}}}";
    }
}

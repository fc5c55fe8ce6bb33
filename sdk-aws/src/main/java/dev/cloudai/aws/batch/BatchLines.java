package dev.cloudai.aws.batch;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import dev.cloudai.aws.invocation.InvokeModelBodies;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.spi.ErrorMapper;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The lines of a Bedrock batch job. Input (user guide, "Format and upload your batch inference data",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-data.html): one JSON object per line,
 * {@code {"recordId":"<custom id>","modelInput":<the model's InvokeModel body>}}. Output ("View the results of a
 * batch inference job", https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-results.html): per
 * input line, {@code {"recordId","modelInput","modelOutput":<the model's InvokeModel response body>}}, or, for a
 * line that failed, {@code "error":{"errorCode":400,"errorMessage":"..."}} in place of {@code modelOutput}. The
 * custom id is the record id as it is: Bedrock echoes it, so results match items without a table of ids. Both bodies
 * are the model family's own ({@link InvokeModelBodies}: Claude's Messages, Nova's messages-v1, Titan's embedding).
 *
 * <pre>{@code
 * BatchLines.input(BatchKind.EMBEDDINGS, "amazon.titan-embed-text-v2:0", BatchItem.embedding("doc-1", "text"));
 * // {"recordId":"doc-1","modelInput":{"inputText":"text","normalize":true}}
 * }</pre>
 */
final class BatchLines {
    /** The operation failed lines' errors name. */
    static final String OPERATION = "batch.result";

    private BatchLines() {
    }

    /**
     * The input line of {@code item}, without the line break.
     *
     * @throws IllegalArgumentException for an item of the other kind, or a value the model refuses (named)
     * @throws UnsupportedOperationException for a feature the model's body cannot carry (named)
     */
    static String input(BatchKind kind, String model, BatchItem item) {
        String body;
        if (item instanceof BatchItem.Chat chat && kind == BatchKind.CHAT) {
            body = InvokeModelBodies.chatBody(model, chat.request());
        } else if (item instanceof BatchItem.Embedding embedding && kind == BatchKind.EMBEDDINGS) {
            body = InvokeModelBodies.embeddingBody(model, embedding.text());
        } else {
            throw new IllegalArgumentException("items: '" + item.customId() + "' is a " + (item instanceof BatchItem.Chat
                    ? "chat" : "embedding") + " item in a " + kind + " job; a job holds items of one kind");
        }
        return "{\"recordId\":" + jsonString(item.customId()) + ",\"modelInput\":" + body + "}";
    }

    /** The record id of an input or output line; empty when the line has none. */
    static Optional<String> recordId(JsonNode line) {
        return line.field("recordId").filter(JsonNode::isString).map(JsonNode::asString);
    }

    /**
     * The result of one output line. A line whose answer cannot be read (a body of another shape) is a failed
     * result too, so one odd line does not end the others.
     *
     * @throws AwsResponseFormatException when the line is not JSON or has no record id to report a result under
     */
    static BatchResult result(String line, BatchKind kind, String provider, String model, ErrorMapper errors) {
        JsonNode node = parse(line);
        String id = recordId(node).orElseThrow(() ->
                new AwsResponseFormatException("Bedrock wrote a batch output line without a recordId", null));
        Optional<JsonNode> error = node.field("error").filter(JsonNode::isObject);
        if (error.isPresent()) return BatchResult.failed(id, errors.map(OPERATION, lineError(id, error.get())));
        try {
            JsonNode output = node.field("modelOutput").filter(JsonNode::isObject).orElseThrow(() ->
                    new AwsResponseFormatException("Bedrock wrote the batch output line of '" + id + "' with neither"
                            + " modelOutput nor error", null));
            if (kind == BatchKind.EMBEDDINGS) return BatchResult.of(id, InvokeModelBodies.embedding(model, output));
            JsonNode input = node.field("modelInput").orElse(JsonNode.emptyObjectNode());
            return BatchResult.of(id, InvokeModelBodies.chatResponse(provider, model, input, output));
        } catch (AwsResponseFormatException unreadable) {
            return BatchResult.failed(id, errors.map(OPERATION, unreadable));
        }
    }

    /** A line of JSON. */
    static JsonNode parse(String line) {
        try {
            JsonNode node = JsonNode.parser().parse(line);
            if (node.isObject()) return node;
        } catch (RuntimeException notJson) {
            // reported below
        }
        throw new AwsResponseFormatException("Bedrock wrote a batch line that is not a JSON object: "
                + (line.length() > 80 ? line.substring(0, 80) + "..." : line), null);
    }

    /**
     * A failed line's error as the AWS SDK reports a service error, so that the adapter's one error mapper types it
     * the way it types a failed call: the code is the line's {@code errorCode} (an HTTP status such as 400, 429 or
     * 500, which also sets the status), the message its {@code errorMessage}.
     */
    private static AwsServiceException lineError(String id, JsonNode error) {
        Optional<JsonNode> code = error.field("errorCode");
        String codeText = code.map(c -> c.isNumber() ? c.asNumber() : c.isString() ? c.asString() : null).orElse(null);
        int status = 0;
        if (codeText != null && codeText.matches("[1-5][0-9][0-9]")) status = Integer.parseInt(codeText);
        String message = error.field("errorMessage").filter(JsonNode::isString).map(JsonNode::asString)
                .orElse("Bedrock reported no message");
        String detail = "record '" + id + "': " + message;
        return AwsServiceException.builder().message(detail).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(codeText).errorMessage(detail).serviceName("Bedrock").build())
                .build();
    }

    private static String jsonString(String value) {
        JsonWriter w = JsonWriter.create();
        w.writeValue(value);
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }
}

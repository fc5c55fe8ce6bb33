package dev.cloudai.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the emulated chat model does with tools, structured output, images, documents and reasoning: one set of
 * rules that every cloud's emulator applies to a request it has read from its own wire format, and answers in its
 * own. Users' tests of an agent can rely on them; the contract tests assert them on every cloud.
 *
 * <p>The rules, in order of precedence, for a request to a served model:
 * <ol>
 *   <li><b>Tool calls.</b> When the request declares tools, its tool choice is not "none", and its conversation
 *       ends with a user message: with a forced tool, the model calls that tool; otherwise it calls every declared
 *       tool whose name appears in the last user message's text (several at once: parallel calls), in declaration
 *       order; when none appears, it calls the first tool if a tool call is required, else answers normally. Each
 *       call's arguments are {@link #sample(String)} of the tool's parameter schema. The answer has no text and the
 *       cloud's "tool use" stop reason. Call ids, on clouds that have them, are {@link #callId(String, int, int)}.</li>
 *   <li><b>Structured output.</b> With a JSON schema format, the text is {@link #sample(String)} of the schema; with
 *       the plain JSON format, {@link #JSON_ANSWER}.</li>
 *   <li><b>Tool results.</b> When the conversation ends with tool results, the text is
 *       {@link #toolResultsAnswer(List)} of them, in order.</li>
 *   <li><b>Media.</b> When the last user message holds images or documents, the text is
 *       {@link #mediaAnswer(int, int)}.</li>
 *   <li>Otherwise the canned answer ({@code Canned.CHAT_TEXT}).</li>
 * </ol>
 * <b>Reasoning</b>: a request that asks for reasoning (a thinking budget or an effort) gets {@link #REASONING_TEXT}
 * with {@link #REASONING_SIGNATURE} where the cloud returns reasoning text (Bedrock, Vertex AI), and
 * {@link #REASONING_TOKENS} reasoning tokens where the cloud counts them. A stream sends reasoning before text, and
 * each tool call in pieces where the cloud streams them in pieces.
 *
 * <pre>{@code
 * List<EmulatedChat.Call> calls = EmulatedChat.toolCalls(tools, EmulatedChat.Choice.AUTO, null, "weather in Paris?");
 * String answer = EmulatedChat.sample("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}"); // {"n":1}
 * }</pre>
 */
public final class EmulatedChat {
    /** The text of an answer in the plain JSON format. */
    public static final String JSON_ANSWER = "{\"answer\":\"Hello from the emulator\"}";
    /** The reasoning text of a request that asks for reasoning. */
    public static final String REASONING_TEXT = "The emulator thinks it over.";
    /** The signature that comes with {@link #REASONING_TEXT}, where the cloud signs reasoning. */
    public static final String REASONING_SIGNATURE = "ZW11bGF0b3Itc2lnbmF0dXJl";
    /** The reasoning tokens reported where the cloud counts them. */
    public static final int REASONING_TOKENS = 7;
    /** The text that {@link #sample(String)} puts in a string without format or enum. */
    public static final String SAMPLE_STRING = "emulated";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmulatedChat() {
    }

    /** How the request says the model must choose a tool. */
    public enum Choice { AUTO, NONE, REQUIRED, TOOL }

    /**
     * A declared tool, as the emulator read it off the wire.
     *
     * @param name the tool's name
     * @param parametersSchema its parameters as a JSON schema text
     */
    public record Tool(String name, String parametersSchema) {
        public Tool {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(parametersSchema, "parametersSchema");
        }
    }

    /**
     * A call the emulated model makes.
     *
     * @param name the tool
     * @param arguments the arguments, a JSON object text
     */
    public record Call(String name, String arguments) {
    }

    /**
     * A tool result the emulator received.
     *
     * @param toolName the tool whose call it answers
     * @param error whether it is marked as an error
     */
    public record Result(String toolName, boolean error) {
    }

    /**
     * The calls the model makes for a conversation that ends with a user message (rule 1); empty when it answers
     * in text.
     *
     * @param forcedTool the tool named by a {@link Choice#TOOL} choice, else ignored
     * @param lastUserText the text of the conversation's last user message
     */
    public static List<Call> toolCalls(List<Tool> tools, Choice choice, String forcedTool, String lastUserText) {
        List<Call> calls = new ArrayList<>();
        if (tools.isEmpty() || choice == Choice.NONE) return calls;
        if (choice == Choice.TOOL) {
            for (Tool t : tools) {
                if (t.name().equals(forcedTool)) calls.add(new Call(t.name(), sample(t.parametersSchema())));
            }
            return calls;
        }
        String text = lastUserText.toLowerCase(Locale.ROOT);
        for (Tool t : tools) {
            if (text.contains(t.name().toLowerCase(Locale.ROOT))) calls.add(new Call(t.name(), sample(t.parametersSchema())));
        }
        if (calls.isEmpty() && choice == Choice.REQUIRED) {
            calls.add(new Call(tools.get(0).name(), sample(tools.get(0).parametersSchema())));
        }
        return calls;
    }

    /**
     * The id of the {@code index}-th call of an answer, on a cloud whose calls have ids: unique in a conversation
     * because {@code turn} is the number of assistant messages before the answer.
     *
     * @param prefix the cloud's style, {@code tooluse_} on Bedrock, {@code call_} on Azure OpenAI
     */
    public static String callId(String prefix, int turn, int index) {
        return prefix + "emu" + turn + "_" + index;
    }

    /** The text answering tool results (rule 3): {@code Tool results: get_weather, get_time (error)}. */
    public static String toolResultsAnswer(List<Result> results) {
        StringBuilder s = new StringBuilder("Tool results: ");
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(results.get(i).toolName());
            if (results.get(i).error()) s.append(" (error)");
        }
        return s.toString();
    }

    /** The text answering a user message with media (rule 4): {@code Received 1 image and 2 documents}. */
    public static String mediaAnswer(int images, int documents) {
        return "Received " + images + (images == 1 ? " image" : " images") + " and " + documents
                + (documents == 1 ? " document" : " documents");
    }

    /**
     * A JSON value that follows {@code schema}: every listed property of an object, one item per array, the first
     * enum value, {@value #SAMPLE_STRING} for a string ({@code 2026-01-01} or {@code 2026-01-01T00:00:00Z} with a
     * date format), 1 for an integer, 1.5 for a number, {@code true} for a boolean; of a type list, the first type
     * that is not {@code null}. Types may be written in upper case, as Vertex AI's schema does.
     *
     * @throws IllegalArgumentException when {@code schema} is not JSON
     */
    public static String sample(String schema) {
        try {
            return JSON.writeValueAsString(sample(JSON.readTree(schema)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("schema: is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode sample(JsonNode schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) return enumValues.get(0);
        String type = type(schema);
        switch (type) {
            case "object" -> {
                ObjectNode out = f.objectNode();
                JsonNode properties = schema.get("properties");
                if (properties != null) properties.fields().forEachRemaining(e -> out.set(e.getKey(), sample(e.getValue())));
                return out;
            }
            case "array" -> {
                ArrayNode out = f.arrayNode();
                JsonNode items = schema.get("items");
                out.add(items == null ? f.textNode(SAMPLE_STRING) : sample(items));
                return out;
            }
            case "integer" -> {
                return f.numberNode(1);
            }
            case "number" -> {
                return f.numberNode(1.5);
            }
            case "boolean" -> {
                return f.booleanNode(true);
            }
            case "null" -> {
                return f.nullNode();
            }
            default -> {
                JsonNode format = schema.get("format");
                if (format != null && "date".equals(format.asText())) return f.textNode("2026-01-01");
                if (format != null && "date-time".equals(format.asText())) return f.textNode("2026-01-01T00:00:00Z");
                return f.textNode(SAMPLE_STRING);
            }
        }
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) return schema.has("properties") ? "object" : "string";
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equalsIgnoreCase(t.asText())) return t.asText().toLowerCase(Locale.ROOT);
            }
            return "null";
        }
        return type.asText().toLowerCase(Locale.ROOT);
    }
}

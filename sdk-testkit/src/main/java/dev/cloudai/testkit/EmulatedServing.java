package dev.cloudai.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudai.deployment.ServingProtocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model servers that the emulators' endpoints host: one set of answers, in each server's own format, that every
 * cloud's emulator returns from an endpoint invocation whose body speaks a {@link ServingProtocol}, blocking or
 * streamed. Users' tests of their own deployed models run against them; the endpoint-model contract asserts them.
 *
 * <p>Which protocol a body speaks, unless the endpoint was told ({@code EmulatedCloud.hostProtocol}):
 * {@code messages} is OpenAI chat; {@code input} is OpenAI embeddings; {@code inputs} with {@code parameters} is
 * TGI; {@code inputs} as an array, or with TEI's {@code normalize} or {@code truncate}, is TEI. Any other body (the
 * contracts' generic {@code {"inputs":"Hello"}} among them) gets the canned {@code Canned.INVOKE_RESPONSE_BODY}.
 *
 * <p>The answers: chat says {@code Canned.CHAT_TEXT} ({@code Canned.STREAM_DELTAS} when streamed), with
 * {@code Canned.INPUT_TOKENS}/{@code OUTPUT_TOKENS} where the protocol counts tokens, and a stop reason; embeddings
 * are {@code EmulatedEmbeddings.vector(text, d)} with d {@value #DIMENSIONS} (or the request's {@code dimensions}).
 *
 * <pre>{@code
 * Optional<EmulatedServing.Answer> a = EmulatedServing.answer(body, Optional.empty());
 * a.ifPresent(x -> respond(200, x.contentType(), x.body()));      // x.events() for a stream
 * }</pre>
 */
public final class EmulatedServing {
    /** The vector size of the hosted embedding servers. */
    public static final int DIMENSIONS = 8;
    /** The model name an OpenAI-compatible server reports when the request names none. */
    public static final String SERVED_MODEL = "emulated-open-model";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EmulatedServing() {
    }

    /**
     * A server's answer.
     *
     * @param protocol the protocol answered
     * @param contentType {@code application/json}, or {@code text/event-stream} for a stream
     * @param events a stream's server-sent events, each a whole {@code data: ...\n\n} text, in order; empty when not
     *               streamed
     * @param body the whole body: the JSON, or the events joined
     */
    public record Answer(ServingProtocol protocol, String contentType, List<String> events, byte[] body) {
        /** Whether the answer is a stream of events. */
        public boolean streamed() { return !events.isEmpty(); }
    }

    /** The protocol a request body speaks, by the rules in the class comment; empty for any other body. */
    public static Optional<ServingProtocol> sniff(byte[] body) {
        JsonNode request = parse(body);
        if (request == null || !request.isObject()) return Optional.empty();
        if (request.has("messages")) return Optional.of(ServingProtocol.OPENAI_CHAT);
        if (request.has("input")) return Optional.of(ServingProtocol.OPENAI_EMBEDDINGS);
        if (request.has("inputs") && request.has("parameters")) return Optional.of(ServingProtocol.TGI);
        if (request.has("inputs") && (request.get("inputs").isArray() || request.has("normalize") || request.has("truncate"))) {
            return Optional.of(ServingProtocol.TEI);
        }
        return Optional.empty();
    }

    /**
     * The answer to {@code body}: in {@code hosted}'s format when the endpoint was told its protocol, else in the
     * protocol the body speaks; streamed when the body asks ({@code "stream": true}) or {@code streamRoute} is set
     * (a TGI {@code generate_stream} route, SageMaker's response-stream invocation). Empty for a body of no protocol.
     */
    public static Optional<Answer> answer(byte[] body, Optional<ServingProtocol> hosted, boolean streamRoute) {
        Optional<ServingProtocol> protocol = hosted.isPresent() ? hosted : sniff(body);
        if (protocol.isEmpty()) return Optional.empty();
        JsonNode request = parse(body);
        if (request == null) request = F.objectNode();
        boolean stream = streamRoute || request.path("stream").asBoolean(false);
        return Optional.of(switch (protocol.get()) {
            case OPENAI_CHAT -> stream ? events(ServingProtocol.OPENAI_CHAT, openAiChatEvents(request))
                    : json(ServingProtocol.OPENAI_CHAT, openAiChat(request));
            case TGI -> stream ? events(ServingProtocol.TGI, tgiEvents()) : json(ServingProtocol.TGI, tgi());
            case OPENAI_EMBEDDINGS -> json(ServingProtocol.OPENAI_EMBEDDINGS, openAiEmbeddings(request));
            case TEI -> json(ServingProtocol.TEI, tei(request));
        });
    }

    /**
     * The error body a server of {@code protocol} writes: {@code {"object":"error","message":..,"type":..,"code":status}}
     * for OpenAI-compatible servers (vLLM's shape), {@code {"error":..,"error_type":..}} for TGI and TEI.
     */
    public static String errorBody(ServingProtocol protocol, int status, String message) {
        ObjectNode error = F.objectNode();
        if (protocol == ServingProtocol.OPENAI_CHAT || protocol == ServingProtocol.OPENAI_EMBEDDINGS) {
            error.put("object", "error").put("message", message)
                    .put("type", status == 429 || status == 503 ? "ServiceUnavailableError" : "BadRequestError")
                    .putNull("param").put("code", status);
        } else {
            error.put("error", message).put("error_type", status == 429 || status == 503 ? "overloaded" : "validation");
        }
        return error.toString();
    }

    // ---- OpenAI chat (the chat completions API reference's shapes) ----

    private static ObjectNode openAiChat(JsonNode request) {
        ObjectNode body = F.objectNode().put("id", "chatcmpl-emulated").put("object", "chat.completion")
                .put("created", 1_767_225_600).put("model", request.path("model").asText(SERVED_MODEL));
        ObjectNode message = F.objectNode().put("role", "assistant").put("content", Canned.CHAT_TEXT);
        body.putArray("choices").addObject().put("index", 0).<ObjectNode>set("message", message)
                .put("finish_reason", "stop");
        body.set("usage", usage());
        return body;
    }

    private static List<String> openAiChatEvents(JsonNode request) {
        String model = request.path("model").asText(SERVED_MODEL);
        List<String> events = new ArrayList<>();
        events.add(chunk(model, F.objectNode().put("role", "assistant").put("content", ""), null));
        for (String delta : Canned.STREAM_DELTAS) events.add(chunk(model, F.objectNode().put("content", delta), null));
        events.add(chunk(model, F.objectNode(), "stop"));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode last = F.objectNode().put("id", "chatcmpl-emulated").put("object", "chat.completion.chunk")
                    .put("created", 1_767_225_600).put("model", model);
            last.putArray("choices");
            last.set("usage", usage());
            events.add("data: " + last + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static String chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode c = F.objectNode().put("id", "chatcmpl-emulated").put("object", "chat.completion.chunk")
                .put("created", 1_767_225_600).put("model", model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return "data: " + c + "\n\n";
    }

    private static ObjectNode usage() {
        return F.objectNode().put("prompt_tokens", Canned.INPUT_TOKENS).put("completion_tokens", Canned.OUTPUT_TOKENS)
                .put("total_tokens", Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS);
    }

    // ---- TGI (text-generation-inference's /generate and /generate_stream) ----

    private static ArrayNode tgi() {
        // The Hugging Face inference containers on SageMaker and Vertex AI answer /generate as a one-element list.
        ArrayNode body = F.arrayNode();
        ObjectNode answer = body.addObject().put("generated_text", Canned.CHAT_TEXT);
        answer.putObject("details").put("finish_reason", "eos_token").put("generated_tokens", Canned.OUTPUT_TOKENS)
                .put("input_length", Canned.INPUT_TOKENS);
        return body;
    }

    private static List<String> tgiEvents() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < Canned.STREAM_DELTAS.size(); i++) {
            boolean last = i == Canned.STREAM_DELTAS.size() - 1;
            ObjectNode e = F.objectNode().put("index", i + 1);
            e.putObject("token").put("id", 1000 + i).put("text", Canned.STREAM_DELTAS.get(i)).put("logprob", -0.1)
                    .put("special", false);
            if (last) {
                e.put("generated_text", Canned.CHAT_TEXT);
                e.putObject("details").put("finish_reason", "eos_token").put("generated_tokens", Canned.OUTPUT_TOKENS)
                        .put("input_length", Canned.INPUT_TOKENS);
            } else {
                e.putNull("generated_text");
                e.putNull("details");
            }
            events.add("data:" + e + "\n\n");   // TGI writes no space after "data:"
        }
        return events;
    }

    // ---- embeddings ----

    private static ObjectNode openAiEmbeddings(JsonNode request) {
        int dimensions = request.path("dimensions").asInt(DIMENSIONS);
        ObjectNode body = F.objectNode().put("object", "list").put("model", request.path("model").asText(SERVED_MODEL));
        ArrayNode data = body.putArray("data");
        List<String> texts = texts(request.path("input"));
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float x : EmulatedEmbeddings.vector(texts.get(i), dimensions)) vector.add(x);
        }
        int tokens = texts.stream().mapToInt(t -> t.split("\\s+").length).sum();
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    private static ArrayNode tei(JsonNode request) {
        ArrayNode body = F.arrayNode();
        for (String text : texts(request.path("inputs"))) {
            ArrayNode vector = body.addArray();
            for (float x : EmulatedEmbeddings.vector(text, DIMENSIONS)) vector.add(x);
        }
        return body;
    }

    private static List<String> texts(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input.isArray()) input.forEach(t -> texts.add(t.asText()));
        else texts.add(input.asText());
        return texts;
    }

    // ---- helpers ----

    private static Answer json(ServingProtocol protocol, JsonNode body) {
        return new Answer(protocol, "application/json", List.of(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Answer events(ServingProtocol protocol, List<String> events) {
        return new Answer(protocol, "text/event-stream", List.copyOf(events),
                String.join("", events).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}

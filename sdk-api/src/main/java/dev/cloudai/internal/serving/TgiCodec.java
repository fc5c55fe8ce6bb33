package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.spi.ChatLimits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face text-generation-inference's own API ({@code POST /generate} and {@code /generate_stream}, or the
 * {@code /} route the SageMaker and Vertex AI containers expose, which streams when {@code "stream": true}),
 * following the TGI API reference. Not API.
 *
 * <p><b>The prompt is raw text: the model's chat template is not applied.</b> A request of one user message and no
 * system prompt is sent exactly as written, so a caller who formats the prompt with the model's own template gets
 * it through untouched. Anything longer is written as a plain transcript:
 * <pre>
 * {system prompt}\n\n
 * User: {text}\n\nAssistant: {text}\n\n ... User: {text}\n\nAssistant:
 * </pre>
 * For the model's chat template, tools and images, serve it with TGI's Messages API ({@code /v1/chat/completions})
 * and use {@link ServingProtocol#OPENAI_CHAT}.
 *
 * <p>Parameters: {@code max_new_tokens}, {@code temperature} (0 is TGI's greedy default, so it is left out: TGI
 * refuses a temperature that is not above 0), {@code top_p} (1 leaves it out: TGI takes only values below 1),
 * {@code stop}, a JSON schema as TGI's {@code grammar} ({@code {"type":"json","value":schema}}; any JSON object
 * as the schema {@code {"type":"object"}}), always {@code details} (for the finish reason and token counts) and
 * {@code return_full_text: false}. Refused with {@link UnsupportedOperationException}: tools, images, documents,
 * reasoning effort and budget.
 *
 * <pre>{@code
 * InvokeRequest body = new TgiCodec().encode(ChatRequest.ofUser("[INST] Hi [/INST]"), false);
 * // {"inputs":"[INST] Hi [/INST]","parameters":{"details":true,"return_full_text":false}}
 * }</pre>
 */
final class TgiCodec implements ChatCodec {
    private static final ServingProtocol PROTOCOL = ServingProtocol.TGI;
    private static final String NAME = PROTOCOL.configName();
    private static final String USE_CHAT = "serve the model with TGI's Messages API (/v1/chat/completions) and use"
            + " ServingProtocol.OPENAI_CHAT";

    @Override
    public ServingProtocol protocol() { return PROTOCOL; }

    @Override
    public InvokeRequest encode(ChatRequest request, boolean stream) {
        refuseUnsupported(request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        request.maxTokens().ifPresent(n -> parameters.put("max_new_tokens", n));
        request.temperature().ifPresent(t -> {
            if (t > 0) parameters.put("temperature", t);
        });
        request.topP().ifPresent(p -> {
            if (p < 1) parameters.put("top_p", p);
        });
        if (!request.stopSequences().isEmpty()) parameters.put("stop", request.stopSequences());
        ResponseFormat format = request.responseFormat();
        if (format.kind() != ResponseFormat.Kind.TEXT) {
            Map<String, Object> grammar = new LinkedHashMap<>();
            grammar.put("type", "json");
            grammar.put("value", format.kind() == ResponseFormat.Kind.JSON ? Map.of("type", "object")
                    : Json.parse(format.schema().orElseThrow()));
            parameters.put("grammar", grammar);
        }
        parameters.put("details", true);
        parameters.put("return_full_text", false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputs", prompt(request));
        body.put("parameters", parameters);
        if (stream) {
            body.put("stream", true);
            return InvokeRequest.of(Json.write(body).getBytes(StandardCharsets.UTF_8), "application/json")
                    .withAccept("text/event-stream");
        }
        return InvokeRequest.json(Json.write(body));
    }

    private static void refuseUnsupported(ChatRequest request) {
        if (!request.tools().isEmpty()) {
            throw ChatLimits.unsupported(NAME, "tools", "TGI's /generate cannot call tools; " + USE_CHAT);
        }
        request.toolChoice().filter(c -> c.mode() != ToolChoice.Mode.AUTO && c.mode() != ToolChoice.Mode.NONE)
                .ifPresent(c -> {
                    throw ChatLimits.unsupported(NAME, "toolChoice", "TGI's /generate cannot call tools; " + USE_CHAT);
                });
        if (request.reasoningEffort().isPresent() || request.reasoningBudget().isPresent()) {
            throw ChatLimits.unsupported(NAME, request.reasoningEffort().isPresent() ? "reasoningEffort"
                    : "reasoningBudget", "TGI's /generate has no reasoning setting; leave it unset, or " + USE_CHAT
                    + " on a server that takes reasoning_effort");
        }
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            List<ContentPart> parts = messages.get(i).parts();
            for (int j = 0; j < parts.size(); j++) {
                ContentPart p = parts.get(j);
                if (p instanceof ContentPart.Image) {
                    throw ChatLimits.unsupported(NAME, "messages[" + i + "].parts[" + j + "]: an image",
                            "TGI's /generate takes text only; " + USE_CHAT);
                }
                if (p instanceof ContentPart.Document d) {
                    throw ChatLimits.unsupported(NAME, "messages[" + i + "].parts[" + j + "]: a document ("
                            + d.name() + ")", "send the document's text as a text part");
                }
            }
        }
    }

    /** The raw prompt; see the class comment for the transcript. */
    static String prompt(ChatRequest request) {
        List<ChatMessage> turns = request.conversation();
        if (request.systemPrompt().isEmpty() && turns.size() == 1) return turns.get(0).text();
        StringBuilder p = new StringBuilder();
        request.systemPrompt().ifPresent(s -> p.append(s).append("\n\n"));
        for (ChatMessage m : turns) {
            p.append(m.role() == Role.USER ? "User: " : "Assistant: ").append(m.text()).append("\n\n");
        }
        return p.append("Assistant:").toString();
    }

    // ---- decoding ----

    @Override
    public ChatResponse.Builder decode(InvokeResponse response) {
        Answer a = answer(Shapes.parse(response.body(), PROTOCOL));
        return ChatResponse.builder().text(a.text()).finishReason(finishReason(a.finishDetail()))
                .finishDetail(a.finishDetail()).usage(a.usage());
    }

    /** A whole /generate answer, read from the parsed body. */
    private record Answer(String text, String finishDetail, TokenUsage usage) {
    }

    private static Answer answer(Object json) {
        Shapes.throwIfError(json);
        // /generate answers one object; the Hugging Face inference containers and the compat route a list of one
        Object answer = json instanceof List<?> l && l.size() == 1 ? l.get(0) : json;
        if (!(answer instanceof Map<?, ?> m) || !(m.get("generated_text") instanceof String text)) {
            ServingProtocol like = Shapes.whole(json);
            throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like, Shapes.describe(json));
        }
        Map<String, Object> details = Shapes.map(m.get("details"));
        return new Answer(text, Shapes.string(details.get("finish_reason")), usage(details));
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) return FinishReason.STOP;   // no details: the server ignored "details", nothing to say
        return switch (reason) {
            case "eos_token" -> FinishReason.STOP;
            case "length" -> FinishReason.MAX_TOKENS;
            case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
            default -> FinishReason.OTHER;
        };
    }

    /** From {@code details}: {@code input_length} where the server sends it (streams do), else 0 input tokens. */
    private static TokenUsage usage(Map<String, Object> details) {
        return new TokenUsage(Shapes.count(details.get("input_length")), Shapes.count(details.get("generated_tokens")));
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new Stream();
    }

    /**
     * One {@code generate_stream} answer: an event per token, {@code {"token":{"text":..,"special":..},
     * "generated_text":null,"details":null}}, the last with the whole text and the details. Special tokens (an
     * end-of-sequence token, say) are not text. {@code Finished} goes out on the last event; TGI sends no
     * end marker besides it.
     */
    private static final class Stream extends SseStreamDecoder {
        Stream() {
            super(PROTOCOL);
        }

        @Override
        void endedEarly(List<ChatChunk> out) {
            throw cut("before TGI's last event (the one with the details)");
        }

        @Override
        void onEvent(Object json, List<ChatChunk> out) {
            if (!(json instanceof Map<?, ?> m) || !(m.get("token") instanceof Map<?, ?> token)) {
                ServingProtocol like = Shapes.streamed(json);
                throw new ProtocolMismatchException(PROTOCOL, like == PROTOCOL ? null : like,
                        "an event with " + Shapes.describe(json));
            }
            String text = Shapes.string(token.get("text"));
            if (!Boolean.TRUE.equals(token.get("special")) && text != null && !text.isEmpty()) {
                out.add(new ChatChunk.TextDelta(text));
            }
            if (m.get("details") instanceof Map || m.get("generated_text") instanceof String) {
                Map<String, Object> details = Shapes.map(m.get("details"));
                String finish = Shapes.string(details.get("finish_reason"));
                done();
                out.add(new ChatChunk.Finished(finishReason(finish), Optional.ofNullable(finish),
                        Optional.of(usage(details))));
            }
        }

        /** A server that did not stream answered with the whole /generate answer: the same answer, as chunks. */
        @Override
        void onWholeAnswer(Object json, List<ChatChunk> out) {
            Answer a = answer(json);
            if (!a.text().isEmpty()) out.add(new ChatChunk.TextDelta(a.text()));
            done();
            out.add(new ChatChunk.Finished(finishReason(a.finishDetail()), Optional.ofNullable(a.finishDetail()),
                    Optional.of(a.usage())));
        }
    }
}

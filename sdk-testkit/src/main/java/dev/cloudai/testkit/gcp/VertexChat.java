package dev.cloudai.testkit.gcp;

import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.FunctionCall;
import com.google.cloud.aiplatform.v1.FunctionCallingConfig;
import com.google.cloud.aiplatform.v1.FunctionDeclaration;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GenerationConfig;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.Schema;
import com.google.cloud.aiplatform.v1.Tool;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.cloudai.testkit.EmulatedChat;
import dev.cloudai.testkit.Canned;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The emulated Gemini: {@link EmulatedChat}'s rules applied to a {@code GenerateContentRequest}, answered as Vertex
 * AI answers (v1 reference, {@code GenerateContentResponse}, {@code Candidate}, {@code Part}: function calls as
 * {@code functionCall} parts without ids, the finish reason {@code STOP} beside them, thoughts as parts with
 * {@code thought: true}, usage in {@code usageMetadata} with {@code thoughtsTokenCount}).
 *
 * <p>As strict as Vertex, with {@code INVALID_ARGUMENT}: function responses that do not answer the function call
 * turn before them one for one, function calls or responses or a function calling config without function
 * declarations, and inline data of a type Gemini does not take.
 *
 * <p>A request is plain when it uses none of this (no tools, function parts, inline data, JSON output or thinking):
 * the front then answers it as before, with the canned answer (WireMock's stub for unary calls).
 */
final class VertexChat {
    /** Types Gemini takes inline: the "Image understanding" and "Document understanding" pages of Vertex AI. */
    static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif",
            "application/pdf", "text/plain");
    private static final String MODEL_REFERENCE = "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

    private VertexChat() {
    }

    /**
     * The answer the emulated model gives.
     *
     * @param thoughts a thought summary part first ({@code includeThoughts})
     * @param thinking thinking was on: thought tokens are counted and the answer is signed
     * @param text the text, empty with calls
     * @param calls the function calls, in order
     */
    record Answer(boolean thoughts, boolean thinking, String text, List<EmulatedChat.Call> calls) {
    }

    /** {@code true} when {@code request} uses nothing beyond text chat. */
    static boolean isPlain(GenerateContentRequest request) {
        if (request.getToolsCount() > 0 || request.hasToolConfig()) return false;
        for (Content c : request.getContentsList()) {
            for (Part p : c.getPartsList()) {
                if (p.hasFunctionCall() || p.hasFunctionResponse() || p.hasInlineData()) return false;
            }
        }
        GenerationConfig g = request.getGenerationConfig();
        return g.getResponseMimeType().isEmpty() && !g.hasResponseSchema() && !g.hasResponseJsonSchema()
                && !g.hasThinkingConfig();
    }

    /** Vertex's INVALID_ARGUMENT for a request it refuses; null when it takes it. */
    static StatusRuntimeException refusal(GenerateContentRequest request) {
        boolean declared = false;
        for (Tool t : request.getToolsList()) declared |= t.getFunctionDeclarationsCount() > 0;
        if (request.hasToolConfig() && request.getToolConfig().hasFunctionCallingConfig() && !declared) {
            // Vertex's wording, quoted in musistudio/claude-code-router pull request 1207
            return invalid("Function calling config is set without function_declarations.");
        }
        List<Content> contents = request.getContentsList();
        for (int i = 0; i < contents.size(); i++) {
            Content c = contents.get(i);
            List<String> called = functionNames(c, true);
            List<String> answered = functionNames(c, false);
            if ((!called.isEmpty() || !answered.isEmpty()) && !declared) {
                return invalid("Unable to submit request because contents[" + i + "] has function call or function"
                        + " response parts but the request declares no function_declarations. Add the tools to the"
                        + " request. Learn more: " + MODEL_REFERENCE);
            }
            if (!answered.isEmpty()) {
                List<String> calls = i == 0 ? List.of() : functionNames(contents.get(i - 1), true);
                if (calls.isEmpty()) {
                    return invalid("Please ensure that function response turn comes immediately after a function call turn.");
                }
                if (!sameNames(calls, answered)) {
                    // Vertex's wording, quoted in google-gemini/gemini-cli issues 4504 and 5443
                    return invalid("Please ensure that the number of function response parts is equal to the number"
                            + " of function call parts of the function call turn.");
                }
            } else if (!called.isEmpty() && i + 1 < contents.size() && functionNames(contents.get(i + 1), false).isEmpty()) {
                // calls without their responses
                return invalid("Please ensure that the number of function response parts is equal to the number"
                        + " of function call parts of the function call turn.");
            }
            for (Part p : c.getPartsList()) {
                if (p.hasInlineData() && !INLINE_TYPES.contains(p.getInlineData().getMimeType())) {
                    return invalid("Unable to submit request because it has a mimeType parameter with value "
                            + p.getInlineData().getMimeType() + ", which is not supported. Update the mimeType and try"
                            + " again. Learn more: " + MODEL_REFERENCE);
                }
            }
        }
        return null;
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static List<String> functionNames(Content c, boolean calls) {
        List<String> names = new ArrayList<>();
        for (Part p : c.getPartsList()) {
            if (calls && p.hasFunctionCall()) names.add(p.getFunctionCall().getName());
            if (!calls && p.hasFunctionResponse()) names.add(p.getFunctionResponse().getName());
        }
        return names;
    }

    /** The same names as often each: responses answer calls by name, in any order. */
    private static boolean sameNames(List<String> calls, List<String> answered) {
        List<String> a = new ArrayList<>(calls);
        List<String> b = new ArrayList<>(answered);
        a.sort(null);
        b.sort(null);
        return a.equals(b);
    }

    /** What the model answers to {@code request}, by {@link EmulatedChat}'s rules. */
    static Answer answer(GenerateContentRequest request) {
        GenerationConfig g = request.getGenerationConfig();
        GenerationConfig.ThinkingConfig thinkingConfig = g.getThinkingConfig();
        boolean thinking = g.hasThinkingConfig() && !(thinkingConfig.hasThinkingBudget() && thinkingConfig.getThinkingBudget() == 0);
        boolean thoughts = thinking && thinkingConfig.getIncludeThoughts();
        List<Content> contents = request.getContentsList();
        Content last = contents.isEmpty() ? Content.getDefaultInstance() : contents.get(contents.size() - 1);
        List<String> results = functionNames(last, false);
        if (results.isEmpty() && !"model".equals(last.getRole())) {
            List<EmulatedChat.Call> calls = calls(request, text(last));
            if (!calls.isEmpty()) return new Answer(thoughts, thinking, "", calls);
        }
        String text;
        if (g.hasResponseJsonSchema()) {
            text = EmulatedChat.sample(json(g.getResponseJsonSchema()));
        } else if (g.hasResponseSchema()) {
            text = EmulatedChat.sample(json(g.getResponseSchema()));
        } else if ("application/json".equals(g.getResponseMimeType())) {
            text = EmulatedChat.JSON_ANSWER;
        } else if (!results.isEmpty()) {
            List<EmulatedChat.Result> answered = new ArrayList<>();
            for (Part p : last.getPartsList()) {
                if (p.hasFunctionResponse()) {
                    answered.add(new EmulatedChat.Result(p.getFunctionResponse().getName(),
                            p.getFunctionResponse().getResponse().containsFields("error")));
                }
            }
            text = EmulatedChat.toolResultsAnswer(answered);
        } else if (hasMedia(last)) {
            int images = 0;
            int documents = 0;
            for (Part p : last.getPartsList()) {
                if (!p.hasInlineData()) continue;
                if (p.getInlineData().getMimeType().startsWith("image/")) images++;
                else documents++;
            }
            text = EmulatedChat.mediaAnswer(images, documents);
        } else {
            text = Canned.CHAT_TEXT;
        }
        return new Answer(thoughts, thinking, text, List.of());
    }

    private static List<EmulatedChat.Call> calls(GenerateContentRequest request, String lastUserText) {
        List<EmulatedChat.Tool> tools = new ArrayList<>();
        for (Tool t : request.getToolsList()) {
            for (FunctionDeclaration f : t.getFunctionDeclarationsList()) {
                String schema = f.hasParametersJsonSchema() ? json(f.getParametersJsonSchema())
                        : f.hasParameters() ? json(f.getParameters()) : "{\"type\":\"object\",\"properties\":{}}";
                tools.add(new EmulatedChat.Tool(f.getName(), schema));
            }
        }
        FunctionCallingConfig config = request.getToolConfig().getFunctionCallingConfig();
        EmulatedChat.Choice choice = EmulatedChat.Choice.AUTO;
        String forced = null;
        switch (config.getMode()) {
            case NONE -> choice = EmulatedChat.Choice.NONE;
            case ANY -> {
                if (config.getAllowedFunctionNamesCount() == 1) {
                    choice = EmulatedChat.Choice.TOOL;
                    forced = config.getAllowedFunctionNames(0);
                } else {
                    choice = EmulatedChat.Choice.REQUIRED;
                    if (config.getAllowedFunctionNamesCount() > 1) {
                        tools.removeIf(t -> !config.getAllowedFunctionNamesList().contains(t.name()));
                    }
                }
            }
            default -> { }
        }
        return EmulatedChat.toolCalls(tools, choice, forced, lastUserText);
    }

    private static String text(Content c) {
        StringBuilder s = new StringBuilder();
        for (Part p : c.getPartsList()) s.append(p.getText());
        return s.toString();
    }

    private static boolean hasMedia(Content c) {
        for (Part p : c.getPartsList()) {
            if (p.hasInlineData()) return true;
        }
        return false;
    }

    /**
     * A schema as JSON text: a {@code google.protobuf.Value} as it is, an OpenAPI {@code Schema} in its JSON form
     * (types in upper case, which {@link EmulatedChat#sample(String)} takes).
     */
    private static String json(MessageOrBuilder schema) {
        try {
            return JsonFormat.printer().print(schema);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a parsed schema always prints", e);
        }
    }

    /** The unary answer: one candidate with every part. */
    static GenerateContentResponse unary(Answer answer) {
        Content.Builder content = Content.newBuilder().setRole("model");
        for (Part p : parts(answer)) content.addParts(p);
        return GenerateContentResponse.newBuilder().setResponseId("emulator-response")
                .addCandidates(Candidate.newBuilder().setIndex(0).setContent(content).setFinishReason(Candidate.FinishReason.STOP))
                .setUsageMetadata(usage(answer)).build();
    }

    /**
     * The streamed answer: the thought summary in its own chunk; then each function call in a chunk of its own,
     * after a first chunk without content when no thought came first (Gemini opens a stream with an empty text part
     * at times), or the text in two chunks; the last chunk has the finish reason and the usage. A stream cut after
     * its first chunk thus stops inside a tool call answer before any call was sent.
     */
    static List<GenerateContentResponse> stream(Answer answer) {
        List<Part> parts = parts(answer);
        List<List<Part>> chunks = new ArrayList<>();
        int first = 0;
        if (answer.thoughts()) {
            chunks.add(List.of(parts.get(0)));
            first = 1;
        }
        if (!answer.calls().isEmpty()) {
            if (chunks.isEmpty()) chunks.add(List.of(Part.newBuilder().setText("").build()));
            for (int i = first; i < parts.size(); i++) chunks.add(List.of(parts.get(i)));
        } else {
            Part text = parts.get(first);
            int half = answer.text().length() / 2;
            chunks.add(List.of(text.toBuilder().setText(answer.text().substring(0, half)).build()));
            chunks.add(List.of(Part.newBuilder().setText(answer.text().substring(half)).build()));
        }
        List<GenerateContentResponse> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Candidate.Builder candidate = Candidate.newBuilder().setIndex(0)
                    .setContent(Content.newBuilder().setRole("model").addAllParts(chunks.get(i)));
            GenerateContentResponse.Builder chunk = GenerateContentResponse.newBuilder().setResponseId("emulator-stream");
            if (i == chunks.size() - 1) {
                candidate.setFinishReason(Candidate.FinishReason.STOP);
                chunk.setUsageMetadata(usage(answer));
            }
            out.add(chunk.addCandidates(candidate).build());
        }
        return out;
    }

    /** The answer's parts; the thought signature rides on the first, the thought summary when there is one. */
    private static List<Part> parts(Answer answer) {
        List<Part> parts = new ArrayList<>();
        if (answer.thoughts()) parts.add(Part.newBuilder().setText(EmulatedChat.REASONING_TEXT).setThought(true).build());
        if (answer.calls().isEmpty()) {
            parts.add(Part.newBuilder().setText(answer.text()).build());
        } else {
            for (EmulatedChat.Call call : answer.calls()) {
                Struct.Builder args = Struct.newBuilder();
                try {
                    JsonFormat.parser().merge(call.arguments(), args);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("EmulatedChat.sample makes JSON objects", e);
                }
                parts.add(Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName(call.name()).setArgs(args)).build());
            }
        }
        if (answer.thinking()) {
            parts.set(0, parts.get(0).toBuilder()
                    .setThoughtSignature(ByteString.copyFrom(Base64.getDecoder().decode(EmulatedChat.REASONING_SIGNATURE))).build());
        }
        return parts;
    }

    private static GenerateContentResponse.UsageMetadata usage(Answer answer) {
        int thoughts = answer.thinking() ? EmulatedChat.REASONING_TOKENS : 0;
        return GenerateContentResponse.UsageMetadata.newBuilder().setPromptTokenCount(Canned.INPUT_TOKENS)
                .setCandidatesTokenCount(Canned.OUTPUT_TOKENS).setThoughtsTokenCount(thoughts)
                .setTotalTokenCount(Canned.INPUT_TOKENS + Canned.OUTPUT_TOKENS + thoughts).build();
    }
}

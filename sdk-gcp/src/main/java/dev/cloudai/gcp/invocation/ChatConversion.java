package dev.cloudai.gcp.invocation;

import com.google.cloud.aiplatform.v1.Blob;
import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.FunctionCall;
import com.google.cloud.aiplatform.v1.FunctionCallingConfig;
import com.google.cloud.aiplatform.v1.FunctionDeclaration;
import com.google.cloud.aiplatform.v1.FunctionResponse;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GenerationConfig;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.SafetyRating;
import com.google.cloud.aiplatform.v1.Tool;
import com.google.cloud.aiplatform.v1.ToolConfig;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import dev.cloudai.spi.json.Json;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolSpec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Neutral chat requests to Vertex AI's {@code GenerateContentRequest}, and its responses back: text, function calls,
 * thoughts, usage and the finish reason, with the content-filter category named whenever a filter stopped the answer.
 *
 * <p>Request mapping (Vertex AI v1 reference, google.cloud.aiplatform.v1 {@code Content}, {@code Tool},
 * {@code GenerationConfig}):
 * <ul>
 *   <li>user turns are {@code Content} role {@code user}: text parts, images and documents as {@code inlineData};</li>
 *   <li>assistant turns are role {@code model}: the text (when not blank), then one {@code functionCall} part per
 *       tool call, its arguments as a Struct. A kept reasoning signature goes back where Gemini put it: on the
 *       first function call part ("When there are parallel function calls, the first function call part returned
 *       by the model response will have a thought signature"; "Model responses without a function call will return
 *       a thought signature inside the last part", https://ai.google.dev/gemini-api/docs/thought-signatures; Vertex
 *       AI requires them back for function calling, https://cloud.google.com/vertex-ai/generative-ai/docs/thought-signatures),
 *       else on the text part. The reasoning text itself is not sent back: Vertex takes thoughts only through
 *       their signature;</li>
 *   <li>consecutive tool results are one role {@code user} turn of {@code functionResponse} parts, each named after
 *       the tool its call named (Vertex matches responses to calls by name: v1 has no call id). A JSON object result
 *       is the response Struct itself, other JSON or text is {@code {"output": ...}}, a failure
 *       {@code {"error": ...}} (the keys {@code FunctionResponse.response} documents);</li>
 *   <li>tools are one {@code Tool} of {@code functionDeclarations} whose parameters travel as
 *       {@code parametersJsonSchema}, the JSON schema unchanged (lossless; the OpenAPI {@code Schema} field would
 *       drop {@code additionalProperties} and type lists); the tool choice is a {@code functionCallingConfig};</li>
 *   <li>JSON output is {@code responseMimeType} {@code application/json}, with the schema as
 *       {@code responseJsonSchema}; reasoning is a {@code thinkingConfig} with the budget and
 *       {@code includeThoughts}. Cache points send nothing: Vertex caches repeated prompt prefixes implicitly
 *       and reports the hits as {@code cachedContentTokenCount}.</li>
 * </ul>
 * Vertex names no function calls, so the SDK does: {@code call_<turn>_<index>}, turn being the number of assistant
 * messages in the request and index the call's position in the answer, unique within a conversation.
 */
final class ChatConversion {
    private ChatConversion() {
    }

    /** The request for {@code modelName} (a full resource name): instruction, turns, tools, generation config. */
    static GenerateContentRequest toRequest(String modelName, ChatRequest request) {
        GenerateContentRequest.Builder b = GenerateContentRequest.newBuilder().setModel(modelName);
        request.systemPrompt().ifPresent(system ->
                b.setSystemInstruction(Content.newBuilder().addParts(Part.newBuilder().setText(system))));
        List<ChatMessage> messages = request.messages();
        Map<String, String> toolOfCall = new HashMap<>();   // the calls of the last assistant turn: id -> tool name
        Content.Builder results = null;                      // tool results of the current turn, gathered
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.role() == Role.SYSTEM) continue;
            if (m.role() == Role.TOOL) {
                if (results == null) results = Content.newBuilder().setRole("user");
                results.addParts(functionResponse(m, toolOfCall));
                continue;
            }
            if (results != null) {
                b.addContents(results);
                results = null;
            }
            if (m.role() == Role.USER) {
                b.addContents(userTurn(m));
            } else {
                toolOfCall.clear();
                for (ToolCall call : m.toolCalls()) toolOfCall.put(call.id(), call.name());
                b.addContents(modelTurn(m, i));
            }
        }
        if (results != null) b.addContents(results);
        if (!request.tools().isEmpty()) {
            Tool.Builder tool = Tool.newBuilder();
            for (ToolSpec spec : request.tools()) {
                FunctionDeclaration.Builder f = FunctionDeclaration.newBuilder().setName(spec.name())
                        .setParametersJsonSchema(ProtoJson.value(spec.parametersJsonSchema()));
                if (!spec.description().isEmpty()) f.setDescription(spec.description());
                tool.addFunctionDeclarations(f);
            }
            b.addTools(tool);
            // Vertex refuses a function calling config without function declarations, so only beside tools
            request.toolChoice().ifPresent(choice -> b.setToolConfig(ToolConfig.newBuilder()
                    .setFunctionCallingConfig(functionCalling(choice))));
        }
        b.setGenerationConfig(generationConfig(request));
        GenerateContentRequest built = b.build();
        if (built.getGenerationConfig().equals(GenerationConfig.getDefaultInstance())) {
            return built.toBuilder().clearGenerationConfig().build();
        }
        return built;
    }

    private static Content.Builder userTurn(ChatMessage m) {
        Content.Builder c = Content.newBuilder().setRole("user");
        for (ContentPart part : m.parts()) {
            if (part instanceof ContentPart.Text t) {
                c.addParts(Part.newBuilder().setText(t.text()));
            } else if (part instanceof ContentPart.Image image) {
                // data() is already a fresh copy, nobody else holds it: wrap it rather than copy megabytes again
                c.addParts(Part.newBuilder().setInlineData(Blob.newBuilder().setMimeType(image.mimeType())
                        .setData(UnsafeByteOperations.unsafeWrap(image.data()))));
            } else if (part instanceof ContentPart.Document doc) {
                // Blob has no file name field in v1; the model sees the bytes and their type
                c.addParts(Part.newBuilder().setInlineData(Blob.newBuilder().setMimeType(doc.mimeType())
                        .setData(UnsafeByteOperations.unsafeWrap(doc.data()))));
            }
        }
        return c;
    }

    private static Content.Builder modelTurn(ChatMessage m, int index) {
        Content.Builder c = Content.newBuilder().setRole("model");
        ByteString signature = m.reasoningSignature().map(s -> signature(s, index)).orElse(null);
        if (!m.text().isBlank()) {
            Part.Builder text = Part.newBuilder().setText(m.text());
            if (signature != null && m.toolCalls().isEmpty()) text.setThoughtSignature(signature);
            c.addParts(text);
        }
        List<ToolCall> calls = m.toolCalls();
        for (int j = 0; j < calls.size(); j++) {
            ToolCall call = calls.get(j);
            Part.Builder p = Part.newBuilder().setFunctionCall(FunctionCall.newBuilder().setName(call.name())
                    .setArgs(ProtoJson.struct(call.arguments(), "messages[" + index + "].toolCalls[" + j + "].arguments")));
            if (j == 0 && signature != null) p.setThoughtSignature(signature);
            c.addParts(p);
        }
        return c;
    }

    /** The signature a response carried, base64 as {@link #reasoningSignature} made it. */
    private static ByteString signature(String base64, int index) {
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("messages[" + index + "].reasoningSignature: is not a Vertex AI thought"
                    + " signature (not base64); pass the reasoningSignature a Vertex AI answer returned, or none", e);
        }
    }

    private static Part.Builder functionResponse(ChatMessage m, Map<String, String> toolOfCall) {
        String id = m.toolCallId().orElseThrow();
        // ChatRequest has checked that every result answers a call of the assistant turn before it
        String name = toolOfCall.get(id);
        Struct response;
        if (m.isError()) {
            response = Struct.newBuilder().putFields("error", Value.newBuilder().setStringValue(m.text()).build()).build();
        } else {
            Value content = Json.isJson(m.text()) ? ProtoJson.value(m.text())
                    : Value.newBuilder().setStringValue(m.text()).build();
            response = content.hasStructValue() ? content.getStructValue()
                    : Struct.newBuilder().putFields("output", content).build();
        }
        return Part.newBuilder().setFunctionResponse(FunctionResponse.newBuilder().setName(name).setResponse(response));
    }

    private static FunctionCallingConfig functionCalling(ToolChoice choice) {
        FunctionCallingConfig.Builder f = FunctionCallingConfig.newBuilder();
        switch (choice.mode()) {
            case AUTO -> f.setMode(FunctionCallingConfig.Mode.AUTO);
            case NONE -> f.setMode(FunctionCallingConfig.Mode.NONE);
            case REQUIRED -> f.setMode(FunctionCallingConfig.Mode.ANY);
            case TOOL -> f.setMode(FunctionCallingConfig.Mode.ANY).addAllowedFunctionNames(choice.toolName().orElseThrow());
        }
        return f.build();
    }

    private static GenerationConfig generationConfig(ChatRequest request) {
        GenerationConfig.Builder config = GenerationConfig.newBuilder();
        request.maxTokens().ifPresent(config::setMaxOutputTokens);
        request.temperature().ifPresent(t -> config.setTemperature((float) t));
        request.topP().ifPresent(p -> config.setTopP((float) p));
        if (!request.stopSequences().isEmpty()) config.addAllStopSequences(request.stopSequences());
        ResponseFormat format = request.responseFormat();
        if (format.kind() != ResponseFormat.Kind.TEXT) config.setResponseMimeType("application/json");
        format.schema().ifPresent(schema -> config.setResponseJsonSchema(ProtoJson.value(schema)));
        request.reasoningBudgetTokens().ifPresent(budget -> config.setThinkingConfig(GenerationConfig.ThinkingConfig
                .newBuilder().setThinkingBudget(budget).setIncludeThoughts(true)));
        return config.build();
    }

    /** The number of assistant messages in {@code request}: the turn its answer's call ids are numbered by. */
    static int turn(ChatRequest request) {
        int turn = 0;
        for (ChatMessage m : request.conversation()) {
            if (m.role() == Role.ASSISTANT) turn++;
        }
        return turn;
    }

    /** The id of the {@code index}-th function call of the answer to a request with {@code turn} assistant messages. */
    static String callId(int turn, int index) {
        return "call_" + turn + "_" + index;
    }

    /** A function call part as a neutral tool call; arguments "{}" when the model sent none. */
    static ToolCall toolCall(FunctionCall call, int turn, int index) {
        return new ToolCall(callId(turn, index), call.getName(), ProtoJson.text(call.getArgs()));
    }

    /**
     * The answer's text: the first candidate's text parts, without thought summaries; a single part's text as it
     * is, so the usual answer is not copied.
     */
    static String text(GenerateContentResponse response) {
        if (response.getCandidatesCount() == 0) return "";
        List<Part> parts = response.getCandidates(0).getContent().getPartsList();
        if (parts.size() == 1) return parts.get(0).getThought() ? "" : parts.get(0).getText();
        StringBuilder joined = new StringBuilder();
        for (Part p : parts) {
            if (!p.getThought()) joined.append(p.getText());
        }
        return joined.toString();
    }

    /** The first candidate's function calls, in order. */
    static List<ToolCall> toolCalls(GenerateContentResponse response, int turn) {
        if (response.getCandidatesCount() == 0) return List.of();
        List<ToolCall> calls = new ArrayList<>();
        for (Part p : response.getCandidates(0).getContent().getPartsList()) {
            if (p.hasFunctionCall()) calls.add(toolCall(p.getFunctionCall(), turn, calls.size()));
        }
        return calls;
    }

    /** The thought summaries' text joined, or null when the answer has none. */
    static String reasoning(GenerateContentResponse response) {
        if (response.getCandidatesCount() == 0) return null;
        StringBuilder joined = new StringBuilder();
        for (Part p : response.getCandidates(0).getContent().getPartsList()) {
            if (p.getThought()) joined.append(p.getText());
        }
        return joined.isEmpty() ? null : joined.toString();
    }

    /**
     * The answer's thought signature, base64: the first one of its parts (Gemini signs the first function call
     * part, or a text part when there are no calls); null when there is none.
     */
    static String reasoningSignature(GenerateContentResponse response) {
        if (response.getCandidatesCount() == 0) return null;
        for (Part p : response.getCandidates(0).getContent().getPartsList()) {
            if (!p.getThoughtSignature().isEmpty()) return signatureText(p);
        }
        return null;
    }

    static String signatureText(Part part) {
        return Base64.getEncoder().encodeToString(part.getThoughtSignature().toByteArray());
    }

    /**
     * Usage from {@code usageMetadata}: thinking tokens are billed as output, so they count as output and as
     * reasoning; {@code cachedContentTokenCount} (implicit or explicit cache hits) is the cached input.
     */
    static Optional<TokenUsage> usage(GenerateContentResponse response) {
        if (!response.hasUsageMetadata()) return Optional.empty();
        GenerateContentResponse.UsageMetadata u = response.getUsageMetadata();
        return Optional.of(new TokenUsage(u.getPromptTokenCount(), u.getCandidatesTokenCount() + u.getThoughtsTokenCount(),
                u.getCachedContentTokenCount(), 0, u.getThoughtsTokenCount()));
    }

    /** Why the answer ended, when this response says; a prompt the filters blocked counts as content filtered. */
    static Optional<Finish> finish(GenerateContentResponse response) {
        if (response.hasPromptFeedback()
                && response.getPromptFeedback().getBlockReason() != GenerateContentResponse.PromptFeedback.BlockedReason.BLOCKED_REASON_UNSPECIFIED) {
            GenerateContentResponse.PromptFeedback feedback = response.getPromptFeedback();
            String detail = "prompt blocked: " + feedback.getBlockReason().name()
                    + blockedCategories(feedback.getSafetyRatingsList())
                    + (feedback.getBlockReasonMessage().isBlank() ? "" : " (" + feedback.getBlockReasonMessage() + ")");
            return Optional.of(new Finish(FinishReason.CONTENT_FILTERED, detail));
        }
        if (response.getCandidatesCount() == 0) return Optional.empty();
        Candidate candidate = response.getCandidates(0);
        Candidate.FinishReason reason = candidate.getFinishReason();
        return switch (reason) {
            case FINISH_REASON_UNSPECIFIED -> Optional.empty();
            // Vertex reports a stop sequence as STOP too
            case STOP -> Optional.of(new Finish(FinishReason.STOP, null));
            case MAX_TOKENS -> Optional.of(new Finish(FinishReason.MAX_TOKENS, "MAX_TOKENS"));
            case SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, MODEL_ARMOR -> Optional.of(new Finish(
                    FinishReason.CONTENT_FILTERED, reason.name() + blockedCategories(candidate.getSafetyRatingsList())
                    + (candidate.getFinishMessage().isBlank() ? "" : " (" + candidate.getFinishMessage() + ")")));
            default -> Optional.of(new Finish(FinishReason.OTHER,
                    reason == Candidate.FinishReason.UNRECOGNIZED ? "finish reason " + candidate.getFinishReasonValue() : reason.name()));
        };
    }

    private static String blockedCategories(List<SafetyRating> ratings) {
        String blocked = ratings.stream().filter(SafetyRating::getBlocked).map(r -> r.getCategory().name())
                .collect(Collectors.joining(", "));
        return blocked.isEmpty() ? "" : ": " + blocked;
    }

    /** A neutral finish reason with the provider's own detail; {@code detail} is never blank when filtered. */
    record Finish(FinishReason reason, String detail) {
    }
}

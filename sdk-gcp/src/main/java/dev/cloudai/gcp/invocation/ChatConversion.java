package dev.cloudai.gcp.invocation;

import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.GenerationConfig;
import com.google.cloud.aiplatform.v1.Part;
import com.google.cloud.aiplatform.v1.SafetyRating;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.Role;
import dev.cloudai.invocation.TokenUsage;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Neutral chat requests to Vertex AI's {@code GenerateContentRequest}, and its responses back: text, usage and the
 * finish reason, with the content-filter category named whenever a filter stopped the answer.
 */
final class ChatConversion {
    private ChatConversion() {
    }

    /** The request for {@code modelName} (a full resource name): system instruction, user/model turns, generation config. */
    static GenerateContentRequest toRequest(String modelName, ChatRequest request) {
        GenerateContentRequest.Builder b = GenerateContentRequest.newBuilder().setModel(modelName);
        request.systemPrompt().ifPresent(system ->
                b.setSystemInstruction(Content.newBuilder().addParts(Part.newBuilder().setText(system))));
        for (ChatMessage m : request.conversation()) {
            // Vertex names the two sides of a conversation "user" and "model"
            b.addContents(Content.newBuilder().setRole(m.role() == Role.USER ? "user" : "model")
                    .addParts(Part.newBuilder().setText(m.text())));
        }
        GenerationConfig.Builder config = GenerationConfig.newBuilder();
        request.maxTokens().ifPresent(config::setMaxOutputTokens);
        request.temperature().ifPresent(t -> config.setTemperature((float) t));
        request.topP().ifPresent(p -> config.setTopP((float) p));
        if (!request.stopSequences().isEmpty()) config.addAllStopSequences(request.stopSequences());
        GenerationConfig built = config.build();
        if (!built.equals(GenerationConfig.getDefaultInstance())) b.setGenerationConfig(built);
        return b.build();
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

    /** Usage from {@code usageMetadata}; thinking tokens are billed as output, so they count as output. */
    static Optional<TokenUsage> usage(GenerateContentResponse response) {
        if (!response.hasUsageMetadata()) return Optional.empty();
        GenerateContentResponse.UsageMetadata u = response.getUsageMetadata();
        return Optional.of(new TokenUsage(u.getPromptTokenCount(), u.getCandidatesTokenCount() + u.getThoughtsTokenCount()));
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

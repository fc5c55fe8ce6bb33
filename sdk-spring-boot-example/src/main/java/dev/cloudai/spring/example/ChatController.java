package dev.cloudai.spring.example;

import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /chat}: the prompt to the model of the alias {@code default}, the answer with who answered and the
 * tokens it took. A failed call is the SDK's {@code CloudAiException}, which Spring answers with a 500 here; an
 * application maps its subtypes as it likes (a {@code ThrottledException} to 429, say).
 *
 * <pre>{@code
 * POST /chat {"prompt":"Hello"}  ->  {"text":"...","provider":"aws","model":"...","inputTokens":9,"outputTokens":12}
 * }</pre>
 */
@RestController
public class ChatController {
    private final ChatModel chat;

    /** The {@code chatModel} bean of the starter. */
    public ChatController(ChatModel chat) {
        this.chat = chat;
    }

    /**
     * What the client sends.
     *
     * @param prompt the user's message
     */
    public record Question(String prompt) {
    }

    /**
     * What the client gets back.
     *
     * @param text the model's answer
     * @param provider the cloud that answered
     * @param model the model that answered
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     */
    public record Answer(String text, String provider, String model, int inputTokens, int outputTokens) {
    }

    /** Asks the model. */
    @PostMapping("/chat")
    public Answer chat(@RequestBody Question question) {
        ChatResponse r = chat.chat(ChatRequest.ofUser(question.prompt()));
        return new Answer(r.text(), r.provider(), r.model(), r.usage().inputTokens(), r.usage().outputTokens());
    }
}

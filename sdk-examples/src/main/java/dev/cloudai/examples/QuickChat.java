package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

import java.io.PrintStream;

/**
 * Ask a model one question and print its answer with the tokens it used. In your application this is all of it:
 * {@code cloudai.provider} and {@code cloudai.models.default.<provider>} in cloudai.properties, then
 *
 * <pre>{@code
 * try (CloudAi ai = CloudAi.fromConfig()) {
 *     ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Why use Inferentia for inference?"));
 *     System.out.println(r.text());
 * }
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.QuickChat [--provider gcp] [--live]}
 */
public final class QuickChat {
    private QuickChat() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, QuickChat::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            ChatRequest request = ChatRequest.builder()
                    .system("Answer in one sentence.")
                    .user("Why use Inferentia for inference?")
                    .maxTokens(200)
                    .build();
            ChatResponse r = ai.chatModel("default").chat(request);
            out.println("Answer: " + r.text());
            out.printf("(%s %s, %d input and %d output tokens, stopped: %s)%n", r.provider(), r.model(),
                    r.usage().inputTokens(), r.usage().outputTokens(), r.finishReason());
        }
    }
}

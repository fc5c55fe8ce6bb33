package dev.cloudai.cli;

import dev.cloudai.invocation.ChatResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code cloudai chat "prompt"}: one answer, printed when complete; usage and provider on stderr. */
@Command(name = "chat", description = "Send a prompt to a chat model and print the answer.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai chat \"Why use Inferentia for inference?\"",
                "  cloudai chat --provider gcp --system \"Answer in one line.\" \"Hello\"",
                "  cloudai chat --live --model default \"Hello\"",
                "  cloudai chat --image chart.png --document report.pdf \"What changed since last quarter?\"",
                "  cloudai chat --json-schema tpus.schema.json \"List three TPUs\"",
                "  cloudai chat --endpoint my-llama --protocol openai-chat \"Hello\""})
final class ChatCommand extends SessionCommand {

    @Mixin
    ModelOption model;

    @Mixin
    PromptOptions prompt;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        ChatResponse r = model.chatModel(session.ai()).chat(prompt.request());
        r.reasoning().ifPresent(thinking -> err.println("[reasoning] " + thinking));
        out.println(r.text());
        out.flush();
        err.printf("[%s/%s: %s, %d in / %d out tokens%s%s%s]%n", r.provider(), r.model(), r.finishReason(),
                r.usage().inputTokens(), r.usage().outputTokens(),
                r.usage().cachedInputTokens() > 0 ? ", " + r.usage().cachedInputTokens() + " cached" : "",
                r.usage().reasoningTokens() > 0 ? ", " + r.usage().reasoningTokens() + " reasoning" : "",
                r.requestId().map(id -> ", request id " + id).orElse(""));
        err.flush();
        return ExitCodes.OK;
    }
}

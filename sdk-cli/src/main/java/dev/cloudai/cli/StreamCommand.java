package dev.cloudai.cli;

import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.FlowStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.stream.Stream;

/** {@code cloudai stream "prompt"}: the answer printed as it arrives; the finish reason and usage on stderr. */
@Command(name = "stream", description = "Send a prompt to a chat model and print the answer as it streams in.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai stream \"Tell me a story\"",
                "  cloudai stream --provider azure --max-tokens 200 \"Tell me a story\""})
final class StreamCommand extends SessionCommand {

    @Mixin
    ModelOption model;

    @Mixin
    PromptOptions prompt;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        try (Stream<ChatChunk> chunks = FlowStreams.toStream(
                model.chatModel(session.ai()).stream(prompt.request()))) {
            chunks.forEach(chunk -> {
                if (chunk instanceof ChatChunk.TextDelta d) {
                    out.print(d.text());
                    out.flush();
                } else if (chunk instanceof ChatChunk.ReasoningDelta r) {
                    err.print(r.text());   // the model's thinking, kept apart from the answer on stdout
                    err.flush();
                } else if (chunk instanceof ChatChunk.Finished f) {
                    out.println();
                    out.flush();
                    err.println("[" + f.finishReason() + f.usage().map(u -> ", " + u.inputTokens() + " in / "
                            + u.outputTokens() + " out tokens").orElse("") + "]");
                    err.flush();
                }
            });
        }
        return ExitCodes.OK;
    }
}

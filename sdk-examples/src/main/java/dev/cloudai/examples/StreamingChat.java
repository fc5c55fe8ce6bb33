package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.FlowStreams;

import java.io.PrintStream;
import java.util.stream.Stream;

/**
 * Print an answer as the model writes it. {@code stream} returns a {@code java.util.concurrent.Flow.Publisher};
 * {@link FlowStreams#toStream} turns it into a {@code Stream} you read in a loop (close it to cancel the stream):
 *
 * <pre>{@code
 * try (Stream<ChatChunk> chunks = FlowStreams.toStream(ai.chatModel("default").stream(request))) {
 *     chunks.forEach(c -> { if (c instanceof ChatChunk.TextDelta d) System.out.print(d.text()); });
 * }
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.StreamingChat [--provider azure] [--live]}
 */
public final class StreamingChat {
    private StreamingChat() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, StreamingChat::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect();
             Stream<ChatChunk> chunks = FlowStreams.toStream(
                     ai.chatModel("default").stream(ChatRequest.ofUser("Tell me a short story about a TPU.")))) {
            out.print("Answer: ");
            chunks.forEach(chunk -> {
                if (chunk instanceof ChatChunk.TextDelta delta) {
                    out.print(delta.text());          // as it arrives
                    out.flush();
                } else if (chunk instanceof ChatChunk.Finished end) {
                    out.println();
                    out.println("(stopped: " + end.finishReason()
                            + end.usage().map(u -> ", " + u.totalTokens() + " tokens").orElse("") + ")");
                }
            });
        }
    }
}

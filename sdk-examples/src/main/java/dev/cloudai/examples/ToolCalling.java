package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolLoop;

import java.io.PrintStream;
import java.util.Map;

/**
 * Let the model call a Java method: a weather tool whose arguments arrive as a record, run by {@link ToolLoop}
 * until the model answers in text. The same code runs on Bedrock, Vertex AI and Azure OpenAI; each cloud's tool
 * format is the adapter's business.
 *
 * <pre>{@code
 * record City(String city) {}
 * ToolLoop loop = ToolLoop.builder(ai.chatModel("default"))
 *         .tool("get_weather", "Current weather in a city", City.class, c -> Map.of("city", c.city(), "celsius", 21))
 *         .build();
 * System.out.println(loop.run(ChatRequest.ofUser("Should I take a coat in Paris? Use get_weather.")).response().text());
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.ToolCalling [--provider gcp] [--live]}
 */
public final class ToolCalling {
    private ToolCalling() {
    }

    /** The weather tool's arguments: the model fills them in from the tool's JSON schema. */
    public record City(String city) {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, ToolCalling::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            ToolLoop loop = ToolLoop.builder(ai.chatModel("default"))
                    .tool("get_weather", "Current weather in a city", City.class, city -> {
                        out.println("  get_weather(" + city.city() + ") called by the model");
                        return Map.of("city", city.city(), "celsius", 21, "sky", "clear");
                    })
                    .maxRounds(3)
                    .build();
            ToolLoop.Result result = loop.run(ChatRequest.builder()
                    .system("Use the tools you have; answer in one sentence.")
                    .user("Should I take a coat in Paris today? Use get_weather.")
                    .build());
            for (ToolCall call : result.toolCalls()) out.println("  tool call " + call.name() + " " + call.arguments());
            out.println("Answer: " + result.response().text());
            out.printf("(%d tool round, %d messages in the conversation, stopped: %s)%n", result.rounds(),
                    result.conversation().messages().size(), result.response().finishReason());
        }
    }
}

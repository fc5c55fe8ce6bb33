package dev.cloudai.benchmarks;

import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.benchmarks.stub.HttpStub;

import java.time.Duration;
import java.util.List;

/**
 * {@link CallBenchmark} on Azure OpenAI: one chat completion on azure-ai-openai's {@code OpenAIClient} with
 * azure-core's Netty HTTP client, ours through the azure adapter, against {@link HttpStub}.
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="AzureCallBenchmark -prof gc"
 * </pre>
 */
public class AzureCallBenchmark extends CallBenchmark {
    private HttpStub stub;
    private RawClients.Azure raw;

    @Override
    protected CloudAiConfig start() {
        stub = HttpStub.start(Duration.ZERO, 1);
        raw = RawClients.Azure.create(stub.uri());
        return OurSide.azure(stub.uri()).build();
    }

    @Override
    protected String model() {
        return OurSide.AZURE_DEPLOYMENT;
    }

    @Override
    protected String rawChat(String prompt) {
        return raw.client().getChatCompletions(OurSide.AZURE_DEPLOYMENT,
                new ChatCompletionsOptions(List.of(new ChatRequestUserMessage(prompt))))
                .getChoices().get(0).getMessage().getContent();
    }

    @Override
    protected void stop() {
        Closing.all(raw, stub);
    }
}

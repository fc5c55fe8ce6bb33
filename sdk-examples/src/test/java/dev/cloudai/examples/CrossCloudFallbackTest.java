package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Fallback between two real adapters: AWS (Bedrock through the AWS SDK) failing, Azure (Azure OpenAI through
 * azure-ai-openai) answering, each against its own emulator. Only this module has all adapters on its classpath.
 */
class CrossCloudFallbackTest {
    private static CloudEmulator emulator;
    private static EmulatedCloud aws;
    private static EmulatedCloud azure;

    @BeforeAll
    static void start() {
        emulator = CloudEmulator.start(new AwsCloud(), new AzureCloud());
        aws = emulator.cloud("aws");
        azure = emulator.cloud("azure");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static CloudAi awsThenAzure() {
        return CloudAi.create(emulator.config("aws", "azure").retry(Canned.FAST_RETRY)
                .model("default", "aws", "anthropic.claude-3-haiku-20240307-v1:0").model("default", "azure", "gpt-4o")
                .build());
    }

    @Test
    void whenAwsFailsOnEveryRequestAzureAnswersTheSameCall() {
        aws.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        try (CloudAi ai = awsThenAzure()) {
            ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser(Canned.CHAT_PROMPT));
            assertEquals("azure", r.provider());
            assertEquals("gpt-4o", r.model());
            assertEquals(Canned.CHAT_TEXT, r.text());
        }
        assertEquals(Canned.FAST_RETRY.maxAttempts(), aws.requestCount(), "AWS used its own retries first");
        assertEquals(1, azure.requestCount());
    }

    @Test
    void aStreamFallsBackToAzureBeforeItsFirstChunkAndArrivesOnce() {
        aws.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        try (CloudAi ai = awsThenAzure();
             Stream<ChatChunk> chunks = FlowStreams.toStream(ai.chatModel("default").stream(ChatRequest.ofUser(Canned.CHAT_PROMPT)))) {
            List<String> deltas = chunks.filter(c -> c instanceof ChatChunk.TextDelta).map(c -> ((ChatChunk.TextDelta) c).text()).toList();
            assertEquals(Canned.STREAM_DELTAS, deltas);
        }
        assertEquals(1, azure.requestCount());
    }

    @Test
    void aToolConversationFallsBackToAzureWithTheSameToolsInAzuresFormat() {
        ToolSpec weather = ToolSpec.of("get_weather", "Current weather in a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        aws.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        try (CloudAi ai = awsThenAzure()) {
            ChatRequest ask = ChatRequest.builder().user("What does get_weather say for Paris?").tools(weather).build();
            ChatResponse first = ai.chatModel("default").chat(ask);
            assertEquals("azure", first.provider());
            assertEquals(List.of("get_weather"), first.toolCalls().stream().map(ToolCall::name).toList());

            // The next turn carries Azure's call id back; AWS still fails, so Azure answers it too.
            ChatResponse second = ai.chatModel("default").chat(ask.toBuilder().assistant(first)
                    .toolResult(first.toolCalls().get(0).id(), "{\"celsius\":21}").build());
            assertEquals("Tool results: get_weather", second.text());
        }
        ((AzureCloud) azure).server().verify(2, postRequestedFor(urlPathMatching("/openai/deployments/gpt-4o/chat/completions"))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather"))));
        assertEquals(2, azure.requestCount());
    }

    @Test
    void anInvalidRequestOnAwsNeverReachesAzure() {
        aws.inject(Fault.invalidRequest("Malformed input request"), 1);
        try (CloudAi ai = awsThenAzure()) {
            assertThrows(InvalidRequestException.class, () -> ai.chatModel("default").chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
        }
        assertEquals(1, aws.requestCount());
        assertEquals(0, azure.requestCount());
    }
}

package dev.cloudai.azure;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.Racing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure clients are built on first use, once, and only those: creating a provider builds no client and no
 * connection pool; the first blocking chat builds the blocking OpenAI client and, with its request, the pool;
 * {@code close()} closes what was built.
 */
class AzureClientsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final String DEPLOYMENT = SampleModels.chat("azure");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static List<String> built(CloudAi ai) {
        return ((AzureProvider) ai.provider()).built();
    }

    @Test
    void creatingTheProviderItsModelsAndEndpointsBuildsNoClientAndClosingItBuildsNone() {
        AzureProvider provider;
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            ai.chatModel(DEPLOYMENT);
            ai.embeddingModel(SampleModels.embedding("azure"));
            ai.endpoints();
            provider = (AzureProvider) ai.provider();
            assertEquals(List.of(), provider.built(), "clients built by create, chatModel, embeddingModel and endpoints");
        }
        assertEquals(List.of(), provider.built(), "clients built by close");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.unwrap(OpenAIClient.class));
        assertTrue(e.getMessage().contains("azure provider is closed"), e::getMessage);
    }

    @Test
    void oneBlockingChatBuildsTheBlockingClientAndThePoolOnly() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser("Hello"));
            assertEquals(List.of("openai", "http"), built(ai), "the clients one blocking chat built");
        }
    }

    @Test
    void oneAsyncChatBuildsTheAsyncClientAndThePoolOnly() throws Exception {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            ai.chatModel(DEPLOYMENT).chatAsync(ChatRequest.ofUser("Hello")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("openai-async", "http"), built(ai), "the clients one async chat built");
        }
    }

    @Test
    void callersRacingOnTheFirstChatBuildOneClientOfEachKind() throws Exception {
        int racers = 16;
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            ChatModel chat = ai.chatModel(DEPLOYMENT);
            for (String text : Racing.firstChats(chat, racers, WAIT)) assertEquals(Canned.CHAT_TEXT, text);
            assertEquals(List.of("openai", "http"), built(ai), "the clients " + racers + " racing first chats built: one of each");
        }
    }

    @Test
    void closingAfterSomeUseClosesThePoolAndBuildsNothingMore() {
        AzureProvider provider;
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            ai.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser("Hello"));
            provider = (AzureProvider) ai.provider();
        }
        assertEquals(List.of("openai", "http"), provider.built(), "the clients built, none added by close");
        assertThrows(IllegalStateException.class, () -> provider.unwrap(OpenAIAsyncClient.class),
                "a client never built is not built after close");
    }

    /**
     * No pipeline of the adapter has azure-core's retry policy: the SDK's own pipeline retries, and that policy, even
     * with its retries off, logs "Retry attempts have been exhausted" at INFO after every call.
     */
    @Test
    void noPipelineHasAzureCoresRetryPolicy() {
        AzureClients.Http http = AzureClients.httpClient(Duration.ofSeconds(5), 10);
        try {
            java.net.URI https = java.net.URI.create("https://my-resource.openai.azure.com");
            List<com.azure.core.http.HttpPipeline> pipelines = List.of(
                    AzureClients.openAiPipeline(http.client(), https, "key", () -> { throw new AssertionError("no Entra ID with a key"); }),
                    AzureClients.openAiPipeline(http.client(), java.net.URI.create("http://localhost:1"), null, () -> null),
                    AzureClients.armPipeline(http.client(), java.net.URI.create("http://localhost:1"), () -> null),
                    AzureClients.scoringPipeline(http.client()));
            for (com.azure.core.http.HttpPipeline pipeline : pipelines) {
                for (int i = 0; i < pipeline.getPolicyCount(); i++) {
                    com.azure.core.http.policy.HttpPipelinePolicy policy = pipeline.getPolicy(i);
                    assertTrue(!(policy instanceof com.azure.core.http.policy.RetryPolicy), () -> "a retry policy in " + pipelines);
                }
            }
        } finally {
            http.close();
        }
    }
}

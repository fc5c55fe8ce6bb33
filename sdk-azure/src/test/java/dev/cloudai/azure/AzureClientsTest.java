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
import dev.cloudai.testkit.RawProviders;
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

    /** The provider as CloudAi makes it, without the pipeline, so a test can look at the clients it built. */
    private static AzureProvider provider() {
        return (AzureProvider) RawProviders.create("azure", EMULATOR.properties("azure"));
    }

    @Test
    void creatingTheProviderItsModelsAndEndpointsBuildsNoClientAndClosingItBuildsNone() {
        AzureProvider provider;
        try (AzureProvider azure = provider()) {
            azure.chatModel(DEPLOYMENT);
            azure.embeddingModel(SampleModels.embedding("azure"));
            azure.endpointPlatform();
            provider = azure;
            assertEquals(List.of(), provider.built(), "clients built by create, chatModel, embeddingModel and endpoints");
        }
        assertEquals(List.of(), provider.built(), "clients built by close");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.unwrap(OpenAIClient.class));
        assertTrue(e.getMessage().contains("azure provider is closed"), e::getMessage);
    }

    @Test
    void oneBlockingChatBuildsTheBlockingClientAndThePoolOnly() {
        try (AzureProvider azure = provider()) {
            azure.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser("Hello"));
            assertEquals(List.of("openai", "http"), azure.built(), "the clients one blocking chat built");
        }
    }

    @Test
    void oneAsyncChatBuildsTheAsyncClientAndThePoolOnly() throws Exception {
        try (AzureProvider azure = provider()) {
            azure.chatModel(DEPLOYMENT).chatAsync(ChatRequest.ofUser("Hello")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("openai-async", "http"), azure.built(), "the clients one async chat built");
        }
    }

    @Test
    void callersRacingOnTheFirstChatBuildOneClientOfEachKind() throws Exception {
        int racers = 16;
        try (AzureProvider azure = provider()) {
            ChatModel chat = azure.chatModel(DEPLOYMENT);
            for (String text : Racing.firstChats(chat, racers, WAIT)) assertEquals(Canned.CHAT_TEXT, text);
            assertEquals(List.of("openai", "http"), azure.built(), "the clients " + racers + " racing first chats built: one of each");
        }
    }

    @Test
    void closingAfterSomeUseClosesThePoolAndBuildsNothingMore() {
        AzureProvider provider;
        try (AzureProvider azure = provider()) {
            azure.chatModel(DEPLOYMENT).chat(ChatRequest.ofUser("Hello"));
            provider = azure;
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

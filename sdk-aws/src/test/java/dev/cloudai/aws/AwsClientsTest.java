package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.Racing;
import dev.cloudai.testkit.RawProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS clients are built on first use, once, and only those: a fast start, and {@code close()} closes what was
 * built. Also: {@code cloudai.http.max-connections} bounds the blocking HTTP client's connections (the async
 * client's are {@code AwsConcurrencyTest}'s).
 */
class AwsClientsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final String MODEL = SampleModels.chat("aws");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> BLOCKING_CHAT = List.of("credentials", "http", "bedrock");
    private static final List<String> ASYNC_CHAT = List.of("credentials", "event-loop", "async-http", "bedrock-async");

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    /** The provider as CloudAi makes it, without the pipeline, so a test can look at the clients it built. */
    private static AwsProvider provider() {
        return (AwsProvider) RawProviders.create("aws", EMULATOR.properties("aws"));
    }

    @Test
    void creatingTheProviderItsModelsAndEndpointsBuildsNoClientAndClosingItBuildsNone() {
        AwsClients clients;
        try (AwsProvider aws = provider()) {
            aws.chatModel(MODEL);
            aws.embeddingModel("amazon.titan-embed-text-v2:0");
            aws.endpointPlatform().facts();   // what planning asks of the adapter: no SageMaker client
            clients = aws.clients();
            assertEquals(List.of(), clients.built(), "clients built by create, chatModel, embeddingModel and the platform's facts");
        }
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            ai.endpoints().plan(dev.cloudai.deployment.EndpointSpec.builder("plan-only").image("tgi:latest")
                    .instanceType("ml.g5.xlarge").build());
        }
        assertEquals(0, cloud().requestCount(), "planning is a catalog read");
        assertEquals(List.of(), clients.built(), "clients built by close");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clients.bedrock().get());
        assertTrue(e.getMessage().contains("aws provider is closed"), e::getMessage);
    }

    @Test
    void oneBlockingChatBuildsOnlyTheBlockingChatClients() {
        try (AwsProvider aws = provider()) {
            aws.chatModel(MODEL).chat(ChatRequest.ofUser("Hello"));
            assertEquals(BLOCKING_CHAT, aws.clients().built(), "the clients one blocking chat built");
            aws.chatModel(MODEL).chat(ChatRequest.ofUser("Hello again"));
            assertEquals(BLOCKING_CHAT, aws.clients().built(), "a second chat builds nothing more");
        }
    }

    @Test
    void asyncChatAndStreamsBuildOnlyTheAsyncClients() throws Exception {
        try (AwsProvider aws = provider()) {
            ChatModel chat = aws.chatModel(MODEL);
            assertEquals(Canned.CHAT_TEXT, chat.chatAsync(ChatRequest.ofUser("Hello")).get(WAIT.toSeconds(), TimeUnit.SECONDS).text());
            assertEquals(ASYNC_CHAT, aws.clients().built(), "the clients one async chat built");
            RecordingSubscriber<ChatChunk> stream = RecordingSubscriber.oneAtATime();
            chat.stream(ChatRequest.ofUser("Hello")).subscribe(stream);
            stream.awaitCompletion(WAIT);
            assertEquals(ASYNC_CHAT, aws.clients().built(), "a stream uses the same clients");
        }
    }

    @Test
    void callersRacingOnTheFirstChatBuildOneClientOfEachKind() throws Exception {
        int racers = 16;
        try (AwsProvider aws = provider()) {
            ChatModel chat = aws.chatModel(MODEL);
            for (String text : Racing.firstChats(chat, racers, WAIT)) assertEquals(Canned.CHAT_TEXT, text);
            assertEquals(BLOCKING_CHAT, aws.clients().built(), "the clients " + racers + " racing first chats built: one of each");
        }
    }

    @Test
    void closingAfterSomeUseClosesWhatWasBuiltAndBuildsNothingMore() {
        AwsProvider provider;
        BedrockRuntimeClient bedrock;
        try (AwsProvider aws = provider()) {
            aws.chatModel(MODEL).chat(ChatRequest.ofUser("Hello"));
            provider = aws;
            bedrock = aws.unwrap(BedrockRuntimeClient.class);
        }
        assertEquals(BLOCKING_CHAT, provider.clients().built(), "the clients built, none added by close");
        // the Bedrock client was closed (with the HTTP client it used): it refuses a request and sends nothing
        int sent = cloud().requestCount();
        assertThrows(RuntimeException.class,
                () -> bedrock.converse(r -> r.modelId(MODEL).messages(Message.builder().role("user")
                        .content(ContentBlock.fromText("Hi")).build())));
        assertEquals(sent, cloud().requestCount(), "requests the closed client sent");
        assertThrows(IllegalStateException.class, () -> provider.unwrap(BedrockRuntimeAsyncClient.class),
                "a client never built is not built after close");
    }

    @Test
    void unwrapBuildsTheClientAskedForAndNoOther() {
        try (AwsProvider aws = provider()) {
            aws.unwrap(BedrockRuntimeAsyncClient.class);
            assertEquals(ASYNC_CHAT, aws.clients().built());
        }
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            assertTrue(ai.unwrap(BedrockRuntimeAsyncClient.class) != null, "CloudAi.unwrap reaches the same client");
        }
    }

    /**
     * {@code cloudai.http.max-connections} reaches the blocking (Apache) client too: 20 threads chatting at once over
     * 10 connections put exactly 10 requests in flight at the emulator; with the default, all 20.
     */
    @Test
    void blockingCallsBeyondMaxConnectionsWaitForAConnection() throws Exception {
        assertEquals(10, blockingInFlight(20, EMULATOR.config("aws").property(ConfigKeys.HTTP_MAX_CONNECTIONS, "10").build()));
        assertEquals(20, blockingInFlight(20, EMULATOR.config("aws").build()));
    }

    private static int blockingInFlight(int threads, dev.cloudai.CloudAiConfig config) throws Exception {
        cloud().reset();
        cloud().inject(Fault.slowResponse(Duration.ofSeconds(1)), EmulatedCloud.ALWAYS);
        try (CloudAi ai = CloudAi.create(config)) {
            ChatModel chat = ai.chatModel(MODEL);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < threads; i++) answers.add(pool.submit(() -> chat.chat(ChatRequest.ofUser("Hello")).text()));
                for (Future<String> a : answers) assertEquals(Canned.CHAT_TEXT, a.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
        }
        return cloud().maxInFlight();
    }
}

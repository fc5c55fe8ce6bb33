package dev.cloudai.azure;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.azure.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Azure OpenAI's published request limits, checked before sending: a request over one fails with an
 * {@link InvalidRequestException} naming the limit and the request's size, and the emulator sees nothing.
 */
class AzureRequestLimitTest {
    private static final String CHAT = SampleModels.chat("azure");
    private static final String EMBED = SampleModels.embedding("azure");

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static AzureCloud cloud() {
        return EMULATOR.emulator().cloud("azure", AzureCloud.class);
    }

    private static void assertRefused(InvalidRequestException e, String limit) {
        assertTrue(e.getMessage().contains("over the limit of " + limit), e::getMessage);
        assertEquals(0, cloud().requestCount(), "nothing is sent");
    }

    @Test
    void aChatMessageOverTheCharacterLimitIsRefusedBeforeSendingBlockingAsyncAndStreamed() {
        ChatRequest tooLong = ChatRequest.ofUser("x".repeat(1_048_577));
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ai.chatModel(CHAT).chat(tooLong));
            assertRefused(e, "1,048,576 characters");
            assertTrue(e.getMessage().contains("is 1,048,577 characters"), e::getMessage);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> ai.chatModel(CHAT).chatAsync(tooLong).get(10, TimeUnit.SECONDS));
            assertRefused(assertInstanceOf(InvalidRequestException.class, async.getCause()), "1,048,576 characters");
            RecordingSubscriber<ChatChunk> chunks = RecordingSubscriber.oneAtATime();
            ai.chatModel(CHAT).stream(tooLong).subscribe(chunks);
            assertRefused(assertInstanceOf(InvalidRequestException.class, chunks.awaitError(Duration.ofSeconds(10))),
                    "1,048,576 characters");
        }
    }

    @Test
    void aChatOfTooManyMessagesIsRefusedBeforeSending() {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2049; i++) messages.add(i % 2 == 0 ? ChatMessage.user("q" + i) : ChatMessage.assistant("a" + i));
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            assertRefused(assertThrows(InvalidRequestException.class,
                    () -> ai.chatModel(CHAT).chat(ChatRequest.builder().messages(messages).build())), "2,048 items");
        }
    }

    @Test
    void anEmbeddingRequestOfTooManyInputsIsRefusedBeforeSending() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            assertRefused(assertThrows(InvalidRequestException.class,
                    () -> ai.embeddingModel(EMBED).embed(EmbeddingRequest.builder().inputs(Collections.nCopies(2049, "text")).build())), "2,048 items");
        }
    }
}

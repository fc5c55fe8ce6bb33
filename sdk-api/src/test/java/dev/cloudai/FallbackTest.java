package dev.cloudai;

import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.fake.BackupProviderFactory;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.fake.FakeProvider;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cloudai.fallback through CloudAi: which failures move on, which do not, and what the caller learns. */
class FallbackTest {
    final List<String> fallbacks = Collections.synchronizedList(new ArrayList<>());
    final CallListener listener = new CallListener() {
        @Override
        public void onFallback(Fallback e) {
            fallbacks.add(e.operation() + ": " + e.from() + " -> " + e.to());
        }
    };

    @BeforeEach
    void reset() {
        FakeProvider.reset();
        BackupProviderFactory.calls.set(0);
    }

    private CloudAi ai() {
        return CloudAi.create(CloudAiConfig.builder().provider("fake").fallback("backup")
                .model("default", "fake", "fake-model").model("default", "backup", "backup-model")
                .retry(RetrySettings.builder().maxAttempts(2)
                        .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build()).build(), listener);
    }

    @Test
    void aProviderThatKeepsFailingRetryablyHandsTheCallToTheNextAndTheResponseSaysWhoAnswered() {
        FakeProvider.failNext(2, new FakeCloudException(503, "ServiceUnavailable", "r-1", null));
        try (CloudAi ai = ai()) {
            assertEquals(List.of("fake", "backup"), ai.providerIds());
            ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("hi"));
            assertEquals("backup", r.provider());
            assertEquals("backup-model", r.model(), "the alias resolves per provider");
            assertEquals(2, FakeProvider.calls.get(), "the first provider used its own retries first");
            assertEquals(List.of("chat: fake -> backup"), fallbacks);
        }
    }

    @Test
    void anInvalidRequestNeverMovesOn() {
        FakeProvider.failNext(1, new FakeCloudException(400, "ValidationException", "r-2", null));
        try (CloudAi ai = ai()) {
            assertThrows(InvalidRequestException.class, () -> ai.chatModel("default").chat(ChatRequest.ofUser("hi")));
            assertEquals(0, BackupProviderFactory.calls.get());
            assertTrue(fallbacks.isEmpty());
        }
    }

    @Test
    void asyncCallsFallBackToo() {
        FakeProvider.failNext(2, new FakeCloudException(500, "InternalError", "r-3", null));
        try (CloudAi ai = ai()) {
            assertEquals("backup", ai.chatModel("default").chatAsync(ChatRequest.ofUser("hi")).join().provider());
        }
    }

    @Test
    void aStreamFallsBackBeforeItsFirstChunk() {
        FakeProvider.failNext(2, new FakeCloudException(503, "ServiceUnavailable", "r-4", null));
        try (CloudAi ai = ai();
             Stream<ChatChunk> chunks = FlowStreams.toStream(ai.chatModel("default").stream(ChatRequest.ofUser("hi")))) {
            assertEquals(new ChatChunk.TextDelta("backup"), chunks.findFirst().orElseThrow());
            assertEquals(List.of("stream: fake -> backup"), fallbacks);
        }
    }

    @Test
    void aHealthyFirstProviderIsTheOnlyOneCalled() {
        try (CloudAi ai = ai()) {
            assertEquals("fake", ai.chatModel("default").chat(ChatRequest.ofUser("hi")).provider());
            assertEquals(0, BackupProviderFactory.calls.get());
        }
    }

    @Test
    void withFallbackEveryProviderNeedsItsOwnModelId() {
        try (CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("fake").fallback("backup")
                .model("default", "fake", "fake-model").build())) {
            var missing = assertThrows(ConfigurationException.class, () -> ai.chatModel("default"));
            assertTrue(missing.getMessage().contains("set cloudai.models.default.backup"), missing.getMessage());
            var nativeId = assertThrows(ConfigurationException.class, () -> ai.chatModel("some-native-id"));
            assertTrue(nativeId.getMessage().contains("each provider needs its own model id"), nativeId.getMessage());
        }
    }
}

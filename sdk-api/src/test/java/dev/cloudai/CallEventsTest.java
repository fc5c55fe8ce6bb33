package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.fake.BackupProviderFactory;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.fake.FakeProvider;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a listener learns of each call through {@code CloudAi}: a {@code CallStarted} first, with the model and the
 * request; one id on every event of the call, shared by the providers of a fallback; and a {@code CallFinished} that
 * carries the model, the answer's details and, on failure, the exception the caller got.
 */
class CallEventsTest {
    /** Every event as {@code kind:callId}, in order, and the events themselves. */
    final List<String> order = Collections.synchronizedList(new ArrayList<>());
    final List<Object> events = Collections.synchronizedList(new ArrayList<>());
    final CallListener listener = new CallListener() {
        @Override
        public void onCallStarted(CallStarted e) {
            record("started", e.callId(), e);
        }

        @Override
        public void onAttempt(Attempt e) {
            record("attempt", e.callId(), e);
        }

        @Override
        public void onRetry(Retry e) {
            record("retry", e.callId(), e);
        }

        @Override
        public void onFallback(Fallback e) {
            record("fallback", e.callId(), e);
        }

        @Override
        public void onCallFinished(CallFinished e) {
            record("finished", e.callId(), e);
        }
    };

    private void record(String kind, long id, Object event) {
        order.add(kind + ":" + id);
        events.add(event);
    }

    @BeforeEach
    void reset() {
        FakeProvider.reset();
        BackupProviderFactory.calls.set(0);
    }

    private CloudAi ai(boolean fallback) {
        CloudAiConfig.Builder b = CloudAiConfig.builder().provider("fake").model("default", "fake", "fake-model")
                .retry(RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build());
        if (fallback) b.fallback("backup").model("default", "backup", "backup-model");
        return CloudAi.create(b.build(), listener);
    }

    private <T> List<T> of(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static void drain(java.util.concurrent.Flow.Publisher<?> stream) {
        try (var items = FlowStreams.toStream(stream)) {
            assertFalse(items.toList().isEmpty());
        }
    }

    @Test
    void aChatReportsStartedWithItsModelAndRequestThenItsAttemptThenFinishedWithTheAnswer() {
        ChatRequest request = ChatRequest.builder().user("hi").maxTokens(64).temperature(0.2).build();
        try (CloudAi ai = ai(false)) {
            ChatResponse r = ai.chatModel("default").chat(request);
            CallListener.CallStarted started = of(CallListener.CallStarted.class).get(0);
            long id = started.callId();
            assertTrue(id > 0, "ids start at 1");
            assertEquals(List.of("started:" + id, "attempt:" + id, "finished:" + id), order);
            assertEquals("fake", started.provider());
            assertEquals("chat", started.operation());
            assertEquals(Optional.of("fake-model"), started.model());
            assertEquals(Optional.of(request), started.chatRequest());
            assertEquals(Optional.empty(), started.embeddingRequest());

            CallListener.CallFinished finished = of(CallListener.CallFinished.class).get(0);
            assertEquals(Optional.of("fake-model"), finished.model());
            assertEquals(Optional.of(r), finished.chatResponse());
            assertEquals(Optional.of(r.model()), finished.responseModel());
            assertEquals(Optional.of(r.finishReason()), finished.finishReason());
            assertEquals(Optional.of(r.usage()), finished.usage());
            assertFalse(finished.failed());
            assertEquals(Optional.empty(), finished.error());
        }
    }

    @Test
    void everyCallGetsItsOwnIdAndARetriedCallKeepsItsOwnAcrossAttempts() {
        FakeProvider.failNext(1, new FakeCloudException(503, "ServiceUnavailable", "r-1", null));
        try (CloudAi ai = ai(false)) {
            ai.chatModel("default").chat(ChatRequest.ofUser("one"));
            ai.chatModel("default").chatAsync(ChatRequest.ofUser("two")).join();
        }
        List<Long> ids = of(CallListener.CallStarted.class).stream().map(CallListener.CallStarted::callId).toList();
        assertEquals(2, ids.size());
        assertNotEquals(ids.get(0), ids.get(1));
        long first = ids.get(0);
        long second = ids.get(1);
        assertEquals(List.of("started:" + first, "attempt:" + first, "retry:" + first, "attempt:" + first,
                "finished:" + first, "started:" + second, "attempt:" + second, "finished:" + second), order);
    }

    @Test
    void aStreamFinishesWithTheFinishReasonAndUsageOfItsLastChunkAndNoWholeAnswer() {
        try (CloudAi ai = ai(false)) {
            drain(ai.chatModel("default").stream(ChatRequest.ofUser("hi")));
        }
        CallListener.CallStarted started = of(CallListener.CallStarted.class).get(0);
        assertEquals("stream", started.operation());
        CallListener.CallFinished finished = of(CallListener.CallFinished.class).get(0);
        assertEquals(started.callId(), finished.callId());
        assertEquals(Optional.of(FinishReason.STOP), finished.finishReason());
        assertEquals(3, finished.usage().orElseThrow().inputTokens());
        assertEquals(Optional.empty(), finished.chatResponse(), "a stream's text is the subscriber's, not the event's");
    }

    @Test
    void aFallbackKeepsOneIdAcrossProvidersAndTheFailedOneCarriesTheException() {
        FakeProvider.failNext(2, new FakeCloudException(503, "ServiceUnavailable", "r-2", null));
        try (CloudAi ai = ai(true)) {
            assertEquals("backup", ai.chatModel("default").chat(ChatRequest.ofUser("hi")).provider());
        }
        Set<Long> ids = of(CallListener.CallStarted.class).stream().map(CallListener.CallStarted::callId)
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), "one call, on two providers: " + order);
        long id = ids.iterator().next();
        assertEquals(List.of("started:" + id, "attempt:" + id, "retry:" + id, "attempt:" + id, "finished:" + id,
                "fallback:" + id, "started:" + id, "attempt:" + id, "finished:" + id), order);
        List<CallListener.CallStarted> started = of(CallListener.CallStarted.class);
        assertEquals(List.of("fake", "backup"), started.stream().map(CallListener.CallStarted::provider).toList());
        assertEquals(List.of(Optional.of("fake-model"), Optional.of("backup-model")),
                started.stream().map(CallListener.CallStarted::model).toList());
        CallListener.CallFinished failed = of(CallListener.CallFinished.class).get(0);
        assertInstanceOf(UnavailableException.class, failed.error().orElseThrow());
        assertTrue(failed.failure().orElseThrow().startsWith("UnavailableException"), failed.failure()::get);
    }

    @Test
    void aStreamSubscribedTwiceIsTwoCallsEvenBehindAFallback() {
        try (CloudAi ai = ai(true)) {
            var stream = ai.chatModel("default").stream(ChatRequest.ofUser("hi"));
            drain(stream);
            drain(stream);
        }
        List<Long> ids = of(CallListener.CallStarted.class).stream().map(CallListener.CallStarted::callId).toList();
        assertEquals(2, ids.size());
        assertNotEquals(ids.get(0), ids.get(1));
    }

    @Test
    void aCircuitThatOpensNamesTheCallWhoseOutcomeOpenedIt() {
        List<CallListener.CircuitStateChange> changes = Collections.synchronizedList(new ArrayList<>());
        CallListener circuits = new CallListener() {
            @Override
            public void onCircuitStateChange(CircuitStateChange e) {
                changes.add(e);
            }
        };
        FakeProvider.failNext(2, new FakeCloudException(503, "ServiceUnavailable", "r-3", null));
        CloudAiConfig config = CloudAiConfig.builder().provider("fake").model("default", "fake", "fake-model")
                .retry(RetrySettings.builder().maxAttempts(1).build())
                .property(ConfigKeys.CIRCUIT_ENABLED, "true").property(ConfigKeys.CIRCUIT_WINDOW, "2")
                .property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, "2").property(ConfigKeys.CIRCUIT_FAILURE_RATE, "50")
                .build();
        try (CloudAi ai = CloudAi.create(config, listener, circuits)) {
            for (int i = 0; i < 2; i++) {
                assertThrows(UnavailableException.class, () -> ai.chatModel("default").chat(ChatRequest.ofUser("hi")));
            }
        }
        long second = of(CallListener.CallStarted.class).get(1).callId();
        assertEquals(1, changes.size(), () -> "changes: " + changes);
        assertEquals("OPEN", changes.get(0).to());
        assertEquals(java.util.OptionalLong.of(second), changes.get(0).callId(), "the call whose failure opened it");
    }

    @Test
    void aCallOnAClosedClientReportsNothing() {
        CloudAi ai = ai(false);
        ai.close();
        assertThrows(IllegalStateException.class, () -> ai.chatModel("default"));
        assertEquals(List.of(), order);
    }
}

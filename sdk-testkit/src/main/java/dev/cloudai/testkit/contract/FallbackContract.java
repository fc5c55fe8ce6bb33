package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.standby.StandbyCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cross-cloud fallback ({@code cloudai.fallback}): a provider that keeps failing retryably, or misses its deadline,
 * hands the call to a second cloud; an invalid request and a stream cut after its first chunk never move on. See
 * {@link FaultContract} for what every test asserts.
 *
 * <pre>{@code
 * class AwsFallbackTest extends FallbackContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) { ((AwsCloud) cloud).cutNextStream(1); }
 *     protected EmulatedCloud newFallbackCloud() { return new StandbyCloud(); }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #cutNextStreamAfterFirstChunk} and {@link #newFallbackCloud()} (required),
 * {@link #streamCutFailure()}, {@link #fallbackChatModel()}.
 */
public abstract class FallbackContract extends FaultContract {
    /** The alias the fallback tests chat with, defined for both providers. */
    protected static final String FALLBACK_ALIAS = "faulty";

    private EmulatedCloud fallbackCloud;

    /**
     * Makes the next stream deliver its first text delta ({@code Canned.STREAM_DELTAS.get(0)}) and then break, the
     * way this cloud's streams break mid-answer.
     */
    protected abstract void cutNextStreamAfterFirstChunk(EmulatedCloud cloud);

    /** The neutral exception a stream cut mid-way ends with; by default {@link UnavailableException}. */
    protected Class<? extends CloudAiException> streamCutFailure() {
        return UnavailableException.class;
    }

    /**
     * A new, not yet started emulator of the provider calls fall back to ({@code cloudai.fallback}); its provider
     * must be on the test classpath. A module that sees only its own adapter uses {@link StandbyCloud}.
     */
    protected abstract EmulatedCloud newFallbackCloud();

    /** The model the fallback provider chats with under alias {@link #FALLBACK_ALIAS}; by default {@link Canned#CHAT_MODEL}. */
    protected String fallbackChatModel() {
        return Canned.CHAT_MODEL;
    }

    @BeforeAll
    protected final void startFallbackCloud() {
        fallbackCloud = newFallbackCloud();
        if (fallbackCloud.id().equals(providerId())) {
            throw new IllegalStateException("newFallbackCloud(): the fallback cloud must be another provider than '"
                    + providerId() + "'");
        }
        fallbackCloud.start();
    }

    @BeforeEach
    protected final void resetFallbackCloud() {
        fallbackCloud.reset();
    }

    @AfterAll
    protected final void stopFallbackCloud() {
        if (fallbackCloud != null) fallbackCloud.close();
    }

    private CloudAiConfig.Builder withFallback(CloudAiConfig.Builder config) {
        for (Map.Entry<String, String> e : fallbackCloud.properties().entrySet()) config.property(e.getKey(), e.getValue());
        return config.property(ConfigKeys.FALLBACK, fallbackCloud.id())
                .model(FALLBACK_ALIAS, providerId(), chatModel())
                .model(FALLBACK_ALIAS, fallbackCloud.id(), fallbackChatModel());
    }

    @Test
    public final void anAlwaysFailingProviderFallsBackToTheSecondCloudAfterMaxAttempts() throws Exception {
        cloud().inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        ChatModel chat = open(events, this::withFallback).chatModel(FALLBACK_ALIAS);

        ChatResponse answer = chat.chat(prompt());
        assertEquals(fallbackCloud.id(), answer.provider(), "the provider that answered");
        assertEquals(Canned.CHAT_TEXT, answer.text(), "text");
        assertRequests(maxAttempts(), "the failing provider's own retries, before moving on");
        assertEquals(1, fallbackCloud.requestCount(), "the fallback cloud answers with one request");
        assertEquals(1, events.fallbacks().size(), () -> "fallback events: " + events.fallbacks());
        assertEquals(providerId(), events.fallbacks().get(0).from(), "from");
        assertEquals(fallbackCloud.id(), events.fallbacks().get(0).to(), "to");

        ChatResponse async = chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(fallbackCloud.id(), async.provider(), "the provider that answered the async call");
        assertRequests(2 * maxAttempts(), "maxAttempts more for the async call");
        assertEquals(2, fallbackCloud.requestCount(), "one more on the fallback cloud");
    }

    @Test
    public final void anInvalidRequestNeverFallsBack() {
        cloud().inject(Fault.invalidRequest("messages: the prompt is too long"), EmulatedCloud.ALWAYS);
        RecordingListener events = new RecordingListener();
        ChatModel chat = open(events, this::withFallback).chatModel(FALLBACK_ALIAS);

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat.chat(prompt()));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(1, "an invalid request is neither retried");
        assertEquals(0, fallbackCloud.requestCount(), "nor sent to another cloud");
        assertEquals(List.of(), events.fallbacks(), "fallback events");
    }

    @Test
    public final void anAsyncChatThatMissesItsDeadlineFallsBackToTheSecondCloud() throws Exception {
        RecordingListener events = new RecordingListener();
        ChatModel chat = open(events, c -> withFallback(c).property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms"))
                .chatModel(FALLBACK_ALIAS);
        warmUp(events, () -> chat.chatAsync(prompt()).join());
        fallbackCloud.reset();
        cloud().inject(Fault.slowResponse(LATE), EmulatedCloud.ALWAYS);

        ChatResponse answer = chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(fallbackCloud.id(), answer.provider(), "a provider that hangs is left for the next one");
        assertEquals(Canned.CHAT_TEXT, answer.text(), "text");
        assertRequests(1, "the late request, cancelled at the deadline and not retried");
        assertEquals(1, fallbackCloud.requestCount(), "the fallback cloud's one request");
        assertEquals(1, events.fallbacks().size(), () -> "fallback events: " + events.fallbacks());
    }

    @Test
    public final void aStreamCutAfterItsFirstChunkNeverFallsBack() {
        cutNextStreamAfterFirstChunk(cloud());
        RecordingListener events = new RecordingListener();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        open(events, this::withFallback).chatModel(FALLBACK_ALIAS).stream(prompt()).subscribe(subscriber);

        assertInstanceOf(streamCutFailure(), subscriber.awaitError(WAIT), "the cut, delivered as it is");
        assertEquals(Canned.STREAM_DELTAS.get(0), text(subscriber.items()), "the text before the cut, exactly once");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(1, "no retry once a chunk reached the caller");
        assertEquals(0, fallbackCloud.requestCount(), "no fallback once a chunk reached the caller: it would repeat text");
        assertEquals(List.of(), events.fallbacks(), "fallback events");
    }
}

package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.internal.Guards;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fault-injection suite: each {@link Fault} the emulator can inject, hitting a {@code CloudAi} with the full
 * resilience pipeline (retries, deadline, circuit breaker, fallback), asserting three things every time: the
 * outcome (the answer, or the neutral exception), the number of requests the emulator saw, and that no answer was
 * lost or duplicated (one outcome per logical call; a stream's text exactly once).
 *
 * <p>Each test builds its own {@code CloudAi} (its own circuits, its own {@link CallListener}), with
 * {@link #retrySettings()} (3 attempts, 1 to 5 ms backoff) and throttles asking for {@link Canned#RETRY_AFTER}, so
 * the suite runs in seconds. Waits are asserted through the listener's {@code Retry} events, never by the clock.
 *
 * <pre>{@code
 * class AwsFaultInjectionTest extends FaultInjectionContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void cutNextStreamAfterFirstChunk(EmulatedCloud cloud) { ((AwsCloud) cloud).cutNextStream(1); }
 *     protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) { ((AwsCloud) cloud).throttleNextStatusCheck(); }
 *     protected EmulatedCloud newFallbackCloud() { return new StandbyCloud(); }
 * }
 * }</pre>
 *
 * <p>Hooks say what a cloud's emulator renders differently: {@link #cutNextStreamAfterFirstChunk},
 * {@link #streamCutFailure()}, {@link #malformedBodyFailure()}, {@link #connectionResetIsATransportReset()},
 * {@link #throttleNextDeploymentStatusRead}, {@link #endpointSpec()}, {@link #newFallbackCloud()} and
 * {@link #fallbackChatModel()}.
 */
public abstract class FaultInjectionContract extends EmulatorContract {
    /** The {@code cloudai.timeout} of the deadline tests. */
    protected static final Duration DEADLINE = Duration.ofMillis(200);
    /** How late the emulator answers in the deadline tests: well past {@link #DEADLINE}. */
    protected static final Duration LATE = Duration.ofMillis(1500);
    /**
     * The wait a throttle asks for in the closing tests: longer than any test waits, so a call stranded by
     * {@code close()} shows as a missing outcome, never as an answer that came late.
     */
    protected static final Duration CLOSE_RETRY_AFTER = Duration.ofSeconds(60);
    /** The alias the fallback tests chat with, defined for both providers. */
    protected static final String FALLBACK_ALIAS = "faulty";

    private EmulatedCloud fallbackCloud;
    private final List<CloudAi> opened = new ArrayList<>();

    // ---- hooks ----

    /** The model id the tests chat with; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

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
     * The neutral exception a malformed success body maps to; by default {@link UnclassifiedException}, which is not
     * retried. A retryable mapping is allowed: the test then expects {@code maxAttempts} requests.
     */
    protected Class<? extends CloudAiException> malformedBodyFailure() {
        return UnclassifiedException.class;
    }

    /**
     * Whether {@link Fault#connectionReset()} is a real TCP reset on this cloud's emulator. A gRPC emulator answers
     * the nearest equivalent instead, the {@code UNAVAILABLE} status a client sees after a reset; the outcome and
     * the request counts asserted are the same.
     */
    protected boolean connectionResetIsATransportReset() {
        return true;
    }

    /**
     * Makes the next status read of a deployment in progress answer this cloud's throttle; the reads after it go on
     * as usual. Called on a reset emulator before {@code deploy}.
     */
    protected abstract void throttleNextDeploymentStatusRead(EmulatedCloud cloud);

    /** The spec the deployment test deploys; by default {@link Canned#endpointSpec(String)} of {@link Canned#INSTANCE_TYPE}. */
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(Canned.INSTANCE_TYPE);
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

    // ---- lifecycle ----

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

    @AfterEach
    protected final void closeCloudAis() {
        opened.forEach(CloudAi::close);
        opened.clear();
    }

    @AfterAll
    protected final void stopFallbackCloud() {
        if (fallbackCloud != null) fallbackCloud.close();
    }

    // ---- throttling ----

    @Test
    public final void aThrottlingBurstShorterThanMaxAttemptsIsRiddenOutWaitingAtLeastRetryAfter() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), burst);
        Events events = new Events();
        ChatResponse answer = chat(open(events, c -> c)).chat(prompt());

        assertCannedAnswer(answer);
        assertRequests(burst + 1, "the throttled attempts, then one that succeeds");
        assertEquals(burst, events.retries.size(), () -> "one retry per throttle: " + events.retries);
        for (CallListener.Retry retry : events.retries) {
            assertTrue(retry.delay().compareTo(Canned.RETRY_AFTER) >= 0,
                    () -> "a retry waited " + retry.delay() + ", less than the Retry-After of " + Canned.RETRY_AFTER);
            assertTrue(retry.failure().startsWith(ThrottledException.class.getSimpleName()), retry::failure);
        }
        events.assertOneOutcome(null);
    }

    @Test
    public final void anAsyncChatRidesOutAThrottlingBurstToo() throws Exception {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), burst);
        Events events = new Events();
        ChatResponse answer = chat(open(events, c -> c)).chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertCannedAnswer(answer);
        assertRequests(burst + 1, "the throttled attempts, then one that succeeds");
        events.retries.forEach(r -> assertTrue(r.delay().compareTo(Canned.RETRY_AFTER) >= 0, () -> "waited only " + r.delay()));
        events.assertOneOutcome(null);
    }

    @Test
    public final void aThrottlingBurstLongerThanMaxAttemptsFailsWithThrottledExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), maxAttempts() + 2);
        Events events = new Events();
        ThrottledException e = assertThrows(ThrottledException.class, () -> chat(open(events, c -> c)).chat(prompt()));

        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(maxAttempts(), "maxAttempts requests, then the throttle is the caller's");
        assertEquals(maxAttempts() - 1, events.retries.size(), () -> "retries: " + events.retries);
        events.assertOneOutcome(ThrottledException.class);
    }

    @Test
    public final void aThrottleAskingToWaitPastTheDeadlineFailsAtOnceWithoutWaiting() throws Exception {
        cloud().inject(Fault.throttle(Duration.ofSeconds(5)), EmulatedCloud.ALWAYS);
        Events events = new Events();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, "2s")));

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        ThrottledException e = assertInstanceOf(ThrottledException.class, failed.getCause());
        assertEquals(java.util.Optional.of(Duration.ofSeconds(5)), e.retryAfter(), "the wait the cloud asked for");
        assertRequests(1, "a retry could only start after the deadline: none is sent");
        assertEquals(List.of(), List.copyOf(events.retries), "no retry scheduled");
        events.assertOneOutcome(ThrottledException.class);
    }

    @Test
    public final void aStreamThrottledOnEveryAttemptFailsWithThrottledExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.throttle(Canned.RETRY_AFTER), EmulatedCloud.ALWAYS);
        Events events = new Events();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        assertInstanceOf(ThrottledException.class, subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.items(), "nothing delivered");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(maxAttempts(), "a stream is retried before its first chunk like a chat");
        events.retries.forEach(r -> assertTrue(r.delay().compareTo(Canned.RETRY_AFTER) >= 0, () -> "waited only " + r.delay()));
        events.assertOneOutcome(ThrottledException.class);
    }

    // ---- server errors ----

    @Test
    public final void aServerErrorBurstIsRetriedAndTheCallSucceeds() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.serverError(503), burst);
        Events events = new Events();
        assertCannedAnswer(chat(open(events, c -> c)).chat(prompt()));
        assertRequests(burst + 1, "the failed attempts, then one that succeeds");
        events.assertOneOutcome(null);
    }

    @Test
    public final void persistentServerErrorsFailWithUnavailableExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.serverError(500), EmulatedCloud.ALWAYS);
        Events events = new Events();
        UnavailableException e = assertThrows(UnavailableException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(maxAttempts(), "one request per attempt");
        events.assertOneOutcome(UnavailableException.class);
    }

    // ---- connection resets ----

    @Test
    public final void connectionResetsAreRetriedAndTheCallSucceeds() {
        int burst = maxAttempts() - 1;
        cloud().inject(Fault.connectionReset(), burst);
        Events events = new Events();
        assertCannedAnswer(chat(open(events, c -> c)).chat(prompt()));
        assertRequests(burst + 1, resetKind() + ": the reset attempts, then one that succeeds");
        events.assertOneOutcome(null);
    }

    @Test
    public final void persistentConnectionResetsFailWithUnavailableExceptionAfterMaxAttemptsRequests() {
        cloud().inject(Fault.connectionReset(), EmulatedCloud.ALWAYS);
        Events events = new Events();
        UnavailableException e = assertThrows(UnavailableException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertTrue(e.isRetryable(), "isRetryable");
        assertRequests(maxAttempts(), resetKind() + ": one request per attempt");
        events.assertOneOutcome(UnavailableException.class);
    }

    // ---- deadlines ----

    @Test
    public final void anAsyncChatSlowerThanTheDeadlineFailsWithDeadlineExceededAndIsNotRetried() throws Exception {
        Events events = new Events();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms")));
        warmUp(events, () -> chat.chatAsync(prompt()).join());
        cloud().inject(Fault.slowResponse(LATE), 1);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, failed.getCause());
        assertEquals(providerId(), e.providerId(), "providerId");
        events.assertOneOutcome(DeadlineExceededException.class);

        // A retry after the deadline would reach the emulator before this follow-up call's request does. The
        // follow-up goes through a CloudAi without the short deadline: a first answer may take longer to parse.
        assertCannedAnswer(chat(ai()).chat(prompt()));
        assertRequests(2, "the late request (cancelled at the deadline, never retried), then the follow-up call");
        assertEquals(1, events.attempts.size(), () -> "attempts: " + events.attempts);
    }

    @Test
    public final void aStreamSlowerThanTheDeadlineFailsWithDeadlineExceededAndIsNotRetried() throws Exception {
        Events events = new Events();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms")));
        warmUp(events, () -> {
            RecordingSubscriber<ChatChunk> warm = RecordingSubscriber.oneAtATime();
            chat.stream(prompt()).subscribe(warm);
            warm.awaitCompletion(WAIT);
        });
        cloud().inject(Fault.slowResponse(LATE), 1);

        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat.stream(prompt()).subscribe(subscriber);
        DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, subscriber.awaitError(WAIT));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals(List.of(), subscriber.items(), "nothing arrived before the deadline");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneOutcome(DeadlineExceededException.class);

        assertCannedAnswer(chat(ai()).chat(prompt()));
        assertRequests(2, "the late stream (cancelled at the deadline, never retried), then the follow-up call");
        assertEquals(1, events.attempts.size(), () -> "attempts: " + events.attempts);
    }

    // ---- malformed answers ----

    @Test
    public final void aMalformedBodyFailsWithTheMappedExceptionAndIsRetriedOnlyIfThatIsRetryable() {
        cloud().inject(Fault.malformedBody(), EmulatedCloud.ALWAYS);
        Events events = new Events();
        CloudAiException e = assertThrows(CloudAiException.class, () -> chat(open(events, c -> c)).chat(prompt()));
        assertInstanceOf(malformedBodyFailure(), e, () -> "a malformed body maps to " + malformedBodyFailure().getSimpleName());
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(e.isRetryable() ? maxAttempts() : 1,
                "as many requests as isRetryable() implies (" + e.getClass().getSimpleName() + ")");
        events.assertOneOutcome(malformedBodyFailure());
    }

    // ---- streams ----

    @Test
    public final void aStreamCutAfterItsFirstChunkDeliversThatTextOnceThenTheErrorOnceWithoutRetry() {
        cutNextStreamAfterFirstChunk(cloud());
        Events events = new Events();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        Throwable error = subscriber.awaitError(WAIT);
        CloudAiException e = assertInstanceOf(streamCutFailure(), error, () -> "the cut maps to " + streamCutFailure().getSimpleName());
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals(Canned.STREAM_DELTAS.get(0), text(subscriber.items()), "the text before the cut, exactly once");
        assertTrue(subscriber.items().stream().noneMatch(ChatChunk.Finished.class::isInstance), "no Finished after a cut");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules (one terminal signal, no item after it)");
        assertRequests(1, "no retry once a chunk reached the caller");
        assertEquals(List.of(), List.copyOf(events.retries), "no retry once a chunk reached the caller");
        events.assertOneOutcome(streamCutFailure());
    }

    @Test
    public final void aStreamFailingBeforeItsFirstChunkIsRetriedAndTheWholeTextArrivesOnce() {
        cloud().inject(Fault.serverError(503), 1);
        Events events = new Events();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(open(events, c -> c)).stream(prompt()).subscribe(subscriber);

        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);
        ChatModelContract.assertCannedStream(chunks);
        assertEquals(Canned.CHAT_TEXT, text(chunks), "the whole text, once");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(2, "the failed attempt, then the stream");
        events.assertOneOutcome(null);
    }

    // ---- deployments ----

    @Test
    public final void aThrottledDeploymentStatusReadIsRiddenOutAndTheEndpointReachesInService() {
        int clean;
        try (CloudAi ai = CloudAi.create(baseConfig().property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").build())) {
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(endpointSpec()).status(), "a clean deploy");
            clean = cloud().requestCount();
        }
        cloud().reset();

        throttleNextDeploymentStatusRead(cloud());
        Endpoint endpoint = open(new Events(), c -> c.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms"))
                .endpoints().deploy(endpointSpec());
        assertEquals(EndpointStatus.IN_SERVICE, endpoint.status(), () -> "status of " + endpoint);
        assertEquals(endpointSpec().name(), endpoint.name(), "name");
        assertRequests(clean + 1, "a clean deploy's " + clean + " requests, plus the throttled status read");
    }

    // ---- fallback ----

    @Test
    public final void anAlwaysFailingProviderFallsBackToTheSecondCloudAfterMaxAttempts() throws Exception {
        cloud().inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        Events events = new Events();
        ChatModel chat = open(events, this::withFallback).chatModel(FALLBACK_ALIAS);

        ChatResponse answer = chat.chat(prompt());
        assertEquals(fallbackCloud.id(), answer.provider(), "the provider that answered");
        assertEquals(Canned.CHAT_TEXT, answer.text(), "text");
        assertRequests(maxAttempts(), "the failing provider's own retries, before moving on");
        assertEquals(1, fallbackCloud.requestCount(), "the fallback cloud answers with one request");
        assertEquals(1, events.fallbacks.size(), () -> "fallback events: " + events.fallbacks);
        assertEquals(providerId(), events.fallbacks.peek().from(), "from");
        assertEquals(fallbackCloud.id(), events.fallbacks.peek().to(), "to");

        ChatResponse async = chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(fallbackCloud.id(), async.provider(), "the provider that answered the async call");
        assertRequests(2 * maxAttempts(), "maxAttempts more for the async call");
        assertEquals(2, fallbackCloud.requestCount(), "one more on the fallback cloud");
    }

    @Test
    public final void anInvalidRequestNeverFallsBack() {
        cloud().inject(Fault.invalidRequest("messages: the prompt is too long"), EmulatedCloud.ALWAYS);
        Events events = new Events();
        ChatModel chat = open(events, this::withFallback).chatModel(FALLBACK_ALIAS);

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat.chat(prompt()));
        assertEquals(providerId(), e.providerId(), "providerId");
        assertRequests(1, "an invalid request is neither retried");
        assertEquals(0, fallbackCloud.requestCount(), "nor sent to another cloud");
        assertEquals(List.of(), List.copyOf(events.fallbacks), "fallback events");
    }

    @Test
    public final void anAsyncChatThatMissesItsDeadlineFallsBackToTheSecondCloud() throws Exception {
        Events events = new Events();
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
        assertEquals(1, events.fallbacks.size(), () -> "fallback events: " + events.fallbacks);
    }

    @Test
    public final void aStreamCutAfterItsFirstChunkNeverFallsBack() {
        cutNextStreamAfterFirstChunk(cloud());
        Events events = new Events();
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        open(events, this::withFallback).chatModel(FALLBACK_ALIAS).stream(prompt()).subscribe(subscriber);

        assertInstanceOf(streamCutFailure(), subscriber.awaitError(WAIT), "the cut, delivered as it is");
        assertEquals(Canned.STREAM_DELTAS.get(0), text(subscriber.items()), "the text before the cut, exactly once");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertRequests(1, "no retry once a chunk reached the caller");
        assertEquals(0, fallbackCloud.requestCount(), "no fallback once a chunk reached the caller: it would repeat text");
        assertEquals(List.of(), List.copyOf(events.fallbacks), "fallback events");
    }

    // ---- circuit breaker ----

    @Test
    public final void aCircuitOpensOnceItsWindowFillsWithFailuresAndThenFailsFastWithoutRequests() {
        int window = 4;
        cloud().inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        Events events = new Events();
        ChatModel chat = chat(open(events, c -> c.property(ConfigKeys.CIRCUIT_ENABLED, "true")
                .property(ConfigKeys.CIRCUIT_WINDOW, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, "60s")));

        int calls = 0;
        UnavailableException fastFail = null;
        while (fastFail == null && calls < 2 * window) {
            calls++;
            UnavailableException e = assertThrows(UnavailableException.class, () -> chat.chat(prompt()));
            if (Guards.isCircuitOpen(e)) fastFail = e;
        }
        if (fastFail == null) fail("the circuit never opened in " + calls + " calls; the emulator saw " + cloud().requestCount());
        assertRequests(window, "every attempt counts in the window: the circuit opens after exactly " + window
                + " failed requests, and the call that found it open sent no more");
        assertTrue(events.circuitChanges.stream().anyMatch(c -> c.to().equals("OPEN")), () -> "circuit events: " + events.circuitChanges);
        assertFalse(fastFail.getMessage().isBlank(), "a message that says the circuit is open");

        for (int i = 0; i < 3; i++) {
            UnavailableException e = assertThrows(UnavailableException.class, () -> chat.chat(prompt()));
            assertTrue(Guards.isCircuitOpen(e), () -> "fails fast while open: " + e);
        }
        assertRequests(window, "an open circuit sends nothing");
    }

    // ---- closing ----

    @Test
    public final void closingEndsAnAsyncChatInFlightAtOnceWithAnExceptionThatSaysSo() throws Exception {
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        warmUp(events, () -> chat.chatAsync(prompt()).join());
        cloud().inject(Fault.slowResponse(LATE), 1);
        CompletableFuture<ChatResponse> call = chat.chatAsync(prompt());
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(assertThrows(ExecutionException.class, () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause());
        events.assertOneOutcome(IllegalStateException.class);
        assertRequests(1, "the request in flight, never retried");
    }

    @Test
    public final void closingEndsAnAsyncChatWaitingForItsRetryAtOnceAndNoRetryIsSent() throws Exception {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        CompletableFuture<ChatResponse> call = chat(ai).chatAsync(prompt());
        events.awaitRetry();

        ai.close();
        assertClosedUnder(assertThrows(ExecutionException.class, () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause());
        events.assertOneOutcome(IllegalStateException.class);
        assertRequests(1, "the throttled request; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsABlockingChatWaitingForItsRetryAtOnce() throws Exception {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        CompletableFuture<Throwable> outcome = onAnotherThread(() -> chat(ai).chat(prompt()));
        events.awaitRetry();

        ai.close();
        assertClosedUnder(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        events.assertOneOutcome(IllegalStateException.class);
        assertRequests(1, "the throttled request; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsAStreamInFlightAtOnceWithOneError() {
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        warmUp(events, () -> {
            RecordingSubscriber<ChatChunk> warm = RecordingSubscriber.oneAtATime();
            chat.stream(prompt()).subscribe(warm);
            warm.awaitCompletion(WAIT);
        });
        cloud().inject(Fault.slowResponse(LATE), 1);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat.stream(prompt()).subscribe(subscriber);
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.items(), "nothing delivered");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneOutcome(IllegalStateException.class);
        assertRequests(1, "the stream in flight, never retried");
    }

    @Test
    public final void closingEndsAStreamWaitingForItsRetryAtOnceWithOneError() {
        cloud().inject(Fault.throttle(CLOSE_RETRY_AFTER), 1);
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(ai).stream(prompt()).subscribe(subscriber);
        events.awaitRetry();

        ai.close();
        assertClosedUnder(subscriber.awaitError(WAIT));
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        events.assertOneOutcome(IllegalStateException.class);
        assertRequests(1, "the throttled stream; the retry due after close is never sent");
    }

    @Test
    public final void closingEndsADeploymentWaitingForItsEndpointAtOnce() throws Exception {
        Events events = new Events();
        // A poll interval longer than any test waits: the deployment is surely between two status reads at close.
        CloudAi ai = open(events, c -> c.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "60s"));
        CompletableFuture<Throwable> outcome = onAnotherThread(() -> ai.endpoints().deploy(endpointSpec()));
        awaitRequestsAtEmulator(1);

        ai.close();
        assertClosedUnder(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        events.assertOneOutcome(IllegalStateException.class);
    }

    @Test
    public final void callsAfterCloseFailAtOnceWithoutARequest() {
        Events events = new Events();
        CloudAi ai = open(events, c -> c);
        ChatModel chat = chat(ai);
        ai.close();
        ai.close();   // idempotent

        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.chat(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.chatAsync(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> chat.stream(prompt())));
        assertClosedAfter(assertThrows(IllegalStateException.class, () -> ai.chatModel(chatModel())));
        assertRequests(0, "nothing is sent after close");
    }

    // ---- helpers ----

    /** The configuration every test starts from: the cloud's keys, {@link #configure}, {@link #retrySettings()}. */
    protected final CloudAiConfig.Builder baseConfig() {
        return configure(emulator().config(providerId()).retry(retrySettings()));
    }

    /** A {@code CloudAi} of {@link #baseConfig()} changed by {@code change}, reporting to {@code events}; closed after the test. */
    protected final CloudAi open(Events events, UnaryOperator<CloudAiConfig.Builder> change) {
        CloudAi ai = CloudAi.create(change.apply(baseConfig()).build(), events);
        opened.add(ai);
        return ai;
    }

    private CloudAiConfig.Builder withFallback(CloudAiConfig.Builder config) {
        for (Map.Entry<String, String> e : fallbackCloud.properties().entrySet()) config.property(e.getKey(), e.getValue());
        return config.property(ConfigKeys.FALLBACK, fallbackCloud.id())
                .model(FALLBACK_ALIAS, providerId(), chatModel())
                .model(FALLBACK_ALIAS, fallbackCloud.id(), fallbackChatModel());
    }

    /**
     * Makes one successful call through a new client before a deadline test, then resets the emulator and the
     * events: a cold client (connection, TLS-less handshake, class loading) can take longer than {@link #DEADLINE}
     * to send its first request, and the test must see its late request reach the emulator.
     */
    private void warmUp(Events events, Runnable call) {
        int calls = 0;
        while (true) {
            calls++;
            try {
                call.run();
                break;
            } catch (RuntimeException | AssertionError e) {
                if (calls == 5) throw new AssertionError("5 calls in a row missed the " + DEADLINE + " deadline without any fault", e);
            }
        }
        events.awaitOutcomes(calls);   // every warm-up outcome is in before the events are cleared
        cloud().reset();
        events.clear();
    }

    private ChatModel chat(CloudAi ai) {
        return ai.chatModel(chatModel());
    }

    private static ChatRequest prompt() {
        return ChatRequest.ofUser(Canned.CHAT_PROMPT);
    }

    /** The exception of a call that was open when its {@code CloudAi} closed: one that says so. */
    private void assertClosedUnder(Throwable failure) {
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure, "the call's outcome");
        assertTrue(e.getMessage().contains("was closed while this"), e::getMessage);
        assertTrue(e.getMessage().contains(providerId()), () -> "names the provider: " + e.getMessage());
    }

    private static void assertClosedAfter(IllegalStateException e) {
        assertTrue(e.getMessage().contains("is closed"), e::getMessage);
    }

    /**
     * Runs a blocking call on a thread of its own; completes with what it threw (null when it returned), or with an
     * AssertionError when the call left the thread interrupted: close() may interrupt a caller to end its wait, but
     * must clear that interrupt.
     */
    private static CompletableFuture<Throwable> onAnotherThread(Runnable blockingCall) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        new Thread(() -> {
            Throwable failure = null;
            try {
                blockingCall.run();
            } catch (Throwable t) {
                failure = t;
            }
            outcome.complete(Thread.currentThread().isInterrupted()
                    ? new AssertionError("the caller's thread was left interrupted", failure) : failure);
        }, "closing-test-caller").start();
        return outcome;
    }

    /** Waits, bounded, until the emulator has received {@code n} requests: the call is in flight there. */
    private void awaitRequestsAtEmulator(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cloud().requestCount() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator received " + cloud().requestCount() + " of " + n + " requests within " + WAIT);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private String resetKind() {
        return connectionResetIsATransportReset() ? "a TCP reset" : "the cloud's UNAVAILABLE status (its emulator cannot reset a connection)";
    }

    private void assertCannedAnswer(ChatResponse response) {
        assertEquals(Canned.CHAT_TEXT, response.text(), "text");
        assertEquals(Canned.USAGE, response.usage(), "usage");
        assertEquals(providerId(), response.provider(), "provider");
    }

    private static String text(List<ChatChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        for (ChatChunk c : chunks) if (c instanceof ChatChunk.TextDelta d) sb.append(d.text());
        return sb.toString();
    }

    /** What the pipeline reported during one test. */
    protected static final class Events implements CallListener {
        final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Retry> retries = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CallListener.Fallback> fallbacks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CircuitStateChange> circuitChanges = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CallFinished> finished = new ConcurrentLinkedQueue<>();
        private volatile java.util.concurrent.Semaphore outcomes = new java.util.concurrent.Semaphore(0);
        private final java.util.concurrent.Semaphore retried = new java.util.concurrent.Semaphore(0);

        @Override
        public void onAttempt(Attempt event) {
            attempts.add(event);
        }

        @Override
        public void onRetry(Retry event) {
            retries.add(event);
            retried.release();
        }

        /** Waits until a retry has been scheduled: the call is waiting for it now. */
        void awaitRetry() {
            try {
                assertTrue(retried.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS), () -> "no retry was scheduled: " + finished);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @Override
        public void onFallback(CallListener.Fallback event) {
            fallbacks.add(event);
        }

        @Override
        public void onCircuitStateChange(CircuitStateChange event) {
            circuitChanges.add(event);
        }

        @Override
        public void onCallFinished(CallFinished event) {
            finished.add(event);
            outcomes.release();
        }

        /** Waits until {@code n} outcomes were reported, so that none arrives after a {@link #clear()}. */
        void awaitOutcomes(int n) {
            try {
                assertTrue(outcomes.tryAcquire(n, WAIT.toMillis(), TimeUnit.MILLISECONDS), () -> n + " outcomes expected: " + finished);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        void clear() {
            attempts.clear();
            retries.clear();
            fallbacks.clear();
            circuitChanges.clear();
            finished.clear();
            outcomes = new java.util.concurrent.Semaphore(0);
        }

        /** Exactly one outcome was reported: a success ({@code failure == null}) or a failure of that type. */
        void assertOneOutcome(Class<? extends Throwable> failure) {
            // An async caller may see its future complete a moment before the pipeline reports the outcome.
            try {
                assertTrue(outcomes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no outcome was reported");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            assertEquals(1, finished.size(), () -> "one logical call, one outcome: " + finished);
            CallFinished f = finished.peek();
            if (failure == null) {
                assertEquals(java.util.Optional.empty(), f.failure(), "the call succeeded");
                assertTrue(f.usage().isPresent(), "the answer's usage is reported once");
            } else {
                assertTrue(f.failure().filter(m -> m.startsWith(failure.getSimpleName())).isPresent(),
                        () -> "the call failed with " + failure.getSimpleName() + ": " + f.failure());
            }
        }
    }
}

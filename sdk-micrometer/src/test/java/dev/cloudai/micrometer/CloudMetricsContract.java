package dev.cloudai.micrometer;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.resilience.CallListener.CircuitStateChange;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.standby.StandbyCloud;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meters of real calls: one cloud's adapter against its emulator, with {@link StandbyCloud} to fall back to, a
 * {@link MicrometerListener} on a {@link SimpleMeterRegistry} and a {@link RecordingListener} after it (the
 * listeners hear each event in that order, so once the recording one has an outcome the meters have it too). Each
 * test asserts exactly the meters the README's "Metrics with Micrometer" documents for that call: their names, tags
 * and counts. The cost counter is compared with the costs the events carry, whatever the price table knows.
 *
 * <pre>{@code
 * class AwsMetricsTest extends CloudMetricsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String chatModel() { return "anthropic.claude-3-haiku-20240307-v1:0"; }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CloudMetricsContract {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALIAS = "metered";

    private CloudEmulator emulator;
    private EmulatedCloud cloud;
    private String provider;
    private final List<CloudAi> opened = new ArrayList<>();
    private SimpleMeterRegistry registry;
    private RecordingListener events;

    /** A new, not yet started emulator of the cloud under test. */
    protected abstract EmulatedCloud newCloud();

    /** The model the tests chat with on that cloud. */
    protected abstract String chatModel();

    @BeforeAll
    final void startEmulator() {
        cloud = newCloud();
        provider = cloud.id();
        emulator = CloudEmulator.start(cloud, new StandbyCloud());
    }

    @BeforeEach
    final void resetEmulatorAndMeters() {
        emulator.reset();
        registry = new SimpleMeterRegistry();
        events = new RecordingListener();
    }

    @AfterEach
    final void closeCloudAis() {
        opened.forEach(CloudAi::close);
        opened.clear();
    }

    @AfterAll
    final void stopEmulator() {
        if (emulator != null) emulator.close();
    }

    /** A model of a new {@code CloudAi} on the cloud (circuit breakers off unless {@code change} turns them on). */
    private ChatModel chat(UnaryOperator<CloudAiConfig.Builder> change) {
        CloudAiConfig.Builder config = emulator.config(provider, StandbyCloud.ID).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "false")
                .model(ALIAS, provider, chatModel()).model(ALIAS, StandbyCloud.ID, Canned.CHAT_MODEL);
        CloudAi ai = CloudAi.create(change.apply(config).build(), MicrometerListener.create(registry), events);
        opened.add(ai);
        return ai.chatModel(ALIAS);
    }

    private static ChatRequest prompt() {
        return ChatRequest.ofUser(Canned.CHAT_PROMPT);
    }

    @Test
    final void aBlockingAndAnAsyncChatAreTwoTimedCallsWithTheirTokens() throws Exception {
        ChatModel chat = chat(c -> c);
        assertEquals(provider, chat.chat(prompt()).provider(), "the blocking chat's provider");
        ChatResponse async = chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(provider, async.provider(), "the async chat's provider");
        events.awaitCallsFinished(2, WAIT);

        assertEquals(2, calls(provider, "chat", chatModel(), "success"), "cloudai.calls");
        assertEquals(2, attempts(provider, "chat"), "cloudai.attempts");
        assertTokens(provider, "chat", chatModel(), 2);
        assertMeters(Set.of(
                callsMeter(provider, "chat", chatModel(), "success"),
                routeMeter(MicrometerListener.ATTEMPTS, provider, "chat")), provider, "chat", chatModel());
    }

    @Test
    final void aStreamIsOneTimedCallWithTheTokensOfItsFinishedChunk() {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(c -> c).stream(prompt()).subscribe(subscriber);
        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);
        assertTrue(chunks.get(chunks.size() - 1) instanceof ChatChunk.Finished, () -> "chunks: " + chunks);

        assertEquals(1, calls(provider, "stream", chatModel(), "success"), "cloudai.calls, reported before onComplete");
        assertEquals(1, attempts(provider, "stream"), "cloudai.attempts");
        assertTokens(provider, "stream", chatModel(), 1);
        assertMeters(Set.of(
                callsMeter(provider, "stream", chatModel(), "success"),
                routeMeter(MicrometerListener.ATTEMPTS, provider, "stream")), provider, "stream", chatModel());
    }

    @Test
    final void aChatThrottledOnceIsOneCallOfTwoAttemptsAndOneRetry() {
        cloud.inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        ChatModel chat = chat(c -> c);
        assertEquals(Canned.CHAT_TEXT, chat.chat(prompt()).text(), "the answer after the retry");
        assertEquals(2, cloud.requestCount(), "requests at the emulator");

        assertEquals(1, calls(provider, "chat", chatModel(), "success"), "one call");
        assertEquals(2, attempts(provider, "chat"), "two attempts");
        assertEquals(1, registry.get(MicrometerListener.RETRIES).tags("provider", provider, "operation", "chat")
                .counter().count(), "one retry");
        assertTokens(provider, "chat", chatModel(), 1);
        assertMeters(Set.of(
                callsMeter(provider, "chat", chatModel(), "success"),
                routeMeter(MicrometerListener.ATTEMPTS, provider, "chat"),
                routeMeter(MicrometerListener.RETRIES, provider, "chat")), provider, "chat", chatModel());
    }

    @Test
    final void aChatFallingBackToTheStandbyIsOneFailedAndOneAnsweredCallAndOneFallback() {
        cloud.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        ChatModel chat = chat(c -> c);
        assertEquals(StandbyCloud.ID, chat.chat(prompt()).provider(), "the standby answers");
        assertEquals(3, cloud.requestCount(), "max-attempts requests at the failing cloud");

        assertEquals(1, calls(provider, "chat", chatModel(), "UnavailableException"), "the failing provider's call");
        assertEquals(3, attempts(provider, "chat"), "its attempts");
        assertEquals(2, registry.get(MicrometerListener.RETRIES).tags("provider", provider, "operation", "chat")
                .counter().count(), "its retries");
        assertEquals(1, registry.get(MicrometerListener.FALLBACKS)
                .tags("operation", "chat", "from", provider, "to", StandbyCloud.ID).counter().count(), "one fallback");
        assertEquals(1, calls(StandbyCloud.ID, "chat", Canned.CHAT_MODEL, "success"), "the standby's call");
        assertEquals(1, attempts(StandbyCloud.ID, "chat"), "its one attempt");
        assertTokens(StandbyCloud.ID, "chat", Canned.CHAT_MODEL, 1);
        assertMeters(Set.of(
                callsMeter(provider, "chat", chatModel(), "UnavailableException"),
                routeMeter(MicrometerListener.ATTEMPTS, provider, "chat"),
                routeMeter(MicrometerListener.RETRIES, provider, "chat"),
                meter(MicrometerListener.FALLBACKS, "operation", "chat", "from", provider, "to", StandbyCloud.ID),
                callsMeter(StandbyCloud.ID, "chat", Canned.CHAT_MODEL, "success"),
                routeMeter(MicrometerListener.ATTEMPTS, StandbyCloud.ID, "chat")), StandbyCloud.ID, "chat", Canned.CHAT_MODEL);
    }

    @Test
    final void anOpeningCircuitMovesItsGaugeAndItsRefusedCallsSendNoAttempt() {
        int window = 4;
        cloud.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        // No fallback here: a refused call must stay on this provider to be counted as its outcome.
        CloudAiConfig.Builder config = emulator.config(provider).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "true")
                .property(ConfigKeys.CIRCUIT_WINDOW, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, Integer.toString(window))
                .property(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, "60s");
        CloudAi ai = CloudAi.create(config.build(), MicrometerListener.create(registry), events);
        opened.add(ai);
        ChatModel chat = ai.chatModel(chatModel());

        int calls = 0;
        boolean open = false;
        while (!open && calls < 2 * window) {
            calls++;
            open = assertThrows(UnavailableException.class, () -> chat.chat(prompt())).isCircuitOpen();
        }
        assertTrue(open, () -> "the circuit never opened; the emulator saw " + cloud.requestCount());
        for (int i = 0; i < 3; i++) {
            assertTrue(assertThrows(UnavailableException.class, () -> chat.chat(prompt())).isCircuitOpen(), "fails fast");
        }
        int made = calls + 3;

        List<CircuitStateChange> changes = events.circuitChanges();
        assertEquals(List.of("CLOSED>OPEN"), changes.stream().map(c -> c.from() + ">" + c.to()).toList(), "one change");
        assertEquals(List.of(1.0, 0.0, 0.0), List.of(circuit("open"), circuit("closed"), circuit("half_open")),
                "open, closed, half_open");
        assertEquals(window, cloud.requestCount(), "the circuit opened after exactly " + window + " requests");
        assertEquals(window, attempts(provider, "chat"), "one attempt per request; a refused call sends none");
        assertEquals(made, calls(provider, "chat", chatModel(), "UnavailableException"), "every call, refused or not");
        assertEquals(events.retries().size(), registry.get(MicrometerListener.RETRIES)
                .tags("provider", provider, "operation", "chat").counter().count(), "the retries the pipeline reported");
        assertMeters(Set.of(
                callsMeter(provider, "chat", chatModel(), "UnavailableException"),
                routeMeter(MicrometerListener.ATTEMPTS, provider, "chat"),
                routeMeter(MicrometerListener.RETRIES, provider, "chat"),
                circuitMeter("closed"),
                circuitMeter("open"),
                circuitMeter("half_open")), null, null, null);
    }

    private double circuit(String state) {
        return registry.get(MicrometerListener.CIRCUIT_STATE).tags("provider", provider, "operation", "chat", "state", state)
                .gauge().value();
    }

    private long calls(String provider, String operation, String model, String outcome) {
        return registry.get(MicrometerListener.CALLS)
                .tags("provider", provider, "operation", operation, "model", model, "outcome", outcome).timer().count();
    }

    private double attempts(String provider, String operation) {
        return registry.get(MicrometerListener.ATTEMPTS).tags("provider", provider, "operation", operation).counter().count();
    }

    /** The four token counters hold {@code calls} times the emulator's canned usage. */
    private void assertTokens(String provider, String operation, String model, int calls) {
        assertEquals(List.of((double) calls * Canned.INPUT_TOKENS, (double) calls * Canned.OUTPUT_TOKENS, 0.0, 0.0),
                List.of("input", "output", "cached_input", "reasoning").stream()
                        .map(type -> registry.get(MicrometerListener.TOKENS).tags("provider", provider,
                                "operation", operation, "model", model, "type", type).counter().count())
                        .toList(),
                "cloudai.tokens input, output, cached_input, reasoning");
    }

    /**
     * Asserts the registry holds exactly {@code expected}, plus the four token counters of the one model that
     * answered (when {@code answeredProvider} is not null), plus its cost counter exactly when the calls' events carried a
     * cost, holding their sum.
     */
    private void assertMeters(Set<String> expected, String answeredProvider, String operation, String model) {
        Set<String> all = new TreeSet<>(expected);
        if (answeredProvider != null) {
            for (String type : List.of("input", "output", "cached_input", "reasoning")) {
                all.add(meter(MicrometerListener.TOKENS, "provider", answeredProvider, "operation", operation, "model", model,
                        "type", type));
            }
        }
        List<CallCost> costs = events.finished().stream().map(CallFinished::cost).flatMap(Optional::stream).toList();
        if (!costs.isEmpty()) {
            all.add(meter(MicrometerListener.COST, "provider", answeredProvider, "operation", operation, "model", model));
            BigDecimal total = costs.stream().map(CallCost::totalUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(total.doubleValue(), registry.get(MicrometerListener.COST).counter().count(), 1e-12, "cloudai.cost");
        } else {
            assertThrows(MeterNotFoundException.class, () -> registry.get(MicrometerListener.COST).meter(),
                    "no cost meter when no event carried a cost");
        }
        Set<String> actual = registry.getMeters().stream().map(CloudMetricsContract::describe)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, actual, "the meters in the registry");
    }

    /** A meter as {@code name{key=value,...}}, keys in the order Micrometer sorts them, for comparing sets. */
    private static String describe(Meter m) {
        return m.getId().getName() + m.getId().getTags();
    }

    private static String callsMeter(String provider, String operation, String model, String outcome) {
        return meter(MicrometerListener.CALLS, "provider", provider, "operation", operation, "model", model, "outcome", outcome);
    }

    private static String routeMeter(String name, String provider, String operation) {
        return meter(name, "provider", provider, "operation", operation);
    }

    private String circuitMeter(String state) {
        return meter(MicrometerListener.CIRCUIT_STATE, "provider", provider, "operation", "chat", "state", state);
    }

    /** What {@link #describe} gives for a meter of this name and these tags. */
    private static String meter(String name, String... keyValues) {
        return name + Tags.of(keyValues).stream().toList();
    }
}

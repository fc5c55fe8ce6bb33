package dev.cloudai.micrometer;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener.Attempt;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.resilience.CallListener.CircuitStateChange;
import dev.cloudai.resilience.CallListener.Fallback;
import dev.cloudai.resilience.CallListener.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener on events built by hand: every meter, tag and bound the README documents. */
class MicrometerListenerTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerListener listener = MicrometerListener.create(registry);

    private static CallFinished.Builder chat(Duration latency) {
        return CallFinished.builder(1, "aws", "chat", latency).model(MODEL);
    }

    private static ThrottledException throttled() {
        return new ThrottledException(ErrorInfo.builder("aws", "chat").httpStatus(429).build(), "slow down", null, null);
    }

    private Timer timer(String outcome) {
        return registry.get(MicrometerListener.CALLS).tags("provider", "aws", "operation", "chat", "model", MODEL,
                "outcome", outcome).timer();
    }

    private double tokens(String type) {
        return registry.get(MicrometerListener.TOKENS).tags("provider", "aws", "operation", "chat", "model", MODEL,
                "type", type).counter().count();
    }

    @Test
    void aSuccessfulCallIsTimedAndItsTokensCounted() {
        listener.onCallFinished(chat(Duration.ofMillis(420)).usage(new TokenUsage(12, 40, 5, 0, 7)).build());
        listener.onCallFinished(chat(Duration.ofMillis(80)).usage(new TokenUsage(3, 4)).build());

        Timer calls = timer("success");
        assertEquals(2, calls.count(), "calls");
        assertEquals(500, calls.totalTime(TimeUnit.MILLISECONDS), 0.001, "total latency");
        assertEquals(15, tokens("input"), "input tokens");
        assertEquals(44, tokens("output"), "output tokens");
        assertEquals(5, tokens("cached_input"), "cached input tokens");
        assertEquals(7, tokens("reasoning"), "reasoning tokens");
        assertEquals(Set.of(MicrometerListener.CALLS, MicrometerListener.TOKENS), meterNames(),
                "no cost without a CallCost, no other meter");
    }

    @Test
    void aCallWithACostAddsItsTotalInUsd() {
        CallCost cost = new CallCost(new BigDecimal("0.000003"), new BigDecimal("0.00005"), new BigDecimal("0.0000005"),
                MODEL, "price table");
        listener.onCallFinished(chat(Duration.ofMillis(10)).usage(new TokenUsage(12, 40)).cost(cost).build());
        listener.onCallFinished(chat(Duration.ofMillis(10)).usage(new TokenUsage(12, 40)).cost(cost).build());

        Counter usd = registry.get(MicrometerListener.COST).tags("provider", "aws", "operation", "chat", "model", MODEL)
                .counter();
        assertEquals(2 * 0.0000535, usd.count(), 1e-12, "twice the call's total");
        assertEquals("usd", usd.getId().getBaseUnit(), "unit");
        assertEquals("tokens", registry.get(MicrometerListener.TOKENS).tag("type", "input").counter().getId().getBaseUnit(),
                "unit of the token counters");
    }

    @Test
    void aFailedCallIsTaggedWithTheSimpleNameOfItsException() {
        listener.onCallFinished(chat(Duration.ofMillis(30)).error(throttled(), "ThrottledException: slow down").build());
        listener.onCallFinished(chat(Duration.ofMillis(30))
                .error(new IllegalStateException("closed"), "IllegalStateException: closed").build());

        assertEquals(1, timer("ThrottledException").count(), "throttled");
        assertEquals(1, timer("IllegalStateException").count(), "closed");
        assertEquals(Set.of(MicrometerListener.CALLS), meterNames(), "no usage, no token counters");
    }

    @Test
    void aCancelledCallIsTaggedCancelled() {
        listener.onCallFinished(chat(Duration.ofMillis(5)).error(new CancellationException("the subscriber cancelled"),
                "CancellationException: the subscriber cancelled the stream").build());
        listener.onCallFinished(new CallFinished("aws", "chat", Duration.ofMillis(5), Optional.empty(),
                Optional.of("CancellationException: the subscriber cancelled the stream")));

        assertEquals(1, timer(MicrometerListener.OUTCOME_CANCELLED).count(), "with the exception");
        assertEquals(1, registry.get(MicrometerListener.CALLS).tags("model", MicrometerListener.MODEL_NONE,
                "outcome", MicrometerListener.OUTCOME_CANCELLED).timer().count(), "from the description only");
    }

    @Test
    void anOutcomeKnownOnlyByItsDescriptionTakesTheClassNameBeforeTheColon() {
        assertEquals("ThrottledException", MicrometerListener.outcome(failedWith("ThrottledException: slow down")));
        assertEquals("UnavailableException", MicrometerListener.outcome(failedWith("UnavailableException")));
        assertEquals("error", MicrometerListener.outcome(failedWith("the provider is down: 503")),
                "free text is never a tag value");
        assertEquals("error", MicrometerListener.outcome(failedWith("")));
        assertEquals("success", MicrometerListener.outcome(CallFinished.builder(1, "aws", "chat", Duration.ZERO).build()));
    }

    private static CallFinished failedWith(String description) {
        return CallFinished.builder(1, "aws", "chat", Duration.ZERO).failure(description).build();
    }

    @Test
    void modelsStayBoundedEndpointsAndTheModelsAfterTheLimitShareOneValue() {
        MicrometerListener two = MicrometerListener.builder(registry).maxModels(2).build();

        assertEquals("none", two.modelTag(Optional.empty()), "no model");
        assertEquals("endpoint", two.modelTag(Optional.of("endpoint:my-llama;protocol=openai-chat")));
        assertEquals("endpoint", two.modelTag(Optional.of("endpoint:other-llama")), "one value for all endpoints");
        assertEquals("a", two.modelTag(Optional.of("a")));
        assertEquals("b", two.modelTag(Optional.of("b")));
        assertEquals("other", two.modelTag(Optional.of("c")), "the third model");
        assertEquals("a", two.modelTag(Optional.of("a")), "a model admitted before keeps its value");
        assertEquals("other", MicrometerListener.builder(registry).maxModels(0).build()
                .modelTag(Optional.of("a")), "maxModels 0: every model is other");
    }

    @Test
    void modelsAdmittedFromManyThreadsAtOnceNeverPassTheLimit() throws Exception {
        MicrometerListener limited = MicrometerListener.builder(registry).maxModels(10).build();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Set<String> seen = new TreeSet<>();
                    for (int m = 0; m < 100; m++) seen.add(limited.modelTag(Optional.of("model-" + m)));
                    return seen;
                }));
            }
            start.countDown();
            Set<String> all = new TreeSet<>();
            for (Future<Set<String>> f : results) all.addAll(f.get(10, TimeUnit.SECONDS));
            all.remove("other");
            assertEquals(10, all.size(), () -> "models kept as they are: " + all);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attemptsRetriesAndFallbacksAreCounted() {
        listener.onAttempt(new Attempt(1, "aws", "chat", 1));
        listener.onRetry(new Retry(1, "aws", "chat", 1, Duration.ofMillis(20), "ThrottledException: slow down"));
        listener.onAttempt(new Attempt(1, "aws", "chat", 2));
        listener.onAttempt(new Attempt(2, "gcp", "stream", 1));
        listener.onFallback(new Fallback(1, "chat", "aws", "gcp", "UnavailableException: 503"));

        assertEquals(2, registry.get(MicrometerListener.ATTEMPTS).tags("provider", "aws", "operation", "chat").counter().count());
        assertEquals(1, registry.get(MicrometerListener.ATTEMPTS).tags("provider", "gcp", "operation", "stream").counter().count());
        assertEquals(1, registry.get(MicrometerListener.RETRIES).tags("provider", "aws", "operation", "chat").counter().count());
        assertEquals(1, registry.get(MicrometerListener.FALLBACKS).tags("operation", "chat", "from", "aws", "to", "gcp")
                .counter().count());
        assertEquals(Set.of(MicrometerListener.ATTEMPTS, MicrometerListener.RETRIES, MicrometerListener.FALLBACKS), meterNames());
    }

    @Test
    void aCircuitHasOneGaugePerStateReadingOneForTheStateItIsIn() {
        listener.onCircuitStateChange(new CircuitStateChange(OptionalLong.of(4), "aws", "chat", "CLOSED", "OPEN"));
        assertEquals(List.of(0.0, 1.0, 0.0), circuit("aws", "chat"), "closed, open, half_open after CLOSED -> OPEN");

        listener.onCircuitStateChange(new CircuitStateChange("aws", "chat", "OPEN", "HALF_OPEN"));
        assertEquals(List.of(0.0, 0.0, 1.0), circuit("aws", "chat"), "after OPEN -> HALF_OPEN");

        listener.onCircuitStateChange(new CircuitStateChange("aws", "chat", "HALF_OPEN", "CLOSED"));
        assertEquals(List.of(1.0, 0.0, 0.0), circuit("aws", "chat"), "after HALF_OPEN -> CLOSED");
        assertEquals(3, registry.find(MicrometerListener.CIRCUIT_STATE).gauges().size(), "registered once per state");
        assertThrows(MeterNotFoundException.class, () -> registry.get(MicrometerListener.CIRCUIT_STATE).tag("operation", "stream").gauge(),
                "a circuit that never changed has no gauge");
    }

    @Test
    void aStateOutsideTheThreeGetsItsOwnGauge() {
        listener.onCircuitStateChange(new CircuitStateChange("aws", "chat", "CLOSED", "FORCED_OPEN"));
        assertEquals(1.0, registry.get(MicrometerListener.CIRCUIT_STATE).tags("provider", "aws", "state", "forced_open")
                .gauge().value());
        assertEquals(List.of(0.0, 0.0, 0.0), circuit("aws", "chat"));
    }

    private List<Double> circuit(String provider, String operation) {
        return List.of("closed", "open", "half_open").stream()
                .map(s -> registry.get(MicrometerListener.CIRCUIT_STATE)
                        .tags("provider", provider, "operation", operation, "state", s).gauge().value())
                .toList();
    }

    @Test
    void theRegistryDoesNotKeepTheListenerAliveThroughItsGauges() {
        WeakReference<MicrometerListener> ref = registerCircuitWithAListenerDroppedAtOnce();
        for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();

        assertNull(ref.get(), "the listener was collected while the registry lives");
        assertTrue(Double.isNaN(registry.get(MicrometerListener.CIRCUIT_STATE).tag("state", "open").gauge().value()),
                "its gauges read NaN");
    }

    private WeakReference<MicrometerListener> registerCircuitWithAListenerDroppedAtOnce() {
        MicrometerListener dropped = MicrometerListener.create(registry);
        dropped.onCircuitStateChange(new CircuitStateChange("aws", "chat", "CLOSED", "OPEN"));
        assertEquals(1.0, registry.get(MicrometerListener.CIRCUIT_STATE).tag("state", "open").gauge().value());
        return new WeakReference<>(dropped);
    }

    @Test
    void eachTagCombinationIsRegisteredOnceAndThenReused() {
        listener.onCallFinished(chat(Duration.ofMillis(1)).build());
        Meter first = timer("success");
        for (int i = 0; i < 50; i++) listener.onCallFinished(chat(Duration.ofMillis(1)).usage(new TokenUsage(1, 1)).build());

        assertSame(first, timer("success"), "one timer");
        assertEquals(51, timer("success").count());
        assertEquals(1 + 4, registry.getMeters().size(), "the timer and the four token counters");
    }

    @Test
    void latencyHistogramsAreOffUntilAMeterFilterTurnsThemOn() {
        // SimpleMeterRegistry publishes no percentile buckets whatever it is asked: read the configuration each
        // timer leaves the registry's filters with instead, as a Prometheus or OTLP registry would get it.
        SimpleMeterRegistry plain = new SimpleMeterRegistry();
        AtomicReference<DistributionStatisticConfig> plainConfig = capture(plain);
        MicrometerListener.create(plain).onCallFinished(chat(Duration.ofMillis(1)).build());
        assertEquals(Boolean.FALSE, plainConfig.get().isPercentileHistogram(), "off by default");

        SimpleMeterRegistry withHistograms = new SimpleMeterRegistry();
        withHistograms.config().meterFilter(new MeterFilter() {   // the README's filter
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals("cloudai.calls")
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        });
        AtomicReference<DistributionStatisticConfig> turnedOn = capture(withHistograms);
        MicrometerListener.create(withHistograms).onCallFinished(chat(Duration.ofMillis(1)).build());
        assertEquals(Boolean.TRUE, turnedOn.get().isPercentileHistogram(), "on once the filter asks for them");
    }

    /** The distribution configuration the registry's filters so far leave the cloudai.calls timer with. */
    private static AtomicReference<DistributionStatisticConfig> capture(SimpleMeterRegistry registry) {
        AtomicReference<DistributionStatisticConfig> captured = new AtomicReference<>();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals(MicrometerListener.CALLS)) captured.set(config);
                return config;
            }
        });
        return captured;
    }

    @Test
    void commonTagsGoOnEveryMeter() {
        MicrometerListener tagged = MicrometerListener.builder(registry).tag("client", "search")
                .tags(Tags.of("region", "eu")).build();
        tagged.onAttempt(new Attempt("aws", "chat", 1));
        tagged.onRetry(new Retry("aws", "chat", 1, Duration.ZERO, "ThrottledException: x"));
        tagged.onFallback(new Fallback("chat", "aws", "gcp", "ThrottledException: x"));
        tagged.onCircuitStateChange(new CircuitStateChange("aws", "chat", "CLOSED", "OPEN"));
        tagged.onCallFinished(chat(Duration.ZERO).usage(new TokenUsage(1, 1))
                .cost(new CallCost(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, MODEL, "table")).build());

        assertEquals(7, meterNames().size(), "every kind of meter");
        for (Meter m : registry.getMeters()) {
            assertEquals("search", m.getId().getTag("client"), () -> m.getId().toString());
            assertEquals("eu", m.getId().getTag("region"), () -> m.getId().toString());
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        NullPointerException noRegistry = assertThrows(NullPointerException.class, () -> MicrometerListener.create(null));
        assertEquals("registry", noRegistry.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> MicrometerListener.builder(registry).tag("model", "x"));
        assertTrue(own.getMessage().startsWith("tags: 'model'"), own.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MicrometerListener.builder(registry).tags(List.of(Tag.of("outcome", "x"))));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> MicrometerListener.builder(registry).maxModels(-1));
        assertTrue(negative.getMessage().startsWith("maxModels:"), negative.getMessage());
    }

    private Set<String> meterNames() {
        return registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toCollection(TreeSet::new));
    }
}

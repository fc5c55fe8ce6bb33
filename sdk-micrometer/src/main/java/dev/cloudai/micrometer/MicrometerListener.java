package dev.cloudai.micrometer;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * A {@link CallListener} that records the SDK's calls as Micrometer meters: a timer per provider, operation, model
 * and outcome, counters of attempts, retries, fallbacks, tokens and cost, and a gauge of each circuit breaker's
 * state. The README's "Metrics with Micrometer" lists every meter with its tags and unit.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();   // or the application's registry
 * try (CloudAi ai = CloudAi.create(config, MicrometerListener.create(registry))) {
 *     ai.chatModel("default").chat(ChatRequest.ofUser("Hello"));
 * }
 * registry.get(MicrometerListener.CALLS).tag("outcome", "success").timer().count();   // 1
 * }</pre>
 *
 * <h2>Tags and their bounds</h2>
 * Every tag takes a bounded set of values, so a registry never grows with the traffic:
 * <ul>
 *   <li>{@code provider}, {@code operation}, {@code from}, {@code to}: the SDK's provider ids and operation names.</li>
 *   <li>{@code model}: the model the call asked for, as the call's events name it. {@code none} when they name none
 *       (endpoint operations); {@code endpoint} for every {@code endpoint:<id>;...} reference, whose ids come and go
 *       with deployments; the first {@link Builder#maxModels(int) maxModels} (100 by default) other models as they
 *       are, and {@code other} for any model after them.</li>
 *   <li>{@code outcome}: {@code success}, {@code cancelled} (a {@link CancellationException}: a stream's subscriber
 *       or an async caller cancelled), or the simple class name of the exception the caller got, for example
 *       {@code ThrottledException} or {@code IllegalStateException}.</li>
 *   <li>{@code type} of {@value #TOKENS}: {@code input}, {@code output}, {@code cached_input}, {@code reasoning}, as
 *       {@link TokenUsage} counts them (input includes cached input, output includes reasoning).</li>
 *   <li>{@code state} of {@value #CIRCUIT_STATE}: {@code closed}, {@code open}, {@code half_open}, the
 *       Resilience4j convention: one gauge per state, 1 for the state the circuit is in and 0 for the others.</li>
 * </ul>
 *
 * <h2>Cost on the hot path</h2>
 * Each meter is looked up once per tag combination and then taken from a map keyed by a small record; the listener
 * never blocks and allocates nothing per call beyond that key and what Micrometer itself does. Latency percentile
 * histograms are off; turn them on with a {@code MeterFilter} (see the README).
 *
 * <h2>Circuit gauges</h2>
 * A circuit's gauges appear at its first state change (a circuit starts closed, and with circuit breakers off it never
 * changes). The gauges read state that this listener holds, and Micrometer keeps only a weak reference to it: they read
 * {@code NaN} once the listener is gone. A registry holds one gauge per name and tags, so two listeners on one registry
 * (two {@code CloudAi} clients) should tell their meters apart with {@link Builder#tag(String, String)}.
 *
 * <p>Thread-safe: the SDK calls it from callers', I/O and timer threads at once.
 */
public final class MicrometerListener implements CallListener {
    /** The timer of calls, one per provider, operation, model and outcome. */
    public static final String CALLS = "cloudai.calls";
    /** The counter of requests sent (attempts), per provider and operation. */
    public static final String ATTEMPTS = "cloudai.attempts";
    /** The counter of retries scheduled, per provider and operation. */
    public static final String RETRIES = "cloudai.retries";
    /** The counter of calls moved from one provider to the next, per operation, from and to. */
    public static final String FALLBACKS = "cloudai.fallbacks";
    /** The counter of tokens, per provider, operation, model and type. */
    public static final String TOKENS = "cloudai.tokens";
    /** The counter of what calls cost in US dollars, per provider, operation and model. */
    public static final String COST = "cloudai.cost";
    /** The circuit breaker state gauges, per provider, operation and state. */
    public static final String CIRCUIT_STATE = "cloudai.circuit.state";

    /** The {@code model} tag of a call whose events name no model. */
    public static final String MODEL_NONE = "none";
    /** The {@code model} tag of a call to a deployed endpoint ({@code endpoint:<id>;...}). */
    public static final String MODEL_ENDPOINT = "endpoint";
    /** The {@code model} tag of any model after the first {@link Builder#maxModels(int) maxModels}. */
    public static final String MODEL_OTHER = "other";
    /** The {@code outcome} tag of a call that answered. */
    public static final String OUTCOME_SUCCESS = "success";
    /** The {@code outcome} tag of a call its caller or subscriber cancelled. */
    public static final String OUTCOME_CANCELLED = "cancelled";

    private static final String ENDPOINT_PREFIX = "endpoint:";
    /** The states whose gauges a circuit gets at its first change; another state a change names gets one then. */
    private static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half_open");
    /** The tag keys the listener sets itself; a common tag may not take one. */
    private static final Set<String> OWN_TAG_KEYS = Set.of("provider", "operation", "model", "outcome", "type", "state",
            "from", "to");

    private final MeterRegistry registry;
    private final Tags commonTags;
    private final int maxModels;

    private final Map<Route, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<Route, Counter> retries = new ConcurrentHashMap<>();
    private final Map<FallbackKey, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();
    private final Map<ModelKey, TokenCounters> tokens = new ConcurrentHashMap<>();
    private final Map<ModelKey, Counter> cost = new ConcurrentHashMap<>();
    // Strong references to what the gauges read: Micrometer holds only weak ones.
    private final Map<Route, CircuitState> circuits = new ConcurrentHashMap<>();
    private final Map<String, Boolean> models = new ConcurrentHashMap<>();
    private final AtomicInteger modelCount = new AtomicInteger();

    private MicrometerListener(Builder b) {
        this.registry = b.registry;
        this.commonTags = b.tags;
        this.maxModels = b.maxModels;
    }

    /**
     * A listener that records into {@code registry}, with no extra tags and at most 100 model tag values.
     *
     * <pre>{@code
     * CloudAi ai = CloudAi.create(config, MicrometerListener.create(meterRegistry));
     * }</pre>
     */
    public static MicrometerListener create(MeterRegistry registry) {
        return builder(registry).build();
    }

    /**
     * A builder of a listener that records into {@code registry}.
     *
     * <pre>{@code
     * CallListener metrics = MicrometerListener.builder(meterRegistry).tag("client", "search").maxModels(20).build();
     * }</pre>
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void onAttempt(Attempt e) {
        counter(attempts, new Route(e.provider(), e.operation()), ATTEMPTS, "Requests sent, retries included").increment();
    }

    @Override
    public void onRetry(Retry e) {
        counter(retries, new Route(e.provider(), e.operation()), RETRIES, "Retries scheduled after a retryable failure")
                .increment();
    }

    @Override
    public void onFallback(Fallback e) {
        FallbackKey key = new FallbackKey(e.operation(), e.from(), e.to());
        Counter c = fallbacks.get(key);
        if (c == null) {
            c = fallbacks.computeIfAbsent(key, k -> Counter.builder(FALLBACKS)
                    .description("Calls moved from a failing provider to the next one")
                    .tags(commonTags).tag("operation", k.operation()).tag("from", k.from()).tag("to", k.to())
                    .register(registry));
        }
        c.increment();
    }

    @Override
    public void onCircuitStateChange(CircuitStateChange e) {
        Route key = new Route(e.provider(), e.operation());
        CircuitState circuit = circuits.get(key);
        if (circuit == null) circuit = circuits.computeIfAbsent(key, this::newCircuit);
        String to = stateTag(e.to());
        ensureGauge(circuit, stateTag(e.from()));
        ensureGauge(circuit, to);
        circuit.current = to;
    }

    @Override
    public void onCallFinished(CallFinished e) {
        String model = modelTag(e.model());
        CallKey key = new CallKey(e.provider(), e.operation(), model, outcome(e));
        Timer timer = calls.get(key);
        if (timer == null) {
            timer = calls.computeIfAbsent(key, k -> Timer.builder(CALLS)
                    .description("Calls on one provider, from the call to its outcome, retries included")
                    .tags(commonTags).tag("provider", k.provider()).tag("operation", k.operation())
                    .tag("model", k.model()).tag("outcome", k.outcome())
                    // Buckets multiply a timer's series; an application turns them on with a MeterFilter.
                    .publishPercentileHistogram(false)
                    .register(registry));
        }
        timer.record(e.latency());

        Optional<TokenUsage> usage = e.usage();
        Optional<CallCost> callCost = e.cost();
        if (usage.isPresent() || callCost.isPresent()) {
            ModelKey modelKey = new ModelKey(e.provider(), e.operation(), model);
            if (usage.isPresent()) tokenCounters(modelKey).add(usage.get());
            if (callCost.isPresent()) costCounter(modelKey).increment(callCost.get().totalUsd().doubleValue());
        }
    }

    private TokenCounters tokenCounters(ModelKey key) {
        TokenCounters t = tokens.get(key);
        return t != null ? t : tokens.computeIfAbsent(key, TokenCounters::new);
    }

    private Counter costCounter(ModelKey key) {
        Counter c = cost.get(key);
        if (c != null) return c;
        return cost.computeIfAbsent(key, k -> Counter.builder(COST).baseUnit("usd")
                .description("What calls cost in US dollars, at the model's published prices (CallCost)")
                .tags(commonTags).tag("provider", k.provider()).tag("operation", k.operation()).tag("model", k.model())
                .register(registry));
    }

    private Counter counter(Map<Route, Counter> counters, Route key, String name, String description) {
        Counter c = counters.get(key);
        if (c != null) return c;
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                .tags(commonTags).tag("provider", k.provider()).tag("operation", k.operation()).register(registry));
    }

    /** The {@code model} tag: see the class comment for the rule that keeps it bounded. */
    String modelTag(Optional<String> model) {
        if (model.isEmpty()) return MODEL_NONE;
        String m = model.get();
        if (m.startsWith(ENDPOINT_PREFIX)) return MODEL_ENDPOINT;
        if (models.containsKey(m)) return m;
        // Reserve a place before taking it, so that no more than maxModels are ever admitted.
        int n;
        do {
            n = modelCount.get();
            if (n >= maxModels) return models.containsKey(m) ? m : MODEL_OTHER;
        } while (!modelCount.compareAndSet(n, n + 1));
        if (models.putIfAbsent(m, Boolean.TRUE) != null) modelCount.decrementAndGet();   // another thread admitted it
        return m;
    }

    /** The {@code outcome} tag: success, cancelled, or the simple name of the exception's class. */
    static String outcome(CallFinished e) {
        if (e.failure().isEmpty()) return OUTCOME_SUCCESS;
        if (e.error().isPresent()) {
            Throwable t = e.error().get();
            if (t instanceof CancellationException) return OUTCOME_CANCELLED;
            String simple = t.getClass().getSimpleName();
            return simple.isEmpty() ? t.getClass().getName() : simple;
        }
        // Only the description ("ThrottledException: ..."), as events built without the exception carry.
        String failure = e.failure().get();
        int colon = failure.indexOf(':');
        String name = colon < 0 ? failure : failure.substring(0, colon);
        if (name.equals(CancellationException.class.getSimpleName())) return OUTCOME_CANCELLED;
        return isIdentifier(name) ? name : "error";
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) return false;
        }
        return true;
    }

    /** {@code HALF_OPEN} as {@code half_open}, the way Resilience4j's own Micrometer gauges name states. */
    private static String stateTag(String state) {
        return state.toLowerCase(Locale.ROOT);
    }

    private record Route(String provider, String operation) {
    }

    private record FallbackKey(String operation, String from, String to) {
    }

    private record CallKey(String provider, String operation, String model, String outcome) {
    }

    private record ModelKey(String provider, String operation, String model) {
    }

    /** The four token counters of one provider, operation and model, all registered at its first usage. */
    private final class TokenCounters {
        private final Counter input;
        private final Counter output;
        private final Counter cachedInput;
        private final Counter reasoning;

        TokenCounters(ModelKey key) {
            input = register(key, "input");
            output = register(key, "output");
            cachedInput = register(key, "cached_input");
            reasoning = register(key, "reasoning");
        }

        private Counter register(ModelKey key, String type) {
            return Counter.builder(TOKENS).baseUnit("tokens")
                    .description("Tokens the providers reported: input includes cached_input, output includes reasoning")
                    .tags(commonTags).tag("provider", key.provider()).tag("operation", key.operation())
                    .tag("model", key.model()).tag("type", type)
                    .register(registry);
        }

        void add(TokenUsage u) {
            input.increment(u.inputTokens());
            output.increment(u.outputTokens());
            cachedInput.increment(u.cachedInputTokens());
            reasoning.increment(u.reasoningTokens());
        }
    }

    /**
     * What one circuit's gauges read: the state it is in, as its last change said. Static, so that it holds nothing
     * of the listener: the gauges' weak references to it are the registry's only way to it.
     */
    private static final class CircuitState {
        final Route route;
        final Map<String, Boolean> gauges = new ConcurrentHashMap<>();
        volatile String current = "closed";

        CircuitState(Route route) {
            this.route = route;
        }
    }

    private CircuitState newCircuit(Route route) {
        CircuitState circuit = new CircuitState(route);
        for (String state : CIRCUIT_STATES) ensureGauge(circuit, state);
        return circuit;
    }

    private void ensureGauge(CircuitState circuit, String state) {
        if (circuit.gauges.putIfAbsent(state, Boolean.TRUE) != null) return;
        Gauge.builder(CIRCUIT_STATE, circuit, stateValue(state))
                .description("1 for the state the provider's and operation's circuit breaker is in, 0 for the others")
                .tags(commonTags).tag("provider", circuit.route.provider()).tag("operation", circuit.route.operation())
                .tag("state", state)
                .register(registry);
    }

    /**
     * The gauge's function, built in a static method so that it captures the state name only: Micrometer holds the
     * function strongly, and a function holding the listener would keep the listener alive as long as the registry.
     */
    private static ToDoubleFunction<CircuitState> stateValue(String state) {
        return c -> state.equals(c.current) ? 1 : 0;
    }

    /**
     * Builds a {@link MicrometerListener}.
     *
     * <pre>{@code
     * MicrometerListener metrics = MicrometerListener.builder(registry)
     *         .tag("application", "search")   // added to every meter
     *         .maxModels(20)                  // model tag values before "other"
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private int maxModels = 100;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Adds a tag to every meter, for example to tell two clients apart in one registry. */
        public Builder tag(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            return tags(Tags.of(key, value));
        }

        /**
         * Adds tags to every meter.
         *
         * @throws IllegalArgumentException for a key the listener sets itself ({@code provider}, {@code model}, ...)
         */
        public Builder tags(Iterable<Tag> tags) {
            Objects.requireNonNull(tags, "tags");
            for (Tag t : tags) {
                if (OWN_TAG_KEYS.contains(t.getKey())) {
                    throw new IllegalArgumentException("tags: '" + t.getKey() + "' is a tag the listener sets itself;"
                            + " choose another key than " + new TreeSet<>(OWN_TAG_KEYS));
                }
            }
            this.tags = this.tags.and(tags);
            return this;
        }

        /**
         * How many distinct models keep their own {@code model} tag value (100 by default); calls to any model after
         * them are tagged {@code other}, so that models named by callers cannot grow the registry without bound.
         */
        public Builder maxModels(int value) {
            if (value < 0) throw new IllegalArgumentException("maxModels: must not be negative, was " + value);
            this.maxModels = value;
            return this;
        }

        public MicrometerListener build() {
            return new MicrometerListener(this);
        }
    }
}

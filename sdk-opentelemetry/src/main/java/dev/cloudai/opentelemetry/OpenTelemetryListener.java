package dev.cloudai.opentelemetry;

import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

/**
 * A {@link CallListener} that records each call on a provider as an OpenTelemetry {@code CLIENT} span and the GenAI
 * client metrics, following the OpenTelemetry GenAI semantic conventions (v1.41.1): span
 * {@code {gen_ai.operation.name} {gen_ai.request.model}}, the {@code gen_ai.*} request, response and usage
 * attributes, {@code error.type} and status {@code ERROR} on failure, the histograms
 * {@code gen_ai.client.operation.duration} and {@code gen_ai.client.token.usage}, and the SDK's own attempts,
 * retries, fallbacks, circuit changes and cost. The README's "Tracing and metrics with OpenTelemetry" lists every
 * span, attribute, event and metric.
 *
 * <pre>{@code
 * OpenTelemetry otel = GlobalOpenTelemetry.get();            // or the SDK the application built
 * try (CloudAi ai = CloudAi.create(config, OpenTelemetryListener.create(otel))) {
 *     ai.chatModel("default").chat(ChatRequest.ofUser("Hello")); // one span "chat <model>", child of the current span
 * }
 * }</pre>
 *
 * <p>Each span's parent is the context current when the call starts, on the caller's thread; an async call and a
 * stream end their span when they finish, on whatever thread that is, and the listener never makes its span current
 * on any thread. A call that falls back is one span per provider, all children of the caller's context; the next
 * provider's span carries a {@code cloudai.fallback} event. Prompts and answers are recorded only when asked
 * ({@link Builder#captureContent}, or {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true}).
 *
 * <p>Calls are matched by their {@code callId}, which is unique within one {@code CloudAi}: give each client its own
 * listener. Events without an id (0) are counted in the metrics but get no span.
 */
public final class OpenTelemetryListener implements CallListener {
    /** The instrumentation scope of the tracer and the meter. */
    public static final String INSTRUMENTATION_NAME = "dev.cloudai.opentelemetry";

    static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
    static final AttributeKey<String> SYSTEM = stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
    static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");
    static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES = stringArrayKey("gen_ai.request.stop_sequences");
    static final AttributeKey<String> OUTPUT_TYPE = stringKey("gen_ai.output.type");
    static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT = longKey("gen_ai.embeddings.dimension.count");
    static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> USAGE_CACHE_READ = longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> USAGE_CACHE_CREATION = longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<Long> USAGE_REASONING = longKey("gen_ai.usage.reasoning.output_tokens");
    static final AttributeKey<String> SYSTEM_INSTRUCTIONS = stringKey("gen_ai.system_instructions");
    static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
    static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");

    static final AttributeKey<Long> CALL_ID = longKey("cloudai.call.id");
    static final AttributeKey<String> PROVIDER = stringKey("cloudai.provider");
    static final AttributeKey<String> OPERATION = stringKey("cloudai.operation");
    static final AttributeKey<Double> COST_USD = doubleKey("cloudai.cost.usd");
    static final AttributeKey<Long> ATTEMPT = longKey("cloudai.attempt");
    static final AttributeKey<Long> RETRY_DELAY_MS = longKey("cloudai.retry.delay_ms");
    static final AttributeKey<String> FAILURE = stringKey("cloudai.failure");
    static final AttributeKey<String> FALLBACK_FROM = stringKey("cloudai.fallback.from");
    static final AttributeKey<String> FALLBACK_TO = stringKey("cloudai.fallback.to");
    static final AttributeKey<String> CIRCUIT_PROVIDER = stringKey("cloudai.circuit.provider");
    static final AttributeKey<String> CIRCUIT_OPERATION = stringKey("cloudai.circuit.operation");
    static final AttributeKey<String> CIRCUIT_FROM = stringKey("cloudai.circuit.from");
    static final AttributeKey<String> CIRCUIT_TO = stringKey("cloudai.circuit.to");

    static final String EVENT_ATTEMPT = "cloudai.attempt";
    static final String EVENT_RETRY = "cloudai.retry";
    static final String EVENT_FALLBACK = "cloudai.fallback";
    static final String EVENT_CIRCUIT = "cloudai.circuit_state_change";
    static final String EVENT_EVICTED = "cloudai.evicted";

    static final String METRIC_DURATION = "gen_ai.client.operation.duration";
    static final String METRIC_TOKENS = "gen_ai.client.token.usage";
    static final String METRIC_COST = "cloudai.client.cost";

    /** {@code error.type} when the failure has no exception to name (the conventions' fallback value). */
    static final String OTHER_ERROR = "_OTHER";

    // the conventions' ExplicitBucketBoundaries advice (gen-ai-metrics.md)
    private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
            262144L, 1048576L, 4194304L, 16777216L, 67108864L);

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongHistogram tokens;
    private final DoubleCounter cost;
    private final GenAiConventions conventions;
    private final boolean captureContent;
    private final BoundedCallMap<OpenCall> open;
    private final BoundedCallMap<Handoff> handoffs;

    private OpenTelemetryListener(Builder b, Settings settings) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        Meter meter = b.openTelemetry.getMeter(INSTRUMENTATION_NAME);
        this.duration = meter.histogramBuilder(METRIC_DURATION).setUnit("s")
                .setDescription("GenAI operation duration.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.tokens = meter.histogramBuilder(METRIC_TOKENS).ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        this.cost = meter.counterBuilder(METRIC_COST).ofDoubles().setUnit("{USD}")
                .setDescription("What the calls cost in US dollars, from the models' published prices.").build();
        this.conventions = b.conventions != null ? b.conventions : settings.conventions().orElse(GenAiConventions.LATEST);
        this.captureContent = b.captureContent != null ? b.captureContent : settings.captureContent();
        this.open = new BoundedCallMap<>(b.maxOpenCalls, call -> {
            call.span.addEvent(EVENT_EVICTED);
            call.span.end();
        });
        this.handoffs = new BoundedCallMap<>(b.maxOpenCalls, handoff -> { });
    }

    /**
     * A listener with the defaults: the latest convention names unless {@code OTEL_SEMCONV_STABILITY_OPT_IN} says
     * otherwise, and no prompt or answer text unless {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}
     * asks for it.
     *
     * <pre>{@code
     * CloudAi ai = CloudAi.create(config, OpenTelemetryListener.create(openTelemetry));
     * }</pre>
     */
    public static OpenTelemetryListener create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * A builder for a listener with options.
     *
     * <pre>{@code
     * OpenTelemetryListener otel = OpenTelemetryListener.builder(openTelemetry).captureContent(true).build();
     * }</pre>
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** The convention names this listener records, as chosen when it was built. */
    public GenAiConventions conventions() {
        return conventions;
    }

    /** Whether this listener records prompts and answers, as chosen when it was built. */
    public boolean capturesContent() {
        return captureContent;
    }

    /** Spans still open, for tests: a call's span leaves at its {@code CallFinished}. */
    int openCalls() {
        return open.size();
    }

    @Override
    public void onCallStarted(CallStarted e) {
        if (e.callId() == 0) return;
        // the next provider of a fallback chain starts on whatever thread the previous one failed on: its span
        // takes the parent the chain's first call captured on the caller's thread
        Handoff handoff = handoffs.remove(e.callId());
        Context parent = handoff != null ? handoff.parent : Context.current();
        String operationName = GenAiNames.operation(e.operation());
        SpanBuilder span = tracer.spanBuilder(e.model().map(m -> operationName + " " + m).orElse(operationName))
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(OPERATION_NAME, operationName);
        String provider = GenAiNames.provider(e.provider(), e.operation(), e.model());
        if (conventions.latest()) span.setAttribute(PROVIDER_NAME, provider);
        if (conventions.legacy()) span.setAttribute(SYSTEM, provider);
        e.model().ifPresent(m -> span.setAttribute(REQUEST_MODEL, m));
        if (e.operation().equals("stream")) span.setAttribute(REQUEST_STREAM, true);
        e.chatRequest().ifPresent(r -> requestAttributes(span, r));
        e.embeddingRequest().ifPresent(r -> r.dimensions().ifPresent(d -> span.setAttribute(EMBEDDINGS_DIMENSION_COUNT, (long) d)));
        span.setAttribute(CALL_ID, e.callId())
                .setAttribute(PROVIDER, e.provider())
                .setAttribute(OPERATION, e.operation());
        Span started = span.startSpan();
        if (handoff != null && handoff.fallback != null) {
            Fallback f = handoff.fallback;
            started.addEvent(EVENT_FALLBACK, Attributes.of(FALLBACK_FROM, f.from(), FALLBACK_TO, f.to(), FAILURE, f.failure()),
                    handoff.at);
        }
        open.put(e.callId(), new OpenCall(started, parent));
    }

    private void requestAttributes(SpanBuilder span, ChatRequest r) {
        r.maxTokens().ifPresent(v -> span.setAttribute(REQUEST_MAX_TOKENS, (long) v));
        r.temperature().ifPresent(v -> span.setAttribute(REQUEST_TEMPERATURE, v));
        r.topP().ifPresent(v -> span.setAttribute(REQUEST_TOP_P, v));
        if (!r.stopSequences().isEmpty()) span.setAttribute(REQUEST_STOP_SEQUENCES, r.stopSequences());
        if (r.responseFormat().kind() != ResponseFormat.Kind.TEXT) span.setAttribute(OUTPUT_TYPE, "json");
        if (captureContent) {
            MessagesJson.systemInstructions(r).ifPresent(v -> span.setAttribute(SYSTEM_INSTRUCTIONS, v));
            span.setAttribute(INPUT_MESSAGES, MessagesJson.input(r));
        }
    }

    @Override
    public void onAttempt(Attempt e) {
        Span span = openSpan(e.callId());
        if (span != null) span.addEvent(EVENT_ATTEMPT, Attributes.of(ATTEMPT, (long) e.attempt()));
    }

    @Override
    public void onRetry(Retry e) {
        Span span = openSpan(e.callId());
        if (span != null) {
            span.addEvent(EVENT_RETRY, Attributes.of(ATTEMPT, (long) e.attempt(), RETRY_DELAY_MS, e.delay().toMillis(),
                    FAILURE, e.failure()));
        }
    }

    @Override
    public void onFallback(Fallback e) {
        if (e.callId() == 0) return;
        // the failing provider's span has ended: the event waits for the next provider's span
        Handoff failed = handoffs.get(e.callId());
        Context parent = failed != null ? failed.parent : Context.current();
        handoffs.put(e.callId(), new Handoff(parent, e, Instant.now()));
    }

    @Override
    public void onCircuitStateChange(CircuitStateChange e) {
        if (e.callId().isEmpty()) return;
        Span span = openSpan(e.callId().getAsLong());
        if (span != null) {
            span.addEvent(EVENT_CIRCUIT, Attributes.of(CIRCUIT_PROVIDER, e.provider(), CIRCUIT_OPERATION, e.operation(),
                    CIRCUIT_FROM, e.from(), CIRCUIT_TO, e.to()));
        }
    }

    @Override
    public void onCallFinished(CallFinished e) {
        Optional<String> errorType = e.failed()
                ? Optional.of(e.error().map(t -> t.getClass().getName()).orElse(OTHER_ERROR))
                : Optional.empty();
        recordMetrics(e, errorType);
        OpenCall call = e.callId() == 0 ? null : open.remove(e.callId());
        if (call == null) return;
        Span span = call.span;
        e.responseModel().ifPresent(m -> span.setAttribute(RESPONSE_MODEL, m));
        e.finishReason().ifPresent(r -> span.setAttribute(RESPONSE_FINISH_REASONS, List.of(GenAiNames.finishReason(r))));
        e.usage().ifPresent(u -> usageAttributes(span, u));
        e.cost().ifPresent(c -> span.setAttribute(COST_USD, c.totalUsd().doubleValue()));
        if (captureContent) e.chatResponse().ifPresent(r -> span.setAttribute(OUTPUT_MESSAGES, MessagesJson.output(r)));
        if (errorType.isPresent()) {
            span.setAttribute(ERROR_TYPE, errorType.get());
            // the conventions' recording-errors rule: the status description is the exception's message
            String description = e.error().map(Throwable::getMessage).orElse(e.failure().orElse(""));
            span.setStatus(StatusCode.ERROR, description == null ? "" : description);
            // kept until the next provider of a fallback chain starts (see onCallStarted) or pushed out by newer calls
            handoffs.put(e.callId(), new Handoff(call.parent, null, null));
        }
        span.end();
    }

    private static void usageAttributes(Span span, TokenUsage u) {
        span.setAttribute(USAGE_INPUT_TOKENS, (long) u.inputTokens());
        span.setAttribute(USAGE_OUTPUT_TOKENS, (long) u.outputTokens());
        if (u.cachedInputTokens() > 0) span.setAttribute(USAGE_CACHE_READ, (long) u.cachedInputTokens());
        if (u.cacheWriteInputTokens() > 0) span.setAttribute(USAGE_CACHE_CREATION, (long) u.cacheWriteInputTokens());
        if (u.reasoningTokens() > 0) span.setAttribute(USAGE_REASONING, (long) u.reasoningTokens());
    }

    private void recordMetrics(CallFinished e, Optional<String> errorType) {
        String provider = GenAiNames.provider(e.provider(), e.operation(), e.model());
        AttributesBuilder common = Attributes.builder().put(OPERATION_NAME, GenAiNames.operation(e.operation()));
        if (conventions.latest()) common.put(PROVIDER_NAME, provider);
        if (conventions.legacy()) common.put(SYSTEM, provider);
        e.model().ifPresent(m -> common.put(REQUEST_MODEL, m));
        e.responseModel().ifPresent(m -> common.put(RESPONSE_MODEL, m));
        Attributes attributes = common.build();

        Attributes durationAttributes = errorType.isPresent()
                ? attributes.toBuilder().put(ERROR_TYPE, errorType.get()).build()
                : attributes;
        duration.record(e.latency().toNanos() / 1e9, durationAttributes);
        e.usage().ifPresent(u -> {
            tokens.record(u.inputTokens(), attributes.toBuilder().put(TOKEN_TYPE, "input").build());
            tokens.record(u.outputTokens(), attributes.toBuilder().put(TOKEN_TYPE, "output").build());
        });
        e.cost().ifPresent(c -> cost.add(c.totalUsd().doubleValue(), attributes));
    }

    private Span openSpan(long callId) {
        if (callId == 0) return null;
        OpenCall call = open.get(callId);
        return call == null ? null : call.span;
    }

    /** A call's span and the context it was started under. */
    private record OpenCall(Span span, Context parent) {
    }

    /** What the next provider of a fallback chain takes over: the chain's parent and the fallback, once reported. */
    private record Handoff(Context parent, Fallback fallback, Instant at) {
    }

    /**
     * Options of an {@link OpenTelemetryListener}; each one set here wins over the environment.
     *
     * <pre>{@code
     * OpenTelemetryListener otel = OpenTelemetryListener.builder(openTelemetry)
     *         .captureContent(true)                           // prompts and answers on the spans
     *         .conventions(GenAiConventions.LATEST_AND_V1_36) // gen_ai.provider.name and gen_ai.system
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private Boolean captureContent;
        private GenAiConventions conventions;
        private int maxOpenCalls = 10_000;
        private UnaryOperator<String> environment = System::getenv;
        private UnaryOperator<String> systemProperties = System::getProperty;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        /**
         * Whether to record prompts and answers ({@code gen_ai.system_instructions}, {@code gen_ai.input.messages},
         * {@code gen_ai.output.messages}) on the spans. They are the users' data: off unless asked, here or with
         * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true}.
         */
        public Builder captureContent(boolean capture) {
            this.captureContent = capture;
            return this;
        }

        /** Which convention names to record; without it, {@code OTEL_SEMCONV_STABILITY_OPT_IN} decides. */
        public Builder conventions(GenAiConventions value) {
            this.conventions = Objects.requireNonNull(value, "conventions");
            return this;
        }

        /**
         * How many calls may have an open span at once (10,000 by default). Every call ends its span at its
         * {@code CallFinished}; past the bound, the oldest open span is ended with a {@code cloudai.evicted} event,
         * so a listener shared by several clients, or one that misses events, cannot grow without end.
         */
        public Builder maxOpenCalls(int value) {
            if (value < 1) throw new IllegalArgumentException("maxOpenCalls: must be at least 1, was " + value);
            this.maxOpenCalls = value;
            return this;
        }

        /** Where the environment variables and system properties are read from; tests give maps. */
        Builder environment(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
            this.environment = Objects.requireNonNull(environment, "environment");
            this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
            return this;
        }

        /** The listener; the environment is read now, once. */
        public OpenTelemetryListener build() {
            return new OpenTelemetryListener(this, Settings.read(environment, systemProperties));
        }
    }
}

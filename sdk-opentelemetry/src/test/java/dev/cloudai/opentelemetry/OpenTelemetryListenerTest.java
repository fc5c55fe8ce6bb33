package dev.cloudai.opentelemetry;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.resilience.CallListener.Attempt;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.resilience.CallListener.CallStarted;
import dev.cloudai.resilience.CallListener.CircuitStateChange;
import dev.cloudai.resilience.CallListener.Fallback;
import dev.cloudai.resilience.CallListener.Retry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.cloudai.opentelemetry.OpenTelemetryListener.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener fed with events made here, as the pipeline reports them, against an in-memory OpenTelemetry SDK. */
class OpenTelemetryListenerTest {
    private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Map<String, String> NOTHING = Map.of();

    private final InMemoryTelemetry telemetry = new InMemoryTelemetry();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        other.shutdownNow();
        assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
        telemetry.close();
    }

    private OpenTelemetryListener listener() {
        return builder().build();
    }

    /** A builder that reads an empty environment, so the machine's own OTEL_* variables change nothing. */
    private OpenTelemetryListener.Builder builder() {
        return builder(NOTHING, NOTHING);
    }

    private OpenTelemetryListener.Builder builder(Map<String, String> env, Map<String, String> properties) {
        return OpenTelemetryListener.builder(telemetry.sdk()).environment(env::get, properties::get);
    }

    private static CallStarted chatStarted(long id, String provider, ChatRequest request) {
        return new CallStarted(id, provider, "chat", Optional.of(CLAUDE), Optional.of(request), Optional.empty());
    }

    private static ChatResponse answer() {
        return ChatResponse.builder().text("Inferentia is an AWS chip.").usage(new TokenUsage(12, 40, 4, 2, 7))
                .finishReason(FinishReason.STOP).provider("aws").model(CLAUDE + "-resp").build();
    }

    private static ThrottledException throttled(String message) {
        return new ThrottledException(ErrorInfo.builder("aws", "chat").build(), message, null, null);
    }

    private static CallCost cost() {
        return new CallCost(new BigDecimal("0.000003"), new BigDecimal("0.00005"), BigDecimal.ZERO, CLAUDE, "test prices");
    }

    @Test
    void aChatIsOneClientSpanWithTheConventionsAttributesAndMetrics() {
        OpenTelemetryListener l = listener();
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("What is Inferentia?").maxTokens(100)
                .temperature(0.2).topP(0.9).stopSequences(List.of("END")).build();
        l.onCallStarted(chatStarted(7, "aws", request));
        l.onAttempt(new Attempt(7, "aws", "chat", 1));
        l.onCallFinished(CallFinished.builder(7, "aws", "chat", Duration.ofMillis(420)).model(CLAUDE)
                .chatResponse(answer()).cost(cost()).build());

        SpanData span = telemetry.onlySpan();
        assertEquals("chat " + CLAUDE, span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        Attributes expected = Attributes.builder()
                .put(OPERATION_NAME, "chat").put(PROVIDER_NAME, "aws.bedrock").put(REQUEST_MODEL, CLAUDE)
                .put(REQUEST_MAX_TOKENS, 100L).put(REQUEST_TEMPERATURE, 0.2).put(REQUEST_TOP_P, 0.9)
                .put(REQUEST_STOP_SEQUENCES, List.of("END"))
                .put(RESPONSE_MODEL, CLAUDE + "-resp").put(RESPONSE_FINISH_REASONS, List.of("stop"))
                .put(USAGE_INPUT_TOKENS, 12L).put(USAGE_OUTPUT_TOKENS, 40L).put(USAGE_CACHE_READ, 4L)
                .put(USAGE_CACHE_CREATION, 2L).put(USAGE_REASONING, 7L)
                .put(CALL_ID, 7L).put(PROVIDER, "aws").put(OPERATION, "chat").put(COST_USD, 0.000053)
                .build();
        assertEquals(expected.asMap(), span.getAttributes().asMap());
        assertEquals(List.of(EVENT_ATTEMPT), InMemoryTelemetry.eventNames(span));
        assertEquals(1L, span.getEvents().get(0).getAttributes().get(ATTEMPT));
        assertEquals(0, l.openCalls());

        Attributes metricAttributes = Attributes.builder().put(OPERATION_NAME, "chat").put(PROVIDER_NAME, "aws.bedrock")
                .put(REQUEST_MODEL, CLAUDE).put(RESPONSE_MODEL, CLAUDE + "-resp").build();
        MetricData duration = telemetry.metric(METRIC_DURATION).orElseThrow();
        assertEquals("s", duration.getUnit());
        HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
        assertEquals(metricAttributes, point.getAttributes());
        assertEquals(0.42, point.getSum(), 1e-9);
        assertEquals(List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92),
                point.getBoundaries());

        MetricData tokens = telemetry.metric(METRIC_TOKENS).orElseThrow();
        assertEquals("{token}", tokens.getUnit());
        Map<String, Double> byType = tokens.getHistogramData().getPoints().stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(TOKEN_TYPE), HistogramPointData::getSum));
        assertEquals(Map.of("input", 12.0, "output", 40.0), byType);
        for (HistogramPointData p : tokens.getHistogramData().getPoints()) {
            assertEquals(metricAttributes.toBuilder().put(TOKEN_TYPE, p.getAttributes().get(TOKEN_TYPE)).build(), p.getAttributes());
            assertEquals(14, p.getBoundaries().size());
            assertEquals(67108864.0, p.getBoundaries().get(13));
        }

        MetricData spend = telemetry.metric(METRIC_COST).orElseThrow();
        assertEquals("{USD}", spend.getUnit());
        DoublePointData c = spend.getDoubleSumData().getPoints().iterator().next();
        assertTrue(spend.getDoubleSumData().isMonotonic());
        assertEquals(0.000053, c.getValue(), 1e-12);
        assertEquals(metricAttributes, c.getAttributes());
    }

    @Test
    void theSpansParentIsTheContextCurrentAtCallStartedEvenWhenTheCallEndsOnAnotherThread() throws Exception {
        OpenTelemetryListener l = listener();
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            l.onCallStarted(chatStarted(1, "aws", ChatRequest.ofUser("Hi")));
        }
        // an async call finishes on an I/O thread, where the caller's span is not current
        Context seenThere = CompletableFuture.supplyAsync(() -> {
            l.onAttempt(new Attempt(1, "aws", "chat", 1));
            l.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(5)).model(CLAUDE)
                    .chatResponse(answer()).build());
            return Context.current();
        }, other).get(10, TimeUnit.SECONDS);
        caller.end();

        SpanData call = telemetry.spans().stream().filter(s -> s.getName().startsWith("chat")).findFirst().orElseThrow();
        assertEquals(caller.getSpanContext().getSpanId(), call.getParentSpanId());
        assertEquals(caller.getSpanContext().getTraceId(), call.getTraceId());
        assertEquals(Context.root(), seenThere, "the listener must not leave its span current on the I/O thread");
    }

    @Test
    void aFailureSetsErrorTypeToTheExceptionsClassAndTheStatusToError() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(chatStarted(3, "azure", ChatRequest.ofUser("Hi")));
        l.onAttempt(new Attempt(3, "azure", "chat", 1));
        l.onRetry(new Retry(3, "azure", "chat", 1, Duration.ofMillis(250), "ThrottledException: slow down"));
        l.onAttempt(new Attempt(3, "azure", "chat", 2));
        ThrottledException error = throttled("slow down");
        l.onCallFinished(CallFinished.builder(3, "azure", "chat", Duration.ofSeconds(1)).model(CLAUDE)
                .error(error, "ThrottledException: slow down").build());

        SpanData span = telemetry.onlySpan();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(error.getMessage(), span.getStatus().getDescription());
        assertEquals(ThrottledException.class.getName(), span.getAttributes().get(ERROR_TYPE));
        assertEquals("azure.ai.openai", span.getAttributes().get(PROVIDER_NAME));
        assertEquals(List.of(EVENT_ATTEMPT, EVENT_RETRY, EVENT_ATTEMPT), InMemoryTelemetry.eventNames(span));
        Attributes retry = span.getEvents().get(1).getAttributes();
        assertEquals(Attributes.of(ATTEMPT, 1L, RETRY_DELAY_MS, 250L, FAILURE, "ThrottledException: slow down"), retry);

        HistogramPointData point = telemetry.histogram(METRIC_DURATION).get(0);
        assertEquals(ThrottledException.class.getName(), point.getAttributes().get(ERROR_TYPE));
        assertTrue(telemetry.metric(METRIC_TOKENS).isEmpty(), "no usage, no token metric");
        assertTrue(telemetry.metric(METRIC_COST).isEmpty(), "no cost, no cost metric");
    }

    @Test
    void aFailureWithoutAnExceptionIsOther() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(chatStarted(4, "gcp", ChatRequest.ofUser("Hi")));
        l.onCallFinished(CallFinished.builder(4, "gcp", "chat", Duration.ofMillis(3)).model(CLAUDE)
                .failure("UnavailableException: down").build());

        SpanData span = telemetry.onlySpan();
        assertEquals(OTHER_ERROR, span.getAttributes().get(ERROR_TYPE));
        assertEquals("UnavailableException: down", span.getStatus().getDescription());
        assertEquals("gcp.vertex_ai", span.getAttributes().get(PROVIDER_NAME));
        assertEquals(OTHER_ERROR, telemetry.histogram(METRIC_DURATION).get(0).getAttributes().get(ERROR_TYPE));
    }

    @Test
    void aFallbackIsASpanPerProviderUnderTheCallersContextTheNextOneWithTheFallbackEvent() throws Exception {
        OpenTelemetryListener l = listener();
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            l.onCallStarted(chatStarted(9, "aws", ChatRequest.ofUser("Hi")));
        }
        // an async chain fails over on the I/O thread that saw the failure: no caller context there
        CompletableFuture.runAsync(() -> {
            l.onAttempt(new Attempt(9, "aws", "chat", 1));
            l.onCallFinished(CallFinished.builder(9, "aws", "chat", Duration.ofMillis(30)).model(CLAUDE)
                    .error(throttled("no"), "ThrottledException: no").build());
            l.onFallback(new Fallback(9, "chat", "aws", "standby", "ThrottledException: no"));
            l.onCallStarted(new CallStarted(9, "standby", "chat", Optional.of("standby-model"),
                    Optional.of(ChatRequest.ofUser("Hi")), Optional.empty()));
            l.onAttempt(new Attempt(9, "standby", "chat", 1));
            l.onCallFinished(CallFinished.builder(9, "standby", "chat", Duration.ofMillis(10)).model("standby-model")
                    .usage(new TokenUsage(1, 2)).build());
        }, other).get(10, TimeUnit.SECONDS);
        caller.end();

        List<SpanData> calls = telemetry.spans().stream().filter(s -> !s.getName().equals("caller")).toList();
        assertEquals(List.of("chat " + CLAUDE, "chat standby-model"), calls.stream().map(SpanData::getName).toList());
        for (SpanData s : calls) {
            assertEquals(caller.getSpanContext().getSpanId(), s.getParentSpanId(), s.getName());
        }
        assertEquals(List.of(EVENT_ATTEMPT), InMemoryTelemetry.eventNames(calls.get(0)));
        assertEquals(List.of(EVENT_FALLBACK, EVENT_ATTEMPT), InMemoryTelemetry.eventNames(calls.get(1)));
        assertEquals(Attributes.of(FALLBACK_FROM, "aws", FALLBACK_TO, "standby", FAILURE, "ThrottledException: no"),
                calls.get(1).getEvents().get(0).getAttributes());
        assertEquals("standby", calls.get(1).getAttributes().get(PROVIDER_NAME), "an unknown provider is named by its id");
        assertEquals(StatusCode.UNSET, calls.get(1).getStatus().getStatusCode());
        assertEquals(0, l.openCalls());
    }

    @Test
    void aCircuitChangeIsAnEventOnTheSpanOfTheCallItNames() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(chatStarted(5, "aws", ChatRequest.ofUser("Hi")));
        l.onCircuitStateChange(new CircuitStateChange(OptionalLong.of(5), "aws", "chat", "CLOSED", "OPEN"));
        l.onCircuitStateChange(new CircuitStateChange("aws", "chat", "OPEN", "HALF_OPEN"));   // no call: no span
        l.onCircuitStateChange(new CircuitStateChange(OptionalLong.of(99), "aws", "chat", "OPEN", "CLOSED"));
        l.onCallFinished(CallFinished.builder(5, "aws", "chat", Duration.ofMillis(3)).model(CLAUDE)
                .failure("UnavailableException: down").build());
        // late events of a finished call are dropped, not kept
        l.onAttempt(new Attempt(5, "aws", "chat", 2));
        l.onCircuitStateChange(new CircuitStateChange(OptionalLong.of(5), "aws", "chat", "OPEN", "HALF_OPEN"));

        SpanData span = telemetry.onlySpan();
        assertEquals(List.of(EVENT_CIRCUIT), InMemoryTelemetry.eventNames(span));
        assertEquals(Attributes.of(CIRCUIT_PROVIDER, "aws", CIRCUIT_OPERATION, "chat", CIRCUIT_FROM, "CLOSED",
                CIRCUIT_TO, "OPEN"), span.getEvents().get(0).getAttributes());
        assertEquals(0, l.openCalls());
    }

    @Test
    void aStreamIsAChatSpanWithStreamTrueAndACancelIsItsFailure() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(new CallStarted(2, "aws", "stream", Optional.of(CLAUDE),
                Optional.of(ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.json()).build()), Optional.empty()));
        l.onCallFinished(CallFinished.builder(2, "aws", "stream", Duration.ofMillis(80)).model(CLAUDE)
                .error(new CancellationException("the subscriber cancelled the stream"),
                        "CancellationException: the subscriber cancelled the stream").build());

        SpanData span = telemetry.onlySpan();
        assertEquals("chat " + CLAUDE, span.getName());
        assertEquals(true, span.getAttributes().get(REQUEST_STREAM));
        assertEquals("json", span.getAttributes().get(OUTPUT_TYPE));
        assertEquals("stream", span.getAttributes().get(OPERATION));
        assertEquals(CancellationException.class.getName(), span.getAttributes().get(ERROR_TYPE));
    }

    @Test
    void embeddingsAndEndpointOperationsHaveTheirOwnNames() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(new CallStarted(1, "gcp", "embed", Optional.of("text-embedding-005"), Optional.empty(),
                Optional.of(EmbeddingRequest.builder().input("a").dimensions(256).build())));
        l.onCallFinished(CallFinished.builder(1, "gcp", "embed", Duration.ofMillis(3)).model("text-embedding-005")
                .usage(new TokenUsage(3, 0)).build());
        l.onCallStarted(new CallStarted(2, "aws", "invoke", Optional.empty(), Optional.empty(), Optional.empty()));
        l.onCallFinished(CallFinished.builder(2, "aws", "invoke", Duration.ofMillis(3)).build());
        l.onCallStarted(new CallStarted(3, "azure", "deploy", Optional.empty(), Optional.empty(), Optional.empty()));
        l.onCallFinished(CallFinished.builder(3, "azure", "deploy", Duration.ofMillis(3)).build());
        l.onCallStarted(chatStarted(4, "aws", ChatRequest.ofUser("Hi")).model().map(m -> new CallStarted(4, "aws",
                "chat", Optional.of("endpoint:my-llama;protocol=openai-chat"), Optional.of(ChatRequest.ofUser("Hi")),
                Optional.empty())).orElseThrow());
        l.onCallFinished(CallFinished.builder(4, "aws", "chat", Duration.ofMillis(3)).build());

        Map<String, SpanData> byName = telemetry.spans().stream().collect(Collectors.toMap(SpanData::getName, s -> s));
        assertEquals(List.of("chat endpoint:my-llama;protocol=openai-chat", "embeddings text-embedding-005",
                "endpoint_deploy", "endpoint_invoke"), byName.keySet().stream().sorted().toList());
        SpanData embed = byName.get("embeddings text-embedding-005");
        assertEquals("embeddings", embed.getAttributes().get(OPERATION_NAME));
        assertEquals(256L, embed.getAttributes().get(EMBEDDINGS_DIMENSION_COUNT));
        assertEquals("aws.sagemaker", byName.get("endpoint_invoke").getAttributes().get(PROVIDER_NAME));
        assertEquals("endpoint_invoke", byName.get("endpoint_invoke").getAttributes().get(OPERATION_NAME));
        assertNull(byName.get("endpoint_invoke").getAttributes().get(REQUEST_MODEL));
        assertEquals("azure.ml", byName.get("endpoint_deploy").getAttributes().get(PROVIDER_NAME));
        assertEquals("aws.sagemaker", byName.get("chat endpoint:my-llama;protocol=openai-chat").getAttributes().get(PROVIDER_NAME));
    }

    @Test
    void batchOperationsAreNamedAsBatchOnTheModelServiceNotAsEndpoints() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(new CallStarted(1, "aws", "batch.submit", Optional.of("anthropic.claude-3-haiku-20240307-v1:0"),
                Optional.empty(), Optional.empty()));
        l.onCallFinished(CallFinished.builder(1, "aws", "batch.submit", Duration.ofMillis(3)).build());
        l.onCallStarted(new CallStarted(2, "azure", "batch.get", Optional.empty(), Optional.empty(), Optional.empty()));
        l.onCallFinished(CallFinished.builder(2, "azure", "batch.get", Duration.ofMillis(3)).build());

        Map<String, SpanData> byName = telemetry.spans().stream().collect(Collectors.toMap(SpanData::getName, s -> s));
        assertEquals(List.of("batch_get", "batch_submit anthropic.claude-3-haiku-20240307-v1:0"),
                byName.keySet().stream().sorted().toList());
        SpanData submit = byName.get("batch_submit anthropic.claude-3-haiku-20240307-v1:0");
        assertEquals("batch_submit", submit.getAttributes().get(OPERATION_NAME));
        assertEquals("aws.bedrock", submit.getAttributes().get(PROVIDER_NAME));
        assertEquals("azure.ai.openai", byName.get("batch_get").getAttributes().get(PROVIDER_NAME));
    }

    @Test
    void promptsAndAnswersAreAbsentByDefault() {
        OpenTelemetryListener l = listener();
        assertFalse(l.capturesContent());
        l.onCallStarted(chatStarted(1, "aws", ChatRequest.builder().system("Secret rules").user("My password is x").build()));
        l.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(3)).model(CLAUDE).chatResponse(answer()).build());

        SpanData span = telemetry.onlySpan();
        assertNull(span.getAttributes().get(INPUT_MESSAGES));
        assertNull(span.getAttributes().get(OUTPUT_MESSAGES));
        assertNull(span.getAttributes().get(SYSTEM_INSTRUCTIONS));
        String everything = span.getAttributes().toString() + span.getEvents() + span.getName();
        assertFalse(everything.contains("password") || everything.contains("Secret") || everything.contains("Inferentia"),
                everything);
    }

    @Test
    void promptsAndAnswersAreRecordedAsTheConventionsJsonWhenOptedIn() {
        OpenTelemetryListener l = builder().captureContent(true).build();
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Weather in Paris?")
                .assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}")))
                .toolResult("call_1", "rainy, 57F")
                .tools(ToolSpec.of("get_weather", "The weather in a city")).build();
        l.onCallStarted(chatStarted(1, "aws", request));
        l.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(3)).model(CLAUDE).chatResponse(answer()).build());

        Attributes a = telemetry.onlySpan().getAttributes();
        assertEquals("[{\"type\":\"text\",\"content\":\"Be brief.\"}]", a.get(SYSTEM_INSTRUCTIONS));
        assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":{\"location\":\"Paris\"}}]},"
                + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"rainy, 57F\"}]}]",
                a.get(INPUT_MESSAGES));
        assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Inferentia is an AWS chip.\"}],"
                + "\"finish_reason\":\"stop\"}]", a.get(OUTPUT_MESSAGES));
    }

    @Test
    void theContentSwitchOfTheEnvironmentTurnsCaptureOnAndTheBuilderWins() {
        assertTrue(builder(Map.of(Settings.CAPTURE_ENV, "true"), NOTHING).build().capturesContent());
        assertTrue(builder(NOTHING, Map.of(Settings.CAPTURE_PROPERTY, "SPAN_ONLY")).build().capturesContent());
        assertFalse(builder(Map.of(Settings.CAPTURE_ENV, "event_only"), NOTHING).build().capturesContent());
        assertFalse(builder(Map.of(Settings.CAPTURE_ENV, "true"), Map.of(Settings.CAPTURE_PROPERTY, "false")).build()
                .capturesContent(), "the system property wins over the environment variable");
        assertFalse(builder(Map.of(Settings.CAPTURE_ENV, "true"), NOTHING).captureContent(false).build().capturesContent());
    }

    @Test
    void theOptInSwitchChoosesTheConventionNames() {
        assertEquals(GenAiConventions.LATEST, listener().conventions());
        assertEquals(GenAiConventions.LATEST,
                builder(Map.of(Settings.OPT_IN_ENV, "http, gen_ai_latest_experimental"), NOTHING).build().conventions());
        assertEquals(GenAiConventions.LATEST_AND_V1_36,
                builder(Map.of(Settings.OPT_IN_ENV, "gen_ai_latest_experimental/dup,database"), NOTHING).build().conventions());
        assertEquals(GenAiConventions.LATEST_AND_V1_36,
                builder(Map.of(Settings.OPT_IN_ENV, "gen_ai_latest_experimental"),
                        Map.of(Settings.OPT_IN_PROPERTY, "gen_ai_latest_experimental/dup")).build().conventions());
        assertEquals(GenAiConventions.V1_36, builder(Map.of(Settings.OPT_IN_ENV, "gen_ai_latest_experimental/dup"), NOTHING)
                .conventions(GenAiConventions.V1_36).build().conventions());
    }

    @Test
    void theOlderNamesAreRecordedOnlyWhenAsked() {
        OpenTelemetryListener legacy = builder().conventions(GenAiConventions.V1_36).build();
        legacy.onCallStarted(chatStarted(1, "aws", ChatRequest.ofUser("Hi")));
        legacy.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(3)).model(CLAUDE).build());
        OpenTelemetryListener both = builder(Map.of(Settings.OPT_IN_ENV, "gen_ai_latest_experimental/dup"), NOTHING).build();
        both.onCallStarted(chatStarted(2, "gcp", ChatRequest.ofUser("Hi")));
        both.onCallFinished(CallFinished.builder(2, "gcp", "chat", Duration.ofMillis(3)).model(CLAUDE).build());

        Map<Long, SpanData> spans = telemetry.spans().stream().collect(Collectors.toMap(s -> s.getAttributes().get(CALL_ID), s -> s));
        assertEquals("aws.bedrock", spans.get(1L).getAttributes().get(SYSTEM));
        assertNull(spans.get(1L).getAttributes().get(PROVIDER_NAME));
        assertEquals("gcp.vertex_ai", spans.get(2L).getAttributes().get(SYSTEM));
        assertEquals("gcp.vertex_ai", spans.get(2L).getAttributes().get(PROVIDER_NAME));
        List<Attributes> points = telemetry.histogram(METRIC_DURATION).stream().map(HistogramPointData::getAttributes).toList();
        assertTrue(points.stream().anyMatch(p -> "aws.bedrock".equals(p.get(SYSTEM)) && p.get(PROVIDER_NAME) == null), points::toString);
        assertTrue(points.stream().anyMatch(p -> "gcp.vertex_ai".equals(p.get(SYSTEM)) && "gcp.vertex_ai".equals(p.get(PROVIDER_NAME))),
                points::toString);
    }

    @Test
    void pastTheBoundTheOldestOpenSpanIsEndedAndEventsWithoutACallIdOnlyCountInTheMetrics() {
        OpenTelemetryListener l = builder().maxOpenCalls(2).build();
        for (long id = 1; id <= 3; id++) l.onCallStarted(chatStarted(id, "aws", ChatRequest.ofUser("Hi")));
        SpanData evicted = telemetry.onlySpan();
        assertEquals(1L, evicted.getAttributes().get(CALL_ID));
        assertEquals(List.of(EVENT_EVICTED), InMemoryTelemetry.eventNames(evicted));
        assertEquals(2, l.openCalls());

        l.onCallFinished(new CallFinished("aws", "chat", Duration.ofMillis(3), Optional.empty(), Optional.empty()));
        assertEquals(1, telemetry.spans().size(), "an event of no call (id 0) opens and ends no span");
        assertEquals(1, telemetry.histogram(METRIC_DURATION).get(0).getCount());
    }

    @Test
    void badOptionsNameTheirField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().maxOpenCalls(0));
        assertTrue(e.getMessage().startsWith("maxOpenCalls"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> OpenTelemetryListener.builder(null));
        assertEquals("openTelemetry", n.getMessage());
        assertThrows(NullPointerException.class, () -> builder().conventions(null));
    }

    @Test
    void eventsCarryNoAttributeOutsideTheDocumentedOnes() {
        OpenTelemetryListener l = listener();
        l.onCallStarted(chatStarted(1, "aws", ChatRequest.ofUser("Hi")));
        l.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(3)).model(CLAUDE).build());
        for (EventData e : telemetry.onlySpan().getEvents()) assertTrue(e.getName().startsWith("cloudai."), e.getName());
    }
}

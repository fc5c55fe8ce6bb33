package dev.cloudai.opentelemetry;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingListener;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.standby.StandbyCloud;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.cloudai.opentelemetry.OpenTelemetryListener.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener on each cloud's emulator, through {@code CloudAi}: a chat, a stream, a retried call, a fallback to the
 * standby cloud, an async call's parent and content capture produce exactly the spans, events and metrics the
 * README lists.
 */
class EmulatorTracingTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(),
            new AzureCloud(), new StandbyCloud());
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ALIAS = "traced";
    private static final Map<String, String> PROVIDER_NAMES = Map.of(
            "aws", "aws.bedrock", "gcp", "gcp.vertex_ai", "azure", "azure.ai.openai");

    private final InMemoryTelemetry telemetry = new InMemoryTelemetry();
    private final RecordingListener events = new RecordingListener();
    private final List<CloudAi> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(CloudAi::close);
        telemetry.close();
    }

    private ChatModel chat(String cloud, boolean captureContent, String... fallbacks) {
        CloudAiConfig.Builder config = EMULATOR.emulator().config(cloud, fallbacks).retry(Canned.FAST_RETRY)
                .model(ALIAS, cloud, SampleModels.chat(cloud));
        for (String f : fallbacks) config.model(ALIAS, f, Canned.CHAT_MODEL);
        OpenTelemetryListener otel = OpenTelemetryListener.builder(telemetry.sdk()).captureContent(captureContent)
                .environment(name -> null, name -> null).build();
        CloudAi ai = CloudAi.create(config.build(), otel, events);
        opened.add(ai);
        return ai.chatModel(ALIAS);
    }

    private static ChatRequest prompt() {
        return ChatRequest.builder().user(Canned.CHAT_PROMPT).maxTokens(64).build();
    }

    /** The attributes a successful chat's span has, given what the pipeline reported for it. */
    private static Attributes successAttributes(String cloud, CallFinished f, String operation) {
        AttributesBuilder b = Attributes.builder()
                .put(OPERATION_NAME, "chat").put(PROVIDER_NAME, PROVIDER_NAMES.get(cloud))
                .put(REQUEST_MODEL, SampleModels.chat(cloud)).put(REQUEST_MAX_TOKENS, 64L)
                .put(RESPONSE_FINISH_REASONS, List.of("stop"))
                .put(USAGE_INPUT_TOKENS, (long) Canned.INPUT_TOKENS).put(USAGE_OUTPUT_TOKENS, (long) Canned.OUTPUT_TOKENS)
                .put(CALL_ID, f.callId()).put(PROVIDER, cloud).put(OPERATION, operation);
        f.responseModel().ifPresent(m -> b.put(RESPONSE_MODEL, m));
        f.cost().ifPresent(c -> b.put(COST_USD, c.totalUsd().doubleValue()));
        if (operation.equals("stream")) b.put(REQUEST_STREAM, true);
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aChatIsOneSpanWithItsAttemptAndTheTwoMetrics(String cloud) {
        ChatResponse answer = chat(cloud, false).chat(prompt());

        SpanData span = telemetry.onlySpan();
        CallFinished finished = events.finished().get(0);
        assertEquals("chat " + SampleModels.chat(cloud), span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals(successAttributes(cloud, finished, "chat").asMap(), span.getAttributes().asMap());
        assertEquals(List.of(EVENT_ATTEMPT), InMemoryTelemetry.eventNames(span));
        assertEquals(answer.model(), finished.responseModel().orElseThrow());

        Attributes metric = Attributes.builder().put(OPERATION_NAME, "chat").put(PROVIDER_NAME, PROVIDER_NAMES.get(cloud))
                .put(REQUEST_MODEL, SampleModels.chat(cloud)).put(RESPONSE_MODEL, answer.model()).build();
        List<HistogramPointData> duration = telemetry.histogram(METRIC_DURATION);
        assertEquals(1, duration.size(), duration::toString);
        assertEquals(metric, duration.get(0).getAttributes());
        assertEquals(1, duration.get(0).getCount());
        Map<String, Double> tokens = telemetry.histogram(METRIC_TOKENS).stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(TOKEN_TYPE), HistogramPointData::getSum));
        assertEquals(Map.of("input", (double) Canned.INPUT_TOKENS, "output", (double) Canned.OUTPUT_TOKENS), tokens);
        assertEquals(finished.cost().isPresent(), telemetry.metric(METRIC_COST).isPresent(),
                "the cost metric exactly when the call's cost is known");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aStreamIsOneSpanEndedWithItsLastChunk(String cloud) {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.oneAtATime();
        chat(cloud, false).stream(prompt()).subscribe(subscriber);
        subscriber.awaitCompletion(WAIT);

        SpanData span = telemetry.onlySpan();
        assertEquals("chat " + SampleModels.chat(cloud), span.getName());
        assertEquals(successAttributes(cloud, events.finished().get(0), "stream").asMap(), span.getAttributes().asMap());
        assertEquals(List.of(EVENT_ATTEMPT), InMemoryTelemetry.eventNames(span));
        assertEquals(1, telemetry.histogram(METRIC_DURATION).get(0).getCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aThrottledAttemptIsARetryEventBetweenTwoAttempts(String cloud) {
        EMULATOR.cloud(cloud).inject(Fault.throttle(Canned.RETRY_AFTER), 1);
        chat(cloud, false).chat(prompt());

        SpanData span = telemetry.onlySpan();
        assertEquals(List.of(EVENT_ATTEMPT, EVENT_RETRY, EVENT_ATTEMPT), InMemoryTelemetry.eventNames(span));
        Attributes retry = span.getEvents().get(1).getAttributes();
        assertEquals(1L, retry.get(ATTEMPT));
        assertEquals(events.retries().get(0).delay().toMillis(), retry.get(RETRY_DELAY_MS));
        assertTrue(retry.get(FAILURE).startsWith("ThrottledException"), retry.get(FAILURE));
        assertEquals(List.of(1L, 2L), List.of(span.getEvents().get(0).getAttributes().get(ATTEMPT),
                span.getEvents().get(2).getAttributes().get(ATTEMPT)));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), "the call succeeded in the end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void aFallbackIsTheFailedSpanThenTheStandbysSpanWithTheFallbackEventBothUnderTheCaller(String cloud) {
        EMULATOR.cloud(cloud).inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
        ChatModel chat = chat(cloud, false, StandbyCloud.ID);
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
        ChatResponse answer;
        try (Scope ignored = caller.makeCurrent()) {
            answer = chat.chat(prompt());
        } finally {
            caller.end();
        }
        assertEquals(StandbyCloud.ID, answer.provider());

        List<SpanData> calls = telemetry.spans().stream().filter(s -> !s.getName().equals("caller")).toList();
        assertEquals(List.of("chat " + SampleModels.chat(cloud), "chat " + Canned.CHAT_MODEL),
                calls.stream().map(SpanData::getName).toList());
        SpanData failed = calls.get(0);
        SpanData standby = calls.get(1);
        for (SpanData s : calls) assertEquals(caller.getSpanContext().getSpanId(), s.getParentSpanId(), s.getName());
        assertEquals(failed.getAttributes().get(CALL_ID), standby.getAttributes().get(CALL_ID), "one call id for the chain");

        CallFinished primary = events.finished().get(0);
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals(primary.error().orElseThrow().getClass().getName(), failed.getAttributes().get(ERROR_TYPE));
        assertEquals(List.of(EVENT_ATTEMPT, EVENT_RETRY, EVENT_ATTEMPT, EVENT_RETRY, EVENT_ATTEMPT),
                InMemoryTelemetry.eventNames(failed).stream().filter(n -> !n.equals(EVENT_CIRCUIT)).toList());

        assertEquals(List.of(EVENT_FALLBACK, EVENT_ATTEMPT), InMemoryTelemetry.eventNames(standby));
        assertEquals(Attributes.of(FALLBACK_FROM, cloud, FALLBACK_TO, StandbyCloud.ID,
                FAILURE, events.fallbacks().get(0).failure()), standby.getEvents().get(0).getAttributes());
        assertEquals(StandbyCloud.ID, standby.getAttributes().get(PROVIDER_NAME));
        assertEquals(StatusCode.UNSET, standby.getStatus().getStatusCode());

        Map<String, Long> durationsByProvider = telemetry.histogram(METRIC_DURATION).stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(PROVIDER_NAME) + (p.getAttributes().get(ERROR_TYPE) == null ? "" : " failed"),
                HistogramPointData::getCount));
        assertEquals(Map.of(PROVIDER_NAMES.get(cloud) + " failed", 1L, StandbyCloud.ID, 1L), durationsByProvider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void anAsyncCallsSpanIsAChildOfTheCallersSpan(String cloud) throws Exception {
        ChatModel chat = chat(cloud, false);
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            chat.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            caller.end();
        }
        SpanData call = telemetry.spans().stream().filter(s -> !s.getName().equals("caller")).findFirst().orElseThrow();
        assertEquals(caller.getSpanContext().getSpanId(), call.getParentSpanId());
        assertEquals(caller.getSpanContext().getTraceId(), call.getTraceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void promptAndAnswerAreOnTheSpanOnlyWhenOptedIn(String cloud) {
        chat(cloud, false).chat(prompt());
        Attributes withoutContent = telemetry.onlySpan().getAttributes();
        for (AttributeKey<String> key : List.of(INPUT_MESSAGES, OUTPUT_MESSAGES, SYSTEM_INSTRUCTIONS)) {
            assertNull(withoutContent.get(key), key.getKey());
        }
        String all = withoutContent.toString();
        assertTrue(!all.contains(Canned.CHAT_PROMPT) && !all.contains(Canned.CHAT_TEXT), all);

        chat(cloud, true).chat(prompt());
        Attributes withContent = telemetry.spans().get(1).getAttributes();
        assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + Canned.CHAT_PROMPT + "\"}]}]",
                withContent.get(INPUT_MESSAGES));
        assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + Canned.CHAT_TEXT
                + "\"}],\"finish_reason\":\"stop\"}]", withContent.get(OUTPUT_MESSAGES));
        assertEquals(Optional.empty(), Optional.ofNullable(withContent.get(SYSTEM_INSTRUCTIONS)), "the prompt has no system part");
    }
}

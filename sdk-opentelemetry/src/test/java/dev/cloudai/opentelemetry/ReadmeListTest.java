package dev.cloudai.opentelemetry;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener.Attempt;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.resilience.CallListener.CallStarted;
import dev.cloudai.resilience.CallListener.CircuitStateChange;
import dev.cloudai.resilience.CallListener.Fallback;
import dev.cloudai.resilience.CallListener.Retry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Tracing and metrics with OpenTelemetry" lists exactly what the listener records: every span
 * attribute, every event with its attributes, every metric with its attributes, gathered here from calls that use
 * every option (content capture, both convention names, a stream, an embedding, an endpoint call, a retry, a
 * fallback, a circuit change, a failure, cache and reasoning tokens, a cost, an eviction).
 */
class ReadmeListTest {
    private static final String SECTION = "## Tracing and metrics with OpenTelemetry";
    private static final Pattern CODE = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`");

    @Test
    void theReadmeListsExactlyTheSpanAttributesEventsAndMetricsRecorded() throws IOException {
        List<List<String>> rows = tableRows(section());
        Set<String> documentedAttributes = new TreeSet<>();
        Map<String, Set<String>> documentedEvents = new TreeMap<>();
        Map<String, Set<String>> documentedMetrics = new TreeMap<>();
        String header = "";
        for (List<String> row : rows) {
            if (row.get(0).equals("attribute") || row.get(0).equals("event") || row.get(0).equals("metric")
                    || row.get(0).equals("provider id") || row.get(0).equals("value")) {
                header = row.get(0);
                continue;
            }
            switch (header) {
                case "attribute" -> documentedAttributes.addAll(names(row.get(0)));
                case "event" -> documentedEvents.put(names(row.get(0)).first(), names(row.get(1)));
                case "metric" -> documentedMetrics.put(names(row.get(0)).first(), names(row.get(3)));
                default -> { }
            }
        }

        try (InMemoryTelemetry telemetry = new InMemoryTelemetry()) {
            exerciseEverything(telemetry);
            Set<String> attributes = new TreeSet<>();
            Map<String, Set<String>> events = new TreeMap<>();
            for (SpanData span : telemetry.spans()) {
                span.getAttributes().forEach((k, v) -> attributes.add(k.getKey()));
                for (EventData e : span.getEvents()) {
                    Set<String> keys = events.computeIfAbsent(e.getName(), n -> new TreeSet<>());
                    e.getAttributes().forEach((k, v) -> keys.add(k.getKey()));
                }
            }
            Map<String, Set<String>> metrics = new TreeMap<>();
            for (MetricData m : telemetry.metrics()) {
                Set<String> keys = metrics.computeIfAbsent(m.getName(), n -> new TreeSet<>());
                for (PointData p : m.getData().getPoints()) p.getAttributes().forEach((k, v) -> keys.add(k.getKey()));
            }
            assertEquals(documentedAttributes, attributes, "span attributes: README vs recorded");
            assertEquals(documentedEvents, events, "span events and their attributes: README vs recorded");
            assertEquals(documentedMetrics, metrics, "metrics and their attributes: README vs recorded");
        }
    }

    private static void exerciseEverything(InMemoryTelemetry telemetry) {
        OpenTelemetryListener l = OpenTelemetryListener.builder(telemetry.sdk()).environment(n -> null, n -> null)
                .captureContent(true).conventions(GenAiConventions.LATEST_AND_V1_36).maxOpenCalls(3).build();
        ChatRequest everything = ChatRequest.builder().system("Be brief.").user("Hi").maxTokens(10).temperature(0.1)
                .topP(0.5).stopSequences(List.of("END")).responseFormat(ResponseFormat.json()).build();
        l.onCallStarted(new CallStarted(1, "aws", "chat", Optional.of("m"), Optional.of(everything), Optional.empty()));
        l.onAttempt(new Attempt(1, "aws", "chat", 1));
        l.onRetry(new Retry(1, "aws", "chat", 1, Duration.ofMillis(5), "ThrottledException: slow"));
        l.onCircuitStateChange(new CircuitStateChange(OptionalLong.of(1), "aws", "chat", "CLOSED", "OPEN"));
        l.onCallFinished(CallFinished.builder(1, "aws", "chat", Duration.ofMillis(9)).model("m")
                .error(new IllegalStateException("down"), "IllegalStateException: down").build());
        l.onFallback(new Fallback(1, "chat", "aws", "gcp", "IllegalStateException: down"));
        l.onCallStarted(new CallStarted(1, "gcp", "chat", Optional.of("g"), Optional.of(everything), Optional.empty()));
        ChatResponse answer = ChatResponse.builder().text("Hello").usage(new TokenUsage(10, 20, 3, 2, 5))
                .finishReason(FinishReason.STOP).provider("gcp").model("g-001").build();
        l.onCallFinished(CallFinished.builder(1, "gcp", "chat", Duration.ofMillis(9)).model("g").chatResponse(answer)
                .cost(new CallCost(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, "g", "test")).build());
        l.onCallStarted(new CallStarted(2, "azure", "stream", Optional.of("s"), Optional.of(ChatRequest.ofUser("Hi")),
                Optional.empty()));
        l.onCallFinished(CallFinished.builder(2, "azure", "stream", Duration.ofMillis(9)).model("s").build());
        l.onCallStarted(new CallStarted(3, "gcp", "embed", Optional.of("e"), Optional.empty(),
                Optional.of(EmbeddingRequest.builder().input("a").dimensions(8).build())));
        l.onCallFinished(CallFinished.builder(3, "gcp", "embed", Duration.ofMillis(9)).model("e").build());
        for (long id = 4; id <= 7; id++) {   // four open at a bound of three: the oldest is evicted
            l.onCallStarted(new CallStarted(id, "aws", "invoke", Optional.empty(), Optional.empty(), Optional.empty()));
        }
    }

    private static TreeSet<String> names(String cell) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String section() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        // the tests run in sdk-opentelemetry/: the repository root is the directory above that has the README
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sdk-opentelemetry")))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no repository root above " + Path.of("").toAbsolutePath());
        String readme = Files.readString(dir.resolve("README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has no section \"" + SECTION + "\"");
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The cells of every table row of {@code text}, separator rows left out. */
    private static List<List<String>> tableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---")) continue;
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) cells.add(cell.strip());
            rows.add(cells);
        }
        return rows;
    }
}

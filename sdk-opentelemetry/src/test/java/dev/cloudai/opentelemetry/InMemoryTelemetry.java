package dev.cloudai.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An OpenTelemetry SDK that keeps what it records in memory (spans exported as they end), for the tests.
 *
 * <pre>{@code
 * try (InMemoryTelemetry t = new InMemoryTelemetry()) {
 *     CallListener l = OpenTelemetryListener.create(t.sdk());
 *     ...
 *     SpanData span = t.onlySpan();
 * }
 * }</pre>
 */
final class InMemoryTelemetry implements AutoCloseable {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    SpanData onlySpan() {
        List<SpanData> all = spans();
        assertEquals(1, all.size(), () -> "spans: " + all);
        return all.get(0);
    }

    /** Every metric collected so far (a cumulative reader: each collection has the totals). */
    Collection<MetricData> metrics() {
        return metrics.collectAllMetrics();
    }

    Optional<MetricData> metric(String name) {
        return metrics().stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    List<HistogramPointData> histogram(String name) {
        return metric(name).map(m -> new ArrayList<>(m.getHistogramData().getPoints())).orElseGet(ArrayList::new);
    }

    List<DoublePointData> doubleSum(String name) {
        return metric(name).map(m -> new ArrayList<>(m.getDoubleSumData().getPoints())).orElseGet(ArrayList::new);
    }

    static List<String> eventNames(SpanData span) {
        return span.getEvents().stream().map(EventData::getName).collect(Collectors.toList());
    }

    static <T> T attribute(Attributes attributes, AttributeKey<T> key) {
        return attributes.get(key);
    }

    @Override
    public void close() {
        sdk.close();
    }
}

package dev.cloudai.micrometer;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.resilience.CallListener.Attempt;
import dev.cloudai.resilience.CallListener.CallFinished;
import dev.cloudai.resilience.CallListener.CircuitStateChange;
import dev.cloudai.resilience.CallListener.Fallback;
import dev.cloudai.resilience.CallListener.Retry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Metrics with Micrometer" table lists exactly the meters the listener registers, with their type,
 * unit and tags: one event of every kind makes every meter, and each row is compared with the registry.
 */
class MetricsReadmeTest {
    private static final String SECTION = "## Metrics with Micrometer";
    private static final String HEADER = "| meter | type | unit | tags | what it measures |";

    @Test
    void theReadmeTableListsEveryMeterWithItsTypeUnitAndTags() throws IOException {
        assertEquals(registered(), documented(), "README.md's table (left) against the registry");
    }

    @Test
    void theReadmeListsTheMetersInTheOrderOfTheConstants() throws IOException {
        assertEquals(List.of(MicrometerListener.CALLS, MicrometerListener.ATTEMPTS, MicrometerListener.RETRIES,
                MicrometerListener.FALLBACKS, MicrometerListener.TOKENS, MicrometerListener.COST,
                MicrometerListener.CIRCUIT_STATE), documentedInOrder());
    }

    /** Meter name -> "type | unit | tags", as the registry has them after one event of each kind. */
    private static Map<String, String> registered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerListener listener = MicrometerListener.create(registry);
        listener.onAttempt(new Attempt(1, "aws", "chat", 1));
        listener.onRetry(new Retry(1, "aws", "chat", 1, Duration.ofMillis(20), "ThrottledException: slow down"));
        listener.onFallback(new Fallback(1, "chat", "aws", "gcp", "UnavailableException: 503"));
        listener.onCircuitStateChange(new CircuitStateChange("aws", "chat", "CLOSED", "OPEN"));
        listener.onCallFinished(CallFinished.builder(1, "gcp", "chat", Duration.ofMillis(300)).model("gemini")
                .usage(new TokenUsage(12, 5))
                .cost(new CallCost(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, "gemini", "price table")).build());
        Map<String, String> out = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String type = m.getId().getType().name().toLowerCase(Locale.ROOT);
            String unit = m.getId().getBaseUnit() == null ? "none" : m.getId().getBaseUnit();
            String tags = m.getId().getTags().stream().map(Tag::getKey).map(k -> "`" + k + "`").collect(Collectors.joining(", "));
            String row = type + " | " + unit + " | " + tags;
            String before = out.put(m.getId().getName(), row);
            assertTrue(before == null || before.equals(row), () -> m.getId() + " differs from its sibling: " + before);
        }
        return out;
    }

    /** The same, read from the README's table; the tags in the order Micrometer sorts them (by key). */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String[] cells : rows()) {
            List<String> tags = new ArrayList<>(List.of(cells[3].split(",\\s*")));
            tags.sort(null);
            out.put(unquote(cells[0]), cells[1] + " | " + cells[2] + " | " + String.join(", ", tags));
        }
        return out;
    }

    private static List<String> documentedInOrder() throws IOException {
        return rows().stream().map(c -> unquote(c[0])).toList();
    }

    private static List<String[]> rows() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int section = lines.indexOf(SECTION);
        assertTrue(section >= 0, "README.md has no section " + SECTION);
        int header = lines.subList(section, lines.size()).indexOf(HEADER);
        assertTrue(header >= 0, "the section has no table starting with " + HEADER);
        List<String[]> rows = new ArrayList<>();
        for (int i = section + header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i);
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            for (int c = 0; c < cells.length; c++) cells[c] = cells[c].trim();
            rows.add(cells);
        }
        assertTrue(!rows.isEmpty(), "the table has no rows");
        return rows;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "");
    }

    /** The README of the project: in the parent folder of this module. */
    private static Path readme() {
        return Path.of("").toAbsolutePath().getParent().resolve("README.md");
    }
}

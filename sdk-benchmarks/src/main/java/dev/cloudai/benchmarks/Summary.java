package dev.cloudai.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The side-by-side table of one run, in Markdown for the README's "Performance" section: ours, raw, the ratio and
 * the target of issue #12 for each pair, and the machine. The targets are checked here, on the figures of a
 * benchmark run, never in a unit test.
 *
 * <pre>{@code
 * System.out.println(Summary.markdown(new Runner(options).run(), LocalDate.now()));
 * }</pre>
 */
final class Summary {
    /** p50 of one call at most this multiple of the raw SDK's. */
    static final double PER_CALL_TARGET = 1.02;
    /** 1,000 async calls within this multiple of the raw SDK with one connection per call. */
    static final double CONCURRENCY_TARGET = 1.25;
    /** Cold start to the first answer within this multiple of the raw SDK building only the Bedrock client. */
    static final double COLD_START_TARGET = 1.2;

    private static final String PACKAGE = Summary.class.getPackageName() + ".";
    private static final String[][] CALLS = {
            {"BedrockCallBenchmark", "Bedrock Converse"},
            {"AzureCallBenchmark", "Azure OpenAI chat completion"},
            {"VertexCallBenchmark", "Vertex AI GenerateContent"}};

    private Summary() {
    }

    /** The table, the machine and the date, for the results of one run; benchmarks not run are left out. */
    static String markdown(Collection<RunResult> results, LocalDate date) {
        List<String> rows = new ArrayList<>();
        for (String[] call : CALLS) {
            Optional<RunResult> ours = find(results, call[0] + ".ours");
            Optional<RunResult> raw = find(results, call[0] + ".raw");
            if (ours.isEmpty() || raw.isEmpty()) continue;
            double o = p50(ours.get());
            double r = p50(raw.get());
            String unit = ours.get().getPrimaryResult().getScoreUnit().replace("/op", "");
            rows.add(row(call[1] + ", one blocking call, p50", fmt(o) + " " + unit, fmt(r) + " " + unit,
                    o / r, PER_CALL_TARGET));
            Optional<Double> oa = allocated(ours.get());
            Optional<Double> ra = allocated(raw.get());
            if (oa.isPresent() && ra.isPresent()) {
                rows.add(row(call[1] + ", allocated per call", bytes(oa.get()), bytes(ra.get()), oa.get() / ra.get(), 0));
            }
        }
        Optional<RunResult> rawBurst = find(results, "ConcurrencyBenchmark.raw");
        for (RunResult ours : all(results, "ConcurrencyBenchmark.ours")) {
            if (rawBurst.isEmpty()) break;
            String calls = String.format(Locale.ROOT, "%,d", Integer.parseInt(ours.getParams().getParam("calls")));
            String delay = ours.getParams().getParam("delayMs");
            String connections = ours.getParams().getParam("maxConnections");
            double o = ours.getPrimaryResult().getScore();
            double r = rawBurst.get().getPrimaryResult().getScore();
            rows.add(row(calls + " concurrent `chatAsync`, " + delay + " ms stub, ours with "
                    + (OurSide.DEFAULT.equals(connections) ? "default connections" : "`" + OurSide.MAX_CONNECTIONS + "=" + connections + "`")
                    + ", raw with " + calls, roundTrips(o, delay), roundTrips(r, delay), o / r, CONCURRENCY_TARGET));
        }
        Optional<RunResult> ours = find(results, "ColdStartBenchmark.ours");
        Optional<RunResult> raw = find(results, "ColdStartBenchmark.raw");
        if (ours.isPresent() && raw.isPresent()) {
            double o = ours.get().getPrimaryResult().getScore();
            double r = raw.get().getPrimaryResult().getScore();
            rows.add(row("Cold start to first Bedrock answer, mean of " + ours.get().getPrimaryResult().getSampleCount()
                    + " fresh JVMs", fmt(o) + " ms", fmt(r) + " ms", o / r, COLD_START_TARGET));
        }

        StringBuilder md = new StringBuilder();
        md.append("| benchmark | ours | raw | ratio | target |\n|---|---|---|---|---|\n");
        rows.forEach(md::append);
        find(results, "ConcurrencyBenchmark.stubAlone").ifPresent(s -> md.append("\nThe stub alone (")
                .append(s.getParams().getParam("calls")).append(" requests through the JDK HTTP client): ")
                .append(roundTrips(s.getPrimaryResult().getScore(), s.getParams().getParam("delayMs"))).append(".\n"));
        md.append("\nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("; ").append(date).append('\n');
        return md.toString();
    }

    private static String row(String benchmark, String ours, String raw, double ratio, double target) {
        String goal = target == 0 ? "" : String.format(Locale.ROOT, "at most %.2fx: %s", target,
                ratio <= target ? "met" : "**not met**");
        return String.format(Locale.ROOT, "| %s | %s | %s | %.3fx | %s |%n", benchmark, ours, raw, ratio, goal);
    }

    private static Optional<RunResult> find(Collection<RunResult> results, String benchmark) {
        List<RunResult> found = all(results, benchmark);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<RunResult> all(Collection<RunResult> results, String benchmark) {
        return results.stream().filter(r -> r.getParams().getBenchmark().equals(PACKAGE + benchmark)).toList();
    }

    private static double p50(RunResult r) {
        return r.getPrimaryResult().getStatistics().getPercentile(50);
    }

    /** {@code gc.alloc.rate.norm} of {@code -prof gc}, bytes per operation. */
    private static Optional<Double> allocated(RunResult r) {
        Result<?> a = r.getSecondaryResults().get("gc.alloc.rate.norm");
        if (a == null) a = r.getSecondaryResults().get("·gc.alloc.rate.norm");   // its name before JMH 1.35
        return Optional.ofNullable(a).map(Result::getScore);
    }

    private static String roundTrips(double millis, String delayMs) {
        return String.format(Locale.ROOT, "%,.0f ms (%.2f round trips)", millis, millis / Double.parseDouble(delayMs));
    }

    private static String bytes(double b) {
        return String.format(Locale.ROOT, "%,.0f B", b);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
    }
}

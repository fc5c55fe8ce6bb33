package dev.cloudai.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every benchmark of the module once, in this JVM, through JMH itself: each trial's setup or each operation checks that both
 * sides answer the stub's text, and JMH fails on the first error, so a benchmark broken by a change in the SDK, an
 * adapter or a cloud SDK fails the build. Nothing is timed here: the figures come from {@code -Pbench}.
 */
class BenchmarksSmokeTest {
    private static final String PACKAGE = "dev.cloudai.benchmarks.";

    @BeforeAll
    static void allowConcurrentJmh() {
        // JMH refuses to start while another JMH run holds its lock file; a benchmark running on the machine must
        // not fail this build
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void everyBenchmarkRunsOnceAgainstItsStubAndAnswers() throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PACKAGE.replace(".", "\\.") + ".*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .param("calls", "100")      // 100 calls over the SDK's default 50 connections: two round trips
                .param("delayMs", "20")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        List<String> ours = new ArrayList<>(List.of("ConcurrencyBenchmark.ours[default]"));
        if (OurSide.hasMaxConnections()) ours.add("ConcurrencyBenchmark.ours[1000]");
        else options.param("maxConnections", OurSide.DEFAULT);

        Collection<RunResult> results = new Runner(options.build()).run();

        Set<String> ran = results.stream().map(BenchmarksSmokeTest::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(List.of(
                "BedrockCallBenchmark.ours", "BedrockCallBenchmark.raw",
                "AzureCallBenchmark.ours", "AzureCallBenchmark.raw",
                "VertexCallBenchmark.ours", "VertexCallBenchmark.raw",
                "ConcurrencyBenchmark.raw", "ConcurrencyBenchmark.stubAlone",
                "ColdStartBenchmark.ours", "ColdStartBenchmark.raw",
                "SelectBenchmark.selectAllInferenceOffers", "SelectBenchmark.selectA70bModelWithinBudget",
                "SelectBenchmark.selectAllInferenceOffersRefreshedSize", "SelectBenchmark.selectA70bModelWithinBudgetRefreshedSize",
                "SelectBenchmark.selectCheapestPerTokenCommittedRefreshedSize",
                "PipelineOverheadBenchmark.rawBlockingCall", "PipelineOverheadBenchmark.blockingCallNoListener",
                "PipelineOverheadBenchmark.rawAsyncCall", "PipelineOverheadBenchmark.asyncCallNoListener"));
        expected.addAll(ours);
        // every benchmark of the module ran (and none failed: shouldFailOnError); others may come and run too
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(ran);
        assertTrue(missing.isEmpty(), () -> "these benchmarks did not run: " + missing + "; ran " + ran);

        String table = Summary.markdown(results, LocalDate.of(2026, 1, 1));
        for (String row : List.of("| Bedrock Converse, one blocking call, p50 |", "| Azure OpenAI chat completion, one blocking call, p50 |",
                "| Vertex AI GenerateContent, one blocking call, p50 |", "| 100 concurrent `chatAsync`, 20 ms stub, ours with default connections, raw with 100 |",
                "| Cold start to first Bedrock answer, mean of 1 fresh JVMs |", "The stub alone (100 requests through the JDK HTTP client)")) {
            assertTrue(table.contains(row), () -> "the summary lacks '" + row + "':\n" + table);
        }
    }

    private static String name(RunResult r) {
        String name = r.getParams().getBenchmark().substring(PACKAGE.length());
        String connections = r.getParams().getParam("maxConnections");
        return name.startsWith("ConcurrencyBenchmark.ours") ? name + "[" + connections + "]" : name;
    }
}

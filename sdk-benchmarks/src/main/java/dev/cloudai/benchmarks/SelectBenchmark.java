package dev.cloudai.benchmarks;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long {@link AcceleratorCatalog#select} takes over the full built-in catalog, for a broad query (every
 * inference offer ranks) and a narrow one (a 70B model within a budget). The README quotes the result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectBenchmark {
    private AcceleratorCatalog catalog;
    private AcceleratorRequirement broad;
    private AcceleratorRequirement narrow;

    @Setup
    public void setUp() {
        catalog = AcceleratorCatalog.builtIn();
        broad = AcceleratorRequirement.builder().workload(Workload.INFERENCE).allowFractional(true).build();
        narrow = AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16)
                .clouds("aws", "gcp", "azure").maxPricePerHour(60).build();
    }

    @Benchmark
    public List<Offer> selectAllInferenceOffers() {
        return catalog.select(broad);
    }

    @Benchmark
    public List<Offer> selectA70bModelWithinBudget() {
        return catalog.select(narrow);
    }
}

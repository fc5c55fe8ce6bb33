package dev.cloudai.benchmarks;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Ranking;
import dev.cloudai.accelerator.ServingThroughput;
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
 * inference offer ranks) and a narrow one (a 70B model within a budget), and the same two plus a committed-price,
 * cost-per-token ranking over a catalog the size a price refresh writes ({@link RefreshedSizeCatalog}, 3,540 offers).
 * The README quotes the results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectBenchmark {
    private AcceleratorCatalog catalog;
    private AcceleratorCatalog refreshed;
    private AcceleratorRequirement broad;
    private AcceleratorRequirement narrow;
    private AcceleratorRequirement perToken;

    @Setup
    public void setUp() {
        catalog = AcceleratorCatalog.builtIn();
        broad = AcceleratorRequirement.builder().workload(Workload.INFERENCE).allowFractional(true).build();
        narrow = AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16)
                .clouds("aws", "gcp", "azure").maxPricePerHour(60).build();
        refreshed = RefreshedSizeCatalog.generate();
        perToken = AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(8, Precision.BF16)
                .pricing(PricingModel.COMMITTED_1Y)
                .throughput(ServingThroughput.perDevice("L4", 900), ServingThroughput.perDevice("L40S", 2500),
                        ServingThroughput.perDevice("H100", 4000), ServingThroughput.perInstance("ml.inf2.xlarge", 600))
                .rankBy(Ranking.COST_PER_MILLION_TOKENS).build();
        // a benchmark that selects nothing measures nothing: fail the trial instead
        if (refreshed.select(broad).isEmpty() || refreshed.select(narrow).isEmpty() || refreshed.select(perToken).isEmpty()) {
            throw new IllegalStateException("the refreshed-size catalog selects nothing for a benchmark requirement");
        }
    }

    @Benchmark
    public List<Offer> selectAllInferenceOffers() {
        return catalog.select(broad);
    }

    @Benchmark
    public List<Offer> selectA70bModelWithinBudget() {
        return catalog.select(narrow);
    }

    @Benchmark
    @Warmup(iterations = 5, time = 2)   // its selects run long enough that the JIT needs seconds, not one, on 2 cores
    public List<Offer> selectAllInferenceOffersRefreshedSize() {
        return refreshed.select(broad);
    }

    @Benchmark
    @Warmup(iterations = 5, time = 2)   // its selects run long enough that the JIT needs seconds, not one, on 2 cores
    public List<Offer> selectA70bModelWithinBudgetRefreshedSize() {
        return refreshed.select(narrow);
    }

    @Benchmark
    @Warmup(iterations = 5, time = 2)   // its selects run long enough that the JIT needs seconds, not one, on 2 cores
    public List<Offer> selectCheapestPerTokenCommittedRefreshedSize() {
        return refreshed.select(perToken);
    }
}

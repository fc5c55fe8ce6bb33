package dev.cloudai.benchmarks;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.Batches;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Whether a batch job's results are read back with flat memory: a job of 100,000 chat items on provider
 * {@code bench}, whose "cloud" writes the output as a file of one JSON line per item ({@link GeneratedBatchPlatform}),
 * read through {@code ai.batches().results(id)}, the whole SDK path (pipeline call, {@code BatchResults}). Three
 * passes over the same output:
 * <ol>
 *   <li>read once, untouched: the peak heap used while reading (the sum of the heap pools' peak usage, reset just
 *       before), garbage not yet collected included, so it depends on the heap's size;</li>
 *   <li>read again, forcing a full collection every 10,000 results: the heap still in use after each, whose largest
 *       value against the one before reading is what streaming retains, and must stay flat;</li>
 *   <li>for comparison, the same results collected into a list: what loading them whole retains.</li>
 * </ol>
 * Nothing is timed. Run it in a small heap to see that 100,000 results fit where loading them whole would not:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl sdk-benchmarks -am
 * java -Xmx32m -cp "$(cat sdk-benchmarks/target/classpath.txt)" dev.cloudai.benchmarks.BatchResultsMemory 100000 --no-list
 * </pre>
 *
 * ({@code classpath.txt} is what {@code mvn dependency:build-classpath -Dmdep.outputFile=target/classpath.txt} writes,
 * with {@code sdk-benchmarks/target/classes} in front.) {@code BatchResultsMemoryTest} runs it in every build.
 */
public final class BatchResultsMemory {
    private static final int MB = 1024 * 1024;

    private BatchResultsMemory() {
    }

    /**
     * What one run measured, in bytes.
     *
     * @param results        results read
     * @param failed         of which failed items
     * @param outputBytes    the size of the output file read
     * @param baseline       heap in use after a full collection before reading
     * @param maxRetained    the largest heap in use after the collections made while reading
     * @param peakUsed       the heap pools' peak usage over the untouched read
     * @param listRetained   what the results collected into a list retain, or -1 when not measured
     */
    public record Figures(long results, long failed, long outputBytes, long baseline, long maxRetained, long peakUsed,
                          long listRetained) {

        /** What streaming retained beyond the baseline at its worst. */
        public long streamingGrowth() {
            return Math.max(0, maxRetained - baseline);
        }

        /** The figures in a few lines, megabytes with one decimal. */
        public String report() {
            return String.format(Locale.ROOT, "%,d results (%,d failed) from a %.1f MB output file%n"
                            + "  heap in use before reading:                %6.1f MB%n"
                            + "  most heap in use while streaming (after GC): %6.1f MB (%+.1f MB)%n"
                            + "  peak heap used over an untouched read:     %6.1f MB (max heap %.0f MB)%n"
                            + "%s",
                    results, failed, outputBytes / (double) MB, baseline / (double) MB, maxRetained / (double) MB,
                    streamingGrowth() / (double) MB, peakUsed / (double) MB,
                    Runtime.getRuntime().maxMemory() / (double) MB,
                    listRetained < 0 ? "" : String.format(Locale.ROOT, "  the same results loaded into a list retain: %6.1f MB%n",
                            listRetained / (double) MB));
        }
    }

    /** {@code [items] [--no-list]}: measures and prints the figures. */
    public static void main(String[] args) {
        int items = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
        boolean list = !List.of(args).contains("--no-list");
        System.out.print(measure(items, list).report());
    }

    /** Submits a job of {@code items} chat items and measures reading its results; {@code loadWhole} adds pass 3. */
    public static Figures measure(int items, boolean loadWhole) {
        try (CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider(InMemoryProviderFactory.ID)
                .property(ConfigKeys.BATCH_POLL_INTERVAL, "1ms").build())) {
            Batches batches = ai.batches();
            // The items are made as they are staged, so the request itself is never in memory whole either.
            Iterable<BatchItem> lazy = () -> IntStream.range(0, items).mapToObj(i -> BatchItem.chat(String.format("t-%06d", i),
                    ChatRequest.ofUser("Classify support ticket " + i + ": my parcel has not arrived yet"))).iterator();
            BatchJob job = batches.submit(BatchRequest.builder(BatchKind.CHAT, "in-memory").items(lazy).build());
            job = batches.await(job.id(), Duration.ofMinutes(5));
            long outputBytes = size(job.id());

            long baseline = usedAfterGc();
            resetPeaks();
            long[] untouched = read(batches, job.id(), 0);
            long peak = peakUsed();

            long[] counted = read(batches, job.id(), 10_000);
            if (counted[0] != untouched[0]) throw new IllegalStateException("the two reads differ: " + counted[0] + " vs " + untouched[0]);

            long listRetained = -1;
            if (loadWhole) {
                long before = usedAfterGc();
                List<BatchResult> all;
                try (BatchResults results = batches.results(job.id())) {
                    all = results.stream().toList();
                }
                listRetained = usedAfterGc() - before;
                Reference.reachabilityFence(all);   // measured while the list is still in use
            }
            return new Figures(untouched[0], untouched[1], outputBytes, baseline, Math.max(baseline, counted[2]), peak,
                    listRetained);
        }
    }

    /**
     * Reads every result, holding none: {results, failed, most heap in use after the collections}; with
     * {@code gcEvery} above 0, a full collection every that many results.
     */
    private static long[] read(Batches batches, String jobId, int gcEvery) {
        long n = 0;
        long failed = 0;
        long maxUsed = 0;
        try (BatchResults results = batches.results(jobId)) {
            for (BatchResult r : results) {
                n++;
                if (!r.succeeded()) failed++;
                if (gcEvery > 0 && n % gcEvery == 0) maxUsed = Math.max(maxUsed, usedAfterGc());
            }
        }
        return new long[]{n, failed, maxUsed};
    }

    private static long size(String jobId) {
        try {
            return Files.size(GeneratedBatchPlatform.output(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The heap in use after full collections: the live objects, near enough. */
    private static long usedAfterGc() {
        for (int i = 0; i < 2; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static long peakUsed() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }
}

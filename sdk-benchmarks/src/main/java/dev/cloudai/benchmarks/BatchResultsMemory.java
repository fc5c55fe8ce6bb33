package dev.cloudai.benchmarks;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
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
import dev.cloudai.testkit.gcp.GcpCloud;

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
 * Whether a batch job's results are read back with flat memory: a job of 100,000 chat items, read through
 * {@code ai.batches().results(id)}, the whole SDK path (pipeline call, {@code BatchResults}), on one of two providers:
 * <ul>
 *   <li>{@code bench} (the default): a "cloud" in this JVM that writes the output as a file of one JSON line per
 *       item ({@link GeneratedBatchPlatform}), so what is measured is the SDK's reading alone;</li>
 *   <li>{@code gcp}: the Vertex AI adapter and its cloud SDKs against the GCP emulator, which runs the job as Vertex
 *       batch prediction and keeps the output in its emulated Cloud Storage; the job is submitted and awaited for
 *       real, and the results are downloaded with google-cloud-storage's read channel, cut into lines and mapped by
 *       the adapter. The emulator runs in a JVM of its own ({@link EmulatorProcess}), so the output it holds, and
 *       WireMock's journal of every request and response, are not in the heap measured here.</li>
 * </ul>
 * One item in ten (the custom ids ending in 7) fails. Three passes over the same output:
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
 * ./mvnw -q -o compile dependency:build-classpath -pl sdk-benchmarks -am -Dmdep.outputFile=target/classpath.txt
 * java -Xmx32m -cp "sdk-benchmarks/target/classes:$(cat sdk-benchmarks/target/classpath.txt)" \
 *   dev.cloudai.benchmarks.BatchResultsMemory 100000 --no-list [--provider gcp]
 * </pre>
 *
 * {@code BatchResultsMemoryTest} runs it in every build: 100,000 items on {@code bench}, 30,000 on {@code gcp}.
 */
public final class BatchResultsMemory {
    private static final int MB = 1024 * 1024;

    private BatchResultsMemory() {
    }

    /**
     * What one run measured, in bytes.
     *
     * @param provider       where the job ran: {@code bench} or {@code gcp}
     * @param results        results read
     * @param failed         of which failed items
     * @param outputBytes    the size of the output file read
     * @param baseline       heap in use after a full collection before reading
     * @param minRetained    the smallest heap in use after the collections made while reading
     * @param maxRetained    the largest
     * @param peakUsed       the heap pools' peak usage over the untouched read
     * @param listRetained   what the results collected into a list retain, or -1 when not measured
     */
    public record Figures(String provider, long results, long failed, long outputBytes, long baseline, long minRetained,
                          long maxRetained, long peakUsed, long listRetained) {

        /** What streaming retained beyond the baseline at its worst. */
        public long streamingGrowth() {
            return Math.max(0, maxRetained - baseline);
        }

        /**
         * How much the heap in use grew from the first collection made while reading to the last: what a reader
         * keeping its results would add for every 10,000 of them.
         */
        public long growthWhileReading() {
            return Math.max(0, maxRetained - minRetained);
        }

        /** The figures in a few lines, megabytes with one decimal. */
        public String report() {
            return String.format(Locale.ROOT, "%s: %,d results (%,d failed) from a %.1f MB output file%n"
                            + "  heap in use before reading:                %6.1f MB%n"
                            + "  heap in use while streaming (after GC):    %6.1f to %.1f MB (at most %+.1f MB)%n"
                            + "  peak heap used over an untouched read:     %6.1f MB (max heap %.0f MB)%n"
                            + "%s",
                    provider, results, failed, outputBytes / (double) MB, baseline / (double) MB, minRetained / (double) MB,
                    maxRetained / (double) MB,
                    streamingGrowth() / (double) MB, peakUsed / (double) MB,
                    Runtime.getRuntime().maxMemory() / (double) MB,
                    listRetained < 0 ? "" : String.format(Locale.ROOT, "  the same results loaded into a list retain: %6.1f MB%n",
                            listRetained / (double) MB));
        }
    }

    /**
     * {@code [items] [--no-list] [--provider bench|gcp]}: measures and prints the figures; provider {@code bench}
     * unless told.
     */
    public static void main(String[] args) {
        List<String> all = List.of(args);
        int items = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
        boolean list = !all.contains("--no-list");
        int p = all.indexOf("--provider");
        String provider = p >= 0 && p + 1 < args.length ? args[p + 1] : InMemoryProviderFactory.ID;
        System.out.print(measure(provider, items, list).report());
    }

    /** {@link #measure(String, int, boolean)} on provider {@code bench}. */
    public static Figures measure(int items, boolean loadWhole) {
        return measure(InMemoryProviderFactory.ID, items, loadWhole);
    }

    /**
     * Submits a job of {@code items} chat items and measures reading its results; {@code loadWhole} adds pass 3.
     *
     * @param provider {@code bench} (the generated output file, in this JVM) or {@code gcp} (the Vertex AI adapter
     *                 against the GCP emulator in a JVM of its own: {@link EmulatorProcess})
     */
    public static Figures measure(String provider, int items, boolean loadWhole) {
        try (Engine engine = Engine.of(provider);
             CloudAi ai = CloudAi.create(engine.config().property(ConfigKeys.BATCH_POLL_INTERVAL, "1ms").build())) {
            Batches batches = ai.batches();
            // The items are made as they are staged, so the request itself is never in memory whole either.
            Iterable<BatchItem> lazy = () -> IntStream.range(0, items).mapToObj(i -> BatchItem.chat(String.format("t-%06d", i),
                    ChatRequest.ofUser(engine.text(i)))).iterator();
            BatchJob job = batches.submit(BatchRequest.builder(BatchKind.CHAT, engine.model()).items(lazy).build());
            job = batches.await(job.id(), Duration.ofMinutes(5));
            long outputBytes = engine.outputBytes(job.id());

            long baseline = usedAfterGc();
            resetPeaks();
            long[] untouched = read(batches, job.id(), 0);
            long peak = peakUsed();

            long[] counted = read(batches, job.id(), 10_000);
            if (counted[0] != untouched[0]) throw new IllegalStateException("the two reads differ: " + counted[0] + " vs " + untouched[0]);

            long listRetained = -1;
            if (loadWhole) {
                long before = usedAfterGc();
                List<BatchResult> results;
                try (BatchResults read = batches.results(job.id())) {
                    results = read.stream().toList();
                }
                listRetained = usedAfterGc() - before;
                Reference.reachabilityFence(results);   // measured while the list is still in use
            }
            return new Figures(provider, untouched[0], untouched[1], outputBytes, baseline, counted[3],
                    Math.max(baseline, counted[2]), peak, listRetained);
        }
    }

    /**
     * Where the job runs: its configuration, model and item texts (one item in ten, the custom ids ending in 7,
     * made to fail), and the size of the output it writes.
     */
    private interface Engine extends AutoCloseable {
        CloudAiConfig.Builder config();

        String model();

        String text(int item);

        long outputBytes(String jobId);

        @Override
        void close();

        static Engine of(String provider) {
            return switch (provider) {
                case InMemoryProviderFactory.ID -> new InMemory();
                case "gcp" -> new Vertex(EmulatorProcess.startGcp());
                default -> throw new IllegalArgumentException("provider: '" + provider + "' is not bench or gcp");
            };
        }
    }

    /** Provider {@code bench}: its engine fails the custom ids ending in 7 by itself. */
    private static final class InMemory implements Engine {
        @Override
        public CloudAiConfig.Builder config() {
            return CloudAiConfig.builder().provider(InMemoryProviderFactory.ID);
        }

        @Override
        public String model() {
            return "in-memory";
        }

        @Override
        public String text(int item) {
            return "Classify support ticket " + item + ": my parcel has not arrived yet";
        }

        @Override
        public long outputBytes(String jobId) {
            try {
                return Files.size(GeneratedBatchPlatform.output(jobId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Provider {@code gcp}: Vertex AI batch prediction on the emulator, which answers every line with its canned
     * Gemini response and fails the lines whose text carries {@link GcpCloud#FAIL_BATCH_ITEM}. The output's size
     * is read from the emulated Cloud Storage with a client of this benchmark's own, after the job and before
     * the measured reads.
     */
    private static final class Vertex implements Engine {
        private final EmulatorProcess emulator;

        Vertex(EmulatorProcess emulator) {
            this.emulator = emulator;
        }

        @Override
        public CloudAiConfig.Builder config() {
            CloudAiConfig.Builder config = CloudAiConfig.builder();
            emulator.properties().forEach(config::property);
            return config;
        }

        @Override
        public String model() {
            return "gemini-2.0-flash-001";
        }

        @Override
        public String text(int item) {
            return "Classify support ticket " + item + ": my parcel has not arrived yet"
                    + (item % 10 == 7 ? " " + GcpCloud.FAIL_BATCH_ITEM : "");
        }

        @Override
        public long outputBytes(String jobId) {
            Storage storage = StorageOptions.http().setHost(emulator.properties().get("cloudai.gcp.storage-endpoint"))
                    .setProjectId(GcpCloud.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService();
            try (storage) {
                long bytes = 0;
                for (Blob b : storage.list(GcpCloud.BATCH_BUCKET).iterateAll()) {
                    if (b.getName().contains("/prediction-model-" + jobId + "/")) bytes += b.getSize();
                }
                if (bytes == 0) throw new IllegalStateException("no output of job " + jobId + " in gs://" + GcpCloud.BATCH_BUCKET);
                return bytes;
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /**
     * Reads every result, holding none: {results, failed, most and least heap in use after the collections}; with
     * {@code gcEvery} above 0, a full collection every that many results.
     */
    private static long[] read(Batches batches, String jobId, int gcEvery) {
        long n = 0;
        long failed = 0;
        long maxUsed = 0;
        long minUsed = Long.MAX_VALUE;
        try (BatchResults results = batches.results(jobId)) {
            for (BatchResult r : results) {
                n++;
                if (!r.succeeded()) failed++;
                if (gcEvery > 0 && n % gcEvery == 0) {
                    long used = usedAfterGc();
                    maxUsed = Math.max(maxUsed, used);
                    minUsed = Math.min(minUsed, used);
                }
            }
        }
        return new long[]{n, failed, maxUsed, minUsed == Long.MAX_VALUE ? maxUsed : minUsed};
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

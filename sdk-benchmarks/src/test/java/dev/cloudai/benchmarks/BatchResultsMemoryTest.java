package dev.cloudai.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The results of a big batch job are streamed: reading them all retains next to nothing beyond what was in use
 * before, while the same results collected into a list retain tens of megabytes, which shows the measure would catch
 * an SDK that loaded the output whole. Once on provider {@code bench} (the SDK's reading alone, 100,000 items) and
 * once through the Vertex AI adapter against the GCP emulator in a JVM of its own (30,000 items, to keep the build
 * short: the same code path, whose 100,000-item figures in the README come from {@code BatchResultsMemory}'s main).
 * No time is asserted; the figures are printed.
 */
class BatchResultsMemoryTest {
    private static final long MB = 1024 * 1024;

    @Test
    void readingTheResultsOfA100000ItemJobRetainsNoMoreThanAFewMegabytes() {
        BatchResultsMemory.Figures f = BatchResultsMemory.measure(100_000, true);
        System.out.print(f.report());

        assertEquals(100_000, f.results(), "every result read");
        assertEquals(10_000, f.failed(), "the custom ids ending in 7 failed, one in ten");
        assertTrue(f.outputBytes() > 16 * MB, () -> "the output is bigger than what streaming may retain: " + f.report());
        assertTrue(f.streamingGrowth() < 8 * MB, () -> "streaming retained too much:\n" + f.report());
        assertTrue(f.listRetained() > 4 * f.streamingGrowth() + 24 * MB,
                () -> "loading the results whole should retain far more than streaming them:\n" + f.report());
    }

    /**
     * Vertex AI batch prediction through the gcp adapter: the output downloaded from the emulated Cloud Storage with
     * google-cloud-storage, line by line. Streaming 30,000 results retained 4.4 MB (the storage client's download
     * buffers among it, allocated once) and did not grow between the collections at 10,000, 20,000 and 30,000
     * results, where a reader that kept them would add 5 MB or more for every 10,000; the list retained 14 to 26 MB.
     */
    @Test
    void readingTheResultsOfAVertexJobThroughTheGcpAdapterRetainsNoMoreThanAFewMegabytes() {
        BatchResultsMemory.Figures f = BatchResultsMemory.measure("gcp", 30_000, true);
        System.out.print(f.report());

        assertEquals(30_000, f.results(), "every result read");
        assertEquals(3_000, f.failed(), "the items marked to fail, one in ten");
        assertTrue(f.outputBytes() > 12 * MB, () -> "the output is bigger than what streaming may retain: " + f.report());
        assertTrue(f.streamingGrowth() < 8 * MB, () -> "streaming retained too much:\n" + f.report());
        assertTrue(f.growthWhileReading() < 2 * MB, () -> "the heap in use grew with the results read:\n" + f.report());
        assertTrue(f.listRetained() > 10 * MB && f.listRetained() > 2 * f.streamingGrowth(),
                () -> "loading the results whole should retain far more than streaming them:\n" + f.report());
    }
}

package dev.cloudai.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The results of a 100,000-item batch job are streamed: reading them all retains next to nothing beyond what was in
 * use before, while the same results collected into a list retain tens of megabytes, which shows the measure would
 * catch an SDK that loaded the output whole. No time is asserted; the figures are printed for the README.
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
}

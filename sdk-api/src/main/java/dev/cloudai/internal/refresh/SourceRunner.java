package dev.cloudai.internal.refresh;

import dev.cloudai.internal.util.Arguments;
import dev.cloudai.internal.util.Durations;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks every price source at once, one thread each (a fetch is minutes of blocking, paged requests), and keeps each
 * failure to its own cloud: one cloud throwing, or returning nothing usable, never loses another's prices.
 *
 * <pre>{@code
 * List<SourceRunner.Outcome> outcomes = SourceRunner.fetchAll(sources, queries, Clock.systemUTC());
 * }</pre>
 *
 * Not API.
 */
public final class SourceRunner {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private SourceRunner() {
    }

    /**
     * What one source did.
     *
     * @param cloud   the source's cloud
     * @param sheet   what it returned, when it returned
     * @param error   what it threw instead: the message, naming the exception type when the message is empty
     * @param elapsed how long it took, by the clock given
     */
    public record Outcome(String cloud, Optional<PriceSheet> sheet, Optional<String> error, Duration elapsed) {
        public Outcome {
            Arguments.requireText(cloud, "cloud");
            Objects.requireNonNull(sheet, "sheet");
            Objects.requireNonNull(error, "error");
            if (sheet.isPresent() == error.isPresent()) throw new IllegalArgumentException("sheet, error: exactly one is present");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * Runs {@code fetch} of every source with its cloud's query, all at once, and waits for all of them, but no
     * longer than {@code timeout} in all: a source still fetching then fails its cloud, and its thread is interrupted.
     *
     * @param sources the sources, one per cloud
     * @param queries the query of each source's cloud
     * @param clock   tells the elapsed times
     * @param timeout the longest the whole fetch may take
     * @return one outcome per source, in the order of {@code sources}
     * @throws IllegalStateException when the calling thread is interrupted while waiting (the fetches are
     *                               interrupted too, and the thread's interrupt flag stays set)
     */
    public static List<Outcome> fetchAll(List<PriceSource> sources, Map<String, PriceQuery> queries, Clock clock,
                                         Duration timeout) {
        Arguments.listOf(sources, "sources");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timeout, "timeout");
        if (sources.isEmpty()) return List.of();
        int run = RUNS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "cloudai-catalog-refresh-" + run + "-" + threads.incrementAndGet());
            t.setDaemon(true);   // a fetch stuck in a cloud SDK must not keep the JVM alive
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(sources.size(), daemons);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            Instant start = clock.instant();
            long deadline = System.nanoTime() + Durations.toNanosSaturated(timeout);
            for (PriceSource source : sources) {
                PriceQuery query = Objects.requireNonNull(queries.get(source.cloud()),
                        () -> "queries: no query for cloud " + source.cloud());
                futures.add(pool.submit(() -> fetch(source, query, clock)));
            }
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    out.add(new Outcome(sources.get(i).cloud(), Optional.empty(), Optional.of("no answer within "
                            + timeout + " (the refresh's timeout); its fetch was interrupted"),
                            Duration.between(start, clock.instant())));
                } catch (ExecutionException e) {
                    // fetch catches what a source throws; only an Error escapes it, and that is the JVM's, not the cloud's
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The catalog refresh was interrupted while the price sources were fetching", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome fetch(PriceSource source, PriceQuery query, Clock clock) {
        Instant start = clock.instant();
        try {
            PriceSheet sheet = Objects.requireNonNull(source.fetch(query),
                    () -> source.getClass().getName() + ".fetch returned null");
            return new Outcome(source.cloud(), Optional.of(sheet), Optional.empty(), Duration.between(start, clock.instant()));
        } catch (RuntimeException | LinkageError e) {
            // A LinkageError here is an adapter whose cloud SDK is missing from the class path: that cloud's failure.
            return new Outcome(source.cloud(), Optional.empty(), Optional.of(describe(e)), Duration.between(start, clock.instant()));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }
}

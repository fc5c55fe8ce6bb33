package dev.cloudai.internal.refresh;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceRunnerTest {
    static final PriceQuery QUERY = PriceQuery.of(List.of(), Set.of("us-east-1"), LocalDate.of(2026, 12, 2));

    /** A source that answers with {@code answer}, given the query. */
    static PriceSource source(String cloud, Function<PriceQuery, PriceSheet> answer) {
        return new PriceSource() {
            @Override
            public String cloud() {
                return cloud;
            }

            @Override
            public PriceSheet fetch(PriceQuery query) {
                return answer.apply(query);
            }

            @Override
            public void close() {
            }
        };
    }

    static Map<String, PriceQuery> queries(String... clouds) {
        Map<String, PriceQuery> m = new java.util.HashMap<>();
        for (String c : clouds) m.put(c, QUERY);
        return m;
    }

    @Test
    void aSourceThatThrowsFailsOnlyItsOwnCloud() {
        PriceSheet sheet = new PriceSheet(List.of(new PricePoint("vm", "us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND,
                55.04, "sku")), List.of(), 3);
        List<SourceRunner.Outcome> out = SourceRunner.fetchAll(List.of(
                source("aws", q -> sheet),
                source("gcp", q -> { throw new IllegalStateException("Cloud Billing Catalog: PERMISSION_DENIED"); }),
                source("azure", q -> { throw new NoClassDefFoundError("com/azure/core/http/HttpClient"); }),
                source("oci", q -> null)), queries("aws", "gcp", "azure", "oci"), Clock.systemUTC(), Duration.ofMinutes(1));
        assertEquals(List.of("aws", "gcp", "azure", "oci"), out.stream().map(SourceRunner.Outcome::cloud).toList(), "in the order given");
        assertSame(sheet, out.get(0).sheet().orElseThrow());
        assertEquals(Optional.of("Cloud Billing Catalog: PERMISSION_DENIED"), out.get(1).error());
        assertEquals(Optional.of("com/azure/core/http/HttpClient"), out.get(2).error(), "a missing cloud SDK is that cloud's failure");
        assertTrue(out.get(3).error().orElseThrow().endsWith(".fetch returned null"), out.get(3)::toString);
    }

    @Test
    void theSourcesFetchAtOnce() {
        // Each source waits until both have started: sequential fetching would never get past the first.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Function<PriceQuery, PriceSheet> meet = q -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the other source never started");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new PriceSheet(List.of(), List.of(), 1);
        };
        List<SourceRunner.Outcome> out = SourceRunner.fetchAll(List.of(source("aws", meet), source("gcp", meet)),
                queries("aws", "gcp"), Clock.systemUTC(), Duration.ofMinutes(1));
        assertTrue(out.stream().allMatch(o -> o.sheet().isPresent()), out::toString);
    }

    @Test
    void aSourceStillFetchingAtTheTimeoutFailsItsCloudAndIsInterrupted() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PriceSheet quick = new PriceSheet(List.of(), List.of(), 1);
        List<SourceRunner.Outcome> out = SourceRunner.fetchAll(List.of(source("aws", q -> quick), source("gcp", q -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return quick;
        })), queries("aws", "gcp"), Clock.systemUTC(), Duration.ofMillis(200));
        assertSame(quick, out.get(0).sheet().orElseThrow(), "the quick cloud answered");
        assertEquals(Optional.of("no answer within PT0.2S (the refresh's timeout); its fetch was interrupted"), out.get(1).error());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the stuck fetch's thread was interrupted");
    }

    @Test
    void eachSourceGetsItsCloudsQueryAndItsElapsedTimeByTheClock() {
        PriceQuery azureQuery = PriceQuery.of(List.of(), Set.of("eastus"), LocalDate.of(2026, 12, 2));
        Map<String, PriceQuery> queries = Map.of("azure", azureQuery);
        // A clock that moves 1.5 s each time it is read: start and end of the one fetch.
        Clock stepping = new Clock() {
            Instant now = Instant.parse("2026-12-02T09:00:00Z");

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                now = now.plusMillis(1500);
                return now;
            }
        };
        List<SourceRunner.Outcome> out = SourceRunner.fetchAll(List.of(source("azure", q -> {
            assertSame(azureQuery, q);
            return new PriceSheet(List.of(), List.of("spot: throttled 4 times, gave up"), 5);
        })), queries, stepping, Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(1500), out.get(0).elapsed());
        assertEquals(List.of("spot: throttled 4 times, gave up"), out.get(0).sheet().orElseThrow().problems());
    }
}

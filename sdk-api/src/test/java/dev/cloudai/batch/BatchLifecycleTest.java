package dev.cloudai.batch;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.fake.FakeBatchPlatform;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.fake.FakeProvider;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch job after submit, on the fake provider's in-memory engine (a job moves one state per status read): get,
 * list and cancel retried as calls are; await polling with progress, riding out a throttled poll, ending at its
 * deadline; results streamed by custom id with failed items typed, a failure while reading mapped, and the client
 * closed under an open stream. Every operation is one call a listener hears under its {@code batch.*} name.
 */
class BatchLifecycleTest {
    private FakeBatchPlatform platform;
    /** {@code operation:outcome} of every finished call, outcome being {@code ok} or the exception's simple name. */
    private final List<String> finished = Collections.synchronizedList(new ArrayList<>());
    private final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
    private final CallListener listener = new CallListener() {
        @Override
        public void onAttempt(Attempt e) {
            attempts.add(e.operation() + "#" + e.attempt());
        }

        @Override
        public void onCallFinished(CallFinished e) {
            finished.add(e.operation() + ":" + e.error().map(t -> t.getClass().getSimpleName()).orElse("ok"));
        }
    };

    @BeforeEach
    void reset() {
        FakeProvider.reset();
        platform = FakeProvider.batches;
    }

    private CloudAi ai() {
        return CloudAi.create(CloudAiConfig.builder().provider("fake")
                .retry(RetrySettings.builder().maxAttempts(3).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
                .property(ConfigKeys.BATCH_POLL_INTERVAL, "1ms").build(), listener);
    }

    private static BatchRequest threeChats() {
        return BatchRequest.builder(BatchKind.CHAT, "fake-model")
                .add(BatchItem.chat("t-1", ChatRequest.ofUser("one")))
                .add(BatchItem.chat("t-2", ChatRequest.ofUser("two")))
                .add(BatchItem.chat("t-3", ChatRequest.ofUser("three"))).build();
    }

    private static FakeCloudException status(int code, String name) {
        return new FakeCloudException(code, name, "req-" + code, null);
    }

    @Test
    void getReadsTheJobAndAnUnknownIdIsEmpty() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            BatchJob read = ai.batches().get(job.id()).orElseThrow();
            assertEquals(job.id(), read.id());
            assertEquals("fake", read.provider());
            assertEquals(new BatchCounts(3, 0, 0), read.counts());
            assertEquals(Optional.empty(), ai.batches().get("job-404"));
        }
        assertEquals(List.of("batch.submit:ok", "batch.get:ok", "batch.get:ok"), finished);
    }

    @Test
    void getAndCancelAreRetriedWhenTheCloudFailsRetryably() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.failGet.add(status(503, "ServiceUnavailable"));
            assertTrue(ai.batches().get(job.id()).isPresent());
            platform.failCancel.add(status(429, "ThrottlingException"));
            assertEquals(BatchStatus.CANCELLING, ai.batches().cancel(job.id()).status());
        }
        assertEquals(2, platform.getCalls.get());
        assertEquals(2, platform.cancelCalls.get());
        assertEquals(List.of("batch.get#1", "batch.get#2", "batch.cancel#1", "batch.cancel#2"), attempts);
    }

    @Test
    void aFailureThatIsNotRetryableIsMappedAndThrownOnce() {
        platform.failGet.add(status(400, "ValidationException"));
        try (CloudAi ai = ai()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ai.batches().get("job-1"));
            assertEquals("batch.get", e.operation());
            assertEquals(Optional.of("ValidationException"), e.providerCode());
        }
        assertEquals(1, platform.getCalls.get());
    }

    @Test
    void listShowsTheJobsNewestFirst() {
        try (CloudAi ai = ai()) {
            ai.batches().submit(threeChats());
            ai.batches().submit(threeChats());
            assertEquals(List.of("job-2", "job-1"), ai.batches().list().stream().map(BatchJob::id).toList());
        }
    }

    @Test
    void awaitReportsEachStatusReadUntilTheJobIsDone() {
        List<String> progress = new ArrayList<>();
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            BatchJob done = ai.batches().await(job.id(), Duration.ofSeconds(10),
                    j -> progress.add(j.status() + " " + j.counts().done() + "/" + j.counts().total()));
            assertEquals(BatchStatus.COMPLETED, done.status());
            assertTrue(done.endedAt().isPresent());
        }
        assertEquals(List.of("QUEUED 0/3", "RUNNING 1/3", "COMPLETED 3/3"), progress);
        assertEquals(List.of("batch.submit:ok", "batch.await:ok"), finished, "one await call, however many polls");
    }

    @Test
    void awaitRidesOutAThrottledPollAtTheNextInterval() {
        List<BatchStatus> progress = new ArrayList<>();
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.failGet.add(status(429, "ThrottlingException"));
            assertEquals(BatchStatus.COMPLETED, ai.batches().await(job.id(), Duration.ofSeconds(10), j -> progress.add(j.status())).status());
        }
        assertEquals(List.of(BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.COMPLETED), progress);
        assertEquals(4, platform.getCalls.get(), "the throttled poll, then three");
    }

    @Test
    void awaitEndsAtItsDeadlineSayingWhereTheJobStands() {
        platform.neverFinish = true;
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                    () -> ai.batches().await(job.id(), Duration.ofMillis(30)));
            assertEquals("batch.await", e.operation());
            assertTrue(e.getMessage().contains("job job-1 is QUEUED, 0 of 3 items done"), e.getMessage());
        }
        assertTrue(platform.getCalls.get() >= 2, () -> "polled until the deadline: " + platform.getCalls.get());
        assertEquals(List.of("batch.submit:ok", "batch.await:DeadlineExceededException"), finished);
    }

    @Test
    void awaitOfAJobThatDoesNotExistFailsAtOnce() {
        try (CloudAi ai = ai()) {
            NotFoundException e = assertThrows(NotFoundException.class, () -> ai.batches().await("job-404", Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("no batch job 'job-404' on provider 'fake'"), e.getMessage());
        }
        assertEquals(1, platform.getCalls.get());
    }

    @Test
    void anExceptionOfTheProgressConsumerEndsTheWaitAsItWasThrown() {
        IllegalStateException mine = new IllegalStateException("stop waiting");
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ai.batches().await(job.id(), Duration.ofSeconds(10), j -> { throw mine; }));
            assertSame(mine, e);
        }
        assertEquals(1, platform.getCalls.get());
        assertEquals(List.of("batch.submit:ok", "batch.await:CancellationException"), finished,
                "reported as a cancel by the caller's consumer");
    }

    @Test
    void cancelThenAwaitEndsCancelled() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            assertEquals(BatchStatus.CANCELLING, ai.batches().cancel(job.id()).status());
            assertEquals(BatchStatus.CANCELLED, ai.batches().await(job.id(), Duration.ofSeconds(10)).status());
        }
    }

    @Test
    void resultsOfAJobStillRunningAreRefusedNamingItsStatus() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ai.batches().results(job.id()));
            assertTrue(e.getMessage().startsWith("results: batch job job-1 is QUEUED, not finished"), e.getMessage());
            assertThrows(NotFoundException.class, () -> ai.batches().results("job-404"));
        }
        assertEquals(0, platform.resultsOpened.get());
    }

    @Test
    void resultsComeBackUnderTheirCustomIdsWithAFailedItemTypedAndClosingReleasesTheDownload() {
        platform.failIds.add("t-2");
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.force(job.id(), BatchStatus.COMPLETED);
            List<String> seen = new ArrayList<>();
            try (BatchResults results = ai.batches().results(job.id())) {
                for (BatchResult r : results) {
                    seen.add(r.customId() + " " + (r.succeeded() ? r.chat().orElseThrow().text()
                            : r.error().orElseThrow().getClass().getSimpleName() + " " + r.error().get().providerCode().orElse("")));
                }
                assertThrows(IllegalStateException.class, results::iterator, "results are read once");
            }
            assertEquals(List.of("t-1 echo: one", "t-2 InvalidRequestException ValidationError", "t-3 echo: three"), seen);
        }
        assertEquals(1, platform.resultsClosed.get());
        assertEquals(List.of("batch.submit:ok", "batch.get:ok", "batch.results:ok"), finished);
    }

    @Test
    void openingTheResultsIsRetriedButAFailureWhileReadingIsMappedAndNotRetried() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.force(job.id(), BatchStatus.COMPLETED);
            platform.failResultsOpen.add(status(503, "ServiceUnavailable"));
            platform.breakResultsAfter = 1;
            try (BatchResults results = ai.batches().results(job.id())) {
                Iterator<BatchResult> it = results.iterator();
                assertEquals("t-1", it.next().customId());
                UnavailableException e = assertThrows(UnavailableException.class, it::next);
                assertEquals("batch.results", e.operation());
                assertEquals(Optional.of("ConnectionDropped"), e.providerCode());
                assertSame(e, assertThrows(UnavailableException.class, it::hasNext), "the same failure on every later read");
            }
        }
        assertEquals(1, platform.resultsOpened.get(), "opened once after the failed attempt; reading is not repeated");
        assertEquals(1, platform.resultsClosed.get());
        assertEquals(List.of("batch.results#1", "batch.results#2"),
                attempts.stream().filter(a -> a.startsWith("batch.results")).toList());
        assertEquals("batch.results:UnavailableException", finished.get(finished.size() - 1));
        assertEquals(1, finished.stream().filter(f -> f.startsWith("batch.results")).count(), "one outcome");
    }

    @Test
    void aJdkExceptionOfTheAdapterWhileReadingBecomesAnUnclassifiedCloudAiException() {
        platform.breakResultsAfter = 1;
        platform.breakWith = new IllegalArgumentException("line 2 is not JSON");
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.force(job.id(), BatchStatus.COMPLETED);
            try (BatchResults results = ai.batches().results(job.id())) {
                CloudAiException e = assertThrows(CloudAiException.class, () -> results.stream().forEach(r -> { }));
                assertInstanceOf(dev.cloudai.errors.UnclassifiedException.class, e);
                assertFalse(e.isRetryable());
                assertTrue(e.getMessage().contains("reading failed: java.lang.IllegalArgumentException: line 2 is not JSON"),
                        e.getMessage());
            }
        }
        assertEquals("batch.results:UnclassifiedException", finished.get(finished.size() - 1));
    }

    @Test
    void closingTheStreamBeforeItsEndIsReportedAsACancelOnce() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            platform.force(job.id(), BatchStatus.COMPLETED);
            try (BatchResults results = ai.batches().results(job.id())) {
                assertEquals("t-1", results.stream().findFirst().orElseThrow().customId());
            }
        }
        assertEquals(1, platform.resultsClosed.get());
        assertEquals(List.of("batch.submit:ok", "batch.get:ok", "batch.results:CancellationException"), finished);
    }

    @Test
    void closingTheClientUnderAnOpenResultsStreamReleasesItAndTheNextReadSaysSo() {
        CloudAi ai = ai();
        BatchJob job = ai.batches().submit(threeChats());
        platform.force(job.id(), BatchStatus.COMPLETED);
        BatchResults results = ai.batches().results(job.id());
        Iterator<BatchResult> it = results.iterator();
        assertEquals("t-1", it.next().customId());

        ai.close();

        assertEquals(1, platform.resultsClosed.get(), "the download is released by close()");
        IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
        assertTrue(e.getMessage().contains("was closed while this batch.results call was open"), e.getMessage());
        assertThrows(IllegalStateException.class, it::next);
        results.close();   // harmless
        assertEquals(List.of("batch.submit:ok", "batch.get:ok", "batch.results:IllegalStateException"), finished,
                "exactly one outcome, reported by close()");
        assertEquals(1, platform.resultsRead.get(), "one item read before the close");
    }

    @Test
    void anErrorOfAResultIsATypedCloudAiExceptionNotAThrow() {
        platform.failIds.add("e-1");
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(BatchRequest.builder(BatchKind.EMBEDDINGS, "embedder")
                    .add(BatchItem.embedding("e-1", "a")).add(BatchItem.embedding("e-2", "four")).build());
            ai.batches().await(job.id(), Duration.ofSeconds(10));
            try (BatchResults results = ai.batches().results(job.id())) {
                List<BatchResult> all = results.stream().toList();
                CloudAiException error = all.get(0).error().orElseThrow();
                assertInstanceOf(InvalidRequestException.class, error);
                assertFalse(error.isRetryable());
                assertEquals(4f, all.get(1).embedding().orElseThrow().vector()[1]);
            }
        }
        assertEquals("batch.results:ok", finished.get(finished.size() - 1));
    }

    @Test
    void callsAfterCloseAreRefused() {
        CloudAi ai = ai();
        var batches = ai.batches();
        ai.close();
        assertThrows(IllegalStateException.class, ai::batches);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batches.get("job-1"));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> batches.submit(threeChats()));
        assertEquals(0, platform.submitCalls.get());
    }

    @Test
    void aThrottledSubmitIsNotRetriedEither() {
        platform.failSubmit.add(status(429, "ThrottlingException"));
        try (CloudAi ai = ai()) {
            assertThrows(ThrottledException.class, () -> ai.batches().submit(threeChats()));
        }
        assertEquals(1, platform.submitCalls.get());
    }

    @Test
    void deleteFilesRemovesAFinishedJobsFilesOnceIsRetriedAndLeavesItsResultsGone() {
        try (CloudAi ai = ai()) {
            BatchJob job = ai.batches().submit(threeChats());
            IllegalStateException running = assertThrows(IllegalStateException.class, () -> ai.batches().deleteFiles(job.id()));
            assertTrue(running.getMessage().contains("is QUEUED, not finished"), running.getMessage());
            assertEquals(0, platform.deleteCalls.get(), "nothing deleted under a running job");

            platform.force(job.id(), BatchStatus.COMPLETED);
            platform.failDelete.add(status(503, "ServiceUnavailable"));
            assertEquals(2, ai.batches().deleteFiles(job.id()));
            assertEquals(0, ai.batches().deleteFiles(job.id()), "a second delete finds nothing left");
            assertThrows(dev.cloudai.errors.NotFoundException.class, () -> ai.batches().results(job.id()));
            assertThrows(dev.cloudai.errors.NotFoundException.class, () -> ai.batches().deleteFiles("job-404"));
        }
        assertEquals(3, platform.deleteCalls.get(), "the 503 was retried once");
        assertTrue(attempts.containsAll(List.of("batch.delete-files#1", "batch.delete-files#2")), attempts::toString);
    }
}

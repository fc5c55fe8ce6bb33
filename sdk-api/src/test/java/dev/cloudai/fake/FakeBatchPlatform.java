package dev.cloudai.fake;

import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The fake cloud's batch engine, in memory. Its JSONL line is {@code {"custom_id":...,"prompt":...}} (the last user
 * message) or {@code {"custom_id":...,"text":...}}; submit keeps the file's lines, so a test reads what was staged.
 * A job moves one state per {@link #get}: QUEUED, RUNNING (half done), COMPLETED, unless {@link #neverFinish}.
 * Results answer {@code echo: <prompt>} or a two-component vector, and fail the custom ids in {@link #failIds} with an
 * {@link InvalidRequestException}, as an adapter maps a failed line. Scripted failures ({@code failSubmit},
 * {@code failGet}, ...) are thrown by the next calls, raw, as the fake cloud's SDK would.
 */
public final class FakeBatchPlatform implements BatchPlatform {
    public volatile BatchLimits limits = new BatchLimits(1, 1_000, 1_000_000, Optional.empty());
    /** Models that cannot batch, with the reason {@link #limits} gives. */
    public final Map<String, String> unsupported = new LinkedHashMap<>();
    public final Queue<RuntimeException> failSubmit = new ConcurrentLinkedQueue<>();
    public final Queue<RuntimeException> failGet = new ConcurrentLinkedQueue<>();
    public final Queue<RuntimeException> failCancel = new ConcurrentLinkedQueue<>();
    public final Queue<RuntimeException> failResultsOpen = new ConcurrentLinkedQueue<>();
    /** Custom ids whose result is an error. */
    public final Set<String> failIds = Collections.synchronizedSet(new HashSet<>());
    /** When at least 0, reading the result after this many throws, as a dropped download does. */
    public volatile int breakResultsAfter = -1;
    /** What reading throws at {@link #breakResultsAfter}; a dropped connection (503) by default. */
    public volatile RuntimeException breakWith;
    public volatile boolean neverFinish;
    /** The model chat answers say they came from. */
    public volatile String answeredBy = "fake-model";
    /** Every inputLine call's kind, model and custom id, in order. */
    public final List<String> inputLines = Collections.synchronizedList(new ArrayList<>());
    public final List<BatchSubmission> submissions = Collections.synchronizedList(new ArrayList<>());
    /** The lines each submitted file held, read while submit ran. */
    public final List<List<String>> submittedLines = Collections.synchronizedList(new ArrayList<>());
    /** Whether each submission's file existed when submit ran. */
    public final List<Boolean> fileExistedAtSubmit = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger submitCalls = new AtomicInteger();
    public final AtomicInteger getCalls = new AtomicInteger();
    public final AtomicInteger cancelCalls = new AtomicInteger();
    public final AtomicInteger resultsOpened = new AtomicInteger();
    public final AtomicInteger resultsClosed = new AtomicInteger();
    public final AtomicInteger resultsRead = new AtomicInteger();
    public final AtomicInteger deleteCalls = new AtomicInteger();
    public final Queue<RuntimeException> failDelete = new ConcurrentLinkedQueue<>();

    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

    private static final class Job {
        final BatchJob created;
        final List<String> lines;
        BatchStatus status = BatchStatus.QUEUED;
        /** The job's input and output "files": 2 until deleted. */
        int files = 2;

        Job(BatchJob created, List<String> lines) {
            this.created = created;
            this.lines = lines;
        }
    }

    @Override
    public BatchLimits limits(BatchKind kind, String model) {
        String reason = unsupported.get(model);
        if (reason == null) return limits;
        return new BatchLimits(1, 1, 1, Optional.of(reason));
    }

    @Override
    public String inputLine(BatchKind kind, String model, BatchItem item) {
        inputLines.add(kind + " " + model + " " + item.customId());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("custom_id", item.customId());
        if (item instanceof BatchItem.Chat c) {
            line.put("prompt", c.request().conversation().get(c.request().conversation().size() - 1).text());
        } else {
            line.put("text", ((BatchItem.Embedding) item).text());
        }
        return Json.write(line);
    }

    @Override
    public BatchJob submit(BatchSubmission submission) {
        submitCalls.incrementAndGet();
        submissions.add(submission);
        fileExistedAtSubmit.add(Files.exists(submission.file()));
        List<String> lines;
        try {
            lines = Files.readAllLines(submission.file(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        submittedLines.add(lines);
        RuntimeException f = failSubmit.poll();
        if (f != null) throw f;
        String id = "job-" + (jobs.size() + 1);
        BatchJob job = new BatchJob(id, "fake", submission.model(), submission.kind(), BatchStatus.QUEUED,
                new BatchCounts(submission.records(), 0, 0), Instant.parse("2026-12-02T10:00:00Z"), Optional.empty(),
                Optional.empty());
        jobs.put(id, new Job(job, lines));
        return job;
    }

    @Override
    public Optional<BatchJob> get(String jobId) {
        getCalls.incrementAndGet();
        RuntimeException f = failGet.poll();
        if (f != null) throw f;
        Job job = jobs.get(jobId);
        if (job == null) return Optional.empty();
        synchronized (job) {
            BatchJob seen = view(job);
            if (!neverFinish) {
                job.status = switch (job.status) {
                    case QUEUED -> BatchStatus.RUNNING;
                    case RUNNING -> BatchStatus.COMPLETED;
                    case CANCELLING -> BatchStatus.CANCELLED;
                    default -> job.status;
                };
            }
            return Optional.of(seen);
        }
    }

    /** Moves a job straight to {@code status}, for tests that start from a finished job. */
    public void force(String jobId, BatchStatus status) {
        jobs.get(jobId).status = status;
    }

    private BatchJob view(Job job) {
        BatchJob c = job.created;
        long total = c.counts().total();
        long failed = job.lines.stream().filter(l -> failIds.contains(customId(l))).count();
        BatchCounts counts = switch (job.status) {
            case QUEUED -> new BatchCounts(total, 0, 0);
            case RUNNING -> new BatchCounts(total, total / 2, 0);
            case COMPLETED -> new BatchCounts(total, total - failed, failed);
            default -> new BatchCounts(total, 0, 0);
        };
        return new BatchJob(c.id(), c.provider(), c.model(), c.kind(), job.status, counts, c.createdAt(),
                job.status.isTerminal() ? Optional.of(Instant.parse("2026-12-02T11:00:00Z")) : Optional.empty(),
                Optional.empty());
    }

    @Override
    public List<BatchJob> list() {
        List<BatchJob> all = new ArrayList<>();
        synchronized (jobs) {
            jobs.values().forEach(j -> all.add(view(j)));
        }
        Collections.reverse(all);
        return all;
    }

    @Override
    public BatchJob cancel(String jobId) {
        cancelCalls.incrementAndGet();
        RuntimeException f = failCancel.poll();
        if (f != null) throw f;
        Job job = jobs.get(jobId);
        if (job == null) throw new FakeCloudException(404, "NotFound", "req-cancel", null);
        synchronized (job) {
            if (!job.status.isTerminal()) job.status = BatchStatus.CANCELLING;
            return view(job);
        }
    }

    @Override
    public Stream<BatchResult> results(String jobId) {
        RuntimeException f = failResultsOpen.poll();
        if (f != null) throw f;
        Job job = jobs.get(jobId);
        if (job == null || job.files == 0) throw new FakeCloudException(404, "NotFound", "req-results", null);
        resultsOpened.incrementAndGet();
        List<String> lines = job.lines;
        return IntStream.range(0, lines.size()).mapToObj(i -> {
            if (breakResultsAfter >= 0 && i >= breakResultsAfter) {
                RuntimeException broken = breakWith;
                throw broken != null ? broken : new FakeCloudException(503, "ConnectionDropped", "req-read", null);
            }
            resultsRead.incrementAndGet();
            return result(job.created.kind(), lines.get(i));
        }).onClose(resultsClosed::incrementAndGet);
    }

    /** Deletes the job's two files once; its results are then gone (a 404), as on the clouds. */
    @Override
    public long deleteFiles(String jobId) {
        deleteCalls.incrementAndGet();
        RuntimeException f = failDelete.poll();
        if (f != null) throw f;
        Job job = jobs.get(jobId);
        if (job == null) throw new FakeCloudException(404, "NotFound", "req-delete", null);
        int deleted = job.files;
        job.files = 0;
        return deleted;
    }

    private BatchResult result(BatchKind kind, String line) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(line);
        String id = (String) m.get("custom_id");
        if (failIds.contains(id)) {
            return BatchResult.failed(id, new InvalidRequestException(ErrorInfo.builder("fake", "batch.results")
                    .providerCode("ValidationError").httpStatus(400).build(), "line " + id + " was refused", null));
        }
        if (kind == BatchKind.EMBEDDINGS) {
            return BatchResult.of(id, new Embedding(0, new float[]{1f, ((String) m.get("text")).length()}));
        }
        return BatchResult.of(id, ChatResponse.builder().text("echo: " + m.get("prompt")).usage(new TokenUsage(3, 2))
                .finishReason(FinishReason.STOP).provider("fake").model(answeredBy).build());
    }

    private static String customId(String line) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(line);
        return (String) m.get("custom_id");
    }
}

package dev.cloudai.benchmarks;

import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.json.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Provider {@code bench}'s batch engine: a "cloud" that runs a job the moment it is submitted, writing one result
 * line per input line to an output file on disk (an answer of {@value #ANSWER_CHARS} characters, or an error for
 * every custom id ending in {@code 7}), and reads it back line by line, parsing each as an adapter parses its
 * cloud's output. So results come from a generated file of any size, through the same stream an adapter hands the
 * core, with no network: what {@link BatchResultsMemory} measures is the SDK's reading, not a download.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("bench").build());
 * BatchJob job = ai.batches().submit(BatchRequest.builder(BatchKind.CHAT, "in-memory").items(items).build());
 * }</pre>
 */
final class GeneratedBatchPlatform implements BatchPlatform {
    /** The length of every answer. */
    static final int ANSWER_CHARS = 200;

    /** Every job of every {@code bench} provider in this JVM, as a cloud keeps them across clients. */
    private static final Map<String, Job> JOBS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private final String providerId;

    private record Job(BatchJob job, Path output) {
    }

    GeneratedBatchPlatform(String providerId) {
        this.providerId = providerId;
    }

    @Override
    public BatchLimits limits(BatchKind kind, String model) {
        return new BatchLimits(1, 10_000_000, Long.MAX_VALUE, Optional.empty());
    }

    @Override
    public String inputLine(BatchKind kind, String model, BatchItem item) {
        List<ChatMessage> messages = ((BatchItem.Chat) item).request().messages();
        return Json.write(Map.of("recordId", item.customId(), "prompt", messages.get(messages.size() - 1).text()));
    }

    /** Runs the job at once: reads the staged input line by line and writes the output next to it. */
    @Override
    public BatchJob submit(BatchSubmission submission) {
        String id = "bench-job-" + (IDS.incrementAndGet());
        long failed = 0;
        try {
            Path output = Files.createTempFile("cloudai-bench-output-", ".jsonl");
            output.toFile().deleteOnExit();
            String answer = "x".repeat(ANSWER_CHARS);
            try (BufferedReader in = Files.newBufferedReader(submission.file(), StandardCharsets.UTF_8);
                 BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    String recordId = (String) ((Map<?, ?>) Json.parse(line)).get("recordId");
                    if (recordId.endsWith("7")) {
                        failed++;
                        out.write(Json.write(Map.of("recordId", recordId, "error", "invalid input")));
                    } else {
                        out.write(Json.write(Map.of("recordId", recordId, "text", answer)));
                    }
                    out.newLine();
                }
            }
            BatchJob job = new BatchJob(id, providerId, submission.model(), submission.kind(), BatchStatus.COMPLETED,
                    new BatchCounts(submission.records(), submission.records() - failed, failed), Instant.now(),
                    Optional.of(Instant.now()), Optional.empty());
            JOBS.put(id, new Job(job, output));
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<BatchJob> get(String jobId) {
        return Optional.ofNullable(JOBS.get(jobId)).map(Job::job);
    }

    @Override
    public List<BatchJob> list() {
        return JOBS.values().stream().map(Job::job).toList();
    }

    @Override
    public BatchJob cancel(String jobId) {
        return get(jobId).orElseThrow();
    }

    /** The output file, read lazily one line at a time; closing the stream closes the file. */
    @Override
    public Stream<BatchResult> results(String jobId) {
        Job job = JOBS.get(jobId);
        try {
            return Files.lines(job.output(), StandardCharsets.UTF_8).map(this::result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output file of a job, to report its size. */
    static Path output(String jobId) {
        return JOBS.get(jobId).output();
    }

    private BatchResult result(String line) {
        Map<?, ?> m = (Map<?, ?>) Json.parse(line);
        String recordId = (String) m.get("recordId");
        if (m.containsKey("error")) {
            return BatchResult.failed(recordId, new InvalidRequestException(ErrorInfo.builder(providerId, "batch.results")
                    .providerCode("400").build(), (String) m.get("error"), null));
        }
        return BatchResult.of(recordId, ChatResponse.builder().text((String) m.get("text")).usage(new TokenUsage(30, 50))
                .finishReason(FinishReason.STOP).provider(providerId).model("in-memory").build());
    }
}
